/* lt-sim-line.h: a GPIO line that exists only in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-line.h"

G_BEGIN_DECLS

#define LT_TYPE_SIM_LINE (lt_sim_line_get_type ())
G_DECLARE_FINAL_TYPE (LtSimLine, lt_sim_line, LT, SIM_LINE, GObject)

LtSimLine *lt_sim_line_new   (const char      *name,
                              LtLineDirection  direction,
                              gboolean         initial);
void       lt_sim_line_drive (LtSimLine       *self,
                              gboolean         active,
                              guint64          timestamp_ns);
void       lt_sim_line_set_fail (LtSimLine    *self,
                                 gboolean      fail);
guint      lt_sim_line_get_writes (LtSimLine  *self);

G_END_DECLS
