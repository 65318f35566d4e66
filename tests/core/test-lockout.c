/* test-lockout.c: wrong PINs and unknown cards lock a unit or a reader for a while
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-access.h"
#include "lt-lockout.h"

#include <string.h>

#define UNIT "3-1203"
#define OTHER_UNIT "3-1204"
#define PIN "864297"
#define OTHER_PIN "246813"
#define WRONG_PIN "135790"
#define CARD "26:201:53791"

#define LOCKOUT_CONFIG "[access]\nlockout-failures=5\nlockout-seconds=30\nlockout-max-seconds=100\n"
/* The same, with the reader lockout out of the way of the unit's. */
#define UNIT_ONLY_CONFIG LOCKOUT_CONFIG "reader-lockout-failures=1000\n"
#define READER_CONFIG "[access]\nlockout-failures=5\nlockout-seconds=30\nreader-lockout-failures=3\n\n[door:garage]\nmethods=pin;card\n"

#define SECONDS(s) ((gint64) (s) * G_USEC_PER_SEC)

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
  g_autoptr(LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t0 = start_time ();
  g_autoptr(GPtrArray) events = NULL;
  guint wait = 0;
  LtDecision decision;

  lt_fixture_add_resident (fixture, OTHER_UNIT, "李娜", OTHER_PIN, NULL);
  fail_pins (access, UNIT, 5, t0);

  /* The sixth attempt is refused even with the right PIN. */
  assert_reason (try_pin (access, UNIT, PIN, t0 + 10, &wait), LT_REASON_LOCKED_OUT);
  g_assert_cmpuint (wait, ==, 30);
  decide (access, LT_METHOD_PIN, "keypad", UNIT, PIN, t0 + SECONDS (10), &decision);
  g_assert_false (decision.granted);
  g_assert_cmpint (decision.subject_id, ==, 0);   /* nothing learnt about who the PIN belongs to */
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
  g_autoptr(LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
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
  g_autoptr(LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t = start_time ();
  const guint waits[] = { 30, 60, 100, 100 };   /* 120 and 240 capped by lockout-max-seconds */

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++) {
    g_test_message ("lockout %u", i + 1);
    fail_pins (access, UNIT, 5, t);
    assert_locked (access, UNIT, t + 5, waits[i]);
    /* One second before the end it still holds. */
    assert_locked (access, UNIT, t + 5 + SECONDS (waits[i] - 1), 1);
    t += 5 + SECONDS (waits[i]);
  }

  /* A success resets the level: the next lockout is the short one again. */
  assert_reason (try_pin (access, UNIT, PIN, t, NULL), LT_REASON_OK);
  t += SECONDS (1);
  fail_pins (access, UNIT, 5, t);
  assert_locked (access, UNIT, t + 5, 30);
}

/* With the reader's own count at its default of 10, the tenth wrong PIN at
 * one keypad locks the keypad for 30 s while the unit is locked for 60 s.
 * The wait a person is told must be the wait there really is. */
static void
test_retry_after_is_the_real_wait (LtFixture    *fixture,
                                   gconstpointer data)
{
  g_autoptr(LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t = start_time ();
  guint wait = 0;

  g_test_set_nonfatal_assertions ();
  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  fail_pins (access, UNIT, 5, t);
  t += 5 + SECONDS (30);
  fail_pins (access, UNIT, 5, t);
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
  g_autoptr(LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t0 = start_time ();
  static const char * const unknown[] = { "26:1:1", "26:1:2", "04A1B2C3" };
  LtDecision decision;

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++) {
    decide (access, LT_METHOD_CARD, "lobby-reader", NULL, unknown[i], t0, &decision);
    assert_reason (decision.reason, LT_REASON_UNKNOWN_CREDENTIAL);
  }

  /* That reader is locked, for a good card and a good PIN alike. */
  decide (access, LT_METHOD_CARD, "lobby-reader", NULL, CARD, t0 + SECONDS (1), &decision);
  assert_reason (decision.reason, LT_REASON_LOCKED_OUT);
  g_assert_false (decision.granted);
  g_assert_cmpuint (decision.retry_after_s, ==, 29);
  decide (access, LT_METHOD_PIN, "lobby-reader", UNIT, PIN, t0 + SECONDS (2), &decision);
  assert_reason (decision.reason, LT_REASON_LOCKED_OUT);

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
  g_autoptr(LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t0 = start_time ();
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  /* Guessing units at one keypad counts against the keypad. */
  for (guint i = 0; i < 3; i++) {
    g_autofree char *unit = g_strdup_printf ("9-%u", 100 + i);
    decide (access, LT_METHOD_PIN, "keypad", unit, PIN, t0 + (gint64) i, &decision);
    assert_reason (decision.reason, LT_REASON_UNKNOWN_CREDENTIAL);
  }
  decide (access, LT_METHOD_PIN, "keypad", UNIT, PIN, t0 + SECONDS (1), &decision);
  assert_reason (decision.reason, LT_REASON_LOCKED_OUT);
  decide (access, LT_METHOD_PIN, "other-keypad", UNIT, PIN, t0 + SECONDS (1), &decision);
  assert_reason (decision.reason, LT_REASON_OK);
}

static void
test_success_resets_reader (LtFixture    *fixture,
                            gconstpointer data)
{
  g_autoptr(LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t = start_time ();
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  for (guint round = 0; round < 4; round++) {
    /* Two unknown cards, then a good one: never three in a row. */
    for (guint i = 0; i < 2; i++) {
      decide (access, LT_METHOD_CARD, "lobby-reader", NULL, "26:1:1", t++, &decision);
      assert_reason (decision.reason, LT_REASON_UNKNOWN_CREDENTIAL);
    }
    decide (access, LT_METHOD_CARD, "lobby-reader", NULL, CARD, t++, &decision);
    assert_reason (decision.reason, LT_REASON_OK);
  }
}

static void
test_survives_restart (LtFixture    *fixture,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 t0 = start_time ();
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  fail_pins (access, UNIT, 5, t0);
  for (guint i = 0; i < 10; i++) {
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
  g_autoptr(GError) error = NULL;
  g_autoptr(LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
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
  fail_pins (access, UNIT, 5, t);
  assert_locked (access, UNIT, t + 5, 60);
}

static void
test_config_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtConfig) config = NULL;

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
  g_assert_cmpuint (config->reader_lockout_failures, ==, 10);
}

#define ADD(path, func, extra) \
  g_test_add (path, LtFixture, extra, lt_fixture_setup, func, lt_fixture_teardown)

/* The policy alone, in memory: what every scope shares. */
static void
test_policy (LtFixture    *fixture,
             gconstpointer data)
{
  LtLockoutPolicy unit, reader, staff;
  LtLockout lockout = { 0 };
  g_autofree char *unit_key = lt_lockout_key (LT_LOCKOUT_UNIT, NULL, "3-1203");
  g_autofree char *reader_key = lt_lockout_key (LT_LOCKOUT_READER, "main", NULL);
  g_autofree char *staff_key = lt_lockout_key (LT_LOCKOUT_STAFF, NULL, "keypad");

  /* The keys are the rows already in the field: never renamed. */
  g_assert_cmpstr (unit_key, ==, "unit:3-1203");
  g_assert_cmpstr (reader_key, ==, "reader:main/default");
  g_assert_cmpstr (staff_key, ==, "staff:keypad");

  lt_lockout_policy_init (&unit, fixture->config, LT_LOCKOUT_UNIT);
  lt_lockout_policy_init (&reader, fixture->config, LT_LOCKOUT_READER);
  lt_lockout_policy_init (&staff, fixture->config, LT_LOCKOUT_STAFF);
  g_assert_cmpuint (unit.threshold, ==, 5);
  g_assert_cmpuint (reader.threshold, ==, 3);
  g_assert_cmpuint (staff.threshold, ==, 5);
  g_assert_cmpuint (unit.base_seconds, ==, 30);

  /* 5 failures lock for 30 s, the next 5 for 60 s, then 120 s, capped. */
  for (guint round = 0; round < 8; round++) {
    guint64 expected = MIN ((guint64) 30 << round, fixture->config->lockout_max_seconds);

    for (guint i = 0; i < 4; i++) {
      lt_lockout_add_failure (&lockout, &unit, SECONDS (1000 * round));
      g_assert_cmpuint (lt_lockout_remaining (&lockout, SECONDS (1000 * round)), ==, 0);
    }
    lt_lockout_add_failure (&lockout, &unit, SECONDS (1000 * round));
    g_assert_cmpuint (lt_lockout_remaining (&lockout, SECONDS (1000 * round)), ==, expected);
    /* Rounded up to whole seconds, and over when the time comes. */
    g_assert_cmpuint (lt_lockout_remaining (&lockout, SECONDS (1000 * round) + 1), ==, expected);
    g_assert_cmpuint (lt_lockout_remaining (&lockout, SECONDS (1000 * round + expected)), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/lockout/config-limits", test_config_limits);
  ADD ("/core/lockout/policy", test_policy, "[access]\nlockout-failures=5\nlockout-seconds=30\nlockout-max-seconds=900\n"
                                            "reader-lockout-failures=3\n");
  ADD ("/core/lockout/unit", test_unit_lockout, LOCKOUT_CONFIG);
  ADD ("/core/lockout/wrong-pins-while-locked", test_wrong_pins_while_locked, LOCKOUT_CONFIG);
  ADD ("/core/lockout/growing", test_growing_lockout, UNIT_ONLY_CONFIG);
  ADD ("/core/lockout/reader", test_reader_lockout, READER_CONFIG);
  ADD ("/core/lockout/reader-unknown-units", test_reader_unknown_units, READER_CONFIG);
  ADD ("/core/lockout/success-resets-reader", test_success_resets_reader, READER_CONFIG);
  ADD ("/core/lockout/survives-restart", test_survives_restart, LOCKOUT_CONFIG);
  ADD ("/core/lockout/level-survives-restart", test_level_survives_restart, UNIT_ONLY_CONFIG);
  /* Last: it fails against lt-access.c as it stands, and makes assertions non-fatal to report fully. */
  ADD ("/core/lockout/retry-after-is-the-real-wait", test_retry_after_is_the_real_wait, LOCKOUT_CONFIG);

  return g_test_run ();
}
