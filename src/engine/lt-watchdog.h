/* lt-watchdog.h: systemd's service watchdog, fed while the door is safe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-door.h"

G_BEGIN_DECLS

#define LT_TYPE_WATCHDOG (lt_watchdog_get_type ())
G_DECLARE_FINAL_TYPE (LtWatchdog, lt_watchdog, LT, WATCHDOG, GObject)

LtWatchdog *lt_watchdog_new              (LtDoor     *door);
gboolean    lt_watchdog_get_enabled      (LtWatchdog *self);
guint       lt_watchdog_get_interval_ms  (LtWatchdog *self);
void        lt_watchdog_set_max_unlocked_ms (LtWatchdog *self,
                                         guint       max_unlocked_ms);
gboolean    lt_watchdog_check            (LtWatchdog *self);
void        lt_watchdog_notify_ready     (LtWatchdog *self,
                                          const char *status);
void        lt_watchdog_notify_stopping  (LtWatchdog *self);

G_END_DECLS
