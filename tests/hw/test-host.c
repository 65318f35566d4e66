/* test-host.c: the engine host, as the views see it through LtHost
 *
 * No GTK: the host's calls, signals and what it hands out, on simulated
 * hardware with the engine in its own thread. Every behaviour test runs
 * twice: against the in-process LtEngineHost (/hw/host/local/...), and
 * against an LtRemoteHost talking over a real Unix socket to an
 * LtHostExporter of that engine host (/hw/host/remote/...), the two
 * processes of a terminal folded into one. Then the remote host alone:
 * it reconnects to a `lintel --headless` that restarts, and the
 * exporter refuses peers of another uid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-engine-host.h"
#include "lt-host-exporter.h"
#include "lt-pass.h"
#include "lt-remote-host.h"
#include "lt-test-util.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CONFIG "[terminal]\nbuilding=Test Court\n[door]\nunlock-seconds=5\n"
#define CARD   "04A2B3C4D5"

typedef enum {
  HOST_LOCAL,
  HOST_REMOTE,
} HostKind;

/* Or'ed into the HostKind of a test: the unit-lockout configuration, whose
 * keypad takes many refusals, so that the unit's own count decides. */
#define WITH_UNIT_LOCKOUT   2
#define CONFIG_UNIT_LOCKOUT CONFIG "[access]\nreader-lockout-failures=100\n"

typedef struct {
  LtFixture       base;
  LtEngineHost   *engine;
  LtHostExporter *exporter; /* HOST_REMOTE */
  LtRemoteHost   *remote;
  LtHost         *host; /* what the test talks to */
  char           *socket_path;
  gint64          resident;
  gint64          guard;
} Fixture;

static LtConfig *
load_config (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  LtConfig *config = lt_config_load (f->base.config_path, &error);

  g_assert_no_error (error);
  return config;
}

static void
wait_connected (LtRemoteHost *remote,
                gboolean      connected)
{
  LT_TEST_ITERATE_UNTIL (lt_remote_host_get_connected (remote) == connected, lt_test_bound_ms (10000));
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  lt_fixture_setup (&f->base, (GPOINTER_TO_INT (data) & WITH_UNIT_LOCKOUT) != 0 ? CONFIG_UNIT_LOCKOUT : CONFIG);
  /* The site key, for the visitor-pass calls. */
  g_assert_true (lt_pass_key_create (f->base.key_dir, &error));
  g_assert_no_error (error);
  f->resident = lt_fixture_add_resident (&f->base, "1-101", "Wang Fang", "246810", CARD);
  f->guard = lt_fixture_add_staff (&f->base, LT_PERSON_GUARD, "Li Wei", "135790", NULL);
  g_clear_object (&f->base.store);
  f->engine = lt_engine_host_new (load_config (f), &error);
  g_assert_no_error (error);
  f->socket_path = g_build_filename (f->base.dir, "engine.sock", NULL);
  if ((GPOINTER_TO_INT (data) & HOST_REMOTE) == 0) {
    f->host = LT_HOST (f->engine);
    return;
  }
  f->exporter = lt_host_exporter_new (LT_HOST (f->engine), f->socket_path, &error);
  g_assert_no_error (error);
  f->remote = lt_remote_host_new (load_config (f), f->socket_path);
  wait_connected (f->remote, TRUE);
  f->host = LT_HOST (f->remote);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  if (f->remote != NULL) {
    g_object_run_dispose (G_OBJECT (f->remote));
    lt_test_iterate_for (50);
    g_assert_finalize_object (g_steal_pointer (&f->remote));
  }
  if (f->exporter != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->exporter));
  lt_engine_host_shutdown (f->engine);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&f->engine));
  g_free (f->socket_path);
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
  const LtConfig *config = lt_host_get_config (f->host);

  g_assert_cmpstr (config->building, ==, "Test Court");
  lt_engine_host_shutdown (f->engine);
  config = lt_host_get_config (f->host);
  g_assert_cmpstr (config->building, ==, "Test Court");
  g_assert_cmpuint (lt_config_get_door (config, config->door)->unlock_seconds, ==, 5);
}

/* A call after shutdown finishes with an error; nothing hangs. */
static void
test_call_after_shutdown (Fixture      *f,
                          gconstpointer data)
{
  Answer answer = { 0 };

  lt_engine_host_shutdown (f->engine);
  lt_host_present_async (f->host, LT_METHOD_PIN, "1-101", "246810", NULL, on_presented, &answer);
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
  lt_host_present_async (f->host, LT_METHOD_PIN, "1-101", "246810", cancellable, on_presented, &answer);
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
  lt_host_simulate_async (f->host, LT_SIM_USB_CARD, CARD, NULL, NULL, NULL);
  LT_TEST_ITERATE_UNTIL (seen.decisions == 1, lt_test_bound_ms (3000));
  first = seen.deadline_in_decision;
  g_assert_cmpint (first, >, 0);
  lt_test_iterate_for (1200);
  lt_host_simulate_async (f->host, LT_SIM_USB_CARD, CARD, NULL, NULL, NULL);
  LT_TEST_ITERATE_UNTIL (seen.decisions == 2, lt_test_bound_ms (3000));
  g_assert_cmpint (seen.deadline_in_decision, >=, first + G_USEC_PER_SEC);
  g_assert_cmpint (seen.deadline_at_decision, ==, seen.deadline_in_decision);
  g_signal_handlers_disconnect_by_data (f->host, &seen);
}

/* ---- more of the interface, on both hosts ------------------------------------ */

typedef struct {
  gboolean done;
  gpointer value; /* what the _finish gave */
  gboolean yes;   /* a gboolean _finish */
  GError  *error;
} Result;

static void
on_staff (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->value = lt_host_identify_staff_finish (LT_HOST (source), result, &r->error);
  r->done = TRUE;
}

static void
on_events (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->value = lt_host_list_events_finish (LT_HOST (source), result, &r->error);
  r->done = TRUE;
}

static void
on_passes (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->value = lt_host_list_passes_finish (LT_HOST (source), result, &r->error);
  r->done = TRUE;
}

static void
on_issued (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->value = lt_host_issue_pass_finish (LT_HOST (source), result, &r->error);
  r->done = TRUE;
}

static void
on_storage (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->value = lt_host_check_storage_finish (LT_HOST (source), result, &r->error);
  r->done = TRUE;
}

static void
on_unit (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->yes = lt_host_unit_exists_finish (LT_HOST (source), result, &r->error);
  r->done = TRUE;
}

static void
on_call (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->yes = lt_host_call_finish (LT_HOST (source), result, &r->error);
  r->done = TRUE;
}

#define WAIT(r) LT_TEST_ITERATE_UNTIL ((r).done, lt_test_bound_ms (5000))

/* A PIN decision as the view gets it, and the event log after it: every
 * field the screens read, the subject's name included. */
static void
test_decision_and_events (Fixture      *f,
                          gconstpointer data)
{
  Answer answer = { 0 };
  Result events = { 0 };
  g_autoptr (GPtrArray) list = NULL;
  gboolean found = FALSE;

  lt_host_present_async (f->host, LT_METHOD_PIN, "1-101", "246810", NULL, on_presented, &answer);
  LT_TEST_ITERATE_UNTIL (answer.done, lt_test_bound_ms (5000));
  g_assert_no_error (answer.error);
  g_assert_true (answer.decision->granted);
  g_assert_cmpint (answer.decision->method, ==, LT_METHOD_PIN);
  g_assert_cmpint (answer.decision->subject_id, ==, f->resident);
  g_assert_cmpint (answer.decision->subject_kind, ==, LT_PERSON_RESIDENT);
  g_assert_cmpstr (answer.decision->unit, ==, "1-101");
  g_assert_cmpint (answer.decision->relock_deadline_us, >, g_get_monotonic_time ());
  LT_TEST_ITERATE_UNTIL (lt_host_get_unlocked (f->host), lt_test_bound_ms (3000));
  g_clear_pointer (&answer.decision, lt_host_decision_free);

  lt_host_list_events_async (f->host, 0, 50, NULL, on_events, &events);
  WAIT (events);
  g_assert_no_error (events.error);
  list = events.value;
  for (guint i = 0; i < list->len; i++) {
    LtEvent *event = g_ptr_array_index (list, i);

    if (event->kind == LT_EVENT_KIND_DECISION && event->subject_id == f->resident) {
      g_assert_cmpint (event->result, ==, LT_EVENT_RESULT_GRANTED);
      g_assert_cmpstr (event->subject_name, ==, "Wang Fang");
      g_assert_cmpstr (event->unit, ==, "1-101");
      g_assert_cmpint (event->time_us, >, 0);
      found = TRUE;
    }
  }
  g_assert_true (found);
}

/* Staff sign-in, a unit that exists and one that does not, the storage
 * check: typed answers, and an unknown PIN is an answer, not an error. */
static void
test_staff_units_storage (Fixture      *f,
                          gconstpointer data)
{
  Result           staff = { 0 }, wrong = { 0 }, unit = { 0 }, none = { 0 }, storage = { 0 };
  LtStaffReply    *reply;
  LtStorageStatus *status;

  lt_host_identify_staff_async (f->host, LT_METHOD_PIN, "135790", NULL, on_staff, &staff);
  WAIT (staff);
  g_assert_no_error (staff.error);
  reply = staff.value;
  g_assert_cmpint (reply->result, ==, LT_STAFF_OK);
  g_assert_cmpint (reply->staff_id, ==, f->guard);
  g_assert_cmpint (reply->kind, ==, LT_PERSON_GUARD);
  g_assert_cmpstr (reply->name, ==, "Li Wei");
  lt_staff_reply_free (reply);

  lt_host_identify_staff_async (f->host, LT_METHOD_PIN, "000000", NULL, on_staff, &wrong);
  WAIT (wrong);
  g_assert_no_error (wrong.error);
  reply = wrong.value;
  g_assert_cmpint (reply->result, !=, LT_STAFF_OK);
  g_assert_cmpint (reply->staff_id, ==, 0);
  lt_staff_reply_free (reply);

  lt_host_unit_exists_async (f->host, "1-101", NULL, on_unit, &unit);
  lt_host_unit_exists_async (f->host, "9-909", NULL, on_unit, &none);
  WAIT (unit);
  WAIT (none);
  g_assert_no_error (unit.error);
  g_assert_no_error (none.error);
  g_assert_true (unit.yes);
  g_assert_false (none.yes);

  lt_host_check_storage_async (f->host, NULL, on_storage, &storage);
  WAIT (storage);
  g_assert_no_error (storage.error);
  status = storage.value;
  g_assert_cmpstr (status->integrity, ==, "ok");
  g_assert_cmpint (status->events, >=, 0);
  lt_storage_status_free (status);
}

/* A guard issues a pass, sees it listed, revokes it. */
static void
test_passes (Fixture      *f,
             gconstpointer data)
{
  gint64        now = g_get_real_time () / G_USEC_PER_SEC * G_USEC_PER_SEC; /* the store keeps seconds */
  LtPassRequest request = { .unit = "1-101", .valid_from_us = now, .valid_until_us = now + (gint64)G_USEC_PER_SEC * 3600, .max_uses = 2, .guard_id = f->guard, .visitor_name = "Zhao Lei" };
  Result        issued = { 0 }, listed = { 0 }, revoked = { 0 }, after = { 0 };
  LtIssuedPass *pass;
  GPtrArray    *list;
  LtPassInfo   *info;
  gint64        pass_id;

  g_assert_true (lt_host_can_issue_passes (f->host));
  lt_host_issue_pass_async (f->host, &request, NULL, on_issued, &issued);
  WAIT (issued);
  g_assert_no_error (issued.error);
  pass = issued.value;
  g_assert_cmpuint (strlen (pass->token), >, 20);
  g_assert_cmpstr (pass->pass->unit, ==, "1-101");
  g_assert_cmpstr (pass->pass->visitor_name, ==, "Zhao Lei");
  g_assert_cmpuint (pass->pass->max_uses, ==, 2);
  pass_id = pass->pass->id;
  g_assert_cmpint (pass_id, >, 0);
  lt_issued_pass_free (pass);

  lt_host_list_passes_async (f->host, NULL, on_passes, &listed);
  WAIT (listed);
  g_assert_no_error (listed.error);
  list = listed.value;
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpint (info->id, ==, pass_id);
  g_assert_cmpstr (info->visitor_name, ==, "Zhao Lei");
  g_assert_cmpint (info->valid_until_us, ==, request.valid_until_us);
  g_ptr_array_unref (list);

  lt_host_revoke_pass_async (f->host, pass_id, f->guard, NULL, on_call, &revoked);
  WAIT (revoked);
  g_assert_no_error (revoked.error);
  g_assert_true (revoked.yes);
  lt_host_list_passes_async (f->host, NULL, on_passes, &after);
  WAIT (after);
  g_assert_no_error (after.error);
  g_assert_cmpuint (((GPtrArray *)after.value)->len, ==, 0);
  g_ptr_array_unref (after.value);
}

typedef struct {
  guint    contact_changes;
  gboolean contact_active;
  guint    captures;
  char    *card;
  guint    open_notifies;
} Watch;

static void
on_line_changed (LtHost *host, guint role, gboolean active, Watch *w)
{
  if (role == LT_LINE_CONTACT) {
    w->contact_changes++;
    w->contact_active = active;
  }
}

static void
on_card_captured (LtHost *host, const char *reader, const char *card, const char *problem, Watch *w)
{
  w->captures++;
  g_free (w->card);
  w->card = g_strdup (card);
  g_assert_null (problem);
}

static void
on_open_notify (GObject *host, GParamSpec *pspec, Watch *w)
{
  w->open_notifies++;
}

/* The door contact as a line and as "open"; a captured card comes as
 * ::card-captured and opens nothing. */
static void
test_lines_and_capture (Fixture      *f,
                        gconstpointer data)
{
  Watch    w = { 0 };
  gboolean active = TRUE;

  g_assert_true (lt_host_get_line_state (f->host, LT_LINE_CONTACT, &active));
  g_assert_false (active);
  g_signal_connect (f->host, "line-changed", G_CALLBACK (on_line_changed), &w);
  g_signal_connect (f->host, "card-captured", G_CALLBACK (on_card_captured), &w);
  g_signal_connect (f->host, "notify::open", G_CALLBACK (on_open_notify), &w);

  lt_host_simulate_async (f->host, LT_SIM_OPEN_DOOR, NULL, NULL, NULL, NULL);
  LT_TEST_ITERATE_UNTIL (lt_host_get_open (f->host) && w.contact_changes > 0, lt_test_bound_ms (3000));
  g_assert_cmpuint (w.contact_changes, ==, 1);
  g_assert_true (w.contact_active);
  g_assert_true (lt_host_get_line_state (f->host, LT_LINE_CONTACT, &active));
  g_assert_true (active);
  g_assert_cmpuint (w.open_notifies, ==, 1);
  lt_host_simulate_async (f->host, LT_SIM_CLOSE_DOOR, NULL, NULL, NULL, NULL);
  LT_TEST_ITERATE_UNTIL (!lt_host_get_open (f->host), lt_test_bound_ms (3000));
  /* The door opened without a grant: an alarm, shown until acknowledged. */
  LT_TEST_ITERATE_UNTIL (lt_host_get_alarm (f->host) != LT_ALARM_NONE, lt_test_bound_ms (3000));

  lt_host_capture_card (f->host, TRUE);
  lt_test_iterate_for (100);
  lt_host_simulate_async (f->host, LT_SIM_USB_CARD, CARD, NULL, NULL, NULL);
  LT_TEST_ITERATE_UNTIL (w.captures == 1, lt_test_bound_ms (3000));
  g_assert_cmpstr (w.card, ==, CARD);
  lt_test_iterate_for (200);
  g_assert_false (lt_host_get_unlocked (f->host));
  g_signal_handlers_disconnect_by_data (f->host, &w);
  g_free (w.card);
}

/* ---- the remote host alone ------------------------------------------------------ */

static GSubprocess *
start_engine (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  const char  *lintel = g_getenv ("LINTEL");
  GSubprocess *process;

  g_assert_nonnull (lintel);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, lintel, "--headless", "--config", f->base.config_path,
                              "--engine-socket", f->socket_path, NULL);
  g_assert_no_error (error);
  return process;
}

static void
stop_engine (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
  LT_TEST_ITERATE_UNTIL (g_subprocess_get_identifier (process) == NULL, lt_test_bound_ms (10000));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static gboolean
poll_process (gpointer process)
{
  /* GSubprocess reaps through the worker context: keep it moving. */
  return G_SOURCE_CONTINUE;
}

static void
present_granted (LtHost *host)
{
  Answer answer = { 0 };

  lt_host_present_async (host, LT_METHOD_PIN, "1-101", "246810", NULL, on_presented, &answer);
  LT_TEST_ITERATE_UNTIL (answer.done, lt_test_bound_ms (5000));
  g_assert_no_error (answer.error);
  g_assert_true (answer.decision->granted);
  lt_host_decision_free (answer.decision);
}

/* `lintel --headless --engine-socket` restarts (an update, the watchdog):
 * the kiosk's host says it is gone, calls fail at once, and it comes
 * back by itself to the new engine, whose decisions it hears. */
static void
test_remote_reconnects (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GSubprocess) engine = NULL;
  g_autoptr (LtRemoteHost) remote = NULL;
  Answer answer = { 0 };
  Seen   seen = { 0 };
  guint  poll = g_timeout_add (50, poll_process, NULL);

  /* The fixture's in-process engine owns the database: not here. */
  lt_engine_host_shutdown (f->engine);
  engine = start_engine (f);
  remote = lt_remote_host_new (load_config (f), f->socket_path);
  wait_connected (remote, TRUE);
  g_signal_connect (remote, "decision", G_CALLBACK (on_decision), &seen);
  present_granted (LT_HOST (remote));
  LT_TEST_ITERATE_UNTIL (seen.decisions == 1, lt_test_bound_ms (3000));

  stop_engine (engine);
  g_clear_object (&engine);
  wait_connected (remote, FALSE);
  lt_host_present_async (LT_HOST (remote), LT_METHOD_PIN, "1-101", "246810", NULL, on_presented, &answer);
  LT_TEST_ITERATE_UNTIL (answer.done, lt_test_bound_ms (2000));
  g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_clear_error (&answer.error);
  g_assert_nonnull (lt_remote_host_get_problem (remote));

  engine = start_engine (f);
  wait_connected (remote, TRUE);
  g_assert_null (lt_remote_host_get_problem (remote));
  g_assert_false (lt_host_get_unlocked (LT_HOST (remote)));
  present_granted (LT_HOST (remote));
  LT_TEST_ITERATE_UNTIL (seen.decisions == 2, lt_test_bound_ms (3000));
  g_assert_true (lt_host_get_unlocked (LT_HOST (remote)));
  g_signal_handlers_disconnect_by_data (remote, &seen);
  stop_engine (engine);
  wait_connected (remote, FALSE);
  g_source_remove (poll);
}

static GCredentials *
credentials_of (uid_t uid)
{
  GCredentials *credentials = g_credentials_new ();
  struct ucred  native = { .pid = getpid (), .uid = uid, .gid = uid };

  g_credentials_set_native (credentials, G_CREDENTIALS_TYPE_LINUX_UCRED, &native);
  return credentials;
}

/* Only the engine's own user and root may talk to the engine. */
static void
test_peer_policy (void)
{
  g_autoptr (GCredentials) own = credentials_of (1000);
  g_autoptr (GCredentials) root = credentials_of (0);
  g_autoptr (GCredentials) other = credentials_of (1001);

  g_assert_true (lt_host_exporter_peer_allowed (own, 1000));
  g_assert_true (lt_host_exporter_peer_allowed (root, 1000));
  g_assert_false (lt_host_exporter_peer_allowed (other, 1000));
  g_assert_false (lt_host_exporter_peer_allowed (NULL, 1000));
}

/* The child of test_refuses_other_uid: connect as nobody. Exit 0 when
 * refused, 1 when the engine let it in, 2 when it could not try. */
static int
connect_as_nobody (const char *socket_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) connection = NULL;
  g_autofree char *address = g_strconcat ("unix:path=", socket_path, NULL);
  g_autoptr (GVariant) reply = NULL;

  if (setgid (65534) != 0 || setuid (65534) != 0)
    return 2;
  connection = g_dbus_connection_new_for_address_sync (address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL,
                                                       NULL, &error);
  if (connection == NULL)
    return 0;
  reply = g_dbus_connection_call_sync (connection, NULL, LT_HOST_OBJECT_PATH, "org.freedesktop.DBus.Properties",
                                       "GetAll", g_variant_new ("(s)", "org.lintel.Host"), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  return reply == NULL ? 0 : 1;
}

/* A real peer of another uid, let through the file permissions on
 * purpose, is refused by the engine itself (needs root to be nobody). */
static void
test_refuses_other_uid (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child = NULL;
  const char *self_exe = g_getenv ("LT_TEST_HOST_EXE");
  guint       poll;

  if (getuid () != 0 || self_exe == NULL) {
    g_test_skip ("needs root, to run a peer as nobody");
    return;
  }
  g_assert_cmpint (g_chmod (f->base.dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->socket_path, 0666), ==, 0);
  poll = g_timeout_add (50, poll_process, NULL);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "--connect-as-nobody", f->socket_path, NULL);
  g_assert_no_error (error);
  LT_TEST_ITERATE_UNTIL (g_subprocess_get_identifier (child) == NULL, lt_test_bound_ms (10000));
  g_source_remove (poll);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  /* The fixture's own kiosk, nobody else. */
  g_assert_cmpuint (lt_host_exporter_get_n_peers (f->exporter), ==, 1);
}

/* Every LtHost method has its forwarder in both hosts: a method added to
 * the interface (and the engine host) without one in the remote host
 * would be a NULL call in the production kiosk. The interface struct is
 * its parent followed by function pointers only. */
static void
test_implements_everything (void)
{
  GType types[] = { LT_TYPE_ENGINE_HOST, LT_TYPE_REMOTE_HOST };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++) {
    g_autoptr (GTypeClass) klass = g_type_class_ref (types[t]);
    LtHostInterface *iface = g_type_interface_peek (klass, LT_TYPE_HOST);
    const guint8    *slots = (const guint8 *)iface + sizeof (GTypeInterface);
    gsize            n = (sizeof (LtHostInterface) - sizeof (GTypeInterface)) / sizeof (gpointer);

    g_assert_nonnull (iface);
    g_assert_cmpuint (n, >=, 20);
    for (gsize i = 0; i < n; i++) {
      gpointer slot;

      memcpy (&slot, slots + i * sizeof (gpointer), sizeof slot);
      if (slot == NULL)
        g_error ("%s leaves LtHostInterface slot %" G_GSIZE_FORMAT " unimplemented", g_type_name (types[t]), i);
    }
  }
}

/* ---- visitor passes: revoke and undo, the code again, the history ---------- */

static void
on_shown (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Result *reply = user_data;

  reply->value = lt_host_show_pass_finish (LT_HOST (source), result, &reply->error);
  reply->done = TRUE;
}

static void
on_history (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *reply = user_data;

  reply->value = lt_host_list_pass_history_finish (LT_HOST (source), result, &reply->error);
  reply->done = TRUE;
}

static void
test_pass_tools (Fixture      *f,
                 gconstpointer data)
{
  gint64        now = g_get_real_time ();
  gint64        guard = f->guard;
  Result        issued = { 0 }, shown = { 0 }, revoked = { 0 }, restored = { 0 }, unknown = { 0 }, history = { 0 };
  LtIssuedPass *pass, *again;
  GPtrArray    *ended;

  lt_host_issue_pass_async (LT_HOST (f->host),
                            &(LtPassRequest){ .unit = "1-101", .valid_from_us = now, .valid_until_us = now + G_TIME_SPAN_HOUR, .max_uses = 2, .guard_id = guard, .phone_last4 = "0427" },
                            NULL, on_issued, &issued);
  WAIT (issued);
  g_assert_no_error (issued.error);
  pass = issued.value;
  g_assert_cmpstr (pass->pass->phone_last4, ==, "0427");
  g_assert_true (pass->pass->issued_here);

  /* The same token again, with the pass as stored. */
  lt_host_show_pass_async (LT_HOST (f->host), pass->pass->id, NULL, on_shown, &shown);
  WAIT (shown);
  g_assert_no_error (shown.error);
  again = shown.value;
  g_assert_cmpstr (again->token, ==, pass->token);
  g_assert_cmpint (again->pass->id, ==, pass->pass->id);
  g_assert_cmpstr (again->pass->phone_last4, ==, "0427");

  /* Revoked and restored at once; an unknown pass is a clear error. */
  lt_host_revoke_pass_async (LT_HOST (f->host), pass->pass->id, guard, NULL, on_call, &revoked);
  WAIT (revoked);
  g_assert_no_error (revoked.error);
  g_assert_true (revoked.yes);
  lt_host_list_pass_history_async (LT_HOST (f->host), 0, NULL, on_history, &history);
  WAIT (history);
  g_assert_no_error (history.error);
  ended = history.value;
  g_assert_cmpuint (ended->len, ==, 1);
  g_assert_cmpint (((LtPassInfo *)g_ptr_array_index (ended, 0))->revoked_at_us, >, 0);
  lt_host_restore_pass_async (LT_HOST (f->host), pass->pass->id, guard, NULL, on_call, &restored);
  WAIT (restored);
  g_assert_no_error (restored.error);
  g_assert_true (restored.yes);
  lt_host_restore_pass_async (LT_HOST (f->host), pass->pass->id, guard, NULL, on_call, &unknown);
  WAIT (unknown);
  g_assert_false (unknown.yes);
  g_assert_error (unknown.error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID);
  g_clear_error (&unknown.error);

  lt_issued_pass_free (pass);
  lt_issued_pass_free (again);
  g_ptr_array_unref (ended);
}

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
  if (argc == 3 && g_str_equal (argv[1], "--connect-as-nobody"))
    return connect_as_nobody (argv[2]);
  g_setenv ("LT_TEST_HOST_EXE", argv[0], TRUE);
  g_test_init (&argc, &argv, NULL);
  /* The engine it starts takes its USB card reader with EVIOCGRAB. */
  if (lt_test_skip_without_eviocgrab ())
    return 0;

#define ADD(path, func)                                                                                              \
  g_test_add ("/hw/host/local/" path, Fixture, GINT_TO_POINTER (HOST_LOCAL), fixture_setup, func, fixture_teardown); \
  g_test_add ("/hw/host/remote/" path, Fixture, GINT_TO_POINTER (HOST_REMOTE), fixture_setup, func, fixture_teardown)
  ADD ("config-outlives-engine", test_config_outlives_engine);
  ADD ("call-after-shutdown", test_call_after_shutdown);
  ADD ("cancelled-call", test_cancelled_call);
  ADD ("extended-deadline", test_extended_deadline);
  ADD ("decision-and-events", test_decision_and_events);
  ADD ("staff-units-storage", test_staff_units_storage);
  ADD ("passes", test_passes);
  ADD ("lines-and-capture", test_lines_and_capture);
  ADD ("pass-tools", test_pass_tools);
  /* The keypad takes many refusals there: the unit's own count decides. */
  g_test_add ("/hw/host/local/unit-lockout", Fixture, GINT_TO_POINTER (HOST_LOCAL | WITH_UNIT_LOCKOUT), fixture_setup,
              test_unit_lockout, fixture_teardown);
  g_test_add ("/hw/host/remote/unit-lockout", Fixture, GINT_TO_POINTER (HOST_REMOTE | WITH_UNIT_LOCKOUT),
              fixture_setup, test_unit_lockout, fixture_teardown);
#undef ADD
  g_test_add ("/hw/host/remote/reconnects", Fixture, GINT_TO_POINTER (HOST_LOCAL), fixture_setup,
              test_remote_reconnects, fixture_teardown);
  g_test_add ("/hw/host/remote/refuses-other-uid", Fixture, GINT_TO_POINTER (HOST_REMOTE), fixture_setup,
              test_refuses_other_uid, fixture_teardown);
  g_test_add_func ("/hw/host/remote/peer-policy", test_peer_policy);
  g_test_add_func ("/hw/host/implements-everything", test_implements_everything);
  return g_test_run ();
}
