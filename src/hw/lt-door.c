/* lt-door.c: the door controller: lock, contact, exit button, tamper, alarms
 *
 * Safety rules, in order of importance:
 * - the lock line is already locked when the door is created (the engine
 *   requests it with the locked level as its initial value), and the door
 *   drives it locked again before anything else;
 * - every unlock arms a relock timer owned by this object, on the main
 *   context of the thread that made it, whatever any screen does;
 * - shutdown relocks before the line is let go;
 * - if relocking fails, it is retried until it works.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-door"

#include "lt-door.h"
#include "lt-time.h"

#include <glib/gi18n.h>

#define RELOCK_RETRY_MS          200
#define SHUTDOWN_RELOCK_ATTEMPTS 25 /* 5 s */

struct _LtDoor {
  GObject parent_instance;

  LtLine  *lock;
  LtInput *contact;
  LtInput *exit_button;
  LtInput *tamper;
  LtLine  *buzzer;
  LtLine  *status_led;

  guint    unlock_seconds;
  guint    held_open_seconds;
  gboolean relock_on_close;
  gboolean locked_level; /* the lock line's level when locked */

  gboolean unlocked;
  gboolean open;
  gboolean authorised_open; /* opened while unlocked */
  guint    alarms;          /* bit per LtAlarm: conditions present now */
  guint    pending;         /* forced/tamper raised and not yet acknowledged */
  gboolean shut_down;

  GSource *relock_timer;
  GSource *held_timer;
};

enum {
  PROP_0,
  PROP_UNLOCKED,
  PROP_OPEN,
  PROP_ALARM,
  N_PROPS
};

enum {
  EXIT_PRESSED,
  ALARM_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LtDoor, lt_door, G_TYPE_OBJECT)

static const char *const alarm_names[LT_N_ALARMS] = { "none", "held", "forced", "tamper" };

const char *
lt_alarm_to_string (LtAlarm alarm)
{
  g_return_val_if_fail (alarm < LT_N_ALARMS, "unknown");
  return alarm_names[alarm];
}

/* Forced-open and tamper need a person: they stay until a guard has
 * acknowledged them, even once their condition has gone. Held-open ends
 * when the door closes. */
#define LATCHING ((1u << LT_ALARM_FORCED) | (1u << LT_ALARM_TAMPER))

LtAlarm
lt_door_get_alarm (LtDoor *self)
{
  guint shown;

  g_return_val_if_fail (LT_IS_DOOR (self), LT_ALARM_NONE);

  shown = self->alarms | self->pending;
  for (int a = LT_N_ALARMS - 1; a > LT_ALARM_NONE; a--)
    if (shown & (1u << a))
      return (LtAlarm)a;
  return LT_ALARM_NONE;
}

/* The highest alarm whose condition is present now, acknowledged or not
 * (what the simulator socket reports). */
LtAlarm
lt_door_get_alarm_condition (LtDoor *self)
{
  g_return_val_if_fail (LT_IS_DOOR (self), LT_ALARM_NONE);

  for (int a = LT_N_ALARMS - 1; a > LT_ALARM_NONE; a--)
    if (self->alarms & (1u << a))
      return (LtAlarm)a;
  return LT_ALARM_NONE;
}

/* The shown alarm still waits for a guard's acknowledgement. */
gboolean
lt_door_get_alarm_pending (LtDoor *self)
{
  g_return_val_if_fail (LT_IS_DOOR (self), FALSE);

  return (self->pending & (1u << lt_door_get_alarm (self))) != 0;
}

static void
set_output (LtLine  *line,
            gboolean active)
{
  g_autoptr (GError) error = NULL;

  if (line != NULL && !lt_line_set_value (line, active, &error))
    g_warning ("%s", error->message);
}

static void
set_alarm (LtDoor  *self,
           LtAlarm  alarm,
           gboolean raised)
{
  LtAlarm  before = lt_door_get_alarm (self);
  gboolean was_active = lt_door_alarm_active (self, before);
  gboolean was_pending = lt_door_get_alarm_pending (self);
  guint    bit = 1u << alarm;

  if (!!(self->alarms & bit) == !!raised)
    return;
  self->alarms = raised ? (self->alarms | bit) : (self->alarms & ~bit);
  if (raised)
    self->pending |= bit & LATCHING;
  set_output (self->buzzer, (self->alarms | self->pending) != 0);
  g_signal_emit (self, signals[ALARM_CHANGED], 0, alarm, raised);
  /* The shown alarm, or its live state (still active, acknowledged). */
  if (lt_door_get_alarm (self) != before || lt_door_alarm_active (self, before) != was_active || lt_door_get_alarm_pending (self) != was_pending)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALARM]);
}

/* A guard acknowledged the alarms: those whose condition has gone end
 * now, those still present end when it goes. Returns the alarm that was
 * shown. */
LtAlarm
lt_door_acknowledge_alarms (LtDoor *self)
{
  LtAlarm shown;

  g_return_val_if_fail (LT_IS_DOOR (self), LT_ALARM_NONE);

  shown = lt_door_get_alarm (self);
  if (self->pending == 0)
    return shown;
  self->pending = 0;
  set_output (self->buzzer, self->alarms != 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALARM]);
  return shown;
}

static gboolean drive_locked (LtDoor *self, GError **error);

static gboolean
on_relock_retry (gpointer user_data)
{
  LtDoor *self = LT_DOOR (user_data);
  g_autoptr (GError) error = NULL;

  if (drive_locked (self, &error)) {
    g_clear_pointer (&self->relock_timer, g_source_unref);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

/* Drives the lock line locked. On failure the door is still "unlocked" and
 * the attempt is repeated until the line obeys. */
static gboolean
drive_locked (LtDoor  *self,
              GError **error)
{
  g_autoptr (GError) local_error = NULL;

  lt_clear_source (&self->relock_timer);
  if (!lt_line_set_value (self->lock, self->locked_level, &local_error)) {
    if (!self->shut_down) {
      g_warning ("Relocking failed, retrying: %s", local_error->message);
      self->relock_timer = lt_timeout_source_add (RELOCK_RETRY_MS, on_relock_retry, self);
    }
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }
  set_output (self->status_led, FALSE);
  if (self->unlocked) {
    self->unlocked = FALSE;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNLOCKED]);
  }
  return TRUE;
}

static gboolean
on_relock (gpointer user_data)
{
  LtDoor *self = LT_DOOR (user_data);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&self->relock_timer, g_source_unref);
  drive_locked (self, &error);
  return G_SOURCE_REMOVE;
}

gboolean
lt_door_lock (LtDoor  *self,
              GError **error)
{
  g_return_val_if_fail (LT_IS_DOOR (self), FALSE);
  return drive_locked (self, error);
}

gboolean
lt_door_unlock (LtDoor  *self,
                guint    seconds,
                GError **error)
{
  g_return_val_if_fail (LT_IS_DOOR (self), FALSE);

  if (self->shut_down) {
    g_set_error (error, LT_LINE_ERROR, LT_LINE_ERROR_IO, _ ("The door controller is shut down; the door stays locked"));
    return FALSE;
  }
  if (seconds == 0)
    seconds = self->unlock_seconds;
  seconds = CLAMP (seconds, 1, 30);

  /* The relock timer is armed before the line moves: whatever happens
   * next, the door locks again. Another grant while open extends it. */
  lt_clear_source (&self->relock_timer);
  self->relock_timer = lt_timeout_source_add (seconds * 1000, on_relock, self);
  /* Ahead of anything else queued on the engine's loop. */
  g_source_set_priority (self->relock_timer, G_PRIORITY_HIGH);
  if (!lt_line_set_value (self->lock, !self->locked_level, error)) {
    lt_clear_source (&self->relock_timer);
    /* Still unlocked from before, with its relock failing: keep retrying. */
    if (self->unlocked)
      self->relock_timer = lt_timeout_source_add (RELOCK_RETRY_MS, on_relock_retry, self);
    return FALSE;
  }
  set_output (self->status_led, TRUE);
  if (!self->unlocked) {
    self->unlocked = TRUE;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNLOCKED]);
  }
  return TRUE;
}

static gboolean
on_held_open (gpointer user_data)
{
  LtDoor *self = LT_DOOR (user_data);

  g_clear_pointer (&self->held_timer, g_source_unref);
  set_alarm (self, LT_ALARM_HELD, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_contact_changed (LtInput    *contact,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  LtDoor  *self = LT_DOOR (user_data);
  gboolean open = lt_input_get_active (contact);

  if (open == self->open)
    return;
  self->open = open;

  if (open) {
    self->authorised_open = self->unlocked;
    if (!self->authorised_open)
      set_alarm (self, LT_ALARM_FORCED, TRUE);
    lt_clear_source (&self->held_timer);
    self->held_timer = lt_timeout_source_add (self->held_open_seconds * 1000, on_held_open, self);
  } else {
    lt_clear_source (&self->held_timer);
    set_alarm (self, LT_ALARM_HELD, FALSE);
    set_alarm (self, LT_ALARM_FORCED, FALSE);
    /* Someone went through and the door shut behind them: lock now
     * rather than leave it open for the rest of the time. */
    if (self->relock_on_close && self->authorised_open && self->unlocked) {
      g_autoptr (GError) error = NULL;
      drive_locked (self, &error);
    }
    self->authorised_open = FALSE;
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
}

static void
on_exit_changed (LtInput    *button,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  LtDoor *self = LT_DOOR (user_data);
  g_autoptr (GError) error = NULL;
  gboolean unlocked;

  if (!lt_input_get_active (button))
    return;
  unlocked = lt_door_unlock (self, 0, &error);
  if (!unlocked)
    g_warning ("Exit button: %s", error->message);
  g_signal_emit (self, signals[EXIT_PRESSED], 0, unlocked);
}

static void
on_tamper_changed (LtInput    *tamper,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  set_alarm (LT_DOOR (user_data), LT_ALARM_TAMPER, lt_input_get_active (tamper));
}

static void
attach_input (LtDoor   *self,
              LtInput **slot,
              LtInput  *input,
              GCallback callback)
{
  g_return_if_fail (*slot == NULL);
  *slot = g_object_ref (input);
  g_signal_connect_object (input, "notify::active", callback, self, 0);
  /* Start from the real state: a door open at boot, a tamper already set. */
  ((void (*) (LtInput *, GParamSpec *, gpointer))callback) (input, NULL, self);
}

void
lt_door_set_contact (LtDoor  *self,
                     LtInput *contact)
{
  g_return_if_fail (LT_IS_DOOR (self));
  g_return_if_fail (LT_IS_INPUT (contact));

  /* An open door at start-up is not forced: nobody was let in or out. */
  self->open = lt_input_get_active (contact);
  if (self->open)
    self->held_timer = lt_timeout_source_add (self->held_open_seconds * 1000, on_held_open, self);
  attach_input (self, &self->contact, contact, G_CALLBACK (on_contact_changed));
}

void
lt_door_set_exit_button (LtDoor  *self,
                         LtInput *button)
{
  g_return_if_fail (self->exit_button == NULL);
  self->exit_button = g_object_ref (button);
  /* A button held at boot does not open the door: only a press does. */
  g_signal_connect_object (button, "notify::active", G_CALLBACK (on_exit_changed), self, 0);
}

void
lt_door_set_tamper (LtDoor  *self,
                    LtInput *tamper)
{
  g_return_if_fail (LT_IS_DOOR (self));
  g_return_if_fail (LT_IS_INPUT (tamper));

  attach_input (self, &self->tamper, tamper, G_CALLBACK (on_tamper_changed));
}

void
lt_door_set_buzzer (LtDoor *self,
                    LtLine *buzzer)
{
  g_return_if_fail (LT_IS_DOOR (self));
  g_return_if_fail (LT_IS_LINE (buzzer));

  g_set_object (&self->buzzer, buzzer);
  set_output (self->buzzer, (self->alarms | self->pending) != 0);
}

void
lt_door_set_status_led (LtDoor *self,
                        LtLine *led)
{
  g_return_if_fail (LT_IS_DOOR (self));
  g_return_if_fail (LT_IS_LINE (led));

  g_set_object (&self->status_led, led);
  set_output (self->status_led, self->unlocked);
}

/* Relock, stop every timer and let go of the lines. Safe to call twice. */
void
lt_door_shutdown (LtDoor *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (LT_IS_DOOR (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;
  lt_clear_source (&self->held_timer);
  /* No timer will run after this: retry here, for a few seconds, before
   * the line is let go at whatever level it has. */
  for (guint attempt = 0; self->lock != NULL && attempt < SHUTDOWN_RELOCK_ATTEMPTS; attempt++) {
    g_clear_error (&error);
    if (drive_locked (self, &error))
      break;
    g_usleep (RELOCK_RETRY_MS * 1000);
  }
  if (error != NULL && lt_door_get_unlocked (self))
    g_warning ("Could not relock at shutdown: %s", error->message);
  lt_clear_source (&self->relock_timer);
  set_output (self->buzzer, FALSE);
  set_output (self->status_led, FALSE);
  if (self->contact)
    g_signal_handlers_disconnect_by_data (self->contact, self);
  if (self->exit_button)
    g_signal_handlers_disconnect_by_data (self->exit_button, self);
  if (self->tamper)
    g_signal_handlers_disconnect_by_data (self->tamper, self);
}

static void
lt_door_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LtDoor *self = LT_DOOR (object);

  switch (prop_id) {
  case PROP_UNLOCKED:
    g_value_set_boolean (value, self->unlocked);
    break;
  case PROP_OPEN:
    g_value_set_boolean (value, self->open);
    break;
  case PROP_ALARM:
    g_value_set_uint (value, lt_door_get_alarm (self));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_door_dispose (GObject *object)
{
  LtDoor *self = LT_DOOR (object);

  lt_door_shutdown (self);
  g_clear_object (&self->contact);
  g_clear_object (&self->exit_button);
  g_clear_object (&self->tamper);
  g_clear_object (&self->buzzer);
  g_clear_object (&self->status_led);
  g_clear_object (&self->lock);
  G_OBJECT_CLASS (lt_door_parent_class)->dispose (object);
}

static void
lt_door_class_init (LtDoorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lt_door_get_property;
  object_class->dispose = lt_door_dispose;

  properties[PROP_UNLOCKED] = g_param_spec_boolean ("unlocked", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN] = g_param_spec_boolean ("open", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALARM] = g_param_spec_uint ("alarm", NULL, NULL, LT_ALARM_NONE, LT_N_ALARMS - 1, LT_ALARM_NONE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LtDoor::exit-pressed:
   * @unlocked: whether the lock really opened for it
   */
  signals[EXIT_PRESSED] = g_signal_new ("exit-pressed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * LtDoor::alarm-changed:
   * @alarm: the LtAlarm that changed
   * @raised: TRUE when raised, FALSE when cleared
   */
  signals[ALARM_CHANGED] = g_signal_new ("alarm-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
lt_door_init (LtDoor *self)
{
}

LtDoor *
lt_door_new (LtLine             *lock,
             const LtDoorConfig *config,
             GError            **error)
{
  g_autoptr (LtDoor) self = NULL;

  g_return_val_if_fail (LT_IS_LINE (lock), NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LT_TYPE_DOOR, NULL);

  self->lock = g_object_ref (lock);
  self->unlock_seconds = config->unlock_seconds;
  self->held_open_seconds = config->held_open_seconds;
  self->relock_on_close = config->relock_on_close;
  self->locked_level = config->lock_type == LT_LOCK_FAIL_SAFE;
  if (!lt_line_set_value (self->lock, self->locked_level, error)) {
    /* Nothing to relock or retry: the caller has the error. */
    self->shut_down = TRUE;
    g_clear_object (&self->lock);
    return NULL;
  }
  return g_steal_pointer (&self);
}

gboolean
lt_door_get_unlocked (LtDoor *self)
{
  g_return_val_if_fail (LT_IS_DOOR (self), FALSE);

  return self->unlocked;
}

gboolean
lt_door_get_open (LtDoor *self)
{
  g_return_val_if_fail (LT_IS_DOOR (self), FALSE);

  return self->open;
}

gboolean
lt_door_has_contact (LtDoor *self)
{
  g_return_val_if_fail (LT_IS_DOOR (self), FALSE);

  return self->contact != NULL;
}

gboolean
lt_door_alarm_active (LtDoor *self,
                      LtAlarm alarm)
{
  g_return_val_if_fail (LT_IS_DOOR (self), FALSE);

  return (self->alarms & (1u << alarm)) != 0;
}

/* When the relock timer fires, in g_get_monotonic_time () µs; 0 if none. */
gint64
lt_door_get_relock_time (LtDoor *self)
{
  g_return_val_if_fail (LT_IS_DOOR (self), 0);

  return self->relock_timer != NULL ? g_source_get_ready_time (self->relock_timer) : 0;
}

guint
lt_door_get_unlock_seconds (LtDoor *self)
{
  g_return_val_if_fail (LT_IS_DOOR (self), 0);

  return self->unlock_seconds;
}
