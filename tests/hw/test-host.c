/* test-host.c: the engine host, as the views see it through LtHost
 *
 * No GTK: the host's calls, signals and what it hands out, on simulated
 * hardware with the engine in its own thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-engine-host.h"
#include "lt-test-util.h"

#include <string.h>

#define CONFIG "[terminal]\nbuilding=Test Court\n[door]\nunlock-seconds=5\n"
#define CARD   "04A2B3C4D5"

typedef struct {
  LtFixture     base;
  LtEngineHost *host;
  gint64        resident;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  LtConfig *config;

  lt_fixture_setup (&f->base, data ? data : CONFIG);
  f->resident = lt_fixture_add_resident (&f->base, "1-101", "Wang Fang", "246810", CARD);
  g_clear_object (&f->base.store);
  config = lt_config_load (f->base.config_path, &error);
  g_assert_no_error (error);
  f->host = lt_engine_host_new (config, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  lt_engine_host_shutdown (f->host);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&f->host));
  lt_fixture_teardown (&f->base, data);
}

typedef struct {
  gboolean        done;
  LtHostDecision *decision;
  GError         *error;
} Answer;

static void
on_presented (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Answer *answer = user_data;

  answer->decision = lt_host_present_finish (LT_HOST (source), result, &answer->error);
  answer->done = TRUE;
}

/* The configuration the host hands out is its own: still whole after the
 * engine thread (which frees the engine's) has gone. */
static void
test_config_outlives_engine (Fixture      *f,
                             gconstpointer data)
{
  const LtConfig *config = lt_host_get_config (LT_HOST (f->host));

  g_assert_cmpstr (config->building, ==, "Test Court");
  lt_engine_host_shutdown (f->host);
  config = lt_host_get_config (LT_HOST (f->host));
  g_assert_cmpstr (config->building, ==, "Test Court");
  g_assert_cmpuint (lt_config_get_door (config, config->door)->unlock_seconds, ==, 5);
}

/* A call after shutdown finishes with an error; nothing hangs. */
static void
test_call_after_shutdown (Fixture      *f,
                          gconstpointer data)
{
  Answer answer = { 0 };

  lt_engine_host_shutdown (f->host);
  lt_host_present_async (LT_HOST (f->host), LT_METHOD_PIN, "1-101", "246810", NULL, on_presented, &answer);
  LT_TEST_ITERATE_UNTIL (answer.done, lt_test_bound_ms (2000));
  g_assert_null (answer.decision);
  g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&answer.error);
}

typedef struct {
  guint    decisions;
  gboolean unlocked_at_decision;
  gint64   deadline_at_decision;
  gint64   deadline_in_decision;
} Seen;

static void
on_decision (LtHost               *host,
             const LtHostDecision *decision,
             Seen                 *seen)
{
  seen->decisions++;
  seen->unlocked_at_decision = lt_host_get_unlocked (host);
  seen->deadline_at_decision = lt_host_get_relock_deadline (host);
  seen->deadline_in_decision = decision->relock_deadline_us;
}

/* A cancelled call is done all the same (the person pressed OK), its
 * answer goes nowhere; the decision comes once as ::decision, after the
 * door state it caused. */
static void
test_cancelled_call (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Answer answer = { 0 };
  Seen   seen = { 0 };

  g_signal_connect (f->host, "decision", G_CALLBACK (on_decision), &seen);
  lt_host_present_async (LT_HOST (f->host), LT_METHOD_PIN, "1-101", "246810", cancellable, on_presented, &answer);
  g_cancellable_cancel (cancellable);
  LT_TEST_ITERATE_UNTIL (answer.done && seen.decisions == 1, lt_test_bound_ms (3000));
  g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&answer.error);
  g_assert_null (answer.decision);
  g_assert_true (seen.unlocked_at_decision);
  g_assert_cmpint (seen.deadline_in_decision, >, 0);
  g_assert_cmpint (seen.deadline_at_decision, ==, seen.deadline_in_decision);
  lt_test_iterate_for (200);
  g_assert_cmpuint (seen.decisions, ==, 1);
  g_signal_handlers_disconnect_by_data (f->host, &seen);
}

/* A card that keeps an open door open: the decision carries the new,
 * later relock time, and the host's door state has it already. */
static void
test_extended_deadline (Fixture      *f,
                        gconstpointer data)
{
  Seen   seen = { 0 };
  gint64 first;

  g_signal_connect (f->host, "decision", G_CALLBACK (on_decision), &seen);
  lt_host_simulate_async (LT_HOST (f->host), LT_SIM_USB_CARD, CARD, NULL, NULL, NULL);
  LT_TEST_ITERATE_UNTIL (seen.decisions == 1, lt_test_bound_ms (3000));
  first = seen.deadline_in_decision;
  g_assert_cmpint (first, >, 0);
  lt_test_iterate_for (1200);
  lt_host_simulate_async (LT_HOST (f->host), LT_SIM_USB_CARD, CARD, NULL, NULL, NULL);
  LT_TEST_ITERATE_UNTIL (seen.decisions == 2, lt_test_bound_ms (3000));
  g_assert_cmpint (seen.deadline_in_decision, >=, first + G_USEC_PER_SEC);
  g_assert_cmpint (seen.deadline_at_decision, ==, seen.deadline_in_decision);
  g_signal_handlers_disconnect_by_data (f->host, &seen);
}

/* The keypad takes many refusals here: the unit's own count decides. */
#define CONFIG_UNIT_LOCKOUT CONFIG "[access]\nreader-lockout-failures=100\n"

typedef struct {
  gboolean done;
  gboolean known;
  guint    seconds;
  GError  *error;
} Lockout;

static void
on_unit_lockout (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Lockout *lockout = user_data;

  lockout->known = lt_host_unit_lockout_finish (LT_HOST (source), result, &lockout->seconds, &lockout->error);
  lockout->done = TRUE;
}

static guint
unit_lockout (Fixture    *f,
              const char *unit)
{
  Lockout lockout = { 0 };

  lt_host_unit_lockout_async (LT_HOST (f->host), unit, NULL, on_unit_lockout, &lockout);
  LT_TEST_ITERATE_UNTIL (lockout.done, lt_test_bound_ms (3000));
  g_assert_no_error (lockout.error);
  g_assert_true (lockout.known);
  return lockout.seconds;
}

/* Five wrong PINs for UNIT through the host: what each decision carries. */
static char *
wrong_pins (Fixture    *f,
            const char *unit)
{
  GString *said = g_string_new (NULL);

  for (guint i = 0; i < 5; i++) {
    Answer answer = { 0 };

    lt_host_present_async (LT_HOST (f->host), LT_METHOD_PIN, unit, "000000", NULL, on_presented, &answer);
    LT_TEST_ITERATE_UNTIL (answer.done, lt_test_bound_ms (3000));
    g_assert_no_error (answer.error);
    g_string_append_printf (said, "%s left=%u lockout=%u locked=%d\n", lt_reason_to_string (answer.decision->reason),
                            answer.decision->attempts_left, answer.decision->lockout_s,
                            answer.decision->retry_after_s > 0);
    lt_host_decision_free (answer.decision);
  }
  return g_string_free (said, FALSE);
}

/* Attempts left and the lockout reach the screen through the host, and
 * the lockout is known before a PIN is typed: the same for a unit that
 * does not exist. */
static void
test_unit_lockout (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *known = NULL;
  g_autofree char *unknown = NULL;
  guint            wait;

  g_assert_cmpuint (unit_lockout (f, "1-101"), ==, 0);
  known = wrong_pins (f, "1-101");
  g_assert_cmpstr (known, ==,
                   "wrong-pin left=0 lockout=0 locked=0\n"
                   "wrong-pin left=0 lockout=0 locked=0\n"
                   "wrong-pin left=2 lockout=30 locked=0\n"
                   "wrong-pin left=1 lockout=30 locked=0\n"
                   "wrong-pin left=0 lockout=0 locked=1\n");
  wait = unit_lockout (f, "1-101");
  g_assert_cmpuint (wait, >=, 28);
  g_assert_cmpuint (wait, <=, 30);
  g_assert_cmpuint (unit_lockout (f, "9-909"), ==, 0);
  g_assert_cmpuint (unit_lockout (f, "1-102"), ==, 0);

  unknown = wrong_pins (f, "9-909");
  g_assert_cmpstr (unknown, ==, known);
  wait = unit_lockout (f, "9-909");
  g_assert_cmpuint (wait, >=, 28);
  g_assert_cmpuint (wait, <=, 30);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/hw/host/config-outlives-engine", test_config_outlives_engine);
  ADD ("/hw/host/call-after-shutdown", test_call_after_shutdown);
  ADD ("/hw/host/cancelled-call", test_cancelled_call);
  ADD ("/hw/host/extended-deadline", test_extended_deadline);
  g_test_add ("/hw/host/unit-lockout", Fixture, CONFIG_UNIT_LOCKOUT, fixture_setup, test_unit_lockout,
              fixture_teardown);
#undef ADD
  return g_test_run ();
}
