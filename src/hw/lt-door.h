/* lt-door.h: the door controller: lock, contact, exit button, tamper, alarms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-config.h"
#include "lt-input.h"
#include "lt-line.h"

G_BEGIN_DECLS

/* In rising priority: the "alarm" property shows the highest active one. */
typedef enum {
  LT_ALARM_NONE,
  LT_ALARM_HELD,
  LT_ALARM_FORCED,
  LT_ALARM_TAMPER,
  LT_N_ALARMS,
} LtAlarm;

#define LT_TYPE_DOOR (lt_door_get_type ())
G_DECLARE_FINAL_TYPE (LtDoor, lt_door, LT, DOOR, GObject)

LtDoor     *lt_door_new             (LtLine             *lock,
                                     const LtDoorConfig *config,
                                     GError            **error);
void        lt_door_set_contact     (LtDoor             *self,
                                     LtInput            *contact);
void        lt_door_set_exit_button (LtDoor             *self,
                                     LtInput            *button);
void        lt_door_set_tamper      (LtDoor             *self,
                                     LtInput            *tamper);
void        lt_door_set_buzzer      (LtDoor             *self,
                                     LtLine             *buzzer);
void        lt_door_set_status_led  (LtDoor             *self,
                                     LtLine             *led);

gboolean    lt_door_unlock          (LtDoor             *self,
                                     guint               seconds,
                                     GError            **error);
gboolean    lt_door_lock            (LtDoor             *self,
                                     GError            **error);
void        lt_door_shutdown        (LtDoor             *self);

gboolean    lt_door_get_unlocked    (LtDoor             *self);
gboolean    lt_door_get_open        (LtDoor             *self);
gboolean    lt_door_has_contact     (LtDoor             *self);
LtAlarm     lt_door_get_alarm       (LtDoor             *self);
gboolean    lt_door_get_alarm_pending (LtDoor           *self);
LtAlarm     lt_door_get_alarm_condition (LtDoor         *self);
LtAlarm     lt_door_acknowledge_alarms (LtDoor          *self);
gboolean    lt_door_alarm_active    (LtDoor             *self,
                                     LtAlarm             alarm);
guint       lt_door_get_unlock_seconds (LtDoor          *self);
gint64      lt_door_get_relock_time (LtDoor             *self);
const char *lt_alarm_to_string      (LtAlarm             alarm);

G_END_DECLS
