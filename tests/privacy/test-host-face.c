/* test-host-face.c: the resident and face entry calls of the engine host
 *
 * What the kiosk's resident screens ask of the engine, through LtHost
 * only: sign-in gives an opaque session that expires; decline records no
 * template; enrolment with the file camera (face-api's demo picture,
 * fetched by face-fixtures.sh, never committed; [face] liveness=off so a
 * still picture stands in for a person) makes Face available; a tap on
 * Face opens through the same decision; "my data" shows kinds of
 * credentials, never one; withdrawal takes Face away again.
 *
 * Every test runs twice: against the engine host in this process
 * (/host/face/local/...) and against the remote host the kiosk of a
 * separate engine uses, over a real socket (/host/face/remote/...), so
 * that sessions, the notice, my data, progress, "face-available" and each
 * LT_HOST_ERROR code reach the kiosk's screens the same way both times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-engine-host.h"
#include "lt-face-store.h"
#include "lt-host-exporter.h"
#include "lt-remote-host.h"
#include "lt-test-util.h"

#include <string.h>

#define UNIT      "2-201"
#define CARD      "04A2B3C4D5"
#define ADULT_PIN "1111"
#define MINOR_PIN "2222"

/* What a test runs against. */
typedef struct {
  gboolean face_off; /* face entry off (and no face method at the door) */
  gboolean remote;   /* through LtHostExporter and LtRemoteHost */
} Variant;

typedef struct {
  LtFixture       base;
  LtEngineHost   *engine;
  LtHostExporter *exporter; /* remote only */
  LtRemoteHost   *remote;
  LtHost         *host; /* what the test talks to */
  gint64          adult;
  gint64          minor;
  GPtrArray      *steps; /* "step captures/needed" */
  GPtrArray      *decisions;
  guint           available_notifies;
} Fixture;

static void
on_progress (LtHost     *host,
             const char *step,
             guint       captures,
             guint       needed,
             Fixture    *f)
{
  g_ptr_array_add (f->steps, g_strdup_printf ("%s %u/%u", step, captures, needed));
}

static void
on_decision (LtHost               *host,
             const LtHostDecision *decision,
             Fixture              *f)
{
  g_ptr_array_add (f->decisions, lt_host_decision_copy (decision));
}

static void
on_available (GObject    *host,
              GParamSpec *pspec,
              Fixture    *f)
{
  f->available_notifies++;
}

static void
setup (Fixture      *f,
       gconstpointer data)
{
  const Variant   *variant = data;
  const char      *ref = g_getenv ("LT_FACE_REFERENCE");
  g_autofree char *picture = NULL;
  g_autofree char *config_text = NULL;
  g_autoptr (GError) error = NULL;
  LtConfig *config;

  g_assert_nonnull (ref);
  picture = g_build_filename (ref, "pictures", "sample1.png", NULL);
  if (variant->face_off)
    config_text = g_strdup ("[door]\nmethods=pin;card\n");
  else
    config_text = g_strdup_printf ("[door]\nmethods=pin;card;qr;face\nunlock-seconds=1\n\n"
                                   "[face]\nenabled=true\nliveness=off\nmodels=%s\ncontroller=Test Property Co.\n\n"
                                   "[camera]\nsource=file\nfile=%s\ntimeout-seconds=60\n",
                                   g_getenv ("LT_FACE_MODELS"), picture);
  lt_fixture_setup (&f->base, config_text);
  f->adult = lt_fixture_add_resident (&f->base, UNIT, "Adult", ADULT_PIN, CARD);
  f->minor = lt_fixture_add_resident (&f->base, UNIT, "Minor", MINOR_PIN, NULL);
  g_assert_true (lt_store_set_minor (f->base.store, f->minor, TRUE, NULL));
  g_clear_object (&f->base.store);
  config = lt_config_load (f->base.config_path, &error);
  g_assert_no_error (error);
  f->engine = lt_engine_host_new (config, &error);
  g_assert_no_error (error);
  f->host = LT_HOST (f->engine);
  if (variant->remote) {
    g_autofree char *socket_path = g_build_filename (f->base.dir, "engine.sock", NULL);

    f->exporter = lt_host_exporter_new (LT_HOST (f->engine), socket_path, &error);
    g_assert_no_error (error);
    config = lt_config_load (f->base.config_path, &error);
    g_assert_no_error (error);
    f->remote = lt_remote_host_new (config, socket_path);
    LT_TEST_ITERATE_UNTIL (lt_remote_host_get_connected (f->remote), 10000);
    f->host = LT_HOST (f->remote);
  }
  f->steps = g_ptr_array_new_with_free_func (g_free);
  f->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_host_decision_free);
  g_signal_connect (f->host, "face-progress", G_CALLBACK (on_progress), f);
  g_signal_connect (f->host, "decision", G_CALLBACK (on_decision), f);
  g_signal_connect (f->host, "notify::face-available", G_CALLBACK (on_available), f);
}

static void
teardown (Fixture      *f,
          gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (f->host, f);
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
  g_ptr_array_unref (f->steps);
  g_ptr_array_unref (f->decisions);
  lt_fixture_teardown (&f->base, data);
}

/* ---- waiting for answers ------------------------------------------------------- */

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_result (Wait *wait,
             guint seconds)
{
  LT_TEST_ITERATE_UNTIL (wait->done, seconds * 1000);
  return wait->result;
}

static LtResidentSession *
sign_in (Fixture    *f,
         LtMethod    method,
         const char *unit,
         const char *credential,
         GError    **error)
{
  Wait wait = { 0 };
  g_autoptr (GAsyncResult) result = NULL;

  lt_host_resident_sign_in_async (LT_HOST (f->host), method, unit, credential, NULL, on_done, &wait);
  result = wait_result (&wait, 10);
  return lt_host_resident_sign_in_finish (LT_HOST (f->host), result, error);
}

typedef void (*TokenCall) (LtHost *, const char *, GCancellable *, GAsyncReadyCallback, gpointer);

static gboolean
call_token (Fixture    *f,
            TokenCall   call,
            const char *token,
            GError    **error)
{
  Wait wait = { 0 };
  g_autoptr (GAsyncResult) result = NULL;

  call (LT_HOST (f->host), token, NULL, on_done, &wait);
  result = wait_result (&wait, 10);
  return lt_host_call_finish (LT_HOST (f->host), result, error);
}

static LtResidentData *
my_data (Fixture    *f,
         const char *token,
         GError    **error)
{
  Wait wait = { 0 };
  g_autoptr (GAsyncResult) result = NULL;

  lt_host_my_data_async (LT_HOST (f->host), token, NULL, on_done, &wait);
  result = wait_result (&wait, 10);
  return lt_host_my_data_finish (LT_HOST (f->host), result, error);
}

static gboolean
enrol (Fixture    *f,
       const char *token,
       const char *guardian_pin,
       GError    **error)
{
  Wait wait = { 0 };
  g_autoptr (GAsyncResult) result = NULL;

  lt_host_face_enrol_async (LT_HOST (f->host), token, guardian_pin, NULL, on_done, &wait);
  /* The models load at the first attempt: generous under ASan. */
  result = wait_result (&wait, 120);
  return lt_host_call_finish (LT_HOST (f->host), result, error);
}

static gboolean
recognise (Fixture *f,
           GError **error)
{
  Wait wait = { 0 };
  g_autoptr (GAsyncResult) result = NULL;

  lt_host_face_recognise_async (LT_HOST (f->host), NULL, on_done, &wait);
  result = wait_result (&wait, 120);
  return lt_host_call_finish (LT_HOST (f->host), result, error);
}

/* ---- tests ------------------------------------------------------------------------- */

static void
test_sign_in (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtResidentSession) wrong = sign_in (f, LT_METHOD_PIN, UNIT, "9999", &error);
  g_autoptr (LtResidentSession) by_pin = NULL;
  g_autoptr (LtResidentSession) by_card = NULL;
  g_autoptr (LtResidentSession) minor = NULL;

  g_assert_null (wrong);
  g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_SIGN_IN);
  g_clear_error (&error);

  by_pin = sign_in (f, LT_METHOD_PIN, UNIT, ADULT_PIN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_pin->name, ==, "Adult");
  g_assert_cmpstr (by_pin->unit, ==, UNIT);
  g_assert_false (by_pin->minor);
  g_assert_true (by_pin->face_enabled);
  g_assert_false (by_pin->enrolled);
  g_assert_cmpint (by_pin->consent_us, ==, 0);
  g_assert_null (by_pin->notice_version);
  /* An opaque token, not the resident's id, and a new one each time. */
  g_assert_cmpuint (strlen (by_pin->token), ==, 32);
  by_card = sign_in (f, LT_METHOD_CARD, NULL, CARD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_card->name, ==, "Adult");
  g_assert_cmpstr (by_card->token, !=, by_pin->token);
  minor = sign_in (f, LT_METHOD_PIN, UNIT, MINOR_PIN, &error);
  g_assert_no_error (error);
  g_assert_true (minor->minor);
  /* Nothing opened. */
  g_assert_false (lt_host_get_unlocked (LT_HOST (f->host)));
  g_assert_cmpuint (f->decisions->len, ==, 0);
}

static void
test_session (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtResidentSession) session = NULL;
  g_autoptr (LtResidentData) mine = NULL;
  g_autoptr (LtResidentData) none = NULL;

  /* A made-up token acts for nobody. */
  none = my_data (f, "00000000000000000000000000000000", &error);
  g_assert_null (none);
  g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_SESSION);
  g_clear_error (&error);
  g_assert_false (call_token (f, lt_host_face_withdraw_async, "1", &error));
  g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_SESSION);
  g_clear_error (&error);

  session = sign_in (f, LT_METHOD_PIN, UNIT, ADULT_PIN, &error);
  g_assert_no_error (error);
  mine = my_data (f, session->token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mine->name, ==, "Adult");
  g_clear_pointer (&mine, lt_resident_data_free);

  /* Signed out: the token is dead. */
  lt_host_resident_sign_out (LT_HOST (f->host), session->token);
  mine = my_data (f, session->token, &error);
  g_assert_null (mine);
  g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_SESSION);
  g_clear_error (&error);

  /* Left idle: it expires. */
  lt_engine_host_set_session_idle (f->engine, 1);
  g_clear_pointer (&session, lt_resident_session_free);
  session = sign_in (f, LT_METHOD_PIN, UNIT, ADULT_PIN, &error);
  g_assert_no_error (error);
  g_usleep (1500 * 1000);
  g_assert_false (call_token (f, lt_host_face_decline_async, session->token, &error));
  g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_SESSION);
}

static void
test_notice (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtNoticeText) en = NULL;
  g_autoptr (LtNoticeText) zh = NULL;
  Wait wait = { 0 }, wait2 = { 0 };
  g_autoptr (GAsyncResult) r1 = NULL;
  g_autoptr (GAsyncResult) r2 = NULL;

  lt_host_get_notice_async (LT_HOST (f->host), "en", NULL, on_done, &wait);
  lt_host_get_notice_async (LT_HOST (f->host), "zh_CN", NULL, on_done, &wait2);
  r1 = wait_result (&wait, 10);
  r2 = wait_result (&wait2, 10);
  en = lt_host_get_notice_finish (LT_HOST (f->host), r1, &error);
  g_assert_no_error (error);
  zh = lt_host_get_notice_finish (LT_HOST (f->host), r2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (en->version, ==, zh->version);
  g_assert_cmpstr (en->body, !=, zh->body);
  /* The controller comes from the config (R2). */
  g_assert_nonnull (strstr (en->body, "Test Property Co."));
  g_assert_nonnull (strstr (zh->body, "Test Property Co."));
}

static void
assert_no_credential (const LtResidentData *data)
{
  const char *fields[] = { data->name, data->unit, data->valid_until, data->notice_version };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++) {
    g_assert_null (fields[i] != NULL ? strstr (fields[i], ADULT_PIN) : NULL);
    g_assert_null (fields[i] != NULL ? strstr (fields[i], CARD) : NULL);
  }
}

static void
test_decline_enrol_recognise_withdraw (Fixture      *f,
                                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtResidentSession) session = sign_in (f, LT_METHOD_PIN, UNIT, ADULT_PIN, &error);
  g_autoptr (LtResidentData) mine = NULL;
  g_autoptr (LtStore) store = NULL;
  const LtHostDecision *decision;

  g_assert_no_error (error);
  g_assert_false (lt_host_get_face_available (LT_HOST (f->host)));

  /* Declining records the choice and no template (R4, R8). */
  g_assert_true (call_token (f, lt_host_face_decline_async, session->token, &error));
  g_assert_no_error (error);
  mine = my_data (f, session->token, &error);
  g_assert_no_error (error);
  g_assert_false (mine->face_enrolled);
  g_assert_false (lt_host_get_face_available (LT_HOST (f->host)));
  g_clear_pointer (&mine, lt_resident_data_free);
  g_assert_false (lt_host_get_camera_running (LT_HOST (f->host)));

  /* Enrolment: progress comes to the view, then Face is available. */
  g_assert_true (enrol (f, session->token, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->steps->len, >=, 3);
  g_assert_cmpstr (g_ptr_array_index (f->steps, f->steps->len - 1), ==, "hold-still 3/3");
  LT_TEST_ITERATE_UNTIL (lt_host_get_face_available (LT_HOST (f->host)), 10000);
  g_assert_cmpuint (f->available_notifies, ==, 1);
  LT_TEST_ITERATE_UNTIL (!lt_host_get_camera_running (LT_HOST (f->host)), 10000);

  mine = my_data (f, session->token, &error);
  g_assert_no_error (error);
  g_assert_true (mine->face_enrolled);
  g_assert_cmpint (mine->consent_us, >, 0);
  g_assert_nonnull (mine->notice_version);
  g_assert_true (mine->has_pin);
  g_assert_cmpuint (mine->n_cards, ==, 1);
  assert_no_credential (mine);
  g_clear_pointer (&mine, lt_resident_data_free);

  /* A tap on Face: the same decision as every method, method face. */
  g_assert_true (recognise (f, &error));
  g_assert_no_error (error);
  LT_TEST_ITERATE_UNTIL (f->decisions->len == 1, 10000);
  decision = g_ptr_array_index (f->decisions, 0);
  g_assert_cmpint (decision->method, ==, LT_METHOD_FACE);
  g_assert_true (decision->granted);
  g_assert_cmpint (decision->subject_id, ==, f->adult);

  /* My data lists that entry among the resident's own. */
  mine = my_data (f, session->token, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->entries->len, >=, 1);
  g_assert_cmpstr (((LtResidentEntry *)g_ptr_array_index (mine->entries, 0))->method, ==, "face");
  g_assert_true (((LtResidentEntry *)g_ptr_array_index (mine->entries, 0))->granted);
  g_clear_pointer (&mine, lt_resident_data_free);

  /* Withdrawal: Face goes from the lobby, no template is left. */
  g_assert_true (call_token (f, lt_host_face_withdraw_async, session->token, &error));
  g_assert_no_error (error);
  LT_TEST_ITERATE_UNTIL (!lt_host_get_face_available (LT_HOST (f->host)), 10000);
  store = lt_store_open_reader (f->base.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lt_face_store_count (store, NULL), ==, 0);
}

static void
test_minor_needs_guardian (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtResidentSession) session = sign_in (f, LT_METHOD_PIN, UNIT, MINOR_PIN, &error);

  g_assert_no_error (error);
  /* No guardian PIN, or the minor's own: refused, the camera never starts (R9). */
  g_assert_false (enrol (f, session->token, NULL, &error));
  g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_GUARDIAN);
  g_clear_error (&error);
  g_assert_false (enrol (f, session->token, MINOR_PIN, &error));
  g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_GUARDIAN);
  g_clear_error (&error);
  g_assert_cmpuint (f->steps->len, ==, 0);
  g_assert_false (lt_host_get_camera_running (LT_HOST (f->host)));
}

static void
test_face_off (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtResidentSession) session = sign_in (f, LT_METHOD_PIN, UNIT, ADULT_PIN, &error);
  g_autoptr (LtResidentData) mine = NULL;

  /* My data works without face entry; face calls say it is off. */
  g_assert_no_error (error);
  g_assert_false (session->face_enabled);
  mine = my_data (f, session->token, &error);
  g_assert_no_error (error);
  g_assert_false (mine->face_enrolled);
  g_assert_false (call_token (f, lt_host_face_decline_async, session->token, &error));
  g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_DISABLED);
  g_clear_error (&error);
  g_assert_false (recognise (f, &error));
  g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_DISABLED);
  g_assert_false (lt_host_get_face_available (LT_HOST (f->host)));
}

/* Wrong PINs count towards the unit's lockout (5 by default): SIGN_IN
 * until then, LOCKED_OUT after, on both hosts. */
static void
test_locked_out (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint refused = 0;

  for (; refused < 10; refused++) {
    g_autoptr (LtResidentSession) none = sign_in (f, LT_METHOD_PIN, UNIT, "9999", &error);

    g_assert_null (none);
    if (g_error_matches (error, LT_HOST_ERROR, LT_HOST_ERROR_LOCKED_OUT))
      break;
    g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_SIGN_IN);
    g_clear_error (&error);
  }
  g_assert_error (error, LT_HOST_ERROR, LT_HOST_ERROR_LOCKED_OUT);
  g_assert_cmpuint (refused, >=, 1);
  g_assert_cmpuint (refused, <=, 5);
}

/* GDBus carries a GError it has no name for as its domain's quark name
 * and its code; the kiosk's screens pick their words by LT_HOST_ERROR
 * code, so every code must come back as itself, message and all. */
static void
test_error_codes (void)
{
  for (int code = LT_HOST_ERROR_SIGN_IN; code <= LT_HOST_ERROR_FAILED; code++) {
    g_autoptr (GError) sent = g_error_new (LT_HOST_ERROR, code, "words for code %d", code);
    g_autofree char *name = g_dbus_error_encode_gerror (sent);
    g_autoptr (GError) got = g_dbus_error_new_for_dbus_error (name, sent->message);

    g_assert_true (g_dbus_error_is_remote_error (got));
    g_assert_true (g_dbus_error_strip_remote_error (got));
    g_assert_error (got, LT_HOST_ERROR, code);
    g_assert_cmpstr (got->message, ==, sent->message);
  }
}

/* A peer that skips LtRemoteHost's checks: a PIN sign-in without a unit,
 * an unknown method, a token or guardian PIN of megabytes are refused
 * with InvalidArgs, and the engine still answers afterwards. The peer
 * runs in a thread of its own: the exporter answers on this one. */
typedef struct {
  char    *address;
  GError  *errors[5];
  gboolean done;
} RawPeer;

static gpointer
raw_peer (gpointer user_data)
{
  RawPeer         *peer = user_data;
  g_autofree char *huge = g_strnfill (100000, '7');
  GVariant        *calls[] = {
           g_variant_new ("(uss)", (guint32)LT_METHOD_PIN, "", ADULT_PIN),
           g_variant_new ("(uss)", (guint32)LT_METHOD_FACE, UNIT, ADULT_PIN),
           g_variant_new ("(s)", huge),
           g_variant_new ("(ss)", "0", huge),
           g_variant_new ("(s)", ""),
  };
  const char *methods[] = { "ResidentSignIn", "ResidentSignIn", "MyData", "FaceEnrol", "FaceWithdraw" };
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) connection = g_dbus_connection_new_for_address_sync (
    peer->address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++) {
    g_autoptr (GVariant) reply = g_dbus_connection_call_sync (connection, NULL, LT_HOST_OBJECT_PATH, "org.lintel.Host",
                                                              methods[i], calls[i], NULL, G_DBUS_CALL_FLAGS_NONE,
                                                              10000, NULL, &peer->errors[i]);
  }
  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_atomic_int_set (&peer->done, TRUE);
  return NULL;
}

static void
test_exporter_refuses (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *socket_path = g_build_filename (f->base.dir, "engine.sock", NULL);
  g_autofree char *escaped = g_dbus_address_escape_value (socket_path);
  RawPeer          peer = { .address = g_strconcat ("unix:path=", escaped, NULL) };
  GThread         *thread = g_thread_new ("raw-peer", raw_peer, &peer);
  g_autoptr (GError) error = NULL;
  g_autoptr (LtResidentSession) session = NULL;

  LT_TEST_ITERATE_UNTIL (g_atomic_int_get (&peer.done), 60000);
  g_thread_join (thread);
  for (guint i = 0; i < 4; i++)
    g_assert_error (peer.errors[i], G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  /* An unknown token is the engine's SESSION error, as in the process. */
  g_assert_nonnull (peer.errors[4]);
  g_assert_true (g_dbus_error_strip_remote_error (peer.errors[4]));
  g_assert_error (peer.errors[4], LT_HOST_ERROR, LT_HOST_ERROR_SESSION);
  for (guint i = 0; i < G_N_ELEMENTS (peer.errors); i++)
    g_clear_error (&peer.errors[i]);
  g_free (peer.address);
  g_assert_cmpuint (f->steps->len, ==, 0);
  g_assert_false (lt_host_get_camera_running (f->host));

  session = sign_in (f, LT_METHOD_PIN, UNIT, ADULT_PIN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->name, ==, "Adult");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Every test starts an engine host, whose card reader needs EVIOCGRAB. */
  if (lt_test_skip_without_eviocgrab ())
    return 0;

  static const Variant local = { FALSE, FALSE }, local_off = { TRUE, FALSE };
  static const Variant remote = { FALSE, TRUE }, remote_off = { TRUE, TRUE };

#define ADD(path, func, here, there)                                              \
  g_test_add ("/host/face/local/" path, Fixture, &(here), setup, func, teardown); \
  g_test_add ("/host/face/remote/" path, Fixture, &(there), setup, func, teardown)
  ADD ("sign-in", test_sign_in, local, remote);
  ADD ("session", test_session, local, remote);
  ADD ("notice", test_notice, local, remote);
  ADD ("decline-enrol-recognise-withdraw", test_decline_enrol_recognise_withdraw, local, remote);
  ADD ("minor-needs-guardian", test_minor_needs_guardian, local, remote);
  ADD ("face-off", test_face_off, local_off, remote_off);
  ADD ("locked-out", test_locked_out, local, remote);
#undef ADD
  g_test_add_func ("/host/face/error-codes-survive-the-wire", test_error_codes);
  g_test_add ("/host/face/remote/exporter-refuses", Fixture, &remote, setup, test_exporter_refuses, teardown);
  return g_test_run ();
}
