/* test-lockout.c: wrong PINs and unknown cards lock a unit or a reader for a while
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-access.h"
#include "lt-lockout.h"

#include <string.h>
#include <unistd.h>

#define UNIT       "3-1203"
#define OTHER_UNIT "3-1204"
#define PIN        "864297"
#define OTHER_PIN  "246813"
#define WRONG_PIN  "135790"
#define CARD       "26:201:53791"

#define LOCKOUT_CONFIG "[access]\nlockout-failures=5\nlockout-seconds=30\nlockout-max-seconds=100\n"
/* The same, with the reader lockout out of the way of the unit's. */
#define UNIT_ONLY_CONFIG LOCKOUT_CONFIG "reader-lockout-failures=1000\n"
#define READER_CONFIG    "[access]\nlockout-failures=5\nlockout-seconds=30\nreader-lockout-failures=3\n\n[door:garage]\nmethods=pin;card\n"

#define SECONDS(s) ((gint64)(s)*G_USEC_PER_SEC)

static gint64
start_time (void)
{
  return lt_test_local_time (2026, 6, 1, 10, 0);
}

static void
decide (LtAccess   *access,
        LtMethod    method,
        const char *reader,
        const char *unit,
        const char *secret,
        gint64      time_us,
        LtDecision *decision)
{
  lt_test_present (access, method, NULL, reader, unit, secret, time_us, decision);
}

static LtReason
try_pin (LtAccess   *access,
         const char *unit,
         const char *pin,
         gint64      time_us,
         guint      *retry_after_s)
{
  LtDecision decision;

  decide (access, LT_METHOD_PIN, "keypad", unit, pin, time_us, &decision);
  g_assert_cmpint (decision.granted, ==, decision.reason == LT_REASON_OK);
  g_assert_cmpint (decision.event_id, >, 0);
  if (retry_after_s != NULL)
    *retry_after_s = decision.retry_after_s;
  return decision.reason;
}

static void
assert_reason (LtReason actual,
               LtReason expected)
{
  g_assert_cmpstr (lt_reason_to_string (actual), ==, lt_reason_to_string (expected));
}

/* n wrong PINs in quick succession, each answered as such. */
static void
fail_pins (LtAccess   *access,
           const char *unit,
           guint       n,
           gint64      time_us)
{
  for (guint i = 0; i < n; i++)
    assert_reason (try_pin (access, unit, WRONG_PIN, time_us, NULL), LT_REASON_WRONG_PIN);
}

static void
assert_locked (LtAccess   *access,
               const char *unit,
               gint64      time_us,
               guint       expected_wait)
{
  guint wait = 0;

  assert_reason (try_pin (access, unit, PIN, time_us, &wait), LT_REASON_LOCKED_OUT);
  g_assert_cmpuint (wait, ==, expected_wait);
}

static void
test_unit_lockout (LtFixture    *fixture,
                   gconstpointer data)
{
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t0 = start_time ();
  g_autoptr (GPtrArray) events = NULL;
  guint      wait = 0;
  LtDecision decision;

  lt_fixture_add_resident (fixture, OTHER_UNIT, "李娜", OTHER_PIN, NULL);
  fail_pins (access, UNIT, 5, t0);

  /* The sixth attempt is refused even with the right PIN. */
  assert_reason (try_pin (access, UNIT, PIN, t0 + 10, &wait), LT_REASON_LOCKED_OUT);
  g_assert_cmpuint (wait, ==, 30);
  decide (access, LT_METHOD_PIN, "keypad", UNIT, PIN, t0 + SECONDS (10), &decision);
  g_assert_false (decision.granted);
  g_assert_cmpint (decision.subject_id, ==, 0); /* nothing learnt about who the PIN belongs to */
  g_assert_cmpuint (decision.retry_after_s, ==, 20);
  assert_locked (access, UNIT, t0 + SECONDS (29) + 500000, 1);

  /* A locked unit is its own business: the next unit comes in. */
  assert_reason (try_pin (access, OTHER_UNIT, OTHER_PIN, t0 + SECONDS (15), NULL), LT_REASON_OK);

  /* After the wait the right PIN opens and starts the count afresh. */
  assert_reason (try_pin (access, UNIT, PIN, t0 + SECONDS (30) + 5, NULL), LT_REASON_OK);
  fail_pins (access, UNIT, 4, t0 + SECONDS (40));
  assert_reason (try_pin (access, UNIT, PIN, t0 + SECONDS (41), NULL), LT_REASON_OK);

  /* Locked-out attempts are recorded as such. */
  events = lt_store_list_events (fixture->store, 0, NULL);
  g_assert_nonnull (events);
  {
    guint locked = 0;
    for (guint i = 0; i < events->len; i++) {
      const LtEvent *e = g_ptr_array_index (events, i);
      if (g_strcmp0 (e->reason, "locked-out") == 0) {
        g_assert_cmpstr (lt_event_result_to_string (e->result), ==, "denied");
        locked++;
      }
    }
    g_assert_cmpuint (locked, ==, 3);
  }
  g_assert_cmpint (id, >, 0);
}

static void
test_wrong_pins_while_locked (LtFixture    *fixture,
                              gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t0 = start_time ();

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  fail_pins (access, UNIT, 5, t0);
  /* Hammering the keypad during the lockout neither counts nor extends it. */
  for (guint i = 0; i < 20; i++)
    assert_reason (try_pin (access, UNIT, WRONG_PIN, t0 + SECONDS (i + 1), NULL), LT_REASON_LOCKED_OUT);
  assert_reason (try_pin (access, UNIT, PIN, t0 + SECONDS (30) + 5, NULL), LT_REASON_OK);
}

static void
test_growing_lockout (LtFixture    *fixture,
                      gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64      t = start_time ();
  const guint waits[] = { 30, 60, 100, 100 }; /* 120 and 240 capped by lockout-max-seconds */

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++) {
    g_test_message ("lockout %u", i + 1);
    /* Five wrong PINs start it; after that every wrong PIN locks again. */
    fail_pins (access, UNIT, i == 0 ? 5 : 1, t);
    assert_locked (access, UNIT, t + 5, waits[i]);
    /* One second before the end it still holds. */
    assert_locked (access, UNIT, t + 5 + SECONDS (waits[i] - 1), 1);
    t += 5 + SECONDS (waits[i]);
  }

  /* The unit's own PIN resets the unit's level: the next lockout is the
   * short one again. */
  assert_reason (try_pin (access, UNIT, PIN, t, NULL), LT_REASON_OK);
  t += SECONDS (1);
  fail_pins (access, UNIT, 5, t);
  assert_locked (access, UNIT, t + 5, 30);

  /* An hour without a failure forgets the counters too. */
  t += SECONDS (30) + 5;
  fail_pins (access, UNIT, 1, t);
  assert_locked (access, UNIT, t + 5, 60);
  t += SECONDS (3600) + SECONDS (60);
  fail_pins (access, UNIT, 4, t);
  assert_reason (try_pin (access, UNIT, WRONG_PIN, t + 5, NULL), LT_REASON_WRONG_PIN);
  assert_locked (access, UNIT, t + 10, 30);
}

/* With the keypad's own count at its default of 6, the sixth wrong PIN at
 * one keypad locks the keypad for 30 s while the unit is locked for 60 s.
 * The wait a person is told must be the wait there really is. */
static void
test_retry_after_is_the_real_wait (LtFixture    *fixture,
                                   gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t = start_time ();
  guint  wait = 0;

  g_test_set_nonfatal_assertions ();
  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  fail_pins (access, UNIT, 5, t);
  t += 5 + SECONDS (30);
  fail_pins (access, UNIT, 1, t);
  t += 5;

  assert_reason (try_pin (access, UNIT, PIN, t, &wait), LT_REASON_LOCKED_OUT);
  /* The unit's second lockout is 60 s, longer than the keypad's 30 s ... */
  g_assert_cmpuint (wait, ==, 60);
  /* ... and waiting as long as told is enough. */
  assert_reason (try_pin (access, UNIT, PIN, t + SECONDS (wait), NULL), LT_REASON_OK);
}

static void
test_reader_lockout (LtFixture    *fixture,
                     gconstpointer data)
{
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64                   t0 = start_time ();
  static const char *const unknown[] = { "26:1:1", "26:1:2", "04A1B2C3" };
  LtDecision               decision;

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++) {
    decide (access, LT_METHOD_CARD, "lobby-reader", NULL, unknown[i], t0, &decision);
    assert_reason (decision.reason, LT_REASON_UNKNOWN_CREDENTIAL);
  }

  /* That reader's cards are locked, even a good one; its keypad is not:
   * the residents' other ways in stay open. */
  decide (access, LT_METHOD_CARD, "lobby-reader", NULL, CARD, t0 + SECONDS (1), &decision);
  assert_reason (decision.reason, LT_REASON_LOCKED_OUT);
  g_assert_false (decision.granted);
  g_assert_cmpuint (decision.retry_after_s, ==, 29);
  decide (access, LT_METHOD_PIN, "lobby-reader", UNIT, PIN, t0 + SECONDS (2), &decision);
  assert_reason (decision.reason, LT_REASON_OK);

  /* Another reader is not. */
  decide (access, LT_METHOD_CARD, "garage-reader", NULL, CARD, t0 + SECONDS (3), &decision);
  assert_reason (decision.reason, LT_REASON_OK);
  g_assert_cmpint (decision.subject_id, ==, id);

  /* The same reader name at another door is another reader. */
  {
    LtPresentation presentation = { LT_METHOD_CARD, "garage", "lobby-reader", NULL, CARD, t0 + SECONDS (4) };
    lt_access_decide (access, &presentation, &decision);
    assert_reason (decision.reason, LT_REASON_OK);
  }

  /* After the wait the locked reader works again. */
  decide (access, LT_METHOD_CARD, "lobby-reader", NULL, CARD, t0 + SECONDS (31), &decision);
  assert_reason (decision.reason, LT_REASON_OK);
}

static void
test_reader_unknown_units (LtFixture    *fixture,
                           gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64     t0 = start_time ();
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  /* Guessing units at one keypad counts against the keypad. */
  for (guint i = 0; i < 3; i++) {
    g_autofree char *unit = g_strdup_printf ("9-%u", 100 + i);
    decide (access, LT_METHOD_PIN, "keypad", unit, PIN, t0 + (gint64)i, &decision);
    /* Answered like a wrong PIN at a real unit: nothing says it does not exist. */
    assert_reason (decision.reason, LT_REASON_WRONG_PIN);
  }
  decide (access, LT_METHOD_PIN, "keypad", UNIT, PIN, t0 + SECONDS (1), &decision);
  assert_reason (decision.reason, LT_REASON_LOCKED_OUT);
  decide (access, LT_METHOD_PIN, "other-keypad", UNIT, PIN, t0 + SECONDS (1), &decision);
  assert_reason (decision.reason, LT_REASON_OK);
  /* The keypad's lock leaves the cards of the same reader name working. */
  decide (access, LT_METHOD_CARD, "keypad", NULL, CARD, t0 + SECONDS (2), &decision);
  assert_reason (decision.reason, LT_REASON_OK);
}

/* A made-up unit is locked out exactly like a real one: the sixth try at
 * either says "please wait". */
static void
test_unknown_unit_like_known (LtFixture    *fixture,
                              gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t0 = start_time ();
  guint  real_wait = 0, made_up_wait = 0;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  for (guint i = 0; i < 5; i++) {
    assert_reason (try_pin (access, UNIT, WRONG_PIN, t0 + i, NULL), LT_REASON_WRONG_PIN);
    assert_reason (try_pin (access, "8-808", WRONG_PIN, t0 + i, NULL), LT_REASON_WRONG_PIN);
  }
  assert_reason (try_pin (access, UNIT, WRONG_PIN, t0 + 10, &real_wait), LT_REASON_LOCKED_OUT);
  assert_reason (try_pin (access, "8-808", WRONG_PIN, t0 + 10, &made_up_wait), LT_REASON_LOCKED_OUT);
  g_assert_cmpuint (real_wait, ==, made_up_wait);
}

/* The attacker's own card between guesses clears nothing. */
static void
test_success_never_resets_reader (LtFixture    *fixture,
                                  gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  g_autoptr (GPtrArray) events = NULL;
  gint64     t = start_time ();
  guint      alarms = 0;
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  for (guint i = 0; i < 2; i++) {
    decide (access, LT_METHOD_CARD, "lobby-reader", NULL, "26:1:1", t++, &decision);
    assert_reason (decision.reason, LT_REASON_UNKNOWN_CREDENTIAL);
    decide (access, LT_METHOD_CARD, "lobby-reader", NULL, CARD, t++, &decision);
    assert_reason (decision.reason, LT_REASON_OK);
    decide (access, LT_METHOD_PIN, "lobby-reader", UNIT, PIN, t++, &decision);
    assert_reason (decision.reason, LT_REASON_OK);
  }
  decide (access, LT_METHOD_CARD, "lobby-reader", NULL, "26:1:1", t++, &decision);
  assert_reason (decision.reason, LT_REASON_UNKNOWN_CREDENTIAL);
  decide (access, LT_METHOD_CARD, "lobby-reader", NULL, CARD, t++, &decision);
  assert_reason (decision.reason, LT_REASON_LOCKED_OUT);

  /* The reader's first lockout raised one brute-force alarm. */
  events = lt_test_list_events (fixture->store);
  for (guint i = 0; i < events->len; i++) {
    const LtEvent *e = g_ptr_array_index (events, i);
    if (e->kind == LT_EVENT_KIND_ALARM) {
      g_assert_cmpstr (e->reason, ==, LT_ALARM_BRUTE_FORCE);
      g_assert_cmpint (e->result, ==, LT_EVENT_RESULT_RAISED);
      alarms++;
    }
  }
  g_assert_cmpuint (alarms, ==, 1);
}

static void
test_survives_restart (LtFixture    *fixture,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64     t0 = start_time ();
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  fail_pins (access, UNIT, 5, t0);
  for (guint i = 0; i < 6; i++) {
    decide (access, LT_METHOD_CARD, "lobby-reader", NULL, "26:1:1", t0, &decision);
    assert_reason (decision.reason, LT_REASON_UNKNOWN_CREDENTIAL);
  }

  /* A power cut: everything goes, the database stays. */
  g_clear_object (&access);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  fixture->store = lt_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  access = lt_access_new (fixture->store, fixture->config, fixture->secret);

  assert_locked (access, UNIT, t0 + SECONDS (10), 20);
  decide (access, LT_METHOD_CARD, "lobby-reader", NULL, CARD, t0 + SECONDS (10), &decision);
  assert_reason (decision.reason, LT_REASON_LOCKED_OUT);
  decide (access, LT_METHOD_CARD, "garage-reader", NULL, CARD, t0 + SECONDS (10), &decision);
  assert_reason (decision.reason, LT_REASON_OK);
  assert_reason (try_pin (access, UNIT, PIN, t0 + SECONDS (31), NULL), LT_REASON_OK);
}

static void
test_level_survives_restart (LtFixture    *fixture,
                             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t = start_time ();

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  fail_pins (access, UNIT, 5, t);
  t += 5 + SECONDS (30);

  g_clear_object (&access);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  fixture->store = lt_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  access = lt_access_new (fixture->store, fixture->config, fixture->secret);

  /* A restart does not forget that this is the second lockout. */
  fail_pins (access, UNIT, 1, t);
  assert_locked (access, UNIT, t + 5, 60);
}

static void
test_config_limits (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;

  config = lt_config_load_data ("[access]\nlockout-seconds=60\nlockout-max-seconds=30\n", "test.conf", &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "lockout-max-seconds"));
  g_clear_error (&error);

  config = lt_config_load_data ("[access]\nlockout-failures=0\n", "test.conf", &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "lockout-failures"));
  g_clear_error (&error);

  config = lt_config_load_data ("", "test.conf", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->lockout_failures, ==, 5);
  g_assert_cmpuint (config->lockout_seconds, ==, 30);
  g_assert_cmpuint (config->reader_lockout_failures, ==, 6);
  g_assert_cmpuint (config->lockout_forget_seconds, ==, 3600);
  g_assert_cmpuint (config->staff_pin_length, ==, 6);
  g_clear_pointer (&config, lt_config_free);

  config = lt_config_load_data ("[access]\nlockout-max-seconds=900\nlockout-forget-seconds=600\n", "test.conf", &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "lockout-forget-seconds"));
}

/* ---- an attacker at one reader, on a simulated clock ---------------------- */

typedef enum {
  INTERLEAVE_NONE,
  INTERLEAVE_OWN_CARD, /* the attacker's own, valid card */
  INTERLEAVE_OWN_PIN,
  INTERLEAVE_PASS, /* an unlimited visitor pass */
} Interleave;

typedef struct {
  LtFixture *fixture;
  LtAccess  *access;
  char      *pass;    /* an unlimited visitor pass's token */
  guint      methods; /* LT_METHOD_BIT()s the attacker guesses with */
  Interleave interleave;
} Attack;

static void
attack_setup (Attack    *attack,
              LtFixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPassKey) key = NULL;
  gint64 t0 = start_time ();

  attack->fixture = fixture;
  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  g_assert_true (lt_pass_key_create (fixture->key_dir, &error));
  g_assert_no_error (error);
  key = lt_pass_key_load (fixture->key_dir, &error);
  g_assert_no_error (error);
  attack->pass = lt_pass_issue (fixture->store, key,
                                &(LtPassRequest){ 1, UNIT, t0 - SECONDS (60), t0 + SECONDS (86400), 0, 0, NULL },
                                NULL, &error);
  g_assert_no_error (error);
  attack->access = lt_access_new (fixture->store, fixture->config, fixture->secret);
}

static void
attack_clear (Attack *attack)
{
  g_clear_object (&attack->access);
  g_free (attack->pass);
}

/* One wrong credential of the n-th guess's method; TRUE if it was checked
 * (answered as wrong rather than refused as locked out). */
static gboolean
guess (Attack *attack,
       guint   n,
       gint64  t)
{
  static const LtMethod order[] = { LT_METHOD_CARD, LT_METHOD_PIN, LT_METHOD_QR };
  g_autofree char      *secret = NULL;
  const char           *unit = NULL;
  LtMethod              method;
  LtDecision            decision;

  do
    method = order[n++ % G_N_ELEMENTS (order)];
  while (!(attack->methods & LT_METHOD_BIT (method)));
  switch (method) {
  case LT_METHOD_CARD:
    secret = g_strdup_printf ("26:%u:%u", 1 + n / 65536, n % 65536);
    break;
  case LT_METHOD_PIN:
    /* Real and made-up units alike. */
    unit = n % 2 ? UNIT : "9-909";
    secret = g_strdup_printf ("%06u", 100000 + n);
    break;
  case LT_METHOD_QR:
  default:
    secret = g_strdup_printf ("LT1.%u.forged", n);
    break;
  }
  decide (attack->access, method, "entrance", unit, secret, t, &decision);
  g_assert_false (decision.granted);
  return decision.reason != LT_REASON_LOCKED_OUT;
}

static void
interleave (Attack *attack,
            gint64  t)
{
  LtDecision decision;

  switch (attack->interleave) {
  case INTERLEAVE_OWN_CARD:
    decide (attack->access, LT_METHOD_CARD, "entrance", NULL, CARD, t, &decision);
    break;
  case INTERLEAVE_OWN_PIN:
    decide (attack->access, LT_METHOD_PIN, "entrance", UNIT, PIN, t, &decision);
    break;
  case INTERLEAVE_PASS:
    decide (attack->access, LT_METHOD_QR, "entrance", NULL, attack->pass, t, &decision);
    break;
  case INTERLEAVE_NONE:
  default:
    return;
  }
  /* Whatever the attacker does, a valid credential of another method at
   * the same reader is never locked out by it (the unit's own lockout
   * aside, which the PIN guesses at UNIT may start). */
  if (attack->interleave != INTERLEAVE_OWN_PIN)
    g_assert_true (decision.granted || decision.reason == LT_REASON_LOCKED_OUT);
}

/* A guess every second for an hour, a valid credential after every fifth. */
static void
run_attack (Attack *attack,
            guint  *checked_5min,
            guint  *checked_hour)
{
  gint64 t0 = start_time ();
  guint  checked = 0;

  *checked_5min = 0;
  for (guint n = 0; n < 3600; n++) {
    gint64 t = t0 + (gint64)n * G_USEC_PER_SEC;

    if (n == 300)
      *checked_5min = checked;
    if (guess (attack, n, t))
      checked++;
    if (n % 5 == 4)
      interleave (attack, t + 1000);
  }
  *checked_hour = checked;
}

static void
test_brute_force (LtFixture    *fixture,
                  gconstpointer data)
{
  static const struct {
    guint      methods;
    Interleave interleave;
  } cases[] = {
    { LT_METHOD_BIT (LT_METHOD_CARD), INTERLEAVE_NONE },
    { LT_METHOD_BIT (LT_METHOD_CARD), INTERLEAVE_OWN_CARD },
    { LT_METHOD_BIT (LT_METHOD_CARD), INTERLEAVE_PASS },
    { LT_METHOD_BIT (LT_METHOD_PIN), INTERLEAVE_OWN_CARD },
    { LT_METHOD_BIT (LT_METHOD_PIN), INTERLEAVE_OWN_PIN },
    { LT_METHOD_BIT (LT_METHOD_QR), INTERLEAVE_PASS },
    { LT_METHOD_BIT (LT_METHOD_CARD) | LT_METHOD_BIT (LT_METHOD_PIN) | LT_METHOD_BIT (LT_METHOD_QR), INTERLEAVE_PASS },
    { LT_METHOD_BIT (LT_METHOD_CARD) | LT_METHOD_BIT (LT_METHOD_PIN) | LT_METHOD_BIT (LT_METHOD_QR), INTERLEAVE_OWN_CARD },
  };
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    Attack attack = { 0 };
    guint  five, hour;

    if (c > 0) {
      lt_fixture_teardown (fixture, data);
      lt_fixture_setup (fixture, data);
    }
    attack_setup (&attack, fixture);
    attack.methods = cases[c].methods;
    attack.interleave = cases[c].interleave;
    run_attack (&attack, &five, &hour);
    g_test_message ("case %u: %u checked in 5 min, %u in an hour", c, five, hour);
    g_assert_cmpuint (five, <=, 30);
    g_assert_cmpuint (hour, <=, 100);
    /* And the attack was really checked, not refused for another reason. */
    g_assert_cmpuint (five, >=, 3);
    attack_clear (&attack);
  }
}

/* What a resident is told after each wrong PIN, as one line: the reason,
 * the tries left, the coming lockout's length and the wait now. */
static char *
told (LtAccess   *access,
      const char *unit,
      gint64      time_us)
{
  LtDecision decision;

  decide (access, LT_METHOD_PIN, "keypad", unit, WRONG_PIN, time_us, &decision);
  return g_strdup_printf ("%s left=%u lockout=%u wait=%u", lt_reason_to_string (decision.reason),
                          decision.attempts_left, decision.lockout_s, decision.retry_after_s);
}

static guint
pin_wait (LtFixture  *fixture,
          const char *unit,
          gint64      time_us)
{
  g_autoptr (GError) error = NULL;
  guint wait = 99;

  g_assert_true (lt_access_pin_wait (fixture->store, "main", "keypad", unit, time_us, &wait, &error));
  g_assert_no_error (error);
  return wait;
}

/* Tries left from the 3rd failure; the failure that locks says the wait
 * at once; the wait is known before a PIN is typed; and a unit that does
 * not exist is told word for word the same. */
static void
test_attempts_left (LtFixture    *fixture,
                    gconstpointer data)
{
  static const char *const expected[] = {
    "wrong-pin left=0 lockout=0 wait=0",
    "wrong-pin left=0 lockout=0 wait=0",
    "wrong-pin left=2 lockout=30 wait=0",
    "wrong-pin left=1 lockout=30 wait=0",
    "wrong-pin left=0 lockout=0 wait=30",
    "locked-out left=0 lockout=0 wait=20",
    /* After the wait, while the count stands, the next failure locks again, twice as long. */
    "wrong-pin left=0 lockout=0 wait=60",
  };
  static const char *const units[] = { UNIT, "8-808" };
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t0 = start_time ();

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  for (guint u = 0; u < G_N_ELEMENTS (units); u++) {
    gint64 t = t0 + SECONDS (u * 1000);

    g_assert_cmpuint (pin_wait (fixture, units[u], t), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
      gint64           when = t + (i < 5 ? i : i == 5 ? SECONDS (10) + 4
                                                      : SECONDS (31) + 4);
      g_autofree char *line = told (access, units[u], when);

      g_test_message ("%s #%u: %s", units[u], i + 1, line);
      g_assert_cmpstr (line, ==, expected[i]);
      if (i == 4) {
        /* Known before the PIN: the same whether the unit exists. */
        g_assert_cmpuint (pin_wait (fixture, units[u], t + 4), ==, 30);
        g_assert_cmpuint (pin_wait (fixture, units[u], t + SECONDS (25) + 4), ==, 5);
        g_assert_cmpuint (pin_wait (fixture, units[u], t + SECONDS (30) + 4), ==, 0);
      }
    }
    g_assert_cmpuint (pin_wait (fixture, units[u], t + SECONDS (31) + 4), ==, 60);
    /* Other units are not touched. */
    g_assert_cmpuint (pin_wait (fixture, OTHER_UNIT, t + SECONDS (31)), ==, 0);
  }
}

/* The keypad's own count (3 here) is told too, and its lockout holds
 * every unit's PIN, before typing as well; the card reader's count is
 * its own. */
static void
test_attempts_left_keypad (LtFixture    *fixture,
                           gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64           t = start_time ();
  g_autofree char *first = told (access, "1-1", t);
  g_autofree char *second = told (access, "2-2", t + 1);
  g_autofree char *third = told (access, "3-3", t + 2);
  LtDecision       card;

  g_assert_cmpstr (first, ==, "wrong-pin left=2 lockout=30 wait=0");
  g_assert_cmpstr (second, ==, "wrong-pin left=1 lockout=30 wait=0");
  g_assert_cmpstr (third, ==, "wrong-pin left=0 lockout=0 wait=30");
  g_assert_cmpuint (pin_wait (fixture, "4-4", t + 3), ==, 30);
  decide (access, LT_METHOD_CARD, "keypad", NULL, CARD, t + 3, &card);
  assert_reason (card.reason, LT_REASON_UNKNOWN_CREDENTIAL);
  g_assert_cmpuint (card.retry_after_s, ==, 0);
  g_assert_cmpuint (card.attempts_left, ==, 2);
}

/* The outlook alone, in memory. */
static void
test_outlook (LtFixture    *fixture,
              gconstpointer data)
{
  LtLockoutPolicy policy;
  LtLockout       lockout = { 0 };
  guint           tries = 0, wait = 0;

  lt_lockout_policy_init (&policy, fixture->config, LT_LOCKOUT_UNIT);
  lt_lockout_outlook (&lockout, &policy, SECONDS (100), &tries, &wait);
  g_assert_cmpuint (tries, ==, 5);
  g_assert_cmpuint (wait, ==, 30);
  for (guint i = 0; i < 4; i++)
    lt_lockout_add_failure (&lockout, &policy, SECONDS (100));
  lt_lockout_outlook (&lockout, &policy, SECONDS (100), &tries, &wait);
  g_assert_cmpuint (tries, ==, 1);
  lt_lockout_add_failure (&lockout, &policy, SECONDS (100));
  lt_lockout_outlook (&lockout, &policy, SECONDS (110), &tries, &wait);
  g_assert_cmpuint (tries, ==, 0);
  g_assert_cmpuint (wait, ==, 20);
  lt_lockout_outlook (&lockout, &policy, SECONDS (130), &tries, &wait);
  g_assert_cmpuint (tries, ==, 1);
  g_assert_cmpuint (wait, ==, 60);
  /* Forgotten after an hour's quiet: the full count again. */
  lt_lockout_outlook (&lockout, &policy, SECONDS (100 + 3600), &tries, &wait);
  g_assert_cmpuint (tries, ==, 5);
  g_assert_cmpuint (wait, ==, 30);
}

#define ADD(path, func, extra) \
  g_test_add (path, LtFixture, extra, lt_fixture_setup, func, lt_fixture_teardown)

/* The policy alone, in memory: what every scope shares. */
static void
test_policy (LtFixture    *fixture,
             gconstpointer data)
{
  LtLockoutPolicy  unit, reader, staff;
  LtLockout        lockout = { 0 };
  g_autofree char *unit_key = lt_lockout_key (LT_LOCKOUT_UNIT, NULL, "3-1203");
  g_autofree char *reader_key = lt_lockout_reader_key ("main", NULL, LT_METHOD_CARD);
  g_autofree char *staff_key = lt_lockout_key (LT_LOCKOUT_STAFF, NULL, "keypad");
  gint64           t = 0;

  /* The keys are the rows kept in the field: never renamed. A reader's
   * count is kept per method. */
  g_assert_cmpstr (unit_key, ==, "unit:3-1203");
  g_assert_cmpstr (reader_key, ==, "reader:main/default/card");
  g_assert_cmpstr (staff_key, ==, "staff:keypad");

  lt_lockout_policy_init (&unit, fixture->config, LT_LOCKOUT_UNIT);
  lt_lockout_policy_init (&reader, fixture->config, LT_LOCKOUT_READER);
  lt_lockout_policy_init (&staff, fixture->config, LT_LOCKOUT_STAFF);
  g_assert_cmpuint (unit.threshold, ==, 5);
  g_assert_cmpuint (reader.threshold, ==, 3);
  g_assert_cmpuint (unit.base_seconds, ==, 30);
  g_assert_cmpuint (unit.forget_seconds, ==, 3600);
  /* The Staff entry: 5 failures, 5 minutes, doubling. */
  g_assert_cmpuint (staff.threshold, ==, 5);
  g_assert_cmpuint (staff.base_seconds, ==, 300);

  /* 5 failures lock for 30 s; each further one for twice as long, capped. */
  for (guint i = 0; i < 4; i++) {
    g_assert_false (lt_lockout_add_failure (&lockout, &unit, t));
    g_assert_cmpuint (lt_lockout_remaining (&lockout, t), ==, 0);
  }
  g_assert_true (lt_lockout_add_failure (&lockout, &unit, t));
  for (guint round = 0; round < 8; round++) {
    guint64 expected = MIN ((guint64)30 << round, fixture->config->lockout_max_seconds);

    if (round > 0)
      g_assert_false (lt_lockout_add_failure (&lockout, &unit, t));
    g_assert_cmpuint (lt_lockout_remaining (&lockout, t), ==, expected);
    /* Rounded up to whole seconds, and over when the time comes. */
    g_assert_cmpuint (lt_lockout_remaining (&lockout, t + 1), ==, expected);
    g_assert_cmpuint (lt_lockout_remaining (&lockout, t + SECONDS (expected)), ==, 0);
    t += SECONDS (expected);
  }

  /* An hour without failures forgets it all: the next alarm can come. */
  t += SECONDS (3600);
  for (guint i = 0; i < 4; i++)
    g_assert_false (lt_lockout_add_failure (&lockout, &unit, t));
  g_assert_true (lt_lockout_add_failure (&lockout, &unit, t));
  g_assert_cmpuint (lt_lockout_remaining (&lockout, t), ==, 30);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Every decision is synced: memory keeps the hour-long attacks quick. */
  lt_test_use_memory_tmpdir ();

  g_test_add_func ("/core/lockout/config-limits", test_config_limits);
  ADD ("/core/lockout/brute-force", test_brute_force, "");
  ADD ("/core/lockout/policy", test_policy, "[access]\nlockout-failures=5\nlockout-seconds=30\nlockout-max-seconds=900\n"
                                            "reader-lockout-failures=3\n");
  ADD ("/core/lockout/unit", test_unit_lockout, UNIT_ONLY_CONFIG);
  ADD ("/core/lockout/wrong-pins-while-locked", test_wrong_pins_while_locked, LOCKOUT_CONFIG);
  ADD ("/core/lockout/growing", test_growing_lockout, UNIT_ONLY_CONFIG);
  ADD ("/core/lockout/reader", test_reader_lockout, READER_CONFIG);
  ADD ("/core/lockout/reader-unknown-units", test_reader_unknown_units, READER_CONFIG);
  ADD ("/core/lockout/success-never-resets-reader", test_success_never_resets_reader, READER_CONFIG);
  ADD ("/core/lockout/unknown-unit-like-known", test_unknown_unit_like_known, UNIT_ONLY_CONFIG);
  ADD ("/core/lockout/attempts-left", test_attempts_left, UNIT_ONLY_CONFIG);
  ADD ("/core/lockout/attempts-left-keypad", test_attempts_left_keypad, READER_CONFIG);
  ADD ("/core/lockout/outlook", test_outlook, UNIT_ONLY_CONFIG);
  ADD ("/core/lockout/survives-restart", test_survives_restart, LOCKOUT_CONFIG);
  ADD ("/core/lockout/level-survives-restart", test_level_survives_restart, UNIT_ONLY_CONFIG);
  /* Last: it fails against lt-access.c as it stands, and makes assertions non-fatal to report fully. */
  ADD ("/core/lockout/retry-after-is-the-real-wait", test_retry_after_is_the_real_wait, LOCKOUT_CONFIG);

  return g_test_run ();
}
