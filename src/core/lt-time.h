/* lt-time.h: wall-clock microseconds to and from local GDateTime
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime *lt_time_local  (gint64     time_us);
gint64     lt_time_to_us  (GDateTime *time);

G_END_DECLS

G_BEGIN_DECLS

GSource *lt_timeout_source_add (guint        interval_ms,
                                GSourceFunc  func,
                                gpointer     data);
void     lt_clear_source       (GSource    **source);

G_END_DECLS
