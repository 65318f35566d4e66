/* test-staff.c: guards and technicians signing in, and the lockout of wrong tries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-staff.h"
#include "lt-store-private.h"

#define GUARD_PIN     "909090"
#define TECH_PIN      "707070"
#define RESIDENT_PIN  "864297"
#define WRONG_PIN     "135790"
#define GUARD_CARD    "26:12:4567"
#define RESIDENT_CARD "26:12:6543"

#define LOCKOUT_CONFIG "[access]\nlockout-failures=5\nlockout-seconds=30\nlockout-max-seconds=100\n"
#define SECONDS(s)     ((gint64)(s)*G_USEC_PER_SEC)

typedef struct {
  LtFixture base;
  gint64    guard;
  gint64    technician;
  gint64    resident;
  gint64    t0;
} StaffFixture;

static void
staff_setup (StaffFixture *f,
             gconstpointer data)
{
  lt_fixture_setup (&f->base, LOCKOUT_CONFIG);
  f->guard = lt_fixture_add_staff (&f->base, LT_PERSON_GUARD, "Guard Li", GUARD_PIN, GUARD_CARD);
  f->technician = lt_fixture_add_staff (&f->base, LT_PERSON_TECHNICIAN, "Tech Wu", TECH_PIN, NULL);
  f->resident = lt_fixture_add_resident (&f->base, "3-1203", "Resident Chen", RESIDENT_PIN, RESIDENT_CARD);
  f->t0 = lt_test_local_time (2026, 6, 1, 10, 0);
}

static void
staff_teardown (StaffFixture *f,
                gconstpointer data)
{
  lt_fixture_teardown (&f->base, NULL);
}

static LtStaffResult
sign_in (StaffFixture *f,
         LtMethod      method,
         const char   *credential,
         const char   *reader,
         gint64        time_us,
         gint64       *who,
         guint        *retry_after_s)
{
  g_autoptr (LtPerson) staff = NULL;
  guint         retry = 0;
  LtStaffResult result = lt_staff_identify_at (f->base.store, f->base.config, f->base.secret, method, credential,
                                               reader, time_us, &staff, &retry);

  g_assert_cmpint (result == LT_STAFF_OK, ==, staff != NULL);
  g_assert_cmpint (result == LT_STAFF_LOCKED_OUT, ==, retry > 0);
  if (who != NULL)
    *who = staff ? staff->id : 0;
  if (retry_after_s != NULL)
    *retry_after_s = retry;
  return result;
}

static const LtEvent *
last_event (GPtrArray *events)
{
  g_assert_cmpuint (events->len, >, 0);
  return g_ptr_array_index (events, events->len - 1);
}

static void
test_sign_in (StaffFixture *f,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  const LtEvent *e;
  gint64         who = 0;

  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, GUARD_PIN, "keypad", f->t0, &who, NULL), ==, LT_STAFF_OK);
  g_assert_cmpint (who, ==, f->guard);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, TECH_PIN, "keypad", f->t0, &who, NULL), ==, LT_STAFF_OK);
  g_assert_cmpint (who, ==, f->technician);
  g_assert_cmpint (sign_in (f, LT_METHOD_CARD, GUARD_CARD, "reader", f->t0, &who, NULL), ==, LT_STAFF_OK);
  g_assert_cmpint (who, ==, f->guard);

  /* Every attempt is an event, with whom and as what. */
  events = lt_store_list_events (f->base.store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  e = last_event (events);
  g_assert_cmpint (e->kind, ==, LT_EVENT_KIND_STAFF);
  g_assert_cmpint (e->result, ==, LT_EVENT_RESULT_SIGNED_IN);
  g_assert_cmpstr (e->method, ==, "card");
  g_assert_cmpstr (e->reason, ==, "guard");
  g_assert_cmpint (e->subject_id, ==, f->guard);
  g_assert_cmpint (e->time_us, ==, f->t0);
  e = g_ptr_array_index (events, 1);
  g_assert_cmpstr (e->reason, ==, "technician");
}

/* A resident's PIN or card is no staff credential; nor is a staff member
 * who is no longer active, nor anything malformed. */
static void
test_refused (StaffFixture *f,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  const LtEvent *e;

  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, RESIDENT_PIN, "keypad", f->t0, NULL, NULL), ==, LT_STAFF_UNKNOWN);
  g_assert_cmpint (sign_in (f, LT_METHOD_CARD, RESIDENT_CARD, "reader", f->t0, NULL, NULL), ==, LT_STAFF_UNKNOWN);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, "12", "keypad", f->t0, NULL, NULL), ==, LT_STAFF_UNKNOWN);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, NULL, "keypad", f->t0, NULL, NULL), ==, LT_STAFF_UNKNOWN);
  g_assert_cmpint (sign_in (f, LT_METHOD_QR, GUARD_PIN, "keypad", f->t0, NULL, NULL), ==, LT_STAFF_UNKNOWN);

  g_assert_cmpint (sqlite3_exec (lt_store_get_db (f->base.store), "UPDATE people SET active = 0 WHERE kind = 'guard'",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, GUARD_PIN, "other", f->t0, NULL, NULL), ==, LT_STAFF_UNKNOWN);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, TECH_PIN, "other", f->t0, NULL, NULL), ==, LT_STAFF_OK);

  events = lt_store_list_events (f->base.store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 7);
  e = g_ptr_array_index (events, 0);
  g_assert_cmpint (e->kind, ==, LT_EVENT_KIND_STAFF);
  g_assert_cmpint (e->result, ==, LT_EVENT_RESULT_DENIED);
  g_assert_cmpstr (e->reason, ==, "unknown-credential");
  g_assert_cmpint (e->subject_id, ==, 0);
}

static void
test_lockout (StaffFixture *f,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  guint  retry = 0;
  gint64 t = f->t0;

  /* Four wrong tries leave the door to the fifth; the fifth locks the
   * Staff entry for 5 minutes and raises an alarm. */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (sign_in (f, LT_METHOD_PIN, WRONG_PIN, "keypad", t, NULL, NULL), ==, LT_STAFF_UNKNOWN);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, WRONG_PIN, "keypad", t, NULL, NULL), ==, LT_STAFF_UNKNOWN);
  events = lt_store_list_events (f->base.store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (last_event (events)->kind, ==, LT_EVENT_KIND_ALARM);
  g_assert_cmpstr (last_event (events)->reason, ==, LT_ALARM_BRUTE_FORCE);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* Locked: even the right PIN is not asked, and the wait is told. */
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, GUARD_PIN, "keypad", t + SECONDS (10), NULL, &retry), ==,
                   LT_STAFF_LOCKED_OUT);
  g_assert_cmpuint (retry, ==, 290);
  g_assert_cmpint (sign_in (f, LT_METHOD_CARD, GUARD_CARD, "keypad", t + SECONDS (299), NULL, &retry), ==,
                   LT_STAFF_LOCKED_OUT);
  g_assert_cmpuint (retry, ==, 1);
  events = lt_store_list_events (f->base.store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (last_event (events)->result, ==, LT_EVENT_RESULT_DENIED);
  g_assert_cmpstr (last_event (events)->reason, ==, "locked-out");

  /* Another reader is not locked by this one. */
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, TECH_PIN, "lobby", t + SECONDS (11), NULL, NULL), ==, LT_STAFF_OK);

  /* After the wait, a guard's own sign-in clears nothing: the next wrong
   * try locks twice as long. */
  t += SECONDS (300);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, GUARD_PIN, "keypad", t, NULL, NULL), ==, LT_STAFF_OK);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, WRONG_PIN, "keypad", t, NULL, NULL), ==, LT_STAFF_UNKNOWN);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, GUARD_PIN, "keypad", t, NULL, &retry), ==, LT_STAFF_LOCKED_OUT);
  g_assert_cmpuint (retry, ==, 600);

  /* Only time forgets: after a quiet hour, five tries to the next lockout. */
  t += SECONDS (600) + SECONDS (3600);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (sign_in (f, LT_METHOD_PIN, WRONG_PIN, "keypad", t, NULL, NULL), ==, LT_STAFF_UNKNOWN);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, GUARD_PIN, "keypad", t, NULL, NULL), ==, LT_STAFF_OK);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, WRONG_PIN, "keypad", t, NULL, NULL), ==, LT_STAFF_UNKNOWN);
  g_assert_cmpint (sign_in (f, LT_METHOD_PIN, GUARD_PIN, "keypad", t, NULL, &retry), ==, LT_STAFF_LOCKED_OUT);
  g_assert_cmpuint (retry, ==, 300);
}

/* The staff lockout is its own: it neither locks nor is locked by a
 * unit's wrong PINs. */
static void
test_lockout_separate (StaffFixture *f,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  LtLockout lockout;

  for (guint i = 0; i < 5; i++)
    sign_in (f, LT_METHOD_PIN, RESIDENT_PIN, "keypad", f->t0, NULL, NULL);
  g_assert_true (lt_store_get_lockout (f->base.store, "unit:3-1203", &lockout, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lockout.locked_until_us, ==, 0);
  g_assert_cmpuint (lockout.failures, ==, 0);
  g_assert_true (lt_store_get_lockout (f->base.store, "staff:keypad", &lockout, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lockout.locked_until_us, ==, f->t0 + SECONDS (300));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/staff/" path, StaffFixture, NULL, staff_setup, func, staff_teardown)

  ADD ("sign-in", test_sign_in);
  ADD ("refused", test_refused);
  ADD ("lockout", test_lockout);
  ADD ("lockout-separate", test_lockout_separate);

#undef ADD

  return g_test_run ();
}
