/* test-engine.c: the engine wires simulated readers to decisions, the door and the event log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-engine.h"
#include "lt-engine-private.h"
#include "lt-sim-line.h"
#include "lt-test-util.h"
#include "lt-wiegand.h"

#include <string.h>

#define CONFIG_FAIL_SECURE "[door]\nunlock-seconds=1\n"
#define CONFIG_FAIL_SAFE   "[door]\nunlock-seconds=1\nlock-type=fail-safe\n"

#define UNIT      "3-1203"
#define PIN       "8264"
#define WRONG_PIN "9137"
#define FACILITY  12
#define NUMBER    1001
#define USB_CARD  "04A2B3C4D5"

/* Generous: a loaded CI machine must not fail a correct engine. */
#define WAIT_MS lt_test_bound_ms (3000)

typedef struct {
  LtFixture base;

  LtEngine      *engine;
  LtSimHardware *sim;
  LtDoor        *door;
  LtLine        *lock;
  gboolean       locked_level;

  /* Everything the lock and the engine did while the test ran. */
  guint    lock_edges;
  guint    unlock_edges; /* edges to the unlocked level */
  guint    unlock_notifies;
  guint    relock_notifies;
  gint64   unlocked_at_us;
  gint64   relocked_at_us;
  guint    decisions;
  guint    grants;
  guint    last_method;
  gboolean last_granted;
  gint64   last_subject;
  guint    last_reason;
  gint64   last_relock_deadline;
  guint    rejections;
  char    *rejected_reader;
  char    *rejected_reason;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  lt_fixture_setup (&f->base, data);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  /* The engine must let go of everything, its store included, before the
   * directory goes away. */
  if (f->engine != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->engine));
  g_clear_pointer (&f->rejected_reader, g_free);
  g_clear_pointer (&f->rejected_reason, g_free);
  lt_fixture_teardown (&f->base, data);
}

/* ---- observers ------------------------------------------------------------ */

static void
on_lock_edge (LtLine  *line,
              gboolean active,
              guint64  timestamp_ns,
              gpointer user_data)
{
  Fixture *f = user_data;

  f->lock_edges++;
  if (!!active != !!f->locked_level)
    f->unlock_edges++;
}

static void
on_unlocked_notify (LtDoor     *door,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  Fixture *f = user_data;

  if (lt_door_get_unlocked (door)) {
    f->unlock_notifies++;
    f->unlocked_at_us = g_get_monotonic_time ();
  } else {
    f->relock_notifies++;
    f->relocked_at_us = g_get_monotonic_time ();
  }
}

static void
on_decision (LtEngine             *engine,
             const LtHostDecision *decision,
             gpointer              user_data)
{
  Fixture *f = user_data;

  f->decisions++;
  if (decision->granted)
    f->grants++;
  f->last_method = decision->method;
  f->last_granted = decision->granted;
  f->last_subject = decision->subject_id;
  f->last_reason = decision->reason;
  /* Announced after the door moved: a grant carries the relock time. */
  f->last_relock_deadline = decision->relock_deadline_us;
}

static void
on_reader_rejected (LtEngine   *engine,
                    const char *reader,
                    const char *reason,
                    gpointer    user_data)
{
  Fixture *f = user_data;

  f->rejections++;
  g_free (f->rejected_reader);
  f->rejected_reader = g_strdup (reader);
  g_free (f->rejected_reason);
  f->rejected_reason = g_strdup (reason);
}

/* ---- helpers -------------------------------------------------------------- */

/* Residents are added before this, through the fixture's store; the
 * engine then opens the database and the secret itself. */
static void
start_engine (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  LtConfig *config;

  g_clear_object (&f->base.store);
  config = lt_config_load (f->base.config_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  f->engine = lt_engine_new (config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->engine);

  f->sim = lt_engine_get_sim (f->engine);
  g_assert_nonnull (f->sim);
  f->door = lt_engine_get_door (f->engine);
  g_assert_nonnull (f->door);
  g_assert_nonnull (lt_engine_get_store (f->engine));
  f->lock = lt_sim_hardware_get_line (f->sim, LT_LINE_LOCK);
  g_assert_true (LT_IS_LINE (f->lock));
  f->locked_level = lt_config_get_door (config, config->door)->lock_type == LT_LOCK_FAIL_SAFE;

  /* Locked from the first moment: nothing has run on the main context yet. */
  g_assert_cmpint (lt_line_get_value (f->lock), ==, f->locked_level);
  g_assert_false (lt_door_get_unlocked (f->door));

  g_signal_connect (f->lock, "edge", G_CALLBACK (on_lock_edge), f);
  g_signal_connect (f->door, "notify::unlocked", G_CALLBACK (on_unlocked_notify), f);
  g_signal_connect (f->engine, "decision", G_CALLBACK (on_decision), f);
  g_signal_connect (f->engine, "reader-rejected", G_CALLBACK (on_reader_rejected), f);
}

static void
assert_locked (Fixture *f)
{
  g_assert_cmpint (lt_line_get_value (f->lock), ==, f->locked_level);
  g_assert_false (lt_door_get_unlocked (f->door));
}

static void
assert_unlocked (Fixture *f)
{
  g_assert_cmpint (lt_line_get_value (f->lock), ==, !f->locked_level);
  g_assert_true (lt_door_get_unlocked (f->door));
}

static void
send_wiegand_bits (Fixture    *f,
                   const char *bits)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lt_sim_hardware_wiegand (f->sim, bits, &error));
  g_assert_no_error (error);
}

static void
send_wiegand (Fixture *f,
              guint    facility,
              guint    number)
{
  g_autofree char *bits = lt_wiegand_encode (26, facility, number);

  g_assert_nonnull (bits);
  send_wiegand_bits (f, bits);
}

static GPtrArray *
list_events (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *events = lt_store_list_events (lt_engine_get_store (f->engine), 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

/* NULL matches anything; subject -1 too. */
static const LtEvent *
find_event (GPtrArray  *events,
            const char *kind,
            const char *method,
            const char *result,
            const char *reason,
            gint64      subject)
{
  for (guint i = 0; i < events->len; i++) {
    const LtEvent *e = g_ptr_array_index (events, i);

    if ((kind == NULL || g_strcmp0 (lt_event_kind_to_string (e->kind), kind) == 0) && (method == NULL || g_strcmp0 (e->method, method) == 0) && (result == NULL || g_strcmp0 (lt_event_result_to_string (e->result), result) == 0) && (reason == NULL || g_strcmp0 (e->reason, reason) == 0) && (subject < 0 || e->subject_id == subject))
      return e;
  }
  return NULL;
}

static guint
count_events (GPtrArray  *events,
              const char *kind,
              const char *method,
              const char *result,
              const char *reason)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++) {
    const LtEvent *e = g_ptr_array_index (events, i);

    if ((kind == NULL || g_strcmp0 (lt_event_kind_to_string (e->kind), kind) == 0) && (method == NULL || g_strcmp0 (e->method, method) == 0) && (result == NULL || g_strcmp0 (lt_event_result_to_string (e->result), result) == 0) && (reason == NULL || g_strcmp0 (e->reason, reason) == 0))
      n++;
  }
  return n;
}

static gint64
add_card_resident (Fixture *f)
{
  g_autofree char *card = g_strdup_printf ("26:%u:%u", FACILITY, NUMBER);

  return lt_fixture_add_resident (&f->base, UNIT, "Chen Jing", PIN, card);
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_start_locked (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GPtrArray) events = NULL;

  start_engine (f);
  /* Fail-secure: the lock holds when de-energised. */
  g_assert_false (f->locked_level);
  g_assert_false (lt_line_get_value (f->lock));

  lt_test_iterate_for (100);
  assert_locked (f);
  g_assert_cmpuint (f->lock_edges, ==, 0);
  g_assert_cmpuint (f->unlock_notifies, ==, 0);

  events = list_events (f);
  g_assert_nonnull (find_event (events, "system", NULL, "started", "sim", -1));
  g_assert_cmpuint (count_events (events, "door", NULL, "unlocked", NULL), ==, 0);
}

static void
test_start_locked_fail_safe (Fixture      *f,
                             gconstpointer data)
{
  add_card_resident (f);
  start_engine (f);
  /* Fail-safe: the lock holds only while energised. */
  g_assert_true (f->locked_level);
  g_assert_true (lt_line_get_value (f->lock));

  send_wiegand (f, FACILITY, NUMBER);
  LT_TEST_ITERATE_UNTIL (f->unlock_notifies == 1, WAIT_MS);
  g_assert_false (lt_line_get_value (f->lock));
  LT_TEST_ITERATE_UNTIL (f->relock_notifies == 1, WAIT_MS);
  g_assert_true (lt_line_get_value (f->lock));
  g_assert_cmpuint (f->unlock_edges, ==, 1);
  g_assert_cmpuint (f->lock_edges, ==, 2);
}

static void
test_wiegand_grant_relocks (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (GPtrArray) events = NULL;
  const LtEvent *decision;
  gint64         id = add_card_resident (f);
  gint64         elapsed_ms;

  start_engine (f);
  send_wiegand (f, FACILITY, NUMBER);
  LT_TEST_ITERATE_UNTIL (f->decisions == 1, WAIT_MS);
  g_assert_true (f->last_granted);
  g_assert_cmpuint (f->last_method, ==, LT_METHOD_CARD);
  g_assert_cmpint (f->last_subject, ==, id);
  g_assert_cmpuint (f->last_reason, ==, LT_REASON_OK);
  assert_unlocked (f);
  g_assert_cmpuint (f->unlock_notifies, ==, 1);
  g_assert_cmpuint (f->unlock_edges, ==, 1);

  /* Nobody calls lock: only the main context runs. */
  LT_TEST_ITERATE_UNTIL (f->relock_notifies == 1, WAIT_MS);
  assert_locked (f);
  elapsed_ms = (f->relocked_at_us - f->unlocked_at_us) / 1000;
  g_assert_cmpint (elapsed_ms, >=, 900);
  g_assert_cmpint (elapsed_ms, <, lt_test_bound_ms (2500));
  g_assert_cmpuint (f->lock_edges, ==, 2);
  g_assert_cmpuint (f->unlock_notifies, ==, 1);

  events = list_events (f);
  decision = find_event (events, "decision", "card", "granted", "ok", id);
  g_assert_nonnull (decision);
  g_assert_cmpstr (decision->detail, ==, "format=26");
  g_assert_nonnull (find_event (events, "door", NULL, "unlocked", "lock", -1));
  g_assert_nonnull (find_event (events, "door", NULL, "locked", "lock", -1));
}

static void
test_wiegand_denied (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GPtrArray) events = NULL;

  add_card_resident (f);
  start_engine (f);
  send_wiegand (f, FACILITY, NUMBER + 1);
  LT_TEST_ITERATE_UNTIL (f->decisions == 1, WAIT_MS);
  g_assert_false (f->last_granted);
  g_assert_cmpuint (f->last_method, ==, LT_METHOD_CARD);
  g_assert_cmpint (f->last_subject, ==, 0);
  g_assert_cmpuint (f->last_reason, ==, LT_REASON_UNKNOWN_CREDENTIAL);

  lt_test_iterate_for (300);
  assert_locked (f);
  g_assert_cmpuint (f->grants, ==, 0);
  g_assert_cmpuint (f->lock_edges, ==, 0);
  g_assert_cmpuint (f->unlock_edges, ==, 0);
  g_assert_cmpuint (f->unlock_notifies, ==, 0);

  events = list_events (f);
  g_assert_nonnull (find_event (events, "decision", "card", "denied", "unknown-credential", 0));
  g_assert_cmpuint (count_events (events, NULL, NULL, "granted", NULL), ==, 0);
  g_assert_cmpuint (count_events (events, "door", NULL, "unlocked", NULL), ==, 0);
}

static void
assert_reader_rejected (Fixture    *f,
                        const char *bits,
                        const char *reason)
{
  g_autoptr (GPtrArray) events = NULL;
  const LtEvent *event;

  add_card_resident (f);
  start_engine (f);
  send_wiegand_bits (f, bits);
  LT_TEST_ITERATE_UNTIL (f->rejections == 1, WAIT_MS);
  g_assert_cmpstr (f->rejected_reader, ==, "wiegand");
  g_assert_cmpstr (f->rejected_reason, ==, reason);

  lt_test_iterate_for (200);
  g_assert_cmpuint (f->rejections, ==, 1);
  g_assert_cmpuint (f->decisions, ==, 0);
  g_assert_cmpuint (f->lock_edges, ==, 0);
  g_assert_cmpuint (f->unlock_notifies, ==, 0);
  assert_locked (f);

  events = list_events (f);
  event = find_event (events, "reader", NULL, "rejected", reason, 0);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->detail, ==, "wiegand");
  /* The bits of a damaged frame are not kept either. */
  g_assert_null (strstr (event->detail, bits));
  g_assert_cmpuint (count_events (events, "decision", NULL, NULL, NULL), ==, 0);
  g_assert_cmpuint (count_events (events, NULL, NULL, "granted", NULL), ==, 0);
}

static void
test_wiegand_bad_parity (Fixture      *f,
                         gconstpointer data)
{
  g_autofree char *bits = lt_wiegand_encode (26, FACILITY, NUMBER);

  /* One bit of the card number flipped: the second half no longer has the
   * odd parity its last bit promises. */
  bits[20] = bits[20] == '0' ? '1' : '0';
  assert_reader_rejected (f, bits, "parity");
}

static void
test_wiegand_27_bits (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *valid = lt_wiegand_encode (26, FACILITY, NUMBER);
  g_autofree char *bits = g_strconcat (valid, "0", NULL);

  g_assert_cmpuint (strlen (bits), ==, 27);
  assert_reader_rejected (f, bits, "length");
}

/* A burst of bad frames is one event at once and one with the count of
 * the rest when the minute ends (here: when the engine stops). */
static void
test_rejects_aggregated (Fixture      *f,
                         gconstpointer data)
{
  g_autofree char *valid = lt_wiegand_encode (26, FACILITY, NUMBER);
  g_autofree char *bits = g_strconcat (valid, "0", NULL);
  g_autoptr (GPtrArray) events = NULL;
  const LtEvent *summary = NULL;

  add_card_resident (f);
  start_engine (f);
  for (guint i = 0; i < 5; i++) {
    send_wiegand_bits (f, bits);
    LT_TEST_ITERATE_UNTIL (f->rejections == i + 1, WAIT_MS);
  }
  events = list_events (f);
  g_assert_cmpuint (count_events (events, "reader", NULL, "rejected", "length"), ==, 1);
  g_clear_pointer (&events, g_ptr_array_unref);

  lt_engine_shutdown (f->engine);
  events = list_events (f);
  g_assert_cmpuint (count_events (events, "reader", NULL, "rejected", "length"), ==, 2);
  for (guint i = 0; i < events->len; i++) {
    const LtEvent *e = g_ptr_array_index (events, i);
    if (e->kind == LT_EVENT_KIND_READER && g_strcmp0 (e->detail, "wiegand") != 0)
      summary = e;
  }
  g_assert_nonnull (summary);
  g_assert_cmpstr (summary->detail, ==, "wiegand count=4");
}

static void
test_usb_card (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  const LtEvent *decision;
  gint64         id;

  lt_fixture_add_resident (&f->base, UNIT, "Chen Jing", NULL, NULL);
  id = lt_fixture_add_resident (&f->base, UNIT, "Wang Fang", NULL, USB_CARD);
  start_engine (f);

  g_assert_true (lt_sim_hardware_usb_card (f->sim, USB_CARD, &error));
  g_assert_no_error (error);
  LT_TEST_ITERATE_UNTIL (f->decisions == 1, WAIT_MS);
  g_assert_true (f->last_granted);
  g_assert_cmpuint (f->last_method, ==, LT_METHOD_CARD);
  g_assert_cmpint (f->last_subject, ==, id);
  assert_unlocked (f);

  events = list_events (f);
  decision = find_event (events, "decision", "card", "granted", "ok", id);
  g_assert_nonnull (decision);
  g_assert_cmpstr (decision->detail, ==, "format=uid");
}

static void
test_pin (Fixture      *f,
          gconstpointer data)
{
  LtPresentation wrong = { LT_METHOD_PIN, NULL, "keypad", UNIT, WRONG_PIN, 0 };
  LtPresentation right = { LT_METHOD_PIN, NULL, "keypad", UNIT, PIN, 0 };
  g_autoptr (GPtrArray) events = NULL;
  LtDecision decision;
  gint64     id = add_card_resident (f);

  start_engine (f);

  lt_engine_present (f->engine, &wrong, &decision);
  g_assert_false (decision.granted);
  g_assert_cmpuint (decision.reason, ==, LT_REASON_WRONG_PIN);
  g_assert_cmpuint (f->decisions, ==, 1);
  lt_test_iterate_for (100);
  g_assert_cmpuint (f->lock_edges, ==, 0);
  assert_locked (f);

  lt_engine_present (f->engine, &right, &decision);
  g_assert_true (decision.granted);
  g_assert_cmpuint (decision.reason, ==, LT_REASON_OK);
  g_assert_cmpint (decision.subject_id, ==, id);
  g_assert_cmpuint (f->decisions, ==, 2);
  g_assert_cmpuint (f->last_method, ==, LT_METHOD_PIN);
  g_assert_true (f->last_granted);
  assert_unlocked (f);
  g_assert_cmpuint (f->unlock_edges, ==, 1);

  events = list_events (f);
  g_assert_nonnull (find_event (events, "decision", "pin", "denied", "wrong-pin", -1));
  g_assert_nonnull (find_event (events, "decision", "pin", "granted", "ok", id));

  LT_TEST_ITERATE_UNTIL (f->relock_notifies == 1, WAIT_MS);
  assert_locked (f);
}

static void
test_exit_button (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GPtrArray) events = NULL;
  const LtEvent *exit;

  start_engine (f);
  lt_sim_hardware_press_exit (f->sim);
  LT_TEST_ITERATE_UNTIL (f->unlock_notifies == 1, WAIT_MS);
  assert_unlocked (f);
  /* Not a credential: no access decision is made. */
  g_assert_cmpuint (f->decisions, ==, 0);

  events = list_events (f);
  exit = find_event (events, NULL, "exit", NULL, NULL, -1);
  g_assert_nonnull (exit);
  g_assert_cmpstr (lt_event_kind_to_string (exit->kind), ==, "door");
  g_assert_cmpstr (lt_event_result_to_string (exit->result), ==, "granted");
  g_assert_cmpint (exit->subject_id, ==, 0);
  g_assert_cmpuint (count_events (events, NULL, "exit", NULL, NULL), ==, 1);

  /* Released after its press; the door relocks by itself. */
  LT_TEST_ITERATE_UNTIL (f->relock_notifies == 1, WAIT_MS);
  assert_locked (f);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = list_events (f);
  g_assert_cmpuint (count_events (events, NULL, "exit", NULL, NULL), ==, 1);
}

/* The exit button's event says what the lock did: a lock that did not
 * move is no granted exit. */
static void
test_exit_lock_fault (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (GPtrArray) events = NULL;

  start_engine (f);
  lt_sim_line_set_fail (LT_SIM_LINE (f->lock), TRUE);
  g_test_expect_message ("lt-door", G_LOG_LEVEL_WARNING, "Exit button*");
  lt_sim_hardware_press_exit (f->sim);
  LT_TEST_ITERATE_UNTIL (({ g_autoptr(GPtrArray) now = list_events (f);
               find_event (now, NULL, "exit", NULL, NULL, -1) != NULL; }), WAIT_MS);
  g_test_assert_expected_messages ();
  g_assert_false (lt_door_get_unlocked (f->door));

  events = list_events (f);
  g_assert_null (find_event (events, NULL, "exit", "granted", NULL, -1));
  g_assert_nonnull (find_event (events, "door", "exit", "failed", "lock-fault", 0));
  lt_sim_line_set_fail (LT_SIM_LINE (f->lock), FALSE);
}

static void
on_card_captured (LtEngine   *engine,
                  const char *reader,
                  const char *card,
                  const char *problem,
                  gpointer    user_data)
{
  /* A card, or the end of the capture without one. */
  if (card != NULL || g_strcmp0 (problem, "timeout") == 0)
    (*(guint *)user_data)++;
}

/* A capture armed for a reader test or a staff sign-in ends by itself:
 * the next resident's card opens the door, it is not swallowed. */
static void
test_capture_times_out (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint captured = 0;

  lt_fixture_add_resident (&f->base, UNIT, "Wang Fang", NULL, USB_CARD);
  start_engine (f);
  g_signal_connect (f->engine, "card-captured", G_CALLBACK (on_card_captured), &captured);
  lt_engine_set_capture_timeout (f->engine, 200);

  /* Within the time the card is captured, and opens nothing. */
  lt_engine_capture_next_card (f->engine, TRUE);
  g_assert_true (lt_sim_hardware_usb_card (f->sim, USB_CARD, &error));
  LT_TEST_ITERATE_UNTIL (captured == 1, WAIT_MS);
  g_assert_cmpuint (f->decisions, ==, 0);

  /* Armed and forgotten: after the timeout (announced) the card is decided. */
  lt_engine_capture_next_card (f->engine, TRUE);
  LT_TEST_ITERATE_UNTIL (captured == 2, WAIT_MS);
  g_assert_true (lt_sim_hardware_usb_card (f->sim, USB_CARD, &error));
  g_assert_no_error (error);
  LT_TEST_ITERATE_UNTIL (f->decisions == 1, WAIT_MS);
  g_assert_true (f->last_granted);
  g_assert_cmpuint (captured, ==, 2);
}

static void
test_remote_unlock (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  const LtEvent *remote;
  gint64         resident = add_card_resident (f);
  gint64         guard;

  guard = lt_store_add_person (f->base.store, LT_PERSON_GUARD, NULL, "Li Wei", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (guard, >, 0);
  start_engine (f);

  g_assert_false (lt_engine_remote_unlock (f->engine, resident, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lt_engine_remote_unlock (f->engine, guard + resident + 100, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  lt_test_iterate_for (50);
  g_assert_cmpuint (f->lock_edges, ==, 0);
  assert_locked (f);

  g_assert_true (lt_engine_remote_unlock (f->engine, guard, &error));
  g_assert_no_error (error);
  assert_unlocked (f);
  g_assert_cmpuint (f->unlock_edges, ==, 1);

  events = list_events (f);
  remote = find_event (events, "decision", "remote", "granted", NULL, -1);
  g_assert_nonnull (remote);
  g_assert_cmpstr (remote->reason, ==, "remote");
  g_assert_cmpint (remote->subject_id, ==, guard);
  g_assert_cmpuint (count_events (events, NULL, "remote", "granted", NULL), ==, 1);
  g_assert_null (find_event (events, NULL, "remote", "granted", NULL, resident));
}

static void
test_door_forced (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GPtrArray) events = NULL;
  const LtEvent *raised, *cleared;

  start_engine (f);
  lt_sim_hardware_set_door_open (f->sim, TRUE);
  LT_TEST_ITERATE_UNTIL (lt_door_get_alarm (f->door) == LT_ALARM_FORCED, WAIT_MS);
  g_assert_true (lt_door_get_open (f->door));
  /* Forcing the door never moves the lock. */
  g_assert_cmpuint (f->lock_edges, ==, 0);
  assert_locked (f);

  events = list_events (f);
  raised = find_event (events, "alarm", NULL, "raised", "forced", 0);
  g_assert_nonnull (raised);
  g_assert_null (raised->method);
  g_assert_nonnull (find_event (events, "door", NULL, "open", "contact", -1));
  g_assert_null (find_event (events, "alarm", NULL, "cleared", "forced", -1));

  lt_sim_hardware_set_door_open (f->sim, FALSE);
  LT_TEST_ITERATE_UNTIL (!lt_door_alarm_active (f->door, LT_ALARM_FORCED), WAIT_MS);
  /* Closed, but nobody has seen it: shown until a guard acknowledges. */
  g_assert_cmpuint (lt_door_get_alarm (f->door), ==, LT_ALARM_FORCED);
  lt_engine_acknowledge_alarm (f->engine, 0);
  g_assert_cmpuint (lt_door_get_alarm (f->door), ==, LT_ALARM_NONE);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = list_events (f);
  cleared = find_event (events, "alarm", NULL, "cleared", "forced", 0);
  g_assert_nonnull (cleared);
  g_assert_cmpuint (count_events (events, "alarm", NULL, "raised", "forced"), ==, 1);
  g_assert_cmpuint (f->lock_edges, ==, 0);
}

static gboolean
text_holds (const char *text,
            const char *needle)
{
  g_autofree char *a = text ? g_ascii_strdown (text, -1) : NULL;
  g_autofree char *b = g_ascii_strdown (needle, -1);

  return a != NULL && strstr (a, b) != NULL;
}

static void
test_no_secrets_in_events (Fixture      *f,
                           gconstpointer data)
{
  LtPresentation wrong = { LT_METHOD_PIN, NULL, "keypad", UNIT, WRONG_PIN, 0 };
  LtPresentation right = { LT_METHOD_PIN, NULL, "keypad", UNIT, PIN, 0 };
  const char    *secrets[] = { "1001", "4242", USB_CARD, "A2B3C4", PIN, WRONG_PIN, NULL };
  g_autoptr (GPtrArray) events = NULL;
  g_autofree char *bits = lt_wiegand_encode (26, FACILITY, NUMBER);
  g_autoptr (GError) error = NULL;
  LtDecision decision;

  add_card_resident (f);
  lt_fixture_add_resident (&f->base, UNIT, "Wang Fang", NULL, USB_CARD);
  start_engine (f);

  send_wiegand (f, FACILITY, NUMBER); /* granted */
  LT_TEST_ITERATE_UNTIL (f->decisions == 1, WAIT_MS);
  send_wiegand (f, FACILITY, 4242); /* unknown */
  LT_TEST_ITERATE_UNTIL (f->decisions == 2, WAIT_MS);
  g_assert_true (lt_sim_hardware_usb_card (f->sim, USB_CARD, &error));
  g_assert_no_error (error);
  LT_TEST_ITERATE_UNTIL (f->decisions == 3, WAIT_MS);
  lt_engine_present (f->engine, &wrong, &decision);
  g_assert_false (decision.granted);
  lt_engine_present (f->engine, &right, &decision);
  g_assert_true (decision.granted);
  g_assert_cmpuint (f->decisions, ==, 5);
  g_assert_cmpuint (f->grants, ==, 3);

  events = list_events (f);
  g_assert_cmpuint (count_events (events, "decision", NULL, NULL, NULL), ==, 5);
  for (guint i = 0; i < events->len; i++) {
    const LtEvent *e = g_ptr_array_index (events, i);
    const char    *fields[] = { lt_event_kind_to_string (e->kind), e->door, e->method, lt_event_result_to_string (e->result), e->reason, e->detail };

    for (guint j = 0; j < G_N_ELEMENTS (fields); j++) {
      for (guint k = 0; secrets[k] != NULL; k++) {
        if (text_holds (fields[j], secrets[k]))
          g_error ("Event %" G_GINT64_FORMAT " (%s) holds \"%s\" in \"%s\"", e->id, lt_event_kind_to_string (e->kind), secrets[k], fields[j]);
      }
      g_assert_false (text_holds (fields[j], bits));
    }
  }
}

static void
test_shutdown_relocks (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GError) error = NULL;
  guint edges;

  add_card_resident (f);
  start_engine (f);
  send_wiegand (f, FACILITY, NUMBER);
  LT_TEST_ITERATE_UNTIL (f->unlock_notifies == 1, WAIT_MS);
  assert_unlocked (f);
  g_assert_cmpuint (f->relock_notifies, ==, 0);

  /* No main-context iteration between the call and the check. */
  lt_engine_shutdown (f->engine);
  assert_locked (f);
  g_assert_cmpuint (f->relock_notifies, ==, 1);
  edges = f->lock_edges;
  g_assert_cmpuint (edges, ==, 2);

  /* Twice is harmless, and nothing unlocks a shut-down engine. */
  lt_engine_shutdown (f->engine);
  send_wiegand (f, FACILITY, NUMBER);
  lt_test_iterate_for (1200);
  assert_locked (f);
  g_assert_cmpuint (f->lock_edges, ==, edges);
  g_assert_cmpuint (f->decisions, ==, 1);

  events = list_events (f);
  g_assert_nonnull (find_event (events, "system", NULL, "stopped", "shutdown", 0));
  g_assert_cmpuint (count_events (events, "system", NULL, "stopped", NULL), ==, 1);
  g_assert_nonnull (find_event (events, "door", NULL, "locked", "lock", 0));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (lt_test_skip_without_eviocgrab ())
    return 0;

#define ADD(path, config, func) \
  g_test_add (path, Fixture, config, fixture_setup, func, fixture_teardown)

  ADD ("/hw/engine/start-locked", CONFIG_FAIL_SECURE, test_start_locked);
  ADD ("/hw/engine/start-locked-fail-safe", CONFIG_FAIL_SAFE, test_start_locked_fail_safe);
  ADD ("/hw/engine/wiegand-grant-relocks", CONFIG_FAIL_SECURE, test_wiegand_grant_relocks);
  ADD ("/hw/engine/wiegand-denied", CONFIG_FAIL_SECURE, test_wiegand_denied);
  ADD ("/hw/engine/wiegand-bad-parity", CONFIG_FAIL_SECURE, test_wiegand_bad_parity);
  ADD ("/hw/engine/rejects-aggregated", CONFIG_FAIL_SECURE, test_rejects_aggregated);
  ADD ("/hw/engine/wiegand-27-bits", CONFIG_FAIL_SECURE, test_wiegand_27_bits);
  ADD ("/hw/engine/usb-card", CONFIG_FAIL_SECURE, test_usb_card);
  ADD ("/hw/engine/pin", CONFIG_FAIL_SECURE, test_pin);
  ADD ("/hw/engine/exit-button", CONFIG_FAIL_SECURE, test_exit_button);
  ADD ("/hw/engine/exit-lock-fault", CONFIG_FAIL_SECURE, test_exit_lock_fault);
  ADD ("/hw/engine/capture-times-out", CONFIG_FAIL_SECURE, test_capture_times_out);
  ADD ("/hw/engine/remote-unlock", CONFIG_FAIL_SECURE, test_remote_unlock);
  ADD ("/hw/engine/door-forced", CONFIG_FAIL_SECURE, test_door_forced);
  ADD ("/hw/engine/no-secrets-in-events", CONFIG_FAIL_SECURE, test_no_secrets_in_events);
  ADD ("/hw/engine/shutdown-relocks", CONFIG_FAIL_SECURE, test_shutdown_relocks);

#undef ADD
  return g_test_run ();
}
