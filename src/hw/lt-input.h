/* lt-input.h: a debounced input line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-line.h"

G_BEGIN_DECLS

#define LT_TYPE_INPUT (lt_input_get_type ())
G_DECLARE_FINAL_TYPE (LtInput, lt_input, LT, INPUT, GObject)

LtInput    *lt_input_new        (LtLine  *line,
                                 guint    debounce_ms);
gboolean    lt_input_get_active (LtInput *self);
LtLine     *lt_input_get_line   (LtInput *self);

G_END_DECLS
