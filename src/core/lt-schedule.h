/* lt-schedule.h: weekly access windows, written the way a manager says them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_SCHEDULE_ERROR (lt_schedule_error_quark ())
GQuark lt_schedule_error_quark (void);

typedef enum {
  LT_SCHEDULE_ERROR_INVALID,
} LtScheduleError;

/* Days 0-6 are Monday to Sunday; day 7 holds the windows for holidays. */
#define LT_SCHEDULE_HOLIDAY 7

typedef struct {
  guint day;
  guint start_minute;   /* inclusive */
  guint end_minute;     /* exclusive, at most 24 * 60 */
} LtWindow;

GArray *lt_schedule_parse  (const char *text,
                            GError    **error);
char   *lt_schedule_format (GArray     *windows);

G_END_DECLS
