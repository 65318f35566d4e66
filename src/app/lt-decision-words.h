/* lt-decision-words.h: what the kiosk says about a decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-host-types.h"

G_BEGIN_DECLS

char       *lt_denial_words    (LtMethod              method,
                                const LtHostDecision *decision);
char       *lt_countdown_words (guint                 seconds);
const char *lt_weekday_name    (int                   day);
const char *lt_alarm_state_words (LtAlarm             alarm);
const char *lt_alarm_lobby_words (LtAlarm             alarm);
const char *lt_alarm_short_words (LtAlarm             alarm);
const char *lt_staff_denial_words (void);
const char *lt_line_state_words  (LtLineRole          role,
                                  gboolean            active,
                                  gboolean            locked);
char       *lt_door_state_words  (gboolean            unlocked,
                                  gboolean            contact_wired,
                                  gboolean            open);
const char *lt_alarm_live_words  (gboolean            active,
                                  gboolean            pending);

G_END_DECLS
