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
