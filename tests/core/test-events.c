/* test-events.c: typed events, their names, and the queries the views use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-access.h"

static void
test_kind_names (void)
{
  LtEventKind kind;

  /* Every kind has one name, and the name reads back as that kind. */
  for (guint i = LT_EVENT_KIND_UNKNOWN + 1; i < LT_N_EVENT_KINDS; i++) {
    const char *name = lt_event_kind_to_string ((LtEventKind)i);

    g_assert_nonnull (name);
    g_assert_cmpstr (name, !=, "unknown");
    g_assert_true (lt_event_kind_from_string (name, &kind));
    g_assert_cmpint (kind, ==, i);
  }
  /* The names the log has always held. */
  g_assert_cmpstr (lt_event_kind_to_string (LT_EVENT_KIND_DECISION), ==, "decision");
  g_assert_cmpstr (lt_event_kind_to_string (LT_EVENT_KIND_STAFF), ==, "staff");
  g_assert_cmpstr (lt_event_kind_to_string (LT_EVENT_KIND_BACKUP), ==, "backup");

  g_assert_false (lt_event_kind_from_string ("unknown", &kind));
  g_assert_cmpint (kind, ==, LT_EVENT_KIND_UNKNOWN);
  g_assert_false (lt_event_kind_from_string ("Decision", &kind));
  g_assert_false (lt_event_kind_from_string (NULL, &kind));
  g_assert_cmpint (kind, ==, LT_EVENT_KIND_UNKNOWN);
}

static void
test_result_names (void)
{
  LtEventResult result;

  for (guint i = LT_EVENT_RESULT_NONE + 1; i < LT_EVENT_RESULT_UNKNOWN; i++) {
    const char *name = lt_event_result_to_string ((LtEventResult)i);

    g_assert_nonnull (name);
    g_assert_true (lt_event_result_from_string (name, &result));
    g_assert_cmpint (result, ==, i);
  }
  g_assert_cmpstr (lt_event_result_to_string (LT_EVENT_RESULT_SIGNED_IN), ==, "signed-in");
  g_assert_cmpstr (lt_event_result_to_string (LT_EVENT_RESULT_GRANTED), ==, "granted");

  /* No result is NULL both ways; a name nobody knows is not lost as "none". */
  g_assert_null (lt_event_result_to_string (LT_EVENT_RESULT_NONE));
  g_assert_true (lt_event_result_from_string (NULL, &result));
  g_assert_cmpint (result, ==, LT_EVENT_RESULT_NONE);
  g_assert_false (lt_event_result_from_string ("exploded", &result));
  g_assert_cmpint (result, ==, LT_EVENT_RESULT_UNKNOWN);
}

static gint64
add (LtFixture    *f,
     gint64        time_us,
     LtEventKind   kind,
     LtEventResult result,
     gint64        subject_id)
{
  g_autoptr (GError) error = NULL;
  LtEvent event = { .time_us = time_us, .kind = kind, .result = result, .subject_id = subject_id };
  gint64  id = lt_store_add_event (f->store, &event, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_query (LtFixture    *f,
            gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  gint64         resident = lt_fixture_add_resident (f, "3-1203", "王芳", "246810", NULL);
  gint64         guard = lt_store_add_person (f->store, LT_PERSON_GUARD, NULL, "Guard Li", NULL, &error);
  gint64         gone = lt_fixture_add_resident (f, "3-1203", "Gone", "135790", NULL);
  LtEventQuery   query = { 0 };
  gint64         ids[5];
  const LtEvent *e;

  g_assert_no_error (error);
  ids[0] = add (f, 1000, LT_EVENT_KIND_DECISION, LT_EVENT_RESULT_GRANTED, resident);
  ids[1] = add (f, 2000, LT_EVENT_KIND_STAFF, LT_EVENT_RESULT_SIGNED_IN, guard);
  ids[2] = add (f, 3000, LT_EVENT_KIND_DECISION, LT_EVENT_RESULT_DENIED, 0);
  ids[3] = add (f, 3000, LT_EVENT_KIND_DECISION, LT_EVENT_RESULT_GRANTED, gone);
  ids[4] = add (f, 4000, LT_EVENT_KIND_DOOR, LT_EVENT_RESULT_UNLOCKED, 0);
  g_assert_true (lt_store_remove_person (f->store, gone, &error));
  g_assert_no_error (error);

  /* Newest first, ties by id, at most `limit`. */
  query.limit = 3;
  events = lt_store_query_events (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpint (((LtEvent *)g_ptr_array_index (events, 0))->id, ==, ids[4]);
  g_assert_cmpint (((LtEvent *)g_ptr_array_index (events, 1))->id, ==, ids[3]);
  g_assert_cmpint (((LtEvent *)g_ptr_array_index (events, 2))->id, ==, ids[2]);
  /* A subject no longer in the store keeps its id and has no name. */
  e = g_ptr_array_index (events, 1);
  g_assert_cmpint (e->subject_id, ==, gone);
  g_assert_null (e->subject_name);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* since_us is inclusive; the subject's name and kind come along. */
  query.limit = 0;
  query.since_us = 2000;
  query.oldest_first = TRUE;
  events = lt_store_query_events (f->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 4);
  e = g_ptr_array_index (events, 0);
  g_assert_cmpint (e->id, ==, ids[1]);
  g_assert_cmpint (e->kind, ==, LT_EVENT_KIND_STAFF);
  g_assert_cmpint (e->result, ==, LT_EVENT_RESULT_SIGNED_IN);
  g_assert_cmpstr (e->subject_name, ==, "Guard Li");
  g_assert_cmpint (e->subject_kind, ==, LT_PERSON_GUARD);
  e = g_ptr_array_index (events, 1);
  g_assert_cmpint (e->subject_id, ==, 0);
  g_assert_null (e->subject_name);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* The whole log, oldest first, as lintelctl exports it. */
  events = lt_store_list_events (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 5);
  e = g_ptr_array_index (events, 0);
  g_assert_cmpint (e->id, ==, ids[0]);
  g_assert_cmpstr (e->subject_name, ==, "王芳");
  g_assert_cmpint (e->subject_kind, ==, LT_PERSON_RESIDENT);
}

static void
test_copy (void)
{
  LtEvent event = { .id = 9, .time_us = 5, .kind = LT_EVENT_KIND_PASS, .door = (char *)"main", .method = (char *)"qr", .result = LT_EVENT_RESULT_ISSUED, .reason = (char *)"guard", .subject_id = 4, .unit = (char *)"3-1203", .pass_id = 77, .detail = (char *)"pass=77", .subject_name = (char *)"Guard Li", .subject_kind = LT_PERSON_GUARD };
  g_autoptr (LtEvent) copy = lt_event_copy (&event);

  g_assert_true (copy->unit != event.unit);
  g_assert_cmpstr (copy->unit, ==, "3-1203");
  g_assert_cmpstr (copy->door, ==, "main");
  g_assert_cmpstr (copy->subject_name, ==, "Guard Li");
  g_assert_cmpint (copy->pass_id, ==, 77);
  g_assert_cmpint (copy->kind, ==, LT_EVENT_KIND_PASS);
  g_assert_cmpint (copy->result, ==, LT_EVENT_RESULT_ISSUED);
}

/* Another program holds the write lock: the event and the decision's
 * event are kept, then written once the lock is free; none is lost. */
static void
test_kept_while_locked (LtFixture    *fixture,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) other = lt_store_open (fixture->db_path, &error);
  g_autoptr (LtAccess) access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  g_autoptr (GPtrArray) events = NULL;
  LtEvent    event = { 0, 0, LT_EVENT_KIND_SYSTEM, NULL, NULL, LT_EVENT_RESULT_STARTED };
  LtDecision decision;
  guint      decisions = 0;

  g_assert_no_error (error);
  lt_fixture_add_resident (fixture, "3-1203", "张伟", "864297", "26:201:53791");
  lt_store_set_busy_timeout (fixture->store, 20);
  g_assert_true (lt_store_begin (other, &error));
  g_assert_no_error (error);

  g_assert_cmpint (lt_store_add_event (fixture->store, &event, &error), ==, 0);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_test_expect_message ("lt-access", G_LOG_LEVEL_WARNING, "Access decision failed:*locked*");
  lt_test_present (access, LT_METHOD_CARD, NULL, "wiegand", NULL, "26:201:53791", 0, &decision);
  g_test_assert_expected_messages ();
  g_assert_false (decision.granted);
  g_assert_cmpuint (lt_store_pending_events (fixture->store), ==, 2);

  /* The lock is let go: the next decision writes them first, in order. */
  g_assert_true (lt_store_commit (other, &error));
  g_assert_no_error (error);
  lt_test_present (access, LT_METHOD_CARD, NULL, "wiegand", NULL, "26:201:53791", 0, &decision);
  g_assert_true (decision.granted);
  g_assert_cmpuint (lt_store_pending_events (fixture->store), ==, 0);
  events = lt_test_list_events (fixture->store);
  for (guint i = 0; i < events->len; i++) {
    const LtEvent *e = g_ptr_array_index (events, i);
    if (e->kind == LT_EVENT_KIND_DECISION)
      decisions++;
  }
  g_assert_cmpuint (decisions, ==, 2);
}

/* Older than the retention, then beyond the row cap: pruned, oldest first. */
static void
test_prune (LtFixture    *fixture,
            gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  gint64 t0 = lt_test_local_time (2026, 1, 1, 10, 0);
  guint  pruned = 0;

  for (guint i = 0; i < 30; i++) {
    LtEvent event = { 0, t0 + (gint64)i * G_USEC_PER_SEC, LT_EVENT_KIND_SYSTEM, NULL, NULL, LT_EVENT_RESULT_STARTED };
    g_assert_cmpint (lt_store_add_event (fixture->store, &event, NULL), >, 0);
  }
  g_assert_true (lt_store_prune_events (fixture->store, t0 + 10 * G_USEC_PER_SEC, 1000, &pruned, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pruned, ==, 10);
  g_assert_true (lt_store_prune_events (fixture->store, t0, 5, &pruned, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pruned, ==, 15);
  events = lt_test_list_events (fixture->store);
  g_assert_cmpuint (events->len, ==, 5);
  for (guint i = 0; i < events->len; i++)
    g_assert_cmpint (((LtEvent *)g_ptr_array_index (events, i))->time_us, >=, t0 + 25 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/events/kind-names", test_kind_names);
  g_test_add_func ("/core/events/result-names", test_result_names);
  g_test_add_func ("/core/events/copy", test_copy);
  g_test_add ("/core/events/query", LtFixture, NULL, lt_fixture_setup, test_query, lt_fixture_teardown);

  g_test_add ("/core/events/prune", LtFixture, "", lt_fixture_setup, test_prune, lt_fixture_teardown);
  g_test_add ("/core/events/kept-while-locked", LtFixture, "", lt_fixture_setup, test_kept_while_locked,
              lt_fixture_teardown);
  return g_test_run ();
}
