/* lt-watchdog.c: systemd's service watchdog, fed while the door is safe
 *
 * Under systemd with WatchdogSec=, the engine's main loop sends WATCHDOG=1
 * every third of the period, but only while the relock machinery is
 * healthy: the door is locked, or it is unlocked with a relock timer armed
 * and has not stayed unlocked longer than any grant can keep it. A hung
 * loop sends nothing because nothing runs; a relock that keeps failing
 * stops the pings on purpose. Either way systemd kills the engine and
 * starts a new one, which requests the lock line at its locked level.
 * Without a watchdog (no WATCHDOG_USEC, or a program not run by systemd)
 * this object sends nothing but the READY/STOPPING notifications, which
 * sd_notify drops when there is no NOTIFY_SOCKET.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-watchdog"

#include "lt-watchdog.h"

#include <systemd/sd-daemon.h>

/* Longer than any legitimate unlock: 30 s (the most unlock-seconds allows)
 * plus repeated grants, exit-button presses and a remote unlock. */
#define DEFAULT_MAX_UNLOCKED_MS (120 * 1000)

struct _LtWatchdog {
  GObject parent_instance;

  LtDoor  *door;
  GSource *timer;
  guint    interval_ms;
  guint    max_unlocked_ms;
  gint64   unlocked_since; /* monotonic µs; 0 while locked */
  gboolean starving;       /* the last check failed (logged once) */
};

G_DEFINE_FINAL_TYPE (LtWatchdog, lt_watchdog, G_TYPE_OBJECT)

static gboolean
on_tick (gpointer user_data)
{
  LtWatchdog *self = user_data;

  if (lt_watchdog_check (self))
    sd_notify (0, "WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}

static void
lt_watchdog_dispose (GObject *object)
{
  LtWatchdog *self = LT_WATCHDOG (object);

  if (self->timer != NULL) {
    g_source_destroy (self->timer);
    g_clear_pointer (&self->timer, g_source_unref);
  }
  g_clear_object (&self->door);
  G_OBJECT_CLASS (lt_watchdog_parent_class)->dispose (object);
}

static void
lt_watchdog_class_init (LtWatchdogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lt_watchdog_dispose;
}

static void
lt_watchdog_init (LtWatchdog *self)
{
  self->max_unlocked_ms = DEFAULT_MAX_UNLOCKED_MS;
}

/**
 * lt_watchdog_new:
 * @door: the door whose relock machinery the pings vouch for
 *
 * Reads WATCHDOG_USEC/WATCHDOG_PID as systemd sets them and, when a
 * watchdog is wanted, arms the ping timer on the thread-default main
 * context (the engine's loop).
 */
LtWatchdog *
lt_watchdog_new (LtDoor *door)
{
  LtWatchdog *self;
  uint64_t    usec = 0;

  g_return_val_if_fail (LT_IS_DOOR (door), NULL);

  self = g_object_new (LT_TYPE_WATCHDOG, NULL);
  self->door = g_object_ref (door);
  if (sd_watchdog_enabled (0, &usec) > 0 && usec > 0) {
    self->interval_ms = MAX (usec / 3000, 1);
    self->timer = g_timeout_source_new (self->interval_ms);
    g_source_set_callback (self->timer, on_tick, self, NULL);
    g_source_set_name (self->timer, "[lintel] watchdog");
    g_source_attach (self->timer, g_main_context_get_thread_default ());
    g_message ("Service watchdog on: a ping every %u ms while the door relocks on time", self->interval_ms);
  }
  return self;
}

gboolean
lt_watchdog_get_enabled (LtWatchdog *self)
{
  g_return_val_if_fail (LT_IS_WATCHDOG (self), FALSE);
  return self->timer != NULL;
}

guint
lt_watchdog_get_interval_ms (LtWatchdog *self)
{
  g_return_val_if_fail (LT_IS_WATCHDOG (self), 0);
  return self->interval_ms;
}

/* How long the door may stay unlocked without a relock before the
 * machinery counts as broken (tests shorten it). */
void
lt_watchdog_set_max_unlocked_ms (LtWatchdog *self,
                                 guint       max_unlocked_ms)
{
  g_return_if_fail (LT_IS_WATCHDOG (self));
  self->max_unlocked_ms = max_unlocked_ms;
}

/**
 * lt_watchdog_check:
 *
 * Whether the relock machinery is healthy now: the door is locked, or it
 * is unlocked with its relock timer armed and has been unlocked no longer
 * than the limit. Logs the first failure and the recovery.
 */
gboolean
lt_watchdog_check (LtWatchdog *self)
{
  gint64      now = g_get_monotonic_time ();
  const char *problem = NULL;

  g_return_val_if_fail (LT_IS_WATCHDOG (self), FALSE);

  if (!lt_door_get_unlocked (self->door)) {
    self->unlocked_since = 0;
  } else {
    if (self->unlocked_since == 0)
      self->unlocked_since = now;
    if (lt_door_get_relock_time (self->door) == 0)
      problem = "the door is unlocked with no relock timer";
    else if (now - self->unlocked_since > (gint64)self->max_unlocked_ms * 1000)
      problem = "the door has stayed unlocked past every relock time";
  }

  if (problem != NULL && !self->starving)
    g_warning ("Not feeding the service watchdog: %s", problem);
  else if (problem == NULL && self->starving)
    g_message ("Relock machinery healthy again: feeding the service watchdog");
  self->starving = problem != NULL;
  return problem == NULL;
}

/* Tells systemd (Type=notify) that the door is held and readers listen. */
void
lt_watchdog_notify_ready (LtWatchdog *self,
                          const char *status)
{
  g_autofree char *message = NULL;

  g_return_if_fail (LT_IS_WATCHDOG (self));
  message = g_strdup_printf ("READY=1\nSTATUS=%s", status != NULL ? status : "");
  sd_notify (0, message);
}

void
lt_watchdog_notify_stopping (LtWatchdog *self)
{
  g_return_if_fail (LT_IS_WATCHDOG (self));
  if (self->timer != NULL) {
    g_source_destroy (self->timer);
    g_clear_pointer (&self->timer, g_source_unref);
  }
  sd_notify (0, "STOPPING=1\nSTATUS=Relocking and stopping");
}
