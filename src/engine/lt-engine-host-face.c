/* lt-engine-host-face.c: residents at the terminal and face entry, as the
 * engine host does them (issue 11)
 *
 * Jobs on the engine thread, like the other calls. A resident who signs
 * in gets a random token; the engine keeps token → resident and forgets
 * it at sign-out or after an idle while, so a view can act only for the
 * resident who signed in. The face door's progress and whether Face may
 * be offered come back to the UI thread as ::face-progress and
 * "face-available".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-engine-host"

#include "lt-engine-host-private.h"
#include "lt-face-door.h"
#include "lt-face-store.h"
#include "lt-notice.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#define TOKEN_BYTES 16

typedef struct {
  gint64 resident_id;
  gint64 last_used_us; /* monotonic */
} Session;

/* ---- engine thread → UI thread -------------------------------------------- */

typedef struct {
  LtEngineHost *host;
  gboolean      progress; /* FALSE: "face-available" */
  gboolean      available;
  char         *step;
  guint         captures;
  guint         needed;
} FaceMsg;

static void
face_msg_free (gpointer data)
{
  FaceMsg *msg = data;

  g_object_unref (msg->host);
  g_free (msg->step);
  g_free (msg);
}

static gboolean
deliver (gpointer data)
{
  FaceMsg      *msg = data;
  LtEngineHost *self = msg->host;

  if (msg->progress) {
    g_signal_emit_by_name (self, "face-progress", msg->step, msg->captures, msg->needed);
  } else if (self->face_available != msg->available) {
    self->face_available = msg->available;
    g_object_notify (G_OBJECT (self), "face-available");
  }
  return G_SOURCE_REMOVE;
}

static void
send_face_msg (LtEngineHost *self,
               FaceMsg      *msg)
{
  msg->host = g_object_ref (self);
  g_main_context_invoke_full (self->ui_context, G_PRIORITY_DEFAULT, deliver, msg, face_msg_free);
}

/* Offered on the lobby only where face opens this door, and only once
 * somebody is enrolled. */
static gboolean
face_available (LtEngineHost *self)
{
  const LtConfig *config = lt_engine_get_config (self->engine);
  LtFaceDoor     *face = lt_engine_get_face (self->engine);

  return face != NULL && (lt_config_get_door (config, config->door)->methods & LT_METHOD_BIT (LT_METHOD_FACE))
         && lt_face_door_available (face);
}

static void
on_face_event (LtFaceDoor *face,
               const char *action,
               gint64      resident_id,
               gpointer    user_data)
{
  FaceMsg *msg = g_new0 (FaceMsg, 1);

  msg->available = face_available (user_data);
  send_face_msg (user_data, msg);
}

static void
on_face_progress (LtFaceDoor *face,
                  const char *step,
                  guint       captures,
                  guint       needed,
                  gpointer    user_data)
{
  FaceMsg *msg = g_new0 (FaceMsg, 1);

  msg->progress = TRUE;
  msg->step = g_strdup (step);
  msg->captures = captures;
  msg->needed = needed;
  send_face_msg (user_data, msg);
}

/* Engine thread, before the UI thread reads anything. */
void
lt_engine_host_face_started (LtEngineHost *self)
{
  LtFaceDoor *face = lt_engine_get_face (self->engine);

  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (self->session_idle_s == 0)
    self->session_idle_s = LT_HOST_SESSION_IDLE_S;
  self->face_available = face_available (self);
  if (face != NULL) {
    g_signal_connect (face, "face-event", G_CALLBACK (on_face_event), self);
    g_signal_connect (face, "progress", G_CALLBACK (on_face_progress), self);
  }
}

/* Engine thread, before the engine shuts down. */
void
lt_engine_host_face_stopping (LtEngineHost *self)
{
  if (lt_engine_get_face (self->engine) != NULL)
    g_signal_handlers_disconnect_by_data (lt_engine_get_face (self->engine), self);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
}

/* Tests: how long a session lives without a call. */
void
lt_engine_host_set_session_idle (LtEngineHost *self,
                                 guint         seconds)
{
  g_return_if_fail (LT_IS_ENGINE_HOST (self));
  g_return_if_fail (seconds > 0);

  self->session_idle_s = seconds;
}

/* ---- jobs -------------------------------------------------------------------- */

typedef gboolean (*FaceJobFunc) (LtEngineHost *self,
                                 GTask        *task);

typedef struct {
  LtMethod method;
  char    *unit;
  char    *credential; /* PIN or card; wiped when freed */
  char    *token;      /* wiped when freed */
  char    *guardian_pin;
  char    *language;
} Request;

static void
wipe_free (char *text)
{
  if (text != NULL)
    sodium_memzero (text, strlen (text));
  g_free (text);
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->unit);
  wipe_free (request->credential);
  wipe_free (request->token);
  wipe_free (request->guardian_pin);
  g_free (request->language);
  g_free (request);
}

typedef struct {
  GTask      *task;
  FaceJobFunc func;
} Job;

static gboolean
run_job (gpointer data)
{
  Job          *job = data;
  LtEngineHost *self = g_task_get_source_object (job->task);

  if (self->engine_closed || self->engine == NULL)
    g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CLOSED, _ ("The door engine has stopped"));
  else
    job->func (self, job->task);
  return G_SOURCE_REMOVE;
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_object_unref (job->task);
  g_free (job);
}

/* A task for @func on the engine thread; @request (may be NULL) is its data. */
static void
post (LtHost             *host,
      gpointer            tag,
      FaceJobFunc         func,
      Request            *request,
      GCancellable       *cancellable,
      GAsyncReadyCallback callback,
      gpointer            user_data)
{
  LtEngineHost *self = LT_ENGINE_HOST (host);
  GTask        *task = g_task_new (self, cancellable, callback, user_data);
  Job          *job;

  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, request != NULL ? request : g_new0 (Request, 1), request_free);
  if (self->stopped) {
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _ ("The door engine has stopped"));
    g_object_unref (task);
    return;
  }
  job = g_new0 (Job, 1);
  job->task = task;
  job->func = func;
  g_main_context_invoke_full (self->engine_context, G_PRIORITY_DEFAULT, run_job, job, job_free);
}

static Request *
request_for_token (const char *token)
{
  Request *request = g_new0 (Request, 1);

  request->token = g_strdup (token);
  return request;
}

/* The face door's errors in the host's words, the message kept. */
static GError *
host_error (GError *error)
{
  static const LtHostError codes[] = {
    [LT_FACE_DOOR_ERROR_SIGN_IN] = LT_HOST_ERROR_SIGN_IN,
    [LT_FACE_DOOR_ERROR_GUARDIAN] = LT_HOST_ERROR_GUARDIAN,
    [LT_FACE_DOOR_ERROR_BUSY] = LT_HOST_ERROR_BUSY,
    [LT_FACE_DOOR_ERROR_CAMERA] = LT_HOST_ERROR_CAMERA,
    [LT_FACE_DOOR_ERROR_LIVENESS] = LT_HOST_ERROR_LIVENESS,
    [LT_FACE_DOOR_ERROR_DISABLED] = LT_HOST_ERROR_DISABLED,
    [LT_FACE_DOOR_ERROR_MODELS] = LT_HOST_ERROR_FAILED,
  };
  LtHostError code = LT_HOST_ERROR_FAILED;
  GError     *mapped;

  if (error->domain == G_IO_ERROR || error->domain == LT_HOST_ERROR)
    return error;
  if (error->domain == LT_FACE_DOOR_ERROR && (guint)error->code < G_N_ELEMENTS (codes))
    code = codes[error->code];
  mapped = g_error_new_literal (LT_HOST_ERROR, code, error->message);
  g_error_free (error);
  return mapped;
}

static gboolean
return_error (GTask  *task,
              GError *error)
{
  g_task_return_error (task, host_error (error));
  return FALSE;
}

/* The resident a live token stands for, or 0 with an error. */
static gint64
session_resident (LtEngineHost *self,
                  const char   *token,
                  GError      **error)
{
  Session *session = g_hash_table_lookup (self->sessions, token);
  gint64   now = g_get_monotonic_time ();

  if (session != NULL && now - session->last_used_us > (gint64)self->session_idle_s * G_USEC_PER_SEC) {
    g_hash_table_remove (self->sessions, token);
    session = NULL;
  }
  if (session == NULL) {
    g_set_error_literal (error, LT_HOST_ERROR, LT_HOST_ERROR_SESSION,
                         _ ("Your session has ended; please sign in again"));
    return 0;
  }
  session->last_used_us = now;
  return session->resident_id;
}

static LtFaceDoor *
face_door (LtEngineHost *self,
           GError      **error)
{
  LtFaceDoor *face = lt_engine_get_face (self->engine);

  if (face == NULL)
    g_set_error_literal (error, LT_HOST_ERROR, LT_HOST_ERROR_DISABLED,
                         _ ("Face entry is off at this terminal; PIN, card and QR code work as always"));
  return face;
}

/* ---- sign-in ---------------------------------------------------------------- */

static char *
new_token (void)
{
  guint8 bytes[TOKEN_BYTES];
  char   hex[TOKEN_BYTES * 2 + 1];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (hex);
}

/* The access rules as a dry run: nothing opens. A refusal is then decided
 * for real, so it is recorded and counts towards lockouts like one at the
 * keypad or the reader. */
static gint64
check_credential (LtEngineHost *self,
                  Request      *request,
                  GError      **error)
{
  LtPresentation presentation = { request->method, NULL, "resident-menu",
                                  request->method == LT_METHOD_PIN ? request->unit : NULL,
                                  request->credential, 0, TRUE, 0 };
  LtAccess      *access = lt_engine_get_access (self->engine);
  LtDecision     decision;

  lt_access_decide (access, &presentation, &decision);
  if (decision.reason == LT_REASON_OK && decision.subject_kind == LT_PERSON_RESIDENT)
    return decision.subject_id;
  if (decision.reason != LT_REASON_OK) {
    presentation.dry_run = FALSE;
    lt_access_decide (access, &presentation, &decision);
  }
  if (decision.reason == LT_REASON_LOCKED_OUT)
    g_set_error (error, LT_HOST_ERROR, LT_HOST_ERROR_LOCKED_OUT,
                 g_dngettext (NULL, "Too many wrong tries: please wait %u second", "Too many wrong tries: please wait %u seconds",
                              decision.retry_after_s),
                 decision.retry_after_s);
  else
    g_set_error (error, LT_HOST_ERROR, LT_HOST_ERROR_SIGN_IN, _ ("This does not sign in a resident (%s)"),
                 lt_reason_to_string (decision.reason));
  return 0;
}

static gboolean
job_sign_in (LtEngineHost *self,
             GTask        *task)
{
  Request *request = g_task_get_task_data (task);
  LtStore *store = lt_engine_get_store (self->engine);
  g_autoptr (LtResidentSession) reply = g_new0 (LtResidentSession, 1);
  g_autoptr (LtPerson) person = NULL;
  g_autoptr (LtFaceEnrolment) enrolment = NULL;
  GError  *error = NULL;
  Session *session;
  gint64   id = check_credential (self, request, &error);

  if (id == 0 || (person = lt_store_get_person (store, id, &error)) == NULL)
    return return_error (task, error);
  enrolment = lt_face_store_get (store, id, NULL);
  reply->token = new_token ();
  reply->name = g_strdup (person->name);
  reply->unit = g_strdup (person->unit);
  reply->minor = person->minor;
  reply->face_enabled = lt_engine_get_face (self->engine) != NULL;
  reply->enrolled = enrolment != NULL;
  reply->consent_us = enrolment != NULL ? enrolment->enrolled_at_us : 0;
  reply->notice_version = enrolment != NULL ? g_strdup (enrolment->notice_version) : NULL;
  session = g_new0 (Session, 1);
  session->resident_id = id;
  session->last_used_us = g_get_monotonic_time ();
  g_hash_table_replace (self->sessions, g_strdup (reply->token), session);
  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify)lt_resident_session_free);
  return TRUE;
}

static void
host_resident_sign_in_async (LtHost             *host,
                             LtMethod            method,
                             const char         *unit,
                             const char         *credential,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  Request *request = g_new0 (Request, 1);

  request->method = method;
  request->unit = g_strdup (unit);
  request->credential = g_strdup (credential);
  post (host, host_resident_sign_in_async, job_sign_in, request, cancellable, callback, user_data);
}

static gboolean
job_sign_out (LtEngineHost *self,
              GTask        *task)
{
  Request *request = g_task_get_task_data (task);

  g_hash_table_remove (self->sessions, request->token);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

static void
host_resident_sign_out (LtHost     *host,
                        const char *token)
{
  post (host, host_resident_sign_out, job_sign_out, request_for_token (token), NULL, NULL, NULL);
}

/* ---- notice, decline, withdraw ------------------------------------------- */

static gboolean
job_notice (LtEngineHost *self,
            GTask        *task)
{
  Request        *request = g_task_get_task_data (task);
  const LtConfig *config = lt_engine_get_config (self->engine);
  g_autoptr (LtNotice) notice = lt_notice_load (request->language, config->face_controller, config->face_unused_days);
  LtNoticeText *text = g_new0 (LtNoticeText, 1);

  text->version = g_strdup (notice->version);
  text->title = g_strdup (notice->title);
  text->body = g_strdup (notice->body);
  g_task_return_pointer (task, text, (GDestroyNotify)lt_notice_text_free);
  return TRUE;
}

static void
host_get_notice_async (LtHost             *host,
                       const char         *language,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  Request *request = g_new0 (Request, 1);

  request->language = g_strdup (language);
  post (host, host_get_notice_async, job_notice, request, cancellable, callback, user_data);
}

static gboolean
job_decline (LtEngineHost *self,
             GTask        *task)
{
  Request    *request = g_task_get_task_data (task);
  GError     *error = NULL;
  gint64      id = session_resident (self, request->token, &error);
  LtFaceDoor *face = id != 0 ? face_door (self, &error) : NULL;

  if (face == NULL || !lt_face_door_decline (face, id, &error))
    return return_error (task, error);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

static void
host_face_decline_async (LtHost             *host,
                         const char         *token,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  post (host, host_face_decline_async, job_decline, request_for_token (token), cancellable, callback, user_data);
}

static gboolean
job_withdraw (LtEngineHost *self,
              GTask        *task)
{
  Request    *request = g_task_get_task_data (task);
  GError     *error = NULL;
  gint64      id = session_resident (self, request->token, &error);
  LtFaceDoor *face = id != 0 ? face_door (self, &error) : NULL;

  if (face == NULL || !lt_face_door_withdraw (face, id, &error))
    return return_error (task, error);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

static void
host_face_withdraw_async (LtHost             *host,
                          const char         *token,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  post (host, host_face_withdraw_async, job_withdraw, request_for_token (token), cancellable, callback, user_data);
}

/* ---- the camera: enrolment and recognition --------------------------------- */

static void
on_enrolled (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (lt_face_door_enrol_finish (LT_FACE_DOOR (source), result, &error) < 0)
    return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
job_enrol (LtEngineHost *self,
           GTask        *task)
{
  Request    *request = g_task_get_task_data (task);
  GError     *error = NULL;
  gint64      id = session_resident (self, request->token, &error);
  LtFaceDoor *face = id != 0 ? face_door (self, &error) : NULL;

  if (face == NULL)
    return return_error (task, error);
  lt_face_door_enrol_async (face, id, request->guardian_pin, NULL, on_enrolled, g_object_ref (task));
  return TRUE;
}

static void
host_face_enrol_async (LtHost             *host,
                       const char         *token,
                       const char         *guardian_pin,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  Request *request = request_for_token (token);

  request->guardian_pin = g_strdup (guardian_pin);
  post (host, host_face_enrol_async, job_enrol, request, cancellable, callback, user_data);
}

static void
on_recognised (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (lt_face_door_recognise_finish (LT_FACE_DOOR (source), result, &error) < 0)
    return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
job_recognise (LtEngineHost *self,
               GTask        *task)
{
  GError     *error = NULL;
  LtFaceDoor *face = face_door (self, &error);

  if (face != NULL && !face_available (self)) {
    g_set_error_literal (&error, LT_HOST_ERROR, LT_HOST_ERROR_DISABLED, _ ("Nobody has enrolled a face at this terminal"));
    face = NULL;
  }
  if (face == NULL)
    return return_error (task, error);
  lt_face_door_recognise_async (face, NULL, on_recognised, g_object_ref (task));
  return TRUE;
}

static void
host_face_recognise_async (LtHost             *host,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  post (host, host_face_recognise_async, job_recognise, NULL, cancellable, callback, user_data);
}

static gboolean
job_cancel (LtEngineHost *self,
            GTask        *task)
{
  LtFaceDoor *face = lt_engine_get_face (self->engine);

  if (face != NULL)
    lt_face_door_cancel (face);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

/* Fire and forget: the camera's state comes back as "camera-running". */
static void
host_face_cancel (LtHost *host)
{
  post (host, host_face_cancel, job_cancel, NULL, NULL, NULL, NULL);
}

/* ---- my data -------------------------------------------------------------------- */

static void
add_own_entries (LtStore        *store,
                 gint64          id,
                 LtResidentData *data)
{
  LtEventQuery query = { .limit = 200, .subject_id = id };
  g_autoptr (GPtrArray) events = lt_store_query_events (store, &query, NULL);

  for (guint i = 0; events != NULL && i < events->len && data->entries->len < LT_RESIDENT_DATA_MAX_ENTRIES; i++) {
    const LtEvent   *event = g_ptr_array_index (events, i);
    LtResidentEntry *entry;

    if (event->kind != LT_EVENT_KIND_DECISION)
      continue;
    entry = g_new0 (LtResidentEntry, 1);
    entry->time_us = event->time_us;
    entry->method = g_strdup (event->method);
    entry->granted = event->result == LT_EVENT_RESULT_GRANTED;
    entry->reason = g_strdup (event->reason);
    g_ptr_array_add (data->entries, entry);
  }
}

static gboolean
job_my_data (LtEngineHost *self,
             GTask        *task)
{
  Request *request = g_task_get_task_data (task);
  LtStore *store = lt_engine_get_store (self->engine);
  g_autoptr (LtResidentData) data = lt_resident_data_new ();
  g_autoptr (LtPerson) person = NULL;
  g_autoptr (LtFaceEnrolment) enrolment = NULL;
  GError *error = NULL;
  gint64  id = session_resident (self, request->token, &error);

  if (id == 0 || (person = lt_store_get_person (store, id, &error)) == NULL)
    return return_error (task, error);
  enrolment = lt_face_store_get (store, id, NULL);
  data->name = g_strdup (person->name);
  data->unit = g_strdup (person->unit);
  data->valid_until = g_strdup (person->valid_until);
  data->has_pin = person->has_pin;
  data->n_cards = person->n_cards;
  data->face_enrolled = enrolment != NULL;
  if (enrolment != NULL) {
    data->consent_us = enrolment->enrolled_at_us;
    data->notice_version = g_strdup (enrolment->notice_version);
    data->face_last_used_us = enrolment->last_used_us;
  }
  add_own_entries (store, id, data);
  g_task_return_pointer (task, g_steal_pointer (&data), (GDestroyNotify)lt_resident_data_free);
  return TRUE;
}

static void
host_my_data_async (LtHost             *host,
                    const char         *token,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  post (host, host_my_data_async, job_my_data, request_for_token (token), cancellable, callback, user_data);
}

static gboolean
host_get_face_available (LtHost *host)
{
  return LT_ENGINE_HOST (host)->face_available;
}

void
lt_engine_host_face_init (LtHostInterface *iface)
{
  iface->get_face_available = host_get_face_available;
  iface->resident_sign_in_async = host_resident_sign_in_async;
  iface->resident_sign_out = host_resident_sign_out;
  iface->get_notice_async = host_get_notice_async;
  iface->face_decline_async = host_face_decline_async;
  iface->face_enrol_async = host_face_enrol_async;
  iface->face_recognise_async = host_face_recognise_async;
  iface->face_cancel = host_face_cancel;
  iface->face_withdraw_async = host_face_withdraw_async;
  iface->my_data_async = host_my_data_async;
}
