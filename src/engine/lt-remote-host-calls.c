/* lt-remote-host-calls.c: what a view asks of the engine of another process
 *
 * Every LtHost call is one D-Bus method call (lt-host-dbus.xml) made with
 * remote_call(), which finishes the GTask the _finish functions expect.
 * The call goes out even if the view cancels, as the in-process host
 * runs a cancelled job all the same (the person pressed OK); the view
 * then hears G_IO_ERROR_CANCELLED. While the engine is not reachable,
 * a call fails at once with G_IO_ERROR_NOT_CONNECTED.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-remote-host"

#include "lt-remote-host-private.h"
#include "lt-host-wire.h"

#include <glib/gi18n.h>

typedef gpointer (*Decode) (GVariant *value);

/* The Decode of a method whose answer is one gboolean: a marker that
 * remote_call() finishes with g_task_return_boolean (), never called. */
static gpointer
decode_boolean (GVariant *value)
{
  g_assert_not_reached ();
  return NULL;
}

#define DECODE_BOOLEAN decode_boolean

/* The same for an answer of one guint32 that the task returns with
 * g_task_return_int () (lt_host_unit_lockout_finish ()). */
static gpointer
decode_int (GVariant *value)
{
  g_assert_not_reached ();
  return NULL;
}

#define DECODE_INT decode_int

typedef struct {
  Decode         decode;
  GDestroyNotify free_func;
} Call;

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);
  Call *call = g_task_get_task_data (task);

  if (reply == NULL) {
    g_dbus_error_strip_remote_error (error);
    g_task_return_error (task, g_steal_pointer (&error));
  } else if (call->decode == NULL) {
    g_task_return_boolean (task, TRUE);
  } else if (call->decode == DECODE_BOOLEAN) {
    gboolean answer = FALSE;

    g_variant_get (reply, "(b)", &answer);
    g_task_return_boolean (task, answer);
  } else if (call->decode == DECODE_INT) {
    guint32 answer = 0;

    g_variant_get (reply, "(u)", &answer);
    g_task_return_int (task, MIN (answer, (guint32)G_MAXINT));
  } else {
    g_autoptr (GVariant) value = g_variant_get_child_value (reply, 0);

    g_task_return_pointer (task, call->decode (value), call->free_func);
  }
}

/* Calls METHOD with ARGS (floating, consumed); the task finishes with
 * TRUE (DECODE NULL), the answer's gboolean (DECODE_BOOLEAN), or
 * DECODE's value of the first out argument, freed with FREE_FUNC. */
static void
remote_call_timeout (LtRemoteHost       *self,
                     gpointer            tag,
                     const char         *method,
                     GVariant           *args,
                     int                 timeout_ms,
                     Decode              decode,
                     GDestroyNotify      free_func,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call  *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, tag);
  call->decode = decode;
  call->free_func = free_func;
  g_task_set_task_data (task, call, g_free);
  if (self->proxy == NULL) {
    if (args != NULL)
      g_variant_unref (g_variant_ref_sink (args));
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                             _ ("The door engine is not reachable; the kiosk reconnects by itself"));
    g_object_unref (task);
    return;
  }
  g_dbus_proxy_call (G_DBUS_PROXY (self->proxy), method, args, G_DBUS_CALL_FLAGS_NO_AUTO_START, timeout_ms, NULL,
                     on_reply, task);
}

/* The same with D-Bus's default timeout (25 s): every call that does not
 * wait for a person in front of the camera. */
static void
remote_call (LtRemoteHost       *self,
             gpointer            tag,
             const char         *method,
             GVariant           *args,
             Decode              decode,
             GDestroyNotify      free_func,
             GCancellable       *cancellable,
             GAsyncReadyCallback callback,
             gpointer            user_data)
{
  remote_call_timeout (self, tag, method, args, -1, decode, free_func, cancellable, callback, user_data);
}

/* Calls with no answer the view waits for. */
static void
fire (LtRemoteHost *self,
      const char   *method,
      GVariant     *args)
{
  if (self->proxy == NULL) {
    if (args != NULL)
      g_variant_unref (g_variant_ref_sink (args));
    return;
  }
  g_dbus_proxy_call (G_DBUS_PROXY (self->proxy), method, args, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
}

static void
host_stop_scan (LtHost *host)
{
  fire (LT_REMOTE_HOST (host), "StopScan", NULL);
}

static void
host_capture_card (LtHost  *host,
                   gboolean capture)
{
  fire (LT_REMOTE_HOST (host), "CaptureCard", g_variant_new ("(b)", capture));
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
  remote_call (LT_REMOTE_HOST (host), host_present_async, "Present",
               g_variant_new ("(uss)", (guint32)method, lt_wire_nonnull (unit), credential),
               (Decode)lt_wire_decision_from_variant, (GDestroyNotify)lt_host_decision_free, cancellable, callback,
               user_data);
}

static void
host_identify_staff_async (LtHost             *host,
                           LtMethod            method,
                           const char         *credential,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_identify_staff_async, "IdentifyStaff",
               g_variant_new ("(us)", (guint32)method, credential), (Decode)lt_wire_staff_reply_from_variant,
               (GDestroyNotify)lt_staff_reply_free, cancellable, callback, user_data);
}

static void
host_remote_unlock_async (LtHost             *host,
                          gint64              staff_id,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_remote_unlock_async, "RemoteUnlock", g_variant_new ("(x)", staff_id), NULL,
               NULL, cancellable, callback, user_data);
}

static void
host_test_unlock_async (LtHost             *host,
                        gint64              technician_id,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_test_unlock_async, "TestUnlock", g_variant_new ("(x)", technician_id),
               NULL, NULL, cancellable, callback, user_data);
}

static void
host_call_guard_async (LtHost             *host,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_call_guard_async, "CallGuard", NULL, NULL, NULL, cancellable, callback,
               user_data);
}

static void
host_acknowledge_alarm_async (LtHost             *host,
                              gint64              staff_id,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_acknowledge_alarm_async, "AcknowledgeAlarm",
               g_variant_new ("(x)", staff_id), NULL, NULL, cancellable, callback, user_data);
}

static void
host_issue_pass_async (LtHost              *host,
                       const LtPassRequest *request,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_issue_pass_async, "IssuePass",
               g_variant_new ("(@" LT_WIRE_PASS_REQUEST ")", lt_wire_pass_request_to_variant (request)),
               (Decode)lt_wire_issued_pass_from_variant, (GDestroyNotify)lt_issued_pass_free, cancellable, callback,
               user_data);
}

static void
host_revoke_pass_async (LtHost             *host,
                        gint64              pass_id,
                        gint64              guard_id,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_revoke_pass_async, "RevokePass",
               g_variant_new ("(xx)", pass_id, guard_id), NULL, NULL, cancellable, callback, user_data);
}

static void
host_simulate_async (LtHost             *host,
                     LtSimAction         action,
                     const char         *argument,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_simulate_async, "Simulate",
               g_variant_new ("(us)", (guint32)action, lt_wire_nonnull (argument)), NULL, NULL, cancellable, callback,
               user_data);
}

static void
host_start_scan_async (LtHost             *host,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_start_scan_async, "StartScan", NULL, NULL, NULL, cancellable, callback,
               user_data);
}

static GPtrArray *
decode_array (GVariant      *value,
              Decode         decode,
              GDestroyNotify free_func)
{
  GPtrArray   *items = g_ptr_array_new_full (g_variant_n_children (value), free_func);
  GVariantIter iter;
  GVariant    *child;

  g_variant_iter_init (&iter, value);
  while ((child = g_variant_iter_next_value (&iter)) != NULL) {
    g_ptr_array_add (items, decode (child));
    g_variant_unref (child);
  }
  return items;
}

static gpointer
decode_events (GVariant *value)
{
  return decode_array (value, (Decode)lt_wire_event_from_variant, (GDestroyNotify)lt_event_free);
}

static gpointer
decode_passes (GVariant *value)
{
  return decode_array (value, (Decode)lt_wire_pass_info_from_variant, (GDestroyNotify)lt_pass_info_free);
}

static void
host_list_events_async (LtHost             *host,
                        gint64              since_us,
                        guint               limit,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_list_events_async, "ListEvents",
               g_variant_new ("(xu)", since_us, (guint32)limit), decode_events, (GDestroyNotify)g_ptr_array_unref,
               cancellable, callback, user_data);
}

static void
host_list_passes_async (LtHost             *host,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_list_passes_async, "ListPasses", NULL, decode_passes,
               (GDestroyNotify)g_ptr_array_unref, cancellable, callback, user_data);
}

static void
host_unit_exists_async (LtHost             *host,
                        const char         *unit,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_unit_exists_async, "UnitExists", g_variant_new ("(s)", unit),
               DECODE_BOOLEAN, NULL, cancellable, callback, user_data);
}

static void
host_check_storage_async (LtHost             *host,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_check_storage_async, "CheckStorage", NULL,
               (Decode)lt_wire_storage_from_variant, (GDestroyNotify)lt_storage_status_free, cancellable, callback,
               user_data);
}

/* ---- issue 13, guard tools ------------------------------------------------------ */

static void
host_restore_pass_async (LtHost             *host,
                         gint64              pass_id,
                         gint64              guard_id,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_restore_pass_async, "RestorePass",
               g_variant_new ("(xx)", pass_id, guard_id), NULL, NULL, cancellable, callback, user_data);
}

static void
host_show_pass_async (LtHost             *host,
                      gint64              pass_id,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_show_pass_async, "ShowPass", g_variant_new ("(x)", pass_id),
               (Decode)lt_wire_issued_pass_from_variant, (GDestroyNotify)lt_issued_pass_free, cancellable, callback,
               user_data);
}

static void
host_list_pass_history_async (LtHost             *host,
                              guint               limit,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_list_pass_history_async, "ListPassHistory",
               g_variant_new ("(u)", (guint32)limit), decode_passes, (GDestroyNotify)g_ptr_array_unref, cancellable,
               callback, user_data);
}

/* ---- issue 11: residents at the terminal, face entry ------------------------------ */

/* An enrolment or a recognition waits for the person at the camera (the
 * engine's [camera] timeout-seconds, the models' first load): no D-Bus
 * timeout; face_cancel() or the engine ends it. */
#define FACE_TIMEOUT_MS G_MAXINT

static void
host_resident_sign_in_async (LtHost             *host,
                             LtMethod            method,
                             const char         *unit,
                             const char         *credential,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_resident_sign_in_async, "ResidentSignIn",
               g_variant_new ("(uss)", (guint32)method, lt_wire_nonnull (unit), credential),
               (Decode)lt_wire_session_from_variant, (GDestroyNotify)lt_resident_session_free, cancellable, callback,
               user_data);
}

static void
host_resident_sign_out (LtHost     *host,
                        const char *token)
{
  fire (LT_REMOTE_HOST (host), "ResidentSignOut", g_variant_new ("(s)", token));
}

static void
host_get_notice_async (LtHost             *host,
                       const char         *language,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_get_notice_async, "GetNotice",
               g_variant_new ("(s)", lt_wire_nonnull (language)), (Decode)lt_wire_notice_from_variant,
               (GDestroyNotify)lt_notice_text_free, cancellable, callback, user_data);
}

static void
host_face_decline_async (LtHost             *host,
                         const char         *token,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_face_decline_async, "FaceDecline", g_variant_new ("(s)", token), NULL,
               NULL, cancellable, callback, user_data);
}

static void
host_face_enrol_async (LtHost             *host,
                       const char         *token,
                       const char         *guardian_pin,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  remote_call_timeout (LT_REMOTE_HOST (host), host_face_enrol_async, "FaceEnrol",
                       g_variant_new ("(ss)", token, lt_wire_nonnull (guardian_pin)), FACE_TIMEOUT_MS, NULL, NULL,
                       cancellable, callback, user_data);
}

static void
host_face_recognise_async (LtHost             *host,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  remote_call_timeout (LT_REMOTE_HOST (host), host_face_recognise_async, "FaceRecognise", NULL, FACE_TIMEOUT_MS,
                       NULL, NULL, cancellable, callback, user_data);
}

static void
host_face_cancel (LtHost *host)
{
  fire (LT_REMOTE_HOST (host), "FaceCancel", NULL);
}

static void
host_face_withdraw_async (LtHost             *host,
                          const char         *token,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_face_withdraw_async, "FaceWithdraw", g_variant_new ("(s)", token), NULL,
               NULL, cancellable, callback, user_data);
}

static void
host_my_data_async (LtHost             *host,
                    const char         *token,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_my_data_async, "MyData", g_variant_new ("(s)", token),
               (Decode)lt_wire_resident_data_from_variant, (GDestroyNotify)lt_resident_data_free, cancellable,
               callback, user_data);
}

/* ---- issue 13, resident feedback ------------------------------------------------ */

static void
host_unit_lockout_async (LtHost             *host,
                         const char         *unit,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  remote_call (LT_REMOTE_HOST (host), host_unit_lockout_async, "UnitLockout", g_variant_new ("(s)", unit), DECODE_INT,
               NULL, cancellable, callback, user_data);
}

void
lt_remote_host_calls_init (LtHostInterface *iface)
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
  iface->restore_pass_async = host_restore_pass_async;
  iface->show_pass_async = host_show_pass_async;
  iface->list_pass_history_async = host_list_pass_history_async;
  iface->resident_sign_in_async = host_resident_sign_in_async;
  iface->resident_sign_out = host_resident_sign_out;
  iface->get_notice_async = host_get_notice_async;
  iface->face_decline_async = host_face_decline_async;
  iface->face_enrol_async = host_face_enrol_async;
  iface->face_recognise_async = host_face_recognise_async;
  iface->face_cancel = host_face_cancel;
  iface->face_withdraw_async = host_face_withdraw_async;
  iface->my_data_async = host_my_data_async;
  iface->unit_lockout_async = host_unit_lockout_async;
}
