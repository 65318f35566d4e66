/* test-host.c: the engine host, as the views see it through LtHost
 *
 * No GTK: the host's calls, signals and what it hands out, on simulated
 * hardware with the engine in its own thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-engine-host.h"
#include "lt-pass.h"
#include "lt-test-util.h"

#include <string.h>

#define CONFIG "[terminal]\nbuilding=Test Court\n[door]\nunlock-seconds=5\n"
#define CARD   "04A2B3C4D5"

typedef struct {
  LtFixture     base;
  LtEngineHost *host;
  gint64        resident;
  gint64        guard;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  LtConfig *config;

  lt_fixture_setup (&f->base, data ? data : CONFIG);
  /* The site key, for the visitor-pass calls. */
  g_assert_true (lt_pass_key_create (f->base.key_dir, &error));
  g_assert_no_error (error);
  f->resident = lt_fixture_add_resident (&f->base, "1-101", "Wang Fang", "246810", CARD);
  f->guard = lt_fixture_add_staff (&f->base, LT_PERSON_GUARD, "Guard Zhou", "909090", NULL);
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

/* ---- visitor passes: revoke and undo, the code again, the history ---------- */

typedef struct {
  gboolean done;
  gboolean ok;
  gpointer value;
  GError  *error;
} Reply;

static void
on_issued (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Reply *reply = user_data;

  reply->value = lt_host_issue_pass_finish (LT_HOST (source), result, &reply->error);
  reply->done = TRUE;
}

static void
on_shown (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *reply = user_data;

  reply->value = lt_host_show_pass_finish (LT_HOST (source), result, &reply->error);
  reply->done = TRUE;
}

static void
on_history (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Reply *reply = user_data;

  reply->value = lt_host_list_pass_history_finish (LT_HOST (source), result, &reply->error);
  reply->done = TRUE;
}

static void
on_called (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Reply *reply = user_data;

  reply->ok = lt_host_call_finish (LT_HOST (source), result, &reply->error);
  reply->done = TRUE;
}

#define WAIT_REPLY(reply) LT_TEST_ITERATE_UNTIL ((reply).done, lt_test_bound_ms (3000))

static void
test_pass_tools (Fixture      *f,
                 gconstpointer data)
{
  gint64        now = g_get_real_time ();
  gint64        guard = f->guard;
  Reply         issued = { 0 }, shown = { 0 }, revoked = { 0 }, restored = { 0 }, unknown = { 0 }, history = { 0 };
  LtIssuedPass *pass, *again;
  GPtrArray    *ended;

  lt_host_issue_pass_async (LT_HOST (f->host),
                            &(LtPassRequest){ .unit = "1-101", .valid_from_us = now, .valid_until_us = now + G_TIME_SPAN_HOUR, .max_uses = 2, .guard_id = guard, .phone_last4 = "0427" },
                            NULL, on_issued, &issued);
  WAIT_REPLY (issued);
  g_assert_no_error (issued.error);
  pass = issued.value;
  g_assert_cmpstr (pass->pass->phone_last4, ==, "0427");
  g_assert_true (pass->pass->issued_here);

  /* The same token again, with the pass as stored. */
  lt_host_show_pass_async (LT_HOST (f->host), pass->pass->id, NULL, on_shown, &shown);
  WAIT_REPLY (shown);
  g_assert_no_error (shown.error);
  again = shown.value;
  g_assert_cmpstr (again->token, ==, pass->token);
  g_assert_cmpint (again->pass->id, ==, pass->pass->id);
  g_assert_cmpstr (again->pass->phone_last4, ==, "0427");

  /* Revoked and restored at once; an unknown pass is a clear error. */
  lt_host_revoke_pass_async (LT_HOST (f->host), pass->pass->id, guard, NULL, on_called, &revoked);
  WAIT_REPLY (revoked);
  g_assert_no_error (revoked.error);
  g_assert_true (revoked.ok);
  lt_host_list_pass_history_async (LT_HOST (f->host), 0, NULL, on_history, &history);
  WAIT_REPLY (history);
  g_assert_no_error (history.error);
  ended = history.value;
  g_assert_cmpuint (ended->len, ==, 1);
  g_assert_cmpint (((LtPassInfo *)g_ptr_array_index (ended, 0))->revoked_at_us, >, 0);
  lt_host_restore_pass_async (LT_HOST (f->host), pass->pass->id, guard, NULL, on_called, &restored);
  WAIT_REPLY (restored);
  g_assert_no_error (restored.error);
  g_assert_true (restored.ok);
  lt_host_restore_pass_async (LT_HOST (f->host), pass->pass->id, guard, NULL, on_called, &unknown);
  WAIT_REPLY (unknown);
  g_assert_false (unknown.ok);
  g_assert_error (unknown.error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID);
  g_clear_error (&unknown.error);

  lt_issued_pass_free (pass);
  lt_issued_pass_free (again);
  g_ptr_array_unref (ended);
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
  /* The engine it starts takes its USB card reader with EVIOCGRAB. */
  if (lt_test_skip_without_eviocgrab ())
    return 0;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/hw/host/config-outlives-engine", test_config_outlives_engine);
  ADD ("/hw/host/call-after-shutdown", test_call_after_shutdown);
  ADD ("/hw/host/cancelled-call", test_cancelled_call);
  ADD ("/hw/host/extended-deadline", test_extended_deadline);
  ADD ("/hw/host/pass-tools", test_pass_tools);
  g_test_add ("/hw/host/unit-lockout", Fixture, CONFIG_UNIT_LOCKOUT, fixture_setup, test_unit_lockout,
              fixture_teardown);
#undef ADD
  return g_test_run ();
}
