/* test-pass.c: signed visitor passes: keys, tokens, decisions, robustness, QR size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-access.h"
#include "lt-pass.h"
#include "lt-qr.h"
#include "lt-store-private.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#define UNIT      "3-1203"
#define LONG_UNIT "ABCDEF-GHIJK-LMN" /* 16 bytes, the most a pass holds */
#define SITE      1

typedef struct {
  LtFixture   base;
  LtPassKey  *key;
  LtAccess   *access;
  const char *reader;
} PassFixture;

static void
pass_setup (PassFixture  *fixture,
            gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  lt_fixture_setup (&fixture->base, data);
  g_assert_true (lt_pass_key_create (fixture->base.key_dir, &error));
  g_assert_no_error (error);
  fixture->key = lt_pass_key_load (fixture->base.key_dir, &error);
  g_assert_no_error (error);
  g_assert_true (lt_pass_key_can_sign (fixture->key));
  /* No explicit key: the access object reads site.pub from key-dir itself. */
  fixture->access = lt_access_new (fixture->base.store, fixture->base.config, fixture->base.secret);
  g_assert_true (lt_store_add_unit (fixture->base.store, UNIT, &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_add_unit (fixture->base.store, LONG_UNIT, &error));
  g_assert_no_error (error);
}

static void
pass_teardown (PassFixture  *fixture,
               gconstpointer data)
{
  g_assert_finalize_object (fixture->access);
  g_clear_pointer (&fixture->key, lt_pass_key_free);
  lt_fixture_teardown (&fixture->base, data);
}

static gint64
at (int hour,
    int minute,
    int second)
{
  return lt_test_local_time (2026, 11, 27, hour, minute) + (gint64)second * G_USEC_PER_SEC;
}

static char *
issue (PassFixture *fixture,
       const char  *unit,
       gint64       from,
       gint64       until,
       guint        uses,
       gint64      *id)
{
  g_autoptr (GError) error = NULL;
  char *token = lt_pass_issue (fixture->base.store, fixture->key,
                               &(LtPassRequest){ SITE, unit, from, until, uses, 0, NULL },
                               id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

static char *
issue_day (PassFixture *fixture,
           guint        uses,
           gint64      *id)
{
  return issue (fixture, UNIT, at (8, 0, 0), at (20, 0, 0), uses, id);
}

static void
present (PassFixture *fixture,
         const char  *token,
         gint64       when,
         LtDecision  *decision)
{
  LtPresentation p = { LT_METHOD_QR };

  p.reader = fixture->reader ? fixture->reader : "camera";
  p.secret = token;
  p.time_us = when;
  lt_access_decide (fixture->access, &p, decision);
}

static void
assert_denied (PassFixture *fixture,
               const char  *token,
               gint64       when,
               LtReason     reason)
{
  LtDecision decision;

  present (fixture, token, when, &decision);
  g_assert_false (decision.granted);
  g_assert_cmpstr (lt_reason_to_string (decision.reason), ==, lt_reason_to_string (reason));
  g_assert_cmpint (decision.event_id, >, 0);
}

static guint
stored_uses (PassFixture *fixture,
             gint64       id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPass) pass = lt_pass_get (fixture->base.store, id, &error);

  g_assert_no_error (error);
  return pass->uses;
}

static guint
count_events (PassFixture *fixture)
{
  g_autoptr (GPtrArray) events = lt_store_list_events (fixture->base.store, 0, NULL);

  return events->len;
}

static void
test_issue_verify (PassFixture  *fixture,
                   gconstpointer data)
{
  gint64           id = 0;
  g_autofree char *token = issue_day (fixture, 2, &id);
  g_autofree char *detail = g_strdup_printf ("pass=%" G_GINT64_FORMAT " unit=" UNIT, id);
  g_autofree char *wal = g_strconcat (fixture->base.db_path, "-wal", NULL);
  g_autoptr (LtEvent) event = NULL;
  LtDecision decision;

  g_assert_true (g_str_has_prefix (token, LT_PASS_PREFIX));
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (id, <=, G_MAXUINT32);

  present (fixture, token, at (10, 0, 0), &decision);
  g_assert_true (decision.granted);
  g_assert_cmpint (decision.reason, ==, LT_REASON_OK);
  g_assert_cmpint (decision.pass_id, ==, id);
  g_assert_cmpint (decision.subject_id, ==, 0);

  event = lt_test_find_event (fixture->base.store, decision.event_id);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->method, ==, "qr");
  g_assert_cmpstr (lt_event_result_to_string (event->result), ==, "granted");
  g_assert_cmpstr (event->reason, ==, "ok");
  g_assert_cmpstr (event->detail, ==, detail);
  g_assert_cmpint (event->kind, ==, LT_EVENT_KIND_DECISION);
  g_assert_cmpint (event->result, ==, LT_EVENT_RESULT_GRANTED);
  g_assert_cmpstr (event->unit, ==, UNIT);
  g_assert_cmpint (event->pass_id, ==, id);
  g_assert_cmpuint (stored_uses (fixture, id), ==, 1);

  /* The token is in no row and no file: the log says which pass, not the pass. */
  g_assert_false (lt_test_file_contains (fixture->base.db_path, (const guint8 *)token + 4, 40));
  g_assert_false (lt_test_file_contains (wal, (const guint8 *)token + 4, 40));
  g_assert_true (lt_test_file_contains (wal, (const guint8 *)detail, strlen (detail)));
}

static void
test_uses (PassFixture  *fixture,
           gconstpointer data)
{
  gint64           id = 0, unlimited_id = 0;
  g_autofree char *token = issue_day (fixture, 3, &id);
  g_autofree char *unlimited = issue_day (fixture, 0, &unlimited_id);
  LtDecision       decision;

  for (int i = 0; i < 3; i++) {
    present (fixture, token, at (10, i, 0), &decision);
    g_assert_true (decision.granted);
    g_assert_cmpuint (stored_uses (fixture, id), ==, (guint)i + 1);
  }
  assert_denied (fixture, token, at (10, 5, 0), LT_REASON_USED_UP);
  assert_denied (fixture, token, at (10, 6, 0), LT_REASON_USED_UP);
  g_assert_cmpuint (stored_uses (fixture, id), ==, 3);

  /* 0: any number within the window. */
  for (int i = 0; i < 300; i++) {
    present (fixture, unlimited, at (11, 0, i), &decision);
    g_assert_true (decision.granted);
  }
  g_assert_cmpuint (stored_uses (fixture, unlimited_id), ==, 300);
}

static void
test_window (PassFixture  *fixture,
             gconstpointer data)
{
  g_autofree char *token = issue (fixture, UNIT, at (10, 0, 0), at (12, 0, 0), 0, NULL);
  LtDecision       decision;

  g_assert_cmpuint (fixture->base.config->pass_clock_skew_seconds, ==, 120);
  /* 120 s of skew allowed on both sides, and no more. */
  assert_denied (fixture, token, at (9, 57, 59), LT_REASON_NOT_YET_VALID);
  assert_denied (fixture, token, at (8, 0, 0), LT_REASON_NOT_YET_VALID);
  present (fixture, token, at (9, 58, 0), &decision);
  g_assert_true (decision.granted);
  present (fixture, token, at (11, 0, 0), &decision);
  g_assert_true (decision.granted);
  present (fixture, token, at (12, 1, 59), &decision);
  g_assert_true (decision.granted);
  assert_denied (fixture, token, at (12, 2, 0), LT_REASON_EXPIRED);
  assert_denied (fixture, token, at (23, 0, 0), LT_REASON_EXPIRED);
}

static void
test_window_no_skew (PassFixture  *fixture,
                     gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = lt_pass_issue (fixture->base.store, fixture->key,
                                          &(LtPassRequest){ 77, UNIT, at (10, 0, 0), at (12, 0, 0), 0, 0, NULL },
                                          NULL, &error);
  g_autofree char *home = issue (fixture, UNIT, at (10, 0, 0), at (12, 0, 0), 0, NULL);
  LtDecision       decision;

  g_assert_no_error (error);
  g_assert_cmpuint (fixture->base.config->pass_clock_skew_seconds, ==, 0);
  g_assert_cmpuint (fixture->base.config->pass_site_id, ==, 77);
  assert_denied (fixture, token, at (9, 59, 59), LT_REASON_NOT_YET_VALID);
  present (fixture, token, at (10, 0, 0), &decision);
  g_assert_true (decision.granted);
  present (fixture, token, at (11, 59, 59), &decision);
  g_assert_true (decision.granted);
  assert_denied (fixture, token, at (12, 0, 0), LT_REASON_EXPIRED);
  /* Site 1's pass is another site's here. */
  assert_denied (fixture, home, at (11, 0, 0), LT_REASON_OTHER_SITE);
}

static void
test_other_site (PassFixture  *fixture,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = lt_pass_issue (fixture->base.store, fixture->key,
                                          &(LtPassRequest){ 2, UNIT, at (8, 0, 0), at (20, 0, 0), 1, 0, NULL },
                                          NULL, &error);

  g_assert_no_error (error);
  assert_denied (fixture, token, at (10, 0, 0), LT_REASON_OTHER_SITE);
}

static void
test_other_key (PassFixture  *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPassKey) other = lt_pass_key_new_random ();
  g_autofree char *token = lt_pass_issue (fixture->base.store, other,
                                          &(LtPassRequest){ SITE, UNIT, at (8, 0, 0), at (20, 0, 0), 1, 0, NULL },
                                          NULL, &error);
  g_autoptr (LtEvent) event = NULL;
  LtDecision decision;

  g_assert_no_error (error);
  present (fixture, token, at (10, 0, 0), &decision);
  g_assert_false (decision.granted);
  g_assert_cmpint (decision.reason, ==, LT_REASON_BAD_SIGNATURE);
  g_assert_cmpint (decision.pass_id, ==, 0);
  /* Nothing of an unsigned token is written down. */
  event = lt_test_find_event (fixture->base.store, decision.event_id);
  g_assert_null (event->detail);
}

static void
test_revoked (PassFixture  *fixture,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64           id = 0;
  g_autofree char *token = issue_day (fixture, 5, &id);
  g_autoptr (GPtrArray) active = NULL;
  LtDecision decision;

  present (fixture, token, at (9, 0, 0), &decision);
  g_assert_true (decision.granted);
  g_assert_true (lt_pass_revoke (fixture->base.store, id, at (9, 30, 0), &error));
  g_assert_no_error (error);
  assert_denied (fixture, token, at (10, 0, 0), LT_REASON_REVOKED);
  g_assert_cmpuint (stored_uses (fixture, id), ==, 1);

  /* Revoking twice keeps the first time; an unknown id is an error. */
  g_assert_true (lt_pass_revoke (fixture->base.store, id, at (11, 0, 0), &error));
  g_assert_no_error (error);
  {
    g_autoptr (LtPass) pass = lt_pass_get (fixture->base.store, id, &error);
    g_assert_cmpint (pass->revoked_at_us, ==, at (9, 30, 0));
  }
  g_assert_false (lt_pass_revoke (fixture->base.store, id + 1 > G_MAXUINT32 ? 1 : id + 1, 0, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  active = lt_pass_list (fixture->base.store, TRUE, at (10, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 0);
}

static void
test_list (PassFixture  *fixture,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) active = NULL;
  gint64           id = 0;
  g_autofree char *a = issue (fixture, UNIT, at (8, 0, 0), at (9, 0, 0), 1, NULL);
  g_autofree char *b = NULL;
  const LtPass    *pass;

  b = lt_pass_issue (fixture->base.store, fixture->key,
                     &(LtPassRequest){ SITE, UNIT, at (9, 0, 0), at (20, 0, 0), 4, 0, "访客 Wang" },
                     &id, &error);
  g_assert_no_error (error);
  all = lt_pass_list (fixture->base.store, FALSE, at (10, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  active = lt_pass_list (fixture->base.store, TRUE, at (10, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 1);
  pass = g_ptr_array_index (active, 0);
  g_assert_cmpint (pass->id, ==, id);
  g_assert_cmpstr (pass->unit, ==, UNIT);
  g_assert_cmpstr (pass->visitor_name, ==, "访客 Wang");
  g_assert_cmpint (pass->valid_from_us, ==, at (9, 0, 0));
  g_assert_cmpint (pass->valid_until_us, ==, at (20, 0, 0));
  g_assert_cmpuint (pass->max_uses, ==, 4);
  g_assert_cmpint (pass->issued_at_us, >, 0);
  g_assert_cmpint (pass->revoked_at_us, ==, 0);
}

/* What the guard page shows: the active passes, and the history (revoked,
 * expired, used up) latest first, each with a limit and its guard's name. */
static void
test_query (PassFixture  *fixture,
            gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) passes = NULL;
  gint64           guard = lt_store_add_person (fixture->base.store, LT_PERSON_GUARD, NULL, "Guard Zhao", NULL, &error);
  gint64           expired = 0, revoked = 0, used = 0, active = 0, pending = 0;
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *t5 = NULL;
  LtDecision       decision;
  LtPassQuery      query = { LT_PASS_FILTER_HISTORY, at (12, 0, 0), 0 };
  const LtPass    *pass;

  g_assert_no_error (error);
  t1 = lt_pass_issue (fixture->base.store, fixture->key,
                      &(LtPassRequest){ SITE, UNIT, at (8, 0, 0), at (9, 0, 0), 0, guard, NULL }, &expired, &error);
  t2 = lt_pass_issue (fixture->base.store, fixture->key,
                      &(LtPassRequest){ SITE, UNIT, at (8, 0, 0), at (20, 0, 0), 0, 0, NULL }, &revoked, &error);
  t3 = lt_pass_issue (fixture->base.store, fixture->key,
                      &(LtPassRequest){ SITE, UNIT, at (8, 0, 0), at (20, 0, 0), 1, 0, NULL }, &used, &error);
  t4 = lt_pass_issue (fixture->base.store, fixture->key,
                      &(LtPassRequest){ SITE, UNIT, at (8, 0, 0), at (20, 0, 0), 2, guard, "V" }, &active, &error);
  t5 = lt_pass_issue (fixture->base.store, fixture->key,
                      &(LtPassRequest){ SITE, UNIT, at (13, 0, 0), at (20, 0, 0), 0, 0, NULL }, &pending, &error);
  g_assert_no_error (error);
  g_assert_true (lt_pass_revoke (fixture->base.store, revoked, at (11, 0, 0), &error));
  g_assert_no_error (error);
  present (fixture, t3, at (10, 0, 0), &decision);
  g_assert_true (decision.granted);

  /* History: revoked at 11:00, used up (ends 20:00), expired at 9:00. */
  passes = lt_pass_query (fixture->base.store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (passes->len, ==, 3);
  pass = g_ptr_array_index (passes, 0);
  g_assert_cmpint (pass->id, ==, used);
  g_assert_cmpint (lt_pass_get_state (pass, at (12, 0, 0)), ==, LT_PASS_STATE_USED_UP);
  pass = g_ptr_array_index (passes, 1);
  g_assert_cmpint (pass->id, ==, revoked);
  g_assert_cmpint (lt_pass_get_state (pass, at (12, 0, 0)), ==, LT_PASS_STATE_REVOKED);
  pass = g_ptr_array_index (passes, 2);
  g_assert_cmpint (pass->id, ==, expired);
  g_assert_cmpint (lt_pass_get_state (pass, at (12, 0, 0)), ==, LT_PASS_STATE_EXPIRED);
  g_assert_cmpstr (pass->issued_by_name, ==, "Guard Zhao");
  g_clear_pointer (&passes, g_ptr_array_unref);

  query.limit = 1;
  passes = lt_pass_query (fixture->base.store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (passes->len, ==, 1);
  g_clear_pointer (&passes, g_ptr_array_unref);

  /* Active, by start: the pending one comes last. */
  query.filter = LT_PASS_FILTER_ACTIVE;
  query.limit = 0;
  passes = lt_pass_query (fixture->base.store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (passes->len, ==, 2);
  pass = g_ptr_array_index (passes, 0);
  g_assert_cmpint (pass->id, ==, active);
  g_assert_cmpstr (pass->issued_by_name, ==, "Guard Zhao");
  g_assert_cmpstr (lt_pass_state_to_string (lt_pass_get_state (pass, at (12, 0, 0))), ==, "active");
  pass = g_ptr_array_index (passes, 1);
  g_assert_cmpint (pass->id, ==, pending);
  g_assert_null (pass->issued_by_name);
  g_assert_cmpstr (lt_pass_state_to_string (lt_pass_get_state (pass, at (12, 0, 0))), ==, "pending");
  g_clear_pointer (&passes, g_ptr_array_unref);

  query.filter = LT_PASS_FILTER_ALL;
  passes = lt_pass_query (fixture->base.store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (passes->len, ==, 5);
}

/* A pass another terminal of the compound issued with the same site key:
 * no row here until it is first used. */
static void
test_issued_elsewhere (PassFixture  *fixture,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  LtPassToken      token = { LT_PASS_VERSION, 4242, SITE };
  g_autofree char *text = NULL;
  g_autoptr (LtPass) pass = NULL;
  LtDecision decision;

  token.valid_from_us = at (8, 0, 0);
  token.valid_until_us = at (20, 0, 0);
  token.max_uses = 2;
  token.guard_id = 9;
  strcpy (token.unit, "5-0101");
  text = lt_pass_token_encode (&token, fixture->key, &error);
  g_assert_no_error (error);
  g_assert_null (lt_pass_get (fixture->base.store, 4242, NULL));

  present (fixture, text, at (10, 0, 0), &decision);
  g_assert_true (decision.granted);
  g_assert_cmpint (decision.pass_id, ==, 4242);
  pass = lt_pass_get (fixture->base.store, 4242, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pass->unit, ==, "5-0101");
  g_assert_cmpuint (pass->uses, ==, 1);
  g_assert_cmpint (pass->issued_at_us, ==, 0);
  g_assert_cmpint (pass->issued_by, ==, 9);
  present (fixture, text, at (10, 1, 0), &decision);
  g_assert_true (decision.granted);
  assert_denied (fixture, text, at (10, 2, 0), LT_REASON_USED_UP);

  /* The same id with other contents is another pass: never counted against this row. */
  token.max_uses = 0;
  g_clear_pointer (&text, g_free);
  text = lt_pass_token_encode (&token, fixture->key, &error);
  g_assert_no_error (error);
  assert_denied (fixture, text, at (10, 3, 0), LT_REASON_UNKNOWN_CREDENTIAL);
}

static void
test_dry_run (PassFixture  *fixture,
              gconstpointer data)
{
  gint64           id = 0;
  g_autofree char *token = issue_day (fixture, 1, &id);
  LtPresentation   p = { LT_METHOD_QR };
  guint            before = count_events (fixture);
  LtDecision       decision;

  p.secret = token;
  p.time_us = at (10, 0, 0);
  p.dry_run = TRUE;
  for (int i = 0; i < 3; i++) {
    lt_access_decide (fixture->access, &p, &decision);
    g_assert_true (decision.granted);
    g_assert_cmpint (decision.pass_id, ==, id);
    g_assert_cmpint (decision.event_id, ==, 0);
  }
  g_assert_cmpuint (stored_uses (fixture, id), ==, 0);
  g_assert_cmpuint (count_events (fixture), ==, before);

  p.secret = "garbage";
  lt_access_decide (fixture->access, &p, &decision);
  g_assert_cmpint (decision.reason, ==, LT_REASON_MALFORMED);
  g_assert_cmpuint (count_events (fixture), ==, before);

  /* The real thing after dry runs: the one use is still there. */
  present (fixture, token, at (10, 0, 0), &decision);
  g_assert_true (decision.granted);
  assert_denied (fixture, token, at (10, 1, 0), LT_REASON_USED_UP);
}

static void
test_malformed (PassFixture  *fixture,
                gconstpointer data)
{
  g_autofree char *token = issue_day (fixture, 0, NULL);
  gsize            len = strlen (token);
  g_autofree char *truncated = g_strndup (token, len - 8); /* 5 bytes short, valid base32 */
  g_autofree char *truncated_odd = g_strndup (token, len - 1);
  g_autofree char *lower = g_ascii_strdown (token, -1);
  g_autofree char *padded = g_strconcat (token, "======", NULL);
  g_autofree char *newline = g_strconcat (token, "\n", NULL);
  g_autofree char *longer = g_strconcat (token, "AAAAAAAA", NULL);
  g_autofree char *garbled = g_strdup (token);
  g_autofree char *no_prefix = g_strdup (token + 4);
  g_autofree char *other_prefix = g_strdup (token);
  const struct {
    const char *text;
    LtReason    reason;
  } cases[] = {
    { "", LT_REASON_MALFORMED },
    { "LT1:", LT_REASON_MALFORMED },
    { "LT1:A", LT_REASON_MALFORMED },
    { "864297", LT_REASON_MALFORMED },
    { "https://example.com/pass?id=1", LT_REASON_MALFORMED },
    { truncated, LT_REASON_MALFORMED },
    { truncated_odd, LT_REASON_MALFORMED },
    { lower, LT_REASON_MALFORMED },
    { padded, LT_REASON_MALFORMED },
    { newline, LT_REASON_MALFORMED },
    { longer, LT_REASON_MALFORMED },
    { no_prefix, LT_REASON_MALFORMED },
    { other_prefix, LT_REASON_MALFORMED },
    { garbled, LT_REASON_BAD_SIGNATURE },
  };
  LtPresentation p = { LT_METHOD_QR };
  LtDecision     decision;

  /* A character in the middle of the signature, changed. */
  garbled[len - 20] = garbled[len - 20] == 'A' ? 'B' : 'A';
  other_prefix[2] = '2';
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    /* A reader each: so many failures at one would lock it out. */
    g_autofree char *reader = g_strdup_printf ("camera-%u", i);

    g_test_message ("case %u: %s", i, cases[i].text);
    fixture->reader = reader;
    assert_denied (fixture, cases[i].text, at (10, 0, (int)i), cases[i].reason);
    fixture->reader = NULL;
  }
  /* No secret at all. */
  p.time_us = at (10, 30, 0);
  lt_access_decide (fixture->access, &p, &decision);
  g_assert_false (decision.granted);
  g_assert_cmpint (decision.reason, ==, LT_REASON_MALFORMED);
}

/* Each refusal counts against the reader, like any other failure. */
static void
test_reader_lockout (PassFixture  *fixture,
                     gconstpointer data)
{
  g_autofree char *token = issue_day (fixture, 0, NULL);
  LtDecision       decision;

  for (guint i = 0; i < fixture->base.config->reader_lockout_failures; i++)
    assert_denied (fixture, "LT1:AAAA", at (10, 0, (int)i), LT_REASON_MALFORMED);
  present (fixture, token, at (10, 0, 30), &decision);
  g_assert_false (decision.granted);
  g_assert_cmpint (decision.reason, ==, LT_REASON_LOCKED_OUT);
}

static void
test_no_key (PassFixture  *fixture,
             gconstpointer data)
{
  g_autofree char *token = issue_day (fixture, 0, NULL);
  g_autofree char *public_path = g_build_filename (fixture->base.key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autoptr (LtAccess) keyless = NULL;
  g_autoptr (LtAccess) explicit = NULL;
  LtPresentation p = { LT_METHOD_QR };
  LtDecision     decision;

  /* Without the site's public key nothing of a pass is trusted. */
  g_assert_cmpint (g_unlink (public_path), ==, 0);
  keyless = lt_access_new (fixture->base.store, fixture->base.config, fixture->base.secret);
  p.secret = token;
  p.time_us = at (10, 0, 0);
  lt_access_decide (keyless, &p, &decision);
  g_assert_false (decision.granted);
  g_assert_cmpint (decision.reason, ==, LT_REASON_UNKNOWN_CREDENTIAL);

  /* A key handed over explicitly needs no file. */
  explicit = lt_access_new (fixture->base.store, fixture->base.config, fixture->base.secret);
  lt_access_set_pass_key (explicit, fixture->key);
  lt_access_decide (explicit, &p, &decision);
  g_assert_true (decision.granted);
}

static void
test_keys (PassFixture  *fixture,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key_path = g_build_filename (fixture->base.key_dir, LT_PASS_KEY_FILE, NULL);
  g_autofree char *public_path = g_build_filename (fixture->base.key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *token = issue_day (fixture, 0, NULL);
  g_autofree char *verify_dir = g_build_filename (fixture->base.dir, "verify-only", NULL);
  g_autofree char *copied = g_build_filename (verify_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autoptr (LtPassKey) public_key = NULL;
  g_autoptr (LtPassKey) copied_key = NULL;
  gsize       before_len = 0, after_len = 0;
  LtPassToken parsed;
  struct stat st;

  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, LT_PASS_SEED_BYTES);
  g_assert_cmpint (g_stat (public_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  g_assert_cmpint (st.st_size, ==, LT_PASS_PUBLIC_KEY_BYTES);

  /* Never replaced. */
  g_assert_true (g_file_get_contents (key_path, &before, &before_len, NULL));
  g_assert_false (lt_pass_key_create (fixture->base.key_dir, &error));
  g_assert_error (error, LT_PASS_ERROR, LT_PASS_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (key_path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  /* The public key alone verifies and cannot sign. */
  public_key = lt_pass_key_load_public (fixture->base.key_dir, &error);
  g_assert_no_error (error);
  g_assert_false (lt_pass_key_can_sign (public_key));
  g_assert_cmpint (lt_pass_token_parse ((const guint8 *)token, strlen (token), public_key, &parsed), ==, LT_PASS_PARSE_OK);
  g_assert_cmpstr (parsed.unit, ==, UNIT);
  g_assert_null (lt_pass_issue (fixture->base.store, public_key,
                                &(LtPassRequest){ SITE, UNIT, at (8, 0, 0), at (9, 0, 0), 1, 0, NULL },
                                NULL, &error));
  g_assert_error (error, LT_PASS_ERROR, LT_PASS_ERROR_MISSING);
  g_clear_error (&error);

  /* A terminal that only checks: site.pub copied in, and keygen refuses there. */
  g_assert_cmpint (g_mkdir_with_parents (verify_dir, 0700), ==, 0);
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (public_path, &after, &after_len, NULL));
  g_assert_true (g_file_set_contents (copied, after, (gssize)after_len, NULL));
  copied_key = lt_pass_key_load_public (verify_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lt_pass_token_parse ((const guint8 *)token, strlen (token), copied_key, &parsed), ==, LT_PASS_PARSE_OK);
  g_assert_true (lt_pass_key_exists (verify_dir));
  g_assert_false (lt_pass_key_create (verify_dir, &error));
  g_assert_error (error, LT_PASS_ERROR, LT_PASS_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (lt_pass_key_load (verify_dir, &error));
  g_assert_error (error, LT_PASS_ERROR, LT_PASS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "lintelctl pass keygen"));
  g_clear_error (&error);

  /* A public key that is not the signing key's other half is refused. */
  after[0] ^= 1;
  g_assert_cmpint (g_unlink (public_path), ==, 0);
  g_assert_true (g_file_set_contents (public_path, after, (gssize)after_len, NULL));
  g_assert_null (lt_pass_key_load (fixture->base.key_dir, &error));
  g_assert_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID);
  g_clear_error (&error);

  /* A damaged key file. */
  g_assert_true (g_file_set_contents (copied, "short", -1, NULL));
  g_assert_null (lt_pass_key_load_public (verify_dir, &error));
  g_assert_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID);
}

static void
test_issue_invalid (PassFixture  *fixture,
                    gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  LtStore         *store = fixture->base.store;
  gint64           guard = lt_store_add_person (store, LT_PERSON_GUARD, NULL, "Guard", NULL, &error);
  gint64           resident = lt_fixture_add_resident (&fixture->base, UNIT, "张伟", NULL, NULL);
  g_autofree char *ok = NULL;
  g_autoptr (GPtrArray) all = NULL;
  const struct {
    const char *unit;
    gint64      from, until;
    guint       uses;
    gint64      guard;
    const char *name;
  } cases[] = {
    { "9-9999", at (8, 0, 0), at (9, 0, 0), 1, 0, NULL },
    { "ABCDEF-GHIJK-LMNO", at (8, 0, 0), at (9, 0, 0), 1, 0, NULL },
    { UNIT, at (9, 0, 0), at (9, 0, 0), 1, 0, NULL },
    { UNIT, at (9, 0, 0), at (8, 0, 0), 1, 0, NULL },
    { UNIT, -5 * G_USEC_PER_SEC, at (8, 0, 0), 1, 0, NULL },
    { UNIT, at (8, 0, 0), ((gint64)G_MAXUINT32 + 10) * G_USEC_PER_SEC, 1, 0, NULL },
    { UNIT, at (8, 0, 0), at (9, 0, 0), 256, 0, NULL },
    { UNIT, at (8, 0, 0), at (9, 0, 0), 1, resident, NULL },
    { UNIT, at (8, 0, 0), at (9, 0, 0), 1, 999999, NULL },
    { UNIT, at (8, 0, 0), at (9, 0, 0), 1, 0, "bad\tname" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *token = NULL;

    g_test_message ("case %u", i);
    token = lt_pass_issue (store, fixture->key,
                           &(LtPassRequest){ SITE, cases[i].unit, cases[i].from, cases[i].until, cases[i].uses, cases[i].guard, cases[i].name },
                           NULL, &error);
    g_assert_null (token);
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  all = lt_pass_list (store, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);

  ok = lt_pass_issue (store, fixture->key,
                      &(LtPassRequest){ SITE, UNIT, at (8, 0, 0), at (9, 0, 0), 255, guard, "Visitor" },
                      NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);
}

/* Flips, cuts and extends a valid token in every way and feeds random
 * bytes: the parser never crashes and never accepts anything but the
 * original. Run under ASan/UBSan too. */
static void
test_robustness (PassFixture  *fixture,
                 gconstpointer data)
{
  g_autofree char *token = issue_day (fixture, 1, NULL);
  gsize            len = strlen (token);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261127);
  guint8      buffer[512];
  LtPassToken parsed;
  guint       n = 0;

  g_assert_cmpint (lt_pass_token_parse ((const guint8 *)token, len, fixture->key, &parsed), ==, LT_PASS_PARSE_OK);

  /* Every bit of every byte. */
  for (gsize i = 0; i < len; i++) {
    for (guint bit = 0; bit < 8; bit++, n++) {
      memcpy (buffer, token, len);
      buffer[i] ^= (guint8)(1u << bit);
      g_assert_cmpint (lt_pass_token_parse (buffer, len, fixture->key, &parsed), !=, LT_PASS_PARSE_OK);
    }
  }
  /* Every character replaced by every other base32 character. */
  for (gsize i = 4; i < len; i++) {
    for (const char *c = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"; *c; c++, n++) {
      if (*c == token[i])
        continue;
      memcpy (buffer, token, len);
      buffer[i] = (guint8)*c;
      g_assert_cmpint (lt_pass_token_parse (buffer, len, fixture->key, &parsed), !=, LT_PASS_PARSE_OK);
    }
  }
  /* Every truncation, and extensions by 1-64 characters of any kind. */
  for (gsize cut = 0; cut < len; cut++, n++)
    g_assert_cmpint (lt_pass_token_parse ((const guint8 *)token, cut, fixture->key, &parsed), !=, LT_PASS_PARSE_OK);
  for (guint extra = 1; extra <= 64; extra++) {
    for (guint round = 0; round < 20; round++, n++) {
      memcpy (buffer, token, len);
      for (guint e = 0; e < extra; e++)
        buffer[len + e] = round % 2 ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[g_rand_int_range (rand, 0, 32)]
                                    : (guint8)g_rand_int_range (rand, 0, 256);
      g_assert_cmpint (lt_pass_token_parse (buffer, len + extra, fixture->key, &parsed), !=, LT_PASS_PARSE_OK);
    }
  }
  /* Random bytes, random base32 after the prefix, random lengths. */
  for (guint i = 0; i < 20000; i++, n++) {
    gsize size = (gsize)g_rand_int_range (rand, 0, sizeof buffer);

    for (gsize b = 0; b < size; b++)
      buffer[b] = i % 2 ? (guint8)g_rand_int_range (rand, 0, 256)
                        : (guint8) "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[g_rand_int_range (rand, 0, 32)];
    if (i % 4 == 0 && size >= 4)
      memcpy (buffer, LT_PASS_PREFIX, 4);
    g_assert_cmpint (lt_pass_token_parse (buffer, size, fixture->key, &parsed), !=, LT_PASS_PARSE_OK);
  }
  /* And some of them through the whole decision, as text. */
  for (guint i = 0; i < 200; i++) {
    g_autofree char *text = g_strdup (token);
    LtDecision       decision;

    text[g_rand_int_range (rand, 4, (gint32)len)] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[g_rand_int_range (rand, 0, 32)];
    if (g_str_equal (text, token))
      continue;
    present (fixture, text, at (10, 0, 0), &decision);
    g_assert_false (decision.granted);
    g_assert_true (decision.reason == LT_REASON_MALFORMED || decision.reason == LT_REASON_BAD_SIGNATURE || decision.reason == LT_REASON_LOCKED_OUT);
  }
  g_test_message ("%u mutated or random inputs refused", n);
}

static void
test_qr_size (PassFixture  *fixture,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  LtPassToken      token = { LT_PASS_VERSION, G_MAXUINT32, G_MAXUINT16 };
  g_autofree char *text = NULL;
  g_autofree char *issued = issue (fixture, LONG_UNIT, at (8, 0, 0), at (20, 0, 0), 255, NULL);
  int              version;

  /* The largest pass there is: every field at its widest. */
  token.valid_from_us = ((gint64)G_MAXUINT32 - 1) * G_USEC_PER_SEC;
  token.valid_until_us = (gint64)G_MAXUINT32 * G_USEC_PER_SEC;
  token.max_uses = LT_PASS_MAX_USES;
  token.guard_id = G_MAXUINT32;
  strcpy (token.unit, LONG_UNIT);
  text = lt_pass_token_encode (&token, fixture->key, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (text), ==, LT_PASS_TOKEN_MAX_CHARS);
  g_assert_cmpuint (strlen (issued), ==, LT_PASS_TOKEN_MAX_CHARS);
  /* All in the QR alphanumeric set, so the code uses alphanumeric mode. */
  g_assert_cmpuint (strspn (text, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"), ==, strlen (text));

  version = lt_qr_version (text, &error);
  g_assert_no_error (error);
  g_test_message ("longest token: %zu characters, QR version %d at level M", strlen (text), version);
  g_assert_cmpint (version, >=, 1);
  g_assert_cmpint (version, <=, 10);
}

/* A site.pub others may write lets them put their own key there and
 * forge passes: refused, like a FIFO in its place. */
static void
test_public_key_unsafe (PassFixture  *fixture,
                        gconstpointer data)
{
  g_autofree char *public_path = g_build_filename (fixture->base.key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPassKey) key = NULL;

  g_assert_cmpint (g_chmod (public_path, 0666), ==, 0);
  key = lt_pass_key_load_public (fixture->base.key_dir, &error);
  g_assert_null (key);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "chmod 644"));
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (public_path), ==, 0);
  g_assert_cmpint (mkfifo (public_path, 0644), ==, 0);
  key = lt_pass_key_load_public (fixture->base.key_dir, &error);
  g_assert_null (key);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
}

/* Revoke, then undo within the caller's window: the pass opens again;
 * a revocation older than the window stays, as does an active pass. */
static void
test_restore (PassFixture  *fixture,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64           id = 0;
  g_autofree char *token = issue_day (fixture, 0, &id);
  LtDecision       decision;

  g_assert_false (lt_pass_restore (fixture->base.store, id, at (9, 0, 0), &error));
  g_assert_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (lt_pass_revoke (fixture->base.store, id, at (9, 0, 3), &error));
  assert_denied (fixture, token, at (9, 0, 4), LT_REASON_REVOKED);
  /* Undo offered since 9:00:00: the revocation at 9:00:03 is undone. */
  g_assert_true (lt_pass_restore (fixture->base.store, id, at (9, 0, 0), &error));
  g_assert_no_error (error);
  present (fixture, token, at (9, 0, 6), &decision);
  g_assert_true (decision.granted);

  /* Too late: the window began after the revocation. */
  g_assert_true (lt_pass_revoke (fixture->base.store, id, at (9, 10, 0), &error));
  g_assert_false (lt_pass_restore (fixture->base.store, id, at (9, 10, 1), &error));
  g_assert_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "stays revoked"));
  assert_denied (fixture, token, at (9, 20, 0), LT_REASON_REVOKED);
}

/* The token of a pass issued here, again: the very token first signed
 * (Ed25519 is deterministic), and only while the pass can open the door. */
static void
test_dup_token (PassFixture  *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64           id = 0;
  g_autofree char *token = issue_day (fixture, 1, &id);
  g_autofree char *again = lt_pass_dup_token (fixture->base.store, fixture->key, SITE, id, at (9, 0, 0), &error);
  g_autofree char *later = NULL;
  g_autofree char *used = NULL;
  g_autoptr (LtPassKey) public_key = lt_pass_key_dup_public (fixture->key);
  LtDecision decision;

  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, token);
  /* Not without the signing key, not after the window. */
  g_assert_null (lt_pass_dup_token (fixture->base.store, public_key, SITE, id, at (9, 0, 0), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  later = lt_pass_dup_token (fixture->base.store, fixture->key, SITE, id, at (21, 0, 0), &error);
  g_assert_null (later);
  g_assert_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID);
  g_clear_error (&error);
  /* Used up: nothing to show. */
  present (fixture, again, at (9, 0, 0), &decision);
  g_assert_true (decision.granted);
  used = lt_pass_dup_token (fixture->base.store, fixture->key, SITE, id, at (9, 1, 0), &error);
  g_assert_null (used);
  g_assert_nonnull (strstr (error->message, "used-up"));
}

/* A visitor named by the last 4 digits of their phone. */
static void
test_phone (PassFixture  *fixture,
            gconstpointer data)
{
  static const char *const bad[] = { "123", "12345", "12a4", "", "１２３４" };
  g_autoptr (GError) error = NULL;
  gint64           id = 0;
  g_autofree char *token = lt_pass_issue (fixture->base.store, fixture->key,
                                          &(LtPassRequest){ .site_id = SITE, .unit = UNIT, .valid_from_us = at (8, 0, 0), .valid_until_us = at (20, 0, 0), .phone_last4 = "0427" },
                                          &id, &error);
  g_autoptr (LtPass) pass = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (token);
  pass = lt_pass_get (fixture->base.store, id, &error);
  g_assert_cmpstr (pass->phone_last4, ==, "0427");
  g_assert_null (pass->visitor_name);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_assert_null (lt_pass_issue (fixture->base.store, fixture->key,
                                  &(LtPassRequest){ .site_id = SITE, .unit = UNIT, .valid_from_us = at (8, 0, 0), .valid_until_us = at (20, 0, 0), .phone_last4 = bad[i] },
                                  NULL, &error));
    g_assert_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "last 4 digits"));
    g_clear_error (&error);
  }
  g_assert_true (lt_pass_phone_valid ("0000"));
  g_assert_false (lt_pass_phone_valid (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/core/pass/" path, PassFixture, data, pass_setup, func, pass_teardown)
  ADD ("public-key-unsafe", test_public_key_unsafe, NULL);

  ADD ("issue-verify", test_issue_verify, NULL);
  ADD ("uses", test_uses, NULL);
  ADD ("window", test_window, NULL);
  ADD ("window-no-skew", test_window_no_skew, "[pass]\nsite-id=77\nclock-skew-seconds=0\n");
  ADD ("other-site", test_other_site, NULL);
  ADD ("other-key", test_other_key, NULL);
  ADD ("revoked", test_revoked, NULL);
  ADD ("list", test_list, NULL);
  ADD ("query", test_query, NULL);
  ADD ("issued-elsewhere", test_issued_elsewhere, NULL);
  ADD ("dry-run", test_dry_run, NULL);
  ADD ("malformed", test_malformed, NULL);
  ADD ("reader-lockout", test_reader_lockout, NULL);
  ADD ("no-key", test_no_key, NULL);
  ADD ("keys", test_keys, NULL);
  ADD ("issue-invalid", test_issue_invalid, NULL);
  ADD ("robustness", test_robustness, NULL);
  ADD ("qr-size", test_qr_size, NULL);
  ADD ("restore", test_restore, NULL);
  ADD ("dup-token", test_dup_token, NULL);
  ADD ("phone", test_phone, NULL);

#undef ADD

  return g_test_run ();
}
