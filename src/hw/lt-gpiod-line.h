/* lt-gpiod-line.h: a GPIO line through libgpiod (v1 API)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-config.h"
#include "lt-line.h"

G_BEGIN_DECLS

#define LT_TYPE_GPIOD_LINE (lt_gpiod_line_get_type ())
G_DECLARE_FINAL_TYPE (LtGpiodLine, lt_gpiod_line, LT, GPIOD_LINE, GObject)

LtLine *lt_gpiod_line_request (const LtLineSpec *spec,
                               const char       *name,
                               LtLineDirection   direction,
                               gboolean          initial,
                               GError          **error);

G_END_DECLS
