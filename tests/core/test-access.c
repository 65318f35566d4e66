/* test-access.c: access decisions for every credential, door and hour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-access.h"
#include "lt-store-private.h"

#include <string.h>

#define UNIT        "3-1203"
#define PIN         "864297"
#define DURESS_PIN  "579132"
#define WRONG_PIN   "135790"
#define CARD        "26:201:53791"
#define CARD_NUMBER "53791"
#define HEX_CARD    "04E1F2A3B4"

/* Monday 1 June 2026, a working day in Hangzhou. */
#define YEAR   2026
#define MONTH  6
#define MONDAY 1

static void
present (LtAccess   *access,
         LtMethod    method,
         const char *door,
         const char *unit,
         const char *secret,
         gint64      time_us,
         LtDecision *decision)
{
  lt_test_present (access, method, door, "lobby", unit, secret, time_us, decision);
}

static void
present_pin (LtAccess   *access,
             const char *unit,
             const char *pin,
             gint64      time_us,
             LtDecision *decision)
{
  present (access, LT_METHOD_PIN, NULL, unit, pin, time_us, decision);
}

static void
present_card (LtAccess   *access,
              const char *card,
              gint64      time_us,
              LtDecision *decision)
{
  present (access, LT_METHOD_CARD, NULL, NULL, card, time_us, decision);
}

static void
assert_decision (const LtDecision *decision,
                 gboolean          granted,
                 LtReason          reason)
{
  g_assert_cmpstr (lt_reason_to_string (decision->reason), ==, lt_reason_to_string (reason));
  g_assert_cmpint (decision->granted, ==, granted);
}

static guint
count_events (LtFixture  *fixture,
              const char *kind)
{
  g_autoptr (GPtrArray) events = lt_test_list_events (fixture->store);
  guint n = 0;

  for (guint i = 0; i < events->len; i++) {
    const LtEvent *event = g_ptr_array_index (events, i);
    if (g_strcmp0 (lt_event_kind_to_string (event->kind), kind) == 0)
      n++;
  }
  return n;
}

static gint64
add_schedule (LtFixture  *fixture,
              const char *name,
              const char *windows)
{
  g_autoptr (GError) error = NULL;
  gint64 id = lt_store_add_schedule (fixture->store, name, windows, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
set_schedule (LtFixture *fixture,
              gint64     person,
              gint64     schedule)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lt_store_set_schedule (fixture->store, person, schedule, &error));
  g_assert_no_error (error);
}

static void
test_grant_pin (LtFixture    *fixture,
                gconstpointer data)
{
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  g_autoptr (LtEvent) event = NULL;
  LtDecision decision;

  present_pin (access, UNIT, PIN, lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0), &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
  g_assert_cmpint (decision.subject_id, ==, id);
  g_assert_cmpint (decision.subject_kind, ==, LT_PERSON_RESIDENT);
  g_assert_cmpint (decision.event_id, >, 0);

  event = lt_test_find_event (fixture->store, decision.event_id);
  g_assert_nonnull (event);
  g_assert_cmpstr (lt_event_kind_to_string (event->kind), ==, "decision");
  g_assert_cmpstr (lt_event_result_to_string (event->result), ==, "granted");
  g_assert_cmpint (event->subject_id, ==, id);
}

static void
test_grant_card (LtFixture    *fixture,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", NULL, CARD);
  gint64 guard;
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64     now = lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0);
  LtDecision decision;

  present_card (access, CARD, now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
  g_assert_cmpint (decision.subject_id, ==, id);

  /* The same card written differently is the same card. */
  present_card (access, " 26:0201:53791 ", now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
  g_assert_cmpint (decision.subject_id, ==, id);

  guard = lt_store_add_person (fixture->store, LT_PERSON_GUARD, NULL, "Guard Li", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lt_store_add_card (fixture->store, fixture->secret, guard, HEX_CARD, &error));
  g_assert_no_error (error);
  present_card (access, "04e1f2a3b4", now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
  g_assert_cmpint (decision.subject_id, ==, guard);
  g_assert_cmpint (decision.subject_kind, ==, LT_PERSON_GUARD);
}

static void
test_wrong_pin (LtFixture    *fixture,
                gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  present_pin (access, UNIT, WRONG_PIN, lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0), &decision);
  assert_decision (&decision, FALSE, LT_REASON_WRONG_PIN);
  g_assert_cmpint (decision.subject_id, ==, 0);
  g_assert_cmpint (decision.event_id, >, 0);

  /* Another resident's PIN is wrong in this unit. */
  lt_fixture_add_resident (fixture, "3-1204", "李娜", "246813", NULL);
  present_pin (access, UNIT, "246813", lt_test_local_time (YEAR, MONTH, MONDAY, 10, 1), &decision);
  assert_decision (&decision, FALSE, LT_REASON_WRONG_PIN);
}

static void
test_unknown_unit (LtFixture    *fixture,
                   gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64     now = lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0);
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  /* A well-formed unit that does not exist, even with a PIN valid
   * elsewhere: answered as a wrong PIN, so that nobody learns which units
   * exist. */
  present_pin (access, "9-9999", PIN, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_WRONG_PIN);
  g_assert_cmpint (decision.subject_id, ==, 0);
  present_pin (access, "9-9999", WRONG_PIN, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_WRONG_PIN);
}

static void
test_unknown_card (LtFixture    *fixture,
                   gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64     now = lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0);
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  present_card (access, "26:201:53792", now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_UNKNOWN_CREDENTIAL);
  g_assert_cmpint (decision.subject_id, ==, 0);
  /* Same facility and number in the other format is another card. */
  present_card (access, "34:201:53791", now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_UNKNOWN_CREDENTIAL);
  present_card (access, HEX_CARD, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_UNKNOWN_CREDENTIAL);
}

static void
test_malformed (LtFixture    *fixture,
                gconstpointer data)
{
  static const char *const bad_cards[] = { "", "not-a-card", "26:256:1", "26:1:65536", "99:1:1", "04E1F2", "04E1F2A3B", NULL };
  static const char *const bad_units[] = { "", "3 1203", "3-1203-1-1", "单元1", "1234567", NULL };
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64     now = lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0);
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  for (guint i = 0; bad_cards[i] != NULL; i++) {
    present_card (access, bad_cards[i], now, &decision);
    assert_decision (&decision, FALSE, LT_REASON_MALFORMED);
  }
  present_card (access, NULL, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_MALFORMED);

  for (guint i = 0; bad_units[i] != NULL; i++) {
    present_pin (access, bad_units[i], PIN, now, &decision);
    assert_decision (&decision, FALSE, LT_REASON_MALFORMED);
  }
  present_pin (access, NULL, PIN, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_MALFORMED);
  present_pin (access, UNIT, NULL, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_MALFORMED);

  /* None of that counted against the unit. */
  present_pin (access, UNIT, PIN, now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
}

/* There is no API to deactivate someone yet, so the flag is set the way a
 * later migration or admin command would: in the people table. */
static void
test_inactive (LtFixture    *fixture,
               gconstpointer data)
{
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  g_autofree char *sql = g_strdup_printf ("UPDATE people SET active = 0 WHERE id = %" G_GINT64_FORMAT, id);
  gint64           now = lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0);
  LtDecision       decision;

  g_assert_cmpint (sqlite3_exec (lt_store_get_db (fixture->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  present_pin (access, UNIT, PIN, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_INACTIVE);
  g_assert_cmpint (decision.subject_id, ==, id);
  present_card (access, CARD, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_INACTIVE);
  g_assert_cmpint (decision.subject_id, ==, id);
}

static void
test_expired (LtFixture    *fixture,
              gconstpointer data)
{
  gint64 id = lt_fixture_add_resident_until (fixture, UNIT, "张伟", "2026-06-30", PIN, CARD);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  const struct {
    int      day_of_month, month, hour, minute;
    gboolean granted;
  } cases[] = {
    { 29, 6, 12, 0, TRUE },
    { 30, 6, 0, 0, TRUE },   /* the last valid day is still granted */
    { 30, 6, 23, 30, TRUE }, /* 15:30 UTC */
    { 30, 6, 23, 59, TRUE },
    { 1, 7, 0, 0, FALSE },
    { 1, 7, 0, 30, FALSE }, /* still 30 June in UTC: the local day counts */
    { 15, 8, 9, 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gint64     when = lt_test_local_time (YEAR, cases[i].month, cases[i].day_of_month, cases[i].hour, cases[i].minute);
    LtDecision decision;

    g_test_message ("case %u", i);
    present_pin (access, UNIT, PIN, when, &decision);
    assert_decision (&decision, cases[i].granted, cases[i].granted ? LT_REASON_OK : LT_REASON_EXPIRED);
    g_assert_cmpint (decision.subject_id, ==, id);
    present_card (access, CARD, when, &decision);
    assert_decision (&decision, cases[i].granted, cases[i].granted ? LT_REASON_OK : LT_REASON_EXPIRED);
  }
}

static void
test_schedule (LtFixture    *fixture,
               gconstpointer data)
{
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  gint64 other = lt_fixture_add_resident (fixture, "3-1204", "李娜", "246813", NULL);
  gint64 schedule = add_schedule (fixture, "cleaners", "mon-fri 07:00-22:00; sat,sun 09:00-18:00");
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  const struct {
    int      day, hour, minute;
    gboolean granted;
  } cases[] = {
    { MONDAY, 6, 59, FALSE },
    { MONDAY, 7, 0, TRUE }, /* Sunday 23:00 in UTC: local time decides */
    { MONDAY, 7, 30, TRUE },
    { MONDAY, 21, 59, TRUE },
    { MONDAY, 22, 0, FALSE },     /* the end is exclusive */
    { MONDAY + 4, 12, 0, TRUE },  /* Friday */
    { MONDAY + 5, 8, 59, FALSE }, /* Saturday */
    { MONDAY + 5, 9, 0, TRUE },
    { MONDAY + 5, 17, 59, TRUE },
    { MONDAY + 5, 18, 0, FALSE },
    { MONDAY + 6, 20, 0, FALSE }, /* Sunday evening */
    { MONDAY + 7, 3, 0, FALSE },  /* next Monday night */
  };
  LtDecision decision;

  set_schedule (fixture, id, schedule);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gint64   when = lt_test_local_time (YEAR, MONTH, cases[i].day, cases[i].hour, cases[i].minute);
    LtReason expected = cases[i].granted ? LT_REASON_OK : LT_REASON_OUTSIDE_SCHEDULE;

    g_test_message ("case %u", i);
    present_pin (access, UNIT, PIN, when, &decision);
    assert_decision (&decision, cases[i].granted, expected);
    g_assert_cmpint (decision.subject_id, ==, id);
    present_card (access, CARD, when, &decision);
    assert_decision (&decision, cases[i].granted, expected);

    /* Someone without a schedule comes in at any time. */
    present_pin (access, "3-1204", "246813", when, &decision);
    assert_decision (&decision, TRUE, LT_REASON_OK);
    g_assert_cmpint (decision.subject_id, ==, other);
  }

  /* Taking the schedule away opens every hour again. */
  set_schedule (fixture, id, 0);
  present_pin (access, UNIT, PIN, lt_test_local_time (YEAR, MONTH, MONDAY, 3, 0), &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
}

static void
test_holiday (LtFixture    *fixture,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  gint64 other = lt_fixture_add_resident (fixture, "3-1204", "李娜", "246813", NULL);
  gint64 with_holiday = add_schedule (fixture, "office", "mon-fri 07:00-22:00; holiday 10:00-12:00");
  gint64 without_holiday = add_schedule (fixture, "weekdays", "mon-sun 07:00-22:00");
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  const struct {
    int      day, hour, minute;
    gboolean granted;
    gboolean other_granted;
  } cases[] = {
    { MONDAY + 2, 8, 0, FALSE, FALSE }, /* the Wednesday holiday: weekday windows do not apply */
    { MONDAY + 2, 9, 59, FALSE, FALSE },
    { MONDAY + 2, 10, 0, TRUE, FALSE },
    { MONDAY + 2, 11, 59, TRUE, FALSE },
    { MONDAY + 2, 12, 0, FALSE, FALSE },
    { MONDAY + 3, 8, 0, TRUE, TRUE }, /* Thursday is an ordinary day */
    { MONDAY + 3, 11, 0, TRUE, TRUE },
    { MONDAY + 5, 11, 0, TRUE, FALSE }, /* the Saturday holiday */
    { MONDAY + 6, 11, 0, FALSE, TRUE }, /* an ordinary Sunday */
  };

  g_assert_true (lt_store_add_holiday (fixture->store, "2026-06-03", "端午节", &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_add_holiday (fixture->store, "2026-06-06", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (lt_store_add_holiday (fixture->store, "2026-02-30", NULL, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);

  set_schedule (fixture, id, with_holiday);
  set_schedule (fixture, other, without_holiday);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gint64     when = lt_test_local_time (YEAR, MONTH, cases[i].day, cases[i].hour, cases[i].minute);
    LtDecision decision;

    g_test_message ("case %u", i);
    present_pin (access, UNIT, PIN, when, &decision);
    assert_decision (&decision, cases[i].granted, cases[i].granted ? LT_REASON_OK : LT_REASON_OUTSIDE_SCHEDULE);
    present_card (access, CARD, when, &decision);
    assert_decision (&decision, cases[i].granted, cases[i].granted ? LT_REASON_OK : LT_REASON_OUTSIDE_SCHEDULE);
    present_pin (access, "3-1204", "246813", when, &decision);
    assert_decision (&decision, cases[i].other_granted,
                     cases[i].other_granted ? LT_REASON_OK : LT_REASON_OUTSIDE_SCHEDULE);
  }
}

static void
test_method_disabled (LtFixture    *fixture,
                      gconstpointer data)
{
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 now = lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0);
  g_autoptr (LtEvent) event = NULL;
  LtDecision decision;

  present_pin (access, UNIT, PIN, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_METHOD_DISABLED);
  g_assert_cmpint (decision.subject_id, ==, 0);
  event = lt_test_find_event (fixture->store, decision.event_id);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->method, ==, "pin");
  g_assert_cmpstr (event->reason, ==, "method-disabled");

  present_card (access, CARD, now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
  g_assert_cmpint (decision.subject_id, ==, id);

  /* Methods that are never entry credentials cannot be presented. */
  present (access, LT_METHOD_ADMIN, NULL, NULL, CARD, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_METHOD_DISABLED);
}

static void
test_unknown_door (LtFixture    *fixture,
                   gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 now = lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0);
  g_autoptr (LtEvent) event = NULL;
  LtDecision decision;

  lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  present (access, LT_METHOD_PIN, "nowhere", UNIT, PIN, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_UNKNOWN_DOOR);
  g_assert_cmpint (decision.subject_id, ==, 0);
  event = lt_test_find_event (fixture->store, decision.event_id);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->door, ==, "nowhere");
  g_assert_cmpstr (event->reason, ==, "unknown-door");

  present (access, LT_METHOD_CARD, "nowhere", NULL, CARD, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_UNKNOWN_DOOR);

  /* The terminal's own door by name is known. */
  present (access, LT_METHOD_CARD, "main", NULL, CARD, now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
}

static void
test_per_door (LtFixture    *fixture,
               gconstpointer data)
{
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  gint64 now = lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0);
  g_autoptr (LtEvent) event = NULL;
  LtDecision decision;

  /* [door] methods=pin; [door:garage] methods=card; [door:gym] inherits pin. */
  present (access, LT_METHOD_PIN, NULL, UNIT, PIN, now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
  present (access, LT_METHOD_CARD, NULL, NULL, CARD, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_METHOD_DISABLED);

  present (access, LT_METHOD_CARD, "garage", NULL, CARD, now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
  g_assert_cmpint (decision.subject_id, ==, id);
  event = lt_test_find_event (fixture->store, decision.event_id);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->door, ==, "garage");
  g_assert_cmpstr (event->method, ==, "card");
  present (access, LT_METHOD_PIN, "garage", UNIT, PIN, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_METHOD_DISABLED);

  present (access, LT_METHOD_PIN, "gym", UNIT, PIN, now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
  present (access, LT_METHOD_CARD, "gym", NULL, CARD, now, &decision);
  assert_decision (&decision, FALSE, LT_REASON_METHOD_DISABLED);
}

static void
test_duress (LtFixture    *fixture,
             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, NULL);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  g_autoptr (GPtrArray) events = NULL;
  gint64         now = lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0);
  const LtEvent *decision_event = NULL, *alarm = NULL;
  LtDecision     decision;

  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, id, DURESS_PIN, TRUE, &error));
  g_assert_no_error (error);

  /* The normal PIN raises nothing. */
  present_pin (access, UNIT, PIN, now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
  g_assert_cmpuint (count_events (fixture, "alarm"), ==, 0);

  present_pin (access, UNIT, DURESS_PIN, now + G_USEC_PER_SEC, &decision);
  assert_decision (&decision, TRUE, LT_REASON_DURESS);
  g_assert_cmpint (decision.subject_id, ==, id);
  g_assert_cmpint (decision.subject_kind, ==, LT_PERSON_RESIDENT);

  events = lt_test_list_events (fixture->store);
  for (guint i = 0; i < events->len; i++) {
    const LtEvent *event = g_ptr_array_index (events, i);
    if (event->time_us != now + G_USEC_PER_SEC)
      continue;
    if (g_strcmp0 (lt_event_kind_to_string (event->kind), "decision") == 0) {
      g_assert_null (decision_event);
      decision_event = event;
    } else if (g_strcmp0 (lt_event_kind_to_string (event->kind), "alarm") == 0) {
      g_assert_null (alarm);
      alarm = event;
    }
  }
  g_assert_nonnull (decision_event);
  g_assert_cmpint (decision_event->id, ==, decision.event_id);
  g_assert_cmpstr (lt_event_result_to_string (decision_event->result), ==, "granted");
  g_assert_cmpstr (decision_event->reason, ==, "duress");
  g_assert_cmpint (decision_event->subject_id, ==, id);
  g_assert_nonnull (alarm);
  g_assert_cmpstr (alarm->reason, ==, "duress");
  g_assert_cmpstr (alarm->door, ==, "main");
  g_assert_cmpint (alarm->subject_id, ==, id);
  g_assert_cmpuint (count_events (fixture, "alarm"), ==, 1);
}

/* R4: whatever the credential, the person's own rules decide. */
static void
test_same_by_pin_and_card (LtFixture    *fixture,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = lt_fixture_add_resident_until (fixture, UNIT, "张伟", "2026-06-05", PIN, CARD);
  gint64 schedule = add_schedule (fixture, "family", "mon-fri 07:00-22:00; sat,sun 09:00-18:00; holiday 10:00-12:00");
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  static const int minutes[] = { 0, 1, 59 };
  guint            granted = 0, reasons_seen = 0;

  set_schedule (fixture, id, schedule);
  g_assert_true (lt_store_add_holiday (fixture->store, "2026-06-03", NULL, &error));
  g_assert_no_error (error);

  /* Monday 1 June to Sunday 7 June, past the last valid day on the 5th. */
  for (int day = MONDAY; day < MONDAY + 7; day++) {
    for (int hour = 0; hour < 24; hour++) {
      for (guint m = 0; m < G_N_ELEMENTS (minutes); m++) {
        gint64     when = lt_test_local_time (YEAR, MONTH, day, hour, minutes[m]);
        LtDecision by_pin, by_card;

        present_pin (access, UNIT, PIN, when, &by_pin);
        present_card (access, CARD, when, &by_card);
        if (by_pin.granted != by_card.granted || by_pin.reason != by_card.reason)
          g_error ("2026-06-%02d %02d:%02d: PIN %s/%s, card %s/%s", day, hour, minutes[m],
                   by_pin.granted ? "granted" : "denied", lt_reason_to_string (by_pin.reason),
                   by_card.granted ? "granted" : "denied", lt_reason_to_string (by_card.reason));
        g_assert_cmpint (by_pin.subject_id, ==, by_card.subject_id);
        g_assert_cmpint (by_pin.subject_id, ==, id);
        granted += by_pin.granted;
        reasons_seen |= 1u << by_pin.reason;
      }
    }
  }
  /* The grid really covered grants and both kinds of denial. */
  g_assert_cmpuint (granted, >, 0);
  g_assert_true (reasons_seen & (1u << LT_REASON_OK));
  g_assert_true (reasons_seen & (1u << LT_REASON_OUTSIDE_SCHEDULE));
  g_assert_true (reasons_seen & (1u << LT_REASON_EXPIRED));
}

static gboolean
contains (const char *field,
          const char *needle)
{
  return field != NULL && strstr (field, needle) != NULL;
}

static void
assert_no_secret_in_events (GPtrArray  *events,
                            const char *needle)
{
  for (guint i = 0; i < events->len; i++) {
    const LtEvent *e = g_ptr_array_index (events, i);

    if (contains (lt_event_kind_to_string (e->kind), needle) || contains (e->door, needle) || contains (e->method, needle) || contains (lt_event_result_to_string (e->result), needle) || contains (e->reason, needle) || contains (e->detail, needle))
      g_error ("event %" G_GINT64_FORMAT " contains “%s”", e->id, needle);
  }
}

static void
assert_no_secret_in_files (LtFixture  *fixture,
                           const char *needle)
{
  static const char *const suffixes[] = { "", "-wal", "-journal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++) {
    g_autofree char *path = g_strconcat (fixture->db_path, suffixes[i], NULL);
    g_assert_false (lt_test_file_contains (path, (const guint8 *)needle, strlen (needle)));
  }
}

static void
test_decision_events (LtFixture    *fixture,
                      gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  g_autoptr (GPtrArray) events = NULL;
  g_autofree char         *wal = g_strconcat (fixture->db_path, "-wal", NULL);
  static const char *const secrets[] = {
    PIN,
    DURESS_PIN,
    WRONG_PIN,
    CARD,
    CARD_NUMBER,
    "201:53791",
    HEX_CARD,
    "04e1f2a3b4",
    "E1F2A3B4",
    "99999",
    "77777",
  };
  const struct {
    LtMethod    method;
    const char *door;
    const char *unit;
    const char *secret;
    const char *result;
    const char *reason;
    gboolean    has_subject;
  } cases[] = {
    { LT_METHOD_PIN, NULL, UNIT, PIN, "granted", "ok", TRUE },
    { LT_METHOD_PIN, NULL, UNIT, DURESS_PIN, "granted", "duress", TRUE },
    { LT_METHOD_PIN, NULL, UNIT, WRONG_PIN, "denied", "wrong-pin", FALSE },
    /* Not 9-9999: the event row holds the unit twice, side by side, and
     * "9-9999" next to "unit=9-9999" reads as the card number 99999. */
    { LT_METHOD_PIN, NULL, "9-9998", PIN, "denied", "wrong-pin", FALSE },
    { LT_METHOD_PIN, NULL, "bad unit", PIN, "denied", "malformed", FALSE },
    { LT_METHOD_CARD, NULL, NULL, CARD, "granted", "ok", TRUE },
    { LT_METHOD_CARD, NULL, NULL, "04e1f2a3b4", "denied", "unknown-credential", FALSE },
    { LT_METHOD_CARD, NULL, NULL, "26:999:99999", "denied", "malformed", FALSE },
    { LT_METHOD_CARD, NULL, NULL, "77777", "denied", "malformed", FALSE },
    { LT_METHOD_CARD, "nowhere", NULL, CARD, "denied", "unknown-door", FALSE },
    { LT_METHOD_QR, NULL, NULL, PIN, "denied", "unknown-credential", FALSE },
  };
  guint before;

  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, id, DURESS_PIN, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_add_card (fixture->store, fixture->secret, id, HEX_CARD, &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_remove_card (fixture->store, fixture->secret, id, HEX_CARD, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gint64 when = lt_test_local_time (YEAR, MONTH, MONDAY, 10, (int)i);
    g_autoptr (LtEvent) event = NULL;
    LtDecision decision;

    g_test_message ("case %u", i);
    before = count_events (fixture, "decision");
    present (access, cases[i].method, cases[i].door, cases[i].unit, cases[i].secret, when, &decision);
    g_assert_cmpuint (count_events (fixture, "decision"), ==, before + 1);
    g_assert_cmpint (decision.granted, ==, g_str_equal (cases[i].result, "granted"));

    event = lt_test_find_event (fixture->store, decision.event_id);
    g_assert_nonnull (event);
    g_assert_cmpstr (lt_event_kind_to_string (event->kind), ==, "decision");
    g_assert_cmpint (event->time_us, ==, when);
    g_assert_cmpstr (event->door, ==, cases[i].door ? cases[i].door : "main");
    g_assert_cmpstr (event->method, ==, lt_method_to_string (cases[i].method));
    g_assert_cmpstr (lt_event_result_to_string (event->result), ==, cases[i].result);
    g_assert_cmpstr (event->reason, ==, cases[i].reason);
    g_assert_cmpint (event->subject_id, ==, cases[i].has_subject ? id : 0);
    /* The unit is a column of its own, for PINs that named a valid one. */
    if (cases[i].method == LT_METHOD_PIN && g_strcmp0 (cases[i].reason, "malformed") != 0)
      g_assert_cmpstr (event->unit, ==, cases[i].unit);
    else
      g_assert_null (event->unit);
    g_assert_cmpint (event->pass_id, ==, 0);
  }

  events = lt_test_list_events (fixture->store);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (cases) + 1); /* and the one alarm */
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++) {
    assert_no_secret_in_events (events, secrets[i]);
    assert_no_secret_in_files (fixture, secrets[i]);
  }
  /* The check above looked at a live WAL, not only at an empty file. */
  g_assert_true (lt_test_file_contains (wal, (const guint8 *)"unknown-credential", strlen ("unknown-credential")));
}

static void
test_storage_failure (LtFixture    *fixture,
                      gconstpointer data)
{
  gint64 id = lt_fixture_add_resident (fixture, UNIT, "张伟", PIN, CARD);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  sqlite3   *db = lt_store_get_db (fixture->store);
  gint64     now = lt_test_local_time (YEAR, MONTH, MONDAY, 10, 0);
  LtDecision decision;
  guint      before = count_events (fixture, "decision");

  /* The event log refuses every row: a grant that cannot be recorded is no grant. */
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER no_events BEFORE INSERT ON events"
                                     " BEGIN SELECT RAISE (FAIL, 'disk full'); END",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_test_expect_message ("lt-access", G_LOG_LEVEL_WARNING, "Access decision failed*");
  present_pin (access, UNIT, PIN, now, &decision);
  g_test_assert_expected_messages ();
  assert_decision (&decision, FALSE, LT_REASON_STORAGE_ERROR);

  g_test_expect_message ("lt-access", G_LOG_LEVEL_WARNING, "Access decision failed*");
  present_card (access, CARD, now, &decision);
  g_test_assert_expected_messages ();
  assert_decision (&decision, FALSE, LT_REASON_STORAGE_ERROR);

  /* Failures are rolled back with the rest: wrong PINs that could not be
   * recorded do not count towards a lockout either. */
  for (guint i = 0; i < 6; i++) {
    g_test_expect_message ("lt-access", G_LOG_LEVEL_WARNING, "Access decision failed*");
    present_pin (access, UNIT, WRONG_PIN, now, &decision);
    g_test_assert_expected_messages ();
    assert_decision (&decision, FALSE, LT_REASON_STORAGE_ERROR);
  }

  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER no_events", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpuint (count_events (fixture, "decision"), ==, before);
  present_pin (access, UNIT, PIN, now, &decision);
  assert_decision (&decision, TRUE, LT_REASON_OK);
  g_assert_cmpint (decision.subject_id, ==, id);
  g_assert_cmpuint (count_events (fixture, "decision"), ==, before + 1);
}

static void
test_reason_names (void)
{
  g_assert_cmpstr (lt_reason_to_string (LT_REASON_OK), ==, "ok");
  g_assert_cmpstr (lt_reason_to_string (LT_REASON_DURESS), ==, "duress");
  g_assert_cmpstr (lt_reason_to_string (LT_REASON_UNKNOWN_CREDENTIAL), ==, "unknown-credential");
  g_assert_cmpstr (lt_reason_to_string (LT_REASON_WRONG_PIN), ==, "wrong-pin");
  g_assert_cmpstr (lt_reason_to_string (LT_REASON_LOCKED_OUT), ==, "locked-out");
  g_assert_cmpstr (lt_reason_to_string (LT_REASON_STORAGE_ERROR), ==, "storage-error");
  for (guint i = 0; i < LT_N_REASONS; i++) {
    const char *name = lt_reason_to_string ((LtReason)i);
    g_assert_nonnull (name);
    for (guint j = 0; j < i; j++)
      g_assert_cmpstr (name, !=, lt_reason_to_string ((LtReason)j));
  }
}

#define ADD(path, func, extra) \
  g_test_add (path, LtFixture, extra, lt_fixture_setup, func, lt_fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/access/reason-names", test_reason_names);
  ADD ("/core/access/grant-pin", test_grant_pin, NULL);
  ADD ("/core/access/grant-card", test_grant_card, NULL);
  ADD ("/core/access/wrong-pin", test_wrong_pin, NULL);
  ADD ("/core/access/unknown-unit", test_unknown_unit, NULL);
  ADD ("/core/access/unknown-card", test_unknown_card, NULL);
  ADD ("/core/access/malformed", test_malformed, "[access]\nreader-lockout-failures=100\n");
  ADD ("/core/access/inactive", test_inactive, NULL);
  ADD ("/core/access/expired", test_expired, NULL);
  ADD ("/core/access/schedule", test_schedule, NULL);
  ADD ("/core/access/holiday", test_holiday, NULL);
  ADD ("/core/access/method-disabled", test_method_disabled, "[door]\nmethods=card\n");
  ADD ("/core/access/unknown-door", test_unknown_door, NULL);
  ADD ("/core/access/per-door", test_per_door,
       "[door]\nmethods=pin\n\n[door:garage]\nmethods=card\n\n[door:gym]\nunlock-seconds=3\n");
  ADD ("/core/access/duress", test_duress, NULL);
  ADD ("/core/access/same-by-pin-and-card", test_same_by_pin_and_card, NULL);
  ADD ("/core/access/decision-events", test_decision_events, NULL);
  ADD ("/core/access/storage-failure", test_storage_failure, NULL);

  return g_test_run ();
}
