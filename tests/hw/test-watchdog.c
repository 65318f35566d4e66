/* test-watchdog.c: the service watchdog is fed only while the door relocks
 *
 * The test plays systemd: it binds a datagram socket, names it in
 * NOTIFY_SOCKET with WATCHDOG_USEC/WATCHDOG_PID, and reads what the
 * watchdog sends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-door.h"
#include "lt-sim-line.h"
#include "lt-watchdog.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <unistd.h>

typedef struct {
  char      *dir;
  GSocket   *socket;
  LtSimLine *lock;
  LtDoor    *door;
  /* Messages received so far: a datagram socket holds only a few, and
   * sd_notify blocks when it is full, so the loop drains it as it runs. */
  guint ready, pings, stopping;
} Fixture;

static void
fixture_setup (Fixture      *fx,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autofree char *path = NULL;
  LtDoorConfig     config = {
        .unlock_seconds = 1,
        .held_open_seconds = 30,
        .lock_type = LT_LOCK_FAIL_SECURE,
  };

  fx->dir = g_dir_make_tmp ("lintel-watchdog-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "notify", NULL);
  fx->socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (path);
  g_assert_true (g_socket_bind (fx->socket, address, TRUE, &error));
  g_assert_no_error (error);
  g_socket_set_blocking (fx->socket, FALSE);
  g_setenv ("NOTIFY_SOCKET", path, TRUE);

  fx->lock = lt_sim_line_new ("lock", LT_LINE_OUTPUT, FALSE);
  fx->door = lt_door_new (LT_LINE (fx->lock), &config, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture      *fx,
                  gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "notify", NULL);

  g_unsetenv ("NOTIFY_SOCKET");
  g_unsetenv ("WATCHDOG_USEC");
  g_unsetenv ("WATCHDOG_PID");
  lt_door_shutdown (fx->door);
  g_assert_finalize_object (fx->door);
  g_assert_finalize_object (fx->lock);
  g_clear_object (&fx->socket);
  g_unlink (path);
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

static void
want_watchdog (guint usec)
{
  g_autofree char *value = g_strdup_printf ("%u", usec);
  g_autofree char *pid = g_strdup_printf ("%d", (int)getpid ());

  g_setenv ("WATCHDOG_USEC", value, TRUE);
  g_setenv ("WATCHDOG_PID", pid, TRUE);
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
drain (Fixture *fx)
{
  char   buffer[512];
  gssize n;

  while ((n = g_socket_receive (fx->socket, buffer, sizeof buffer - 1, NULL, NULL)) > 0) {
    buffer[n] = '\0';
    fx->ready += strstr (buffer, "READY=1") != NULL;
    fx->pings += strstr (buffer, "WATCHDOG=1") != NULL;
    fx->stopping += strstr (buffer, "STOPPING=1") != NULL;
  }
}

/* Runs the main loop for @ms, draining the notify socket as it goes. */
static void
iterate_for (Fixture *fx,
             guint    ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, on_deadline, &expired);
  while (!expired) {
    g_main_context_iteration (NULL, TRUE);
    drain (fx);
  }
}

/* The number of pings since the last call. */
static guint
take_pings (Fixture *fx)
{
  guint pings;

  drain (fx);
  pings = fx->pings;
  fx->pings = 0;
  return pings;
}

static void
test_disabled (Fixture      *fx,
               gconstpointer data)
{
  g_autoptr (LtWatchdog) watchdog = NULL;

  g_unsetenv ("WATCHDOG_USEC");
  watchdog = lt_watchdog_new (fx->door);
  g_assert_false (lt_watchdog_get_enabled (watchdog));
  lt_watchdog_notify_ready (watchdog, "test");
  iterate_for (fx, 200);
  g_assert_cmpuint (take_pings (fx), ==, 0);
}

static void
test_ready_and_feeding (Fixture      *fx,
                        gconstpointer data)
{
  g_autoptr (LtWatchdog) watchdog = NULL;
  g_autoptr (GError) error = NULL;

  want_watchdog (300000);
  watchdog = lt_watchdog_new (fx->door);
  g_assert_true (lt_watchdog_get_enabled (watchdog));
  g_assert_cmpuint (lt_watchdog_get_interval_ms (watchdog), ==, 100);
  lt_watchdog_notify_ready (watchdog, "Door locked");
  drain (fx);
  g_assert_cmpuint (fx->ready, ==, 1);

  iterate_for (fx, 450);
  g_assert_cmpuint (take_pings (fx), >=, 2);

  /* An unlock with its relock timer armed is healthy too. */
  g_assert_true (lt_door_unlock (fx->door, 1, &error));
  g_assert_no_error (error);
  iterate_for (fx, 450);
  g_assert_true (lt_door_get_unlocked (fx->door));
  g_assert_cmpuint (take_pings (fx), >=, 2);

  lt_watchdog_notify_stopping (watchdog);
  drain (fx);
  g_assert_cmpuint (fx->stopping, ==, 1);
  iterate_for (fx, 250);
  g_assert_cmpuint (take_pings (fx), ==, 0);
}

/* Counts the expected warnings (the failing relock, the starving
 * watchdog) instead of letting them abort the program. */
static void
on_expected_warning (const char    *domain,
                     GLogLevelFlags level,
                     const char    *message,
                     gpointer       user_data)
{
  guint *starving = user_data;

  if (g_str_has_prefix (message, "Not feeding the service watchdog"))
    (*starving)++;
  else if (!g_str_has_prefix (message, "Relocking failed"))
    g_log_default_handler (domain, level, message, NULL);
}

static void
test_stuck_relock_starves (Fixture      *fx,
                           gconstpointer data)
{
  g_autoptr (LtWatchdog) watchdog = NULL;
  g_autoptr (GError) error = NULL;
  guint starving = 0, door_handler, watchdog_handler;

  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  door_handler = g_log_set_handler ("lt-door", G_LOG_LEVEL_WARNING, on_expected_warning, &starving);
  watchdog_handler = g_log_set_handler ("lt-watchdog", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE,
                                        on_expected_warning, &starving);
  want_watchdog (300000);
  watchdog = lt_watchdog_new (fx->door);
  lt_watchdog_set_max_unlocked_ms (watchdog, 1500);

  g_assert_true (lt_door_unlock (fx->door, 1, &error));
  g_assert_no_error (error);
  /* The lock line stops obeying: the door retries and stays unlocked. */
  lt_sim_line_set_fail (fx->lock, TRUE);
  iterate_for (fx, 2200);
  g_assert_true (lt_door_get_unlocked (fx->door));
  g_assert_false (lt_watchdog_check (watchdog));
  g_assert_cmpuint (starving, ==, 1);
  take_pings (fx);
  iterate_for (fx, 400);
  g_assert_cmpuint (take_pings (fx), ==, 0);

  /* The line obeys again: the door relocks and the pings resume. */
  lt_sim_line_set_fail (fx->lock, FALSE);
  iterate_for (fx, 600);
  g_assert_false (lt_door_get_unlocked (fx->door));
  g_assert_true (lt_watchdog_check (watchdog));
  g_assert_cmpuint (take_pings (fx), >=, 1);
  g_log_remove_handler ("lt-door", door_handler);
  g_log_remove_handler ("lt-watchdog", watchdog_handler);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/Lintel/Watchdog/disabled", Fixture, NULL, fixture_setup, test_disabled, fixture_teardown);
  g_test_add ("/Lintel/Watchdog/ready-and-feeding", Fixture, NULL, fixture_setup, test_ready_and_feeding,
              fixture_teardown);
  g_test_add ("/Lintel/Watchdog/stuck-relock-starves", Fixture, NULL, fixture_setup, test_stuck_relock_starves,
              fixture_teardown);
  return g_test_run ();
}
