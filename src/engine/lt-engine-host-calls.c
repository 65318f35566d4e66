/* lt-engine-host-calls.c: what a view asks of the engine host
 *
 * Every call is a GTask made on the UI thread. Engine calls become jobs
 * run on the engine thread, which returns the task there (GTask brings
 * the answer back to the UI thread); queries run on the reader's worker
 * threads. Each request is a struct of its own fields, each with one
 * meaning.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-engine-host"

#include "lt-engine-host-private.h"
#include "lt-pass.h"

#include <glib/gi18n.h>
#include <string.h>

/* The reader name a PIN typed on this screen is presented with: its
 * lockout counters are keyed by it. */
#define KEYPAD_READER "keypad"

typedef gboolean (*JobFunc) (LtEngineHost *self,
                             GTask        *task);

typedef struct {
  GTask  *task;
  JobFunc func;
} Job;

/* What a call asks; every field has one meaning. */
typedef struct {
  LtMethod    method;
  char       *unit;
  char       *credential; /* wiped when freed */
  char       *visitor_name;
  char       *phone_last4;
  char       *argument;
  gint64      staff_id;
  gint64      pass_id;
  gint64      valid_from_us;
  gint64      valid_until_us;
  guint       max_uses;
  LtSimAction action;
  gboolean    capture;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->unit);
  if (request->credential != NULL)
    memset (request->credential, 0, strlen (request->credential));
  g_free (request->credential);
  g_free (request->visitor_name);
  g_free (request->phone_last4);
  g_free (request->argument);
  g_free (request);
}

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

static GTask *
new_task (LtEngineHost       *self,
          gpointer            tag,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data,
          Request           **request)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  *request = g_new0 (Request, 1);
  g_task_set_task_data (task, *request, request_free);
  return task;
}

/* Hands the task to the engine thread; it finishes there. */
static void
post (LtEngineHost *self,
      GTask        *task,
      JobFunc       func)
{
  Job *job;

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

static gboolean
job_present (LtEngineHost *self,
             GTask        *task)
{
  Request       *request = g_task_get_task_data (task);
  LtPresentation presentation = { request->method, NULL, KEYPAD_READER, request->unit, request->credential, 0 };
  g_autoptr (LtHostDecision) result = lt_host_decision_new ();
  LtDecision decision;
  LtDoor    *door = lt_engine_get_door (self->engine);

  /* ::decision goes out from inside, before this task's answer. */
  lt_engine_present (self->engine, &presentation, &decision);
  result->method = request->method;
  result->granted = decision.granted;
  result->reason = decision.reason;
  result->subject_id = decision.subject_id;
  result->subject_kind = decision.subject_kind;
  result->unit = g_strdup (request->unit);
  result->pass_id = decision.pass_id;
  result->retry_after_s = decision.retry_after_s;
  result->attempts_left = decision.attempts_left;
  result->lockout_s = decision.lockout_s;
  result->relock_deadline_us = lt_door_get_unlocked (door) ? lt_door_get_relock_time (door) : 0;
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify)lt_host_decision_free);
  return TRUE;
}

static void
host_present_async (LtHost             *host,
                    LtMethod            method,
                    const char         *unit,
                    const char         *credential,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), host_present_async, cancellable, callback, user_data, &request);

  request->method = method;
  request->unit = g_strdup (unit);
  request->credential = g_strdup (credential);
  post (LT_ENGINE_HOST (host), task, job_present);
}

static gboolean
job_identify_staff (LtEngineHost *self,
                    GTask        *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr (LtStaffReply) reply = lt_staff_reply_new ();
  g_autoptr (LtPerson) staff = NULL;

  reply->result = lt_engine_identify_staff (self->engine, request->method, request->credential, &staff,
                                            &reply->retry_after_s);
  if (reply->result == LT_STAFF_OK) {
    reply->staff_id = staff->id;
    reply->kind = staff->kind;
    reply->name = g_strdup (staff->name);
  }
  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify)lt_staff_reply_free);
  return TRUE;
}

static void
host_identify_staff_async (LtHost             *host,
                           LtMethod            method,
                           const char         *credential,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), host_identify_staff_async, cancellable, callback, user_data,
                            &request);

  request->method = method;
  request->credential = g_strdup (credential);
  post (LT_ENGINE_HOST (host), task, job_identify_staff);
}

static gboolean
return_boolean (GTask   *task,
                gboolean ok,
                GError **error)
{
  /* ERROR is read here, after OK was computed: passing *error itself
   * would let the compiler read it before the call that sets it. */
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, *error);
  return ok;
}

static gboolean
job_remote_unlock (LtEngineHost *self,
                   GTask        *task)
{
  Request *request = g_task_get_task_data (task);
  GError  *error = NULL;

  return return_boolean (task, lt_engine_remote_unlock (self->engine, request->staff_id, &error), &error);
}

static gboolean
job_test_unlock (LtEngineHost *self,
                 GTask        *task)
{
  Request *request = g_task_get_task_data (task);
  GError  *error = NULL;

  return return_boolean (task, lt_engine_test_unlock (self->engine, request->staff_id, &error), &error);
}

static gboolean
job_acknowledge_alarm (LtEngineHost *self,
                       GTask        *task)
{
  Request *request = g_task_get_task_data (task);

  lt_engine_acknowledge_alarm (self->engine, request->staff_id);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

static gboolean
job_call_guard (LtEngineHost *self,
                GTask        *task)
{
  lt_engine_call_guard (self->engine);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

static void
post_staff_call (LtHost             *host,
                 gpointer            tag,
                 JobFunc             func,
                 gint64              staff_id,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), tag, cancellable, callback, user_data, &request);

  request->staff_id = staff_id;
  post (LT_ENGINE_HOST (host), task, func);
}

static void
host_remote_unlock_async (LtHost             *host,
                          gint64              staff_id,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  post_staff_call (host, host_remote_unlock_async, job_remote_unlock, staff_id, cancellable, callback, user_data);
}

static void
host_test_unlock_async (LtHost             *host,
                        gint64              technician_id,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  post_staff_call (host, host_test_unlock_async, job_test_unlock, technician_id, cancellable, callback, user_data);
}

static void
host_acknowledge_alarm_async (LtHost             *host,
                              gint64              staff_id,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  post_staff_call (host, host_acknowledge_alarm_async, job_acknowledge_alarm, staff_id, cancellable, callback,
                   user_data);
}

static void
host_call_guard_async (LtHost             *host,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  post_staff_call (host, host_call_guard_async, job_call_guard, 0, cancellable, callback, user_data);
}

static gboolean
job_issue_pass (LtEngineHost *self,
                GTask        *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr (LtIssuedPass) issued = g_new0 (LtIssuedPass, 1);
  g_autoptr (LtPass) pass = NULL;
  GError *error = NULL;
  gint64  pass_id = 0;

  issued->token = lt_engine_issue_pass (self->engine,
                                        &(LtPassRequest){ .unit = request->unit,
                                                          .valid_from_us = request->valid_from_us,
                                                          .valid_until_us = request->valid_until_us,
                                                          .max_uses = request->max_uses,
                                                          .guard_id = request->staff_id,
                                                          .visitor_name = request->visitor_name,
                                                          .phone_last4 = request->phone_last4 },
                                        &pass_id, &error);
  if (issued->token == NULL) {
    g_task_return_error (task, error);
    return FALSE;
  }
  /* In the words the store keeps, so the screen says what was signed. */
  pass = lt_pass_get (lt_engine_get_store (self->engine), pass_id, NULL);
  if (pass != NULL) {
    issued->pass = lt_pass_info_new_for_pass (pass);
  } else {
    issued->pass = g_new0 (LtPassInfo, 1);
    issued->pass->id = pass_id;
    issued->pass->unit = g_strdup (request->unit);
    issued->pass->visitor_name = g_strdup (request->visitor_name);
    issued->pass->valid_from_us = request->valid_from_us;
    issued->pass->valid_until_us = request->valid_until_us;
    issued->pass->max_uses = request->max_uses;
    issued->pass->phone_last4 = g_strdup (request->phone_last4);
    issued->pass->issued_here = TRUE;
  }
  g_task_return_pointer (task, g_steal_pointer (&issued), (GDestroyNotify)lt_issued_pass_free);
  return TRUE;
}

static void
host_issue_pass_async (LtHost              *host,
                       const LtPassRequest *pass,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), host_issue_pass_async, cancellable, callback, user_data, &request);

  /* A copy: the caller's strings need not outlive the call. */
  request->unit = g_strdup (pass->unit);
  request->valid_from_us = pass->valid_from_us;
  request->valid_until_us = pass->valid_until_us;
  request->max_uses = pass->max_uses;
  request->staff_id = pass->guard_id;
  request->visitor_name = g_strdup (pass->visitor_name);
  request->phone_last4 = g_strdup (pass->phone_last4);
  post (LT_ENGINE_HOST (host), task, job_issue_pass);
}

static gboolean
job_revoke_pass (LtEngineHost *self,
                 GTask        *task)
{
  Request *request = g_task_get_task_data (task);
  GError  *error = NULL;

  return return_boolean (task, lt_engine_revoke_pass (self->engine, request->pass_id, request->staff_id, &error), &error);
}

static void
host_revoke_pass_async (LtHost             *host,
                        gint64              pass_id,
                        gint64              guard_id,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), host_revoke_pass_async, cancellable, callback, user_data, &request);

  request->pass_id = pass_id;
  request->staff_id = guard_id;
  post (LT_ENGINE_HOST (host), task, job_revoke_pass);
}

static gboolean
job_simulate (LtEngineHost *self,
              GTask        *task)
{
  Request *request = g_task_get_task_data (task);
  GError  *error = NULL;

  return return_boolean (task, lt_engine_simulate (self->engine, request->action, request->argument, &error), &error);
}

static void
host_simulate_async (LtHost             *host,
                     LtSimAction         action,
                     const char         *argument,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), host_simulate_async, cancellable, callback, user_data, &request);

  request->action = action;
  request->argument = g_strdup (argument);
  post (LT_ENGINE_HOST (host), task, job_simulate);
}

static gboolean
job_start_scan (LtEngineHost *self,
                GTask        *task)
{
  GError *error = NULL;

  return return_boolean (task, lt_engine_start_scan (self->engine, &error), &error);
}

static void
host_start_scan_async (LtHost             *host,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), host_start_scan_async, cancellable, callback, user_data, &request);

  post (LT_ENGINE_HOST (host), task, job_start_scan);
}

static gboolean
job_stop_scan (LtEngineHost *self,
               GTask        *task)
{
  lt_engine_stop_scan (self->engine);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

/* Fire and forget: the camera's state comes back as "camera-running". */
static void
host_stop_scan (LtHost *host)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), host_stop_scan, NULL, NULL, NULL, &request);

  post (LT_ENGINE_HOST (host), task, job_stop_scan);
}

static gboolean
job_capture (LtEngineHost *self,
             GTask        *task)
{
  Request *request = g_task_get_task_data (task);

  lt_engine_capture_next_card (self->engine, request->capture);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

/* Fire and forget: nobody waits for the answer. */
static void
host_capture_card (LtHost  *host,
                   gboolean capture)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), host_capture_card, NULL, NULL, NULL, &request);

  request->capture = capture;
  post (LT_ENGINE_HOST (host), task, job_capture);
}

/* ---- queries: the reader's worker threads ------------------------------- */

static void
host_list_events_async (LtHost             *host,
                        gint64              since_us,
                        guint               limit,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  GTask *task = g_task_new (host, cancellable, callback, user_data);

  g_task_set_source_tag (task, host_list_events_async);
  lt_reader_list_events (LT_ENGINE_HOST (host)->reader, task, since_us, limit);
}

static void
host_list_passes_async (LtHost             *host,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  GTask *task = g_task_new (host, cancellable, callback, user_data);

  g_task_set_source_tag (task, host_list_passes_async);
  lt_reader_list_passes (LT_ENGINE_HOST (host)->reader, task);
}

static void
host_unit_exists_async (LtHost             *host,
                        const char         *unit,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  GTask *task = g_task_new (host, cancellable, callback, user_data);

  g_task_set_source_tag (task, host_unit_exists_async);
  lt_reader_unit_exists (LT_ENGINE_HOST (host)->reader, task, unit);
}

static void
host_check_storage_async (LtHost             *host,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  GTask *task = g_task_new (host, cancellable, callback, user_data);

  g_task_set_source_tag (task, host_check_storage_async);
  lt_reader_check_storage (LT_ENGINE_HOST (host)->reader, task);
}

/* ---- issue 13, guard tools ------------------------------------------------ */

static gboolean
job_restore_pass (LtEngineHost *self,
                  GTask        *task)
{
  Request *request = g_task_get_task_data (task);
  GError  *error = NULL;

  return return_boolean (task, lt_engine_restore_pass (self->engine, request->pass_id, request->staff_id, &error), &error);
}

static void
host_restore_pass_async (LtHost             *host,
                         gint64              pass_id,
                         gint64              guard_id,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), host_restore_pass_async, cancellable, callback, user_data, &request);

  request->pass_id = pass_id;
  request->staff_id = guard_id;
  post (LT_ENGINE_HOST (host), task, job_restore_pass);
}

static gboolean
job_show_pass (LtEngineHost *self,
               GTask        *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr (LtIssuedPass) shown = g_new0 (LtIssuedPass, 1);
  g_autoptr (LtPass) pass = NULL;
  GError *error = NULL;

  shown->token = lt_engine_dup_pass_token (self->engine, request->pass_id, &error);
  if (shown->token == NULL || (pass = lt_pass_get (lt_engine_get_store (self->engine), request->pass_id, &error)) == NULL) {
    g_task_return_error (task, error);
    return FALSE;
  }
  shown->pass = lt_pass_info_new_for_pass (pass);
  g_task_return_pointer (task, g_steal_pointer (&shown), (GDestroyNotify)lt_issued_pass_free);
  return TRUE;
}

static void
host_show_pass_async (LtHost             *host,
                      gint64              pass_id,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  Request *request;
  GTask   *task = new_task (LT_ENGINE_HOST (host), host_show_pass_async, cancellable, callback, user_data, &request);

  request->pass_id = pass_id;
  post (LT_ENGINE_HOST (host), task, job_show_pass);
}

static void
host_list_pass_history_async (LtHost             *host,
                              guint               limit,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  GTask *task = g_task_new (host, cancellable, callback, user_data);

  g_task_set_source_tag (task, host_list_pass_history_async);
  lt_reader_list_pass_history (LT_ENGINE_HOST (host)->reader, task, limit);
}

/* ---- issue 13, resident feedback (i13-resident) ---------------------------- */

static void
host_unit_lockout_async (LtHost             *host,
                         const char         *unit,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  GTask *task = g_task_new (host, cancellable, callback, user_data);

  g_task_set_source_tag (task, host_unit_lockout_async);
  /* The counters of this terminal's door and keypad: those a PIN typed here meets. */
  lt_reader_pin_wait (LT_ENGINE_HOST (host)->reader, task, lt_host_get_config (host)->door, KEYPAD_READER, unit);
}

void
lt_engine_host_calls_init (LtHostInterface *iface)
{
  iface->capture_card = host_capture_card;
  iface->start_scan_async = host_start_scan_async;
  iface->stop_scan = host_stop_scan;
  iface->present_async = host_present_async;
  iface->identify_staff_async = host_identify_staff_async;
  iface->remote_unlock_async = host_remote_unlock_async;
  iface->test_unlock_async = host_test_unlock_async;
  iface->acknowledge_alarm_async = host_acknowledge_alarm_async;
  iface->call_guard_async = host_call_guard_async;
  iface->issue_pass_async = host_issue_pass_async;
  iface->revoke_pass_async = host_revoke_pass_async;
  iface->simulate_async = host_simulate_async;
  iface->list_events_async = host_list_events_async;
  iface->list_passes_async = host_list_passes_async;
  iface->unit_exists_async = host_unit_exists_async;
  iface->check_storage_async = host_check_storage_async;
  /* issue 13, guard tools */
  iface->restore_pass_async = host_restore_pass_async;
  iface->show_pass_async = host_show_pass_async;
  iface->list_pass_history_async = host_list_pass_history_async;
  /* issue 13, resident feedback */
  iface->unit_lockout_async = host_unit_lockout_async;
}
