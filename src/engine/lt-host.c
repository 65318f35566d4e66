/* lt-host.c: what a view may ask of the door engine, and hear from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-host"

#include "lt-host.h"

/* lt-host-face.c (issue 11) */
void lt_host_face_default_init (LtHostInterface *iface);

G_DEFINE_INTERFACE (LtHost, lt_host, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (LtStorageStatus, lt_storage_status, lt_storage_status_copy, lt_storage_status_free)

LtStorageStatus *
lt_storage_status_copy (const LtStorageStatus *status)
{
  LtStorageStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);

  copy = g_memdup2 (status, sizeof *status);
  copy->integrity = g_strdup (status->integrity);
  return copy;
}

void
lt_storage_status_free (LtStorageStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->integrity);
  g_free (status);
}

static void
lt_host_default_init (LtHostInterface *iface)
{
  g_object_interface_install_property (iface,
                                       g_param_spec_boolean ("unlocked", NULL, NULL, FALSE,
                                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
                                       g_param_spec_boolean ("open", NULL, NULL, FALSE,
                                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
                                       g_param_spec_uint ("alarm", NULL, NULL, LT_ALARM_NONE, LT_N_ALARMS - 1, LT_ALARM_NONE,
                                                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
                                       g_param_spec_boolean ("camera-running", NULL, NULL, FALSE,
                                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LtHost::decision:
   * @decision: the LtHostDecision
   *
   * Every access decision, once, after the door state it caused.
   */
  g_signal_new ("decision", LT_TYPE_HOST, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, LT_TYPE_HOST_DECISION | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * LtHost::card-captured:
   * @reader: "wiegand" or "usb"
   * @card: (nullable): the normalised card, or NULL when the read failed
   * @problem: (nullable): why the read failed
   */
  g_signal_new ("card-captured", LT_TYPE_HOST, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * LtHost::line-changed:
   * @role: the LtLineRole
   * @active: the line's level
   */
  g_signal_new ("line-changed", LT_TYPE_HOST, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
  /**
   * LtHost::scan-stopped:
   * @reason: "decoded", "cancelled", "timeout" or "error"
   */
  g_signal_new ("scan-stopped", LT_TYPE_HOST, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * LtHost::scan-preview:
   * @data: RGBA pixels, mirrored, @stride bytes a row
   * @width: in pixels
   * @height: in pixels
   * @stride: bytes a row
   */
  g_signal_new ("scan-preview", LT_TYPE_HOST, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 4, G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  lt_host_face_default_init (iface);
}

const LtConfig *
lt_host_get_config (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), NULL);

  return LT_HOST_GET_IFACE (self)->get_config (self);
}

gboolean
lt_host_has_simulator (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), FALSE);

  return LT_HOST_GET_IFACE (self)->has_simulator (self);
}

/* Whether this terminal holds the site's signing key. */
gboolean
lt_host_can_issue_passes (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), FALSE);

  return LT_HOST_GET_IFACE (self)->can_issue_passes (self);
}

/* Whether QR passes can be scanned here: a camera, and QR at this door. */
gboolean
lt_host_has_camera (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), FALSE);

  return LT_HOST_GET_IFACE (self)->has_camera (self);
}

gboolean
lt_host_get_camera_running (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), FALSE);

  return LT_HOST_GET_IFACE (self)->get_camera_running (self);
}

/* Starts the camera for one QR scan: a person asked for it (R5). It ends
 * with ::scan-stopped; a pass it read comes as ::decision. */
void
lt_host_start_scan_async (LtHost             *self,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->start_scan_async (self, cancellable, callback, user_data);
}

/* Stops a scan that runs (the person left the screen); nothing otherwise. */
void
lt_host_stop_scan (LtHost *self)
{
  g_return_if_fail (LT_IS_HOST (self));

  LT_HOST_GET_IFACE (self)->stop_scan (self);
}

static LtDoorState
door_state (LtHost *self)
{
  LtDoorState state = { 0 };

  LT_HOST_GET_IFACE (self)->get_door_state (self, &state);
  return state;
}

gboolean
lt_host_get_unlocked (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), FALSE);

  return door_state (self).unlocked;
}

gboolean
lt_host_get_open (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), FALSE);

  return door_state (self).open;
}

LtAlarm
lt_host_get_alarm (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), LT_ALARM_NONE);

  return door_state (self).alarm;
}

/* The shown alarm's condition is still present (a tamper switch still
 * open), as opposed to waiting only for a guard's acknowledgement. */
gboolean
lt_host_get_alarm_active (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), FALSE);

  return door_state (self).alarm_active;
}

/* The shown alarm waits for a guard's acknowledgement. */
gboolean
lt_host_get_alarm_pending (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), FALSE);

  return door_state (self).alarm_pending;
}

gint64
lt_host_get_relock_deadline (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), 0);

  return door_state (self).relock_deadline_us;
}

/* Whether the line is wired; *active its last level. */
gboolean
lt_host_get_line_state (LtHost    *self,
                        LtLineRole role,
                        gboolean  *active)
{
  g_return_val_if_fail (LT_IS_HOST (self), FALSE);
  g_return_val_if_fail (role < LT_N_LINES, FALSE);
  g_return_val_if_fail (active != NULL, FALSE);

  return LT_HOST_GET_IFACE (self)->get_line_state (self, role, active);
}

/* Arms (or disarms) the capture of the next card read: it opens nothing
 * and comes back as ::card-captured. The engine disarms it by itself
 * after 30 s. */
void
lt_host_capture_card (LtHost  *self,
                      gboolean capture)
{
  g_return_if_fail (LT_IS_HOST (self));

  LT_HOST_GET_IFACE (self)->capture_card (self, capture);
}

void
lt_host_present_async (LtHost             *self,
                       LtMethod            method,
                       const char         *unit,
                       const char         *credential,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (method < LT_N_METHODS);
  g_return_if_fail (credential != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->present_async (self, method, unit, credential, cancellable, callback, user_data);
}

static gboolean
check_result (LtHost       *self,
              GAsyncResult *result)
{
  return LT_IS_HOST (self) && g_task_is_valid (result, self);
}

LtHostDecision *
lt_host_present_finish (LtHost       *self,
                        GAsyncResult *result,
                        GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lt_host_identify_staff_async (LtHost             *self,
                              LtMethod            method,
                              const char         *credential,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (method == LT_METHOD_PIN || method == LT_METHOD_CARD);
  g_return_if_fail (credential != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->identify_staff_async (self, method, credential, cancellable, callback, user_data);
}

LtStaffReply *
lt_host_identify_staff_finish (LtHost       *self,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lt_host_remote_unlock_async (LtHost             *self,
                             gint64              staff_id,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (staff_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->remote_unlock_async (self, staff_id, cancellable, callback, user_data);
}

void
lt_host_test_unlock_async (LtHost             *self,
                           gint64              technician_id,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (technician_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->test_unlock_async (self, technician_id, cancellable, callback, user_data);
}

/* Records a help event ("Call guard" on the lobby); finish with
 * lt_host_call_finish (). */
void
lt_host_call_guard_async (LtHost             *self,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->call_guard_async (self, cancellable, callback, user_data);
}

void
lt_host_acknowledge_alarm_async (LtHost             *self,
                                 gint64              staff_id,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (staff_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->acknowledge_alarm_async (self, staff_id, cancellable, callback, user_data);
}

void
lt_host_issue_pass_async (LtHost              *self,
                          const LtPassRequest *request,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (request != NULL && request->unit != NULL);
  g_return_if_fail (request->guard_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->issue_pass_async (self, request, cancellable, callback, user_data);
}

LtIssuedPass *
lt_host_issue_pass_finish (LtHost       *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lt_host_revoke_pass_async (LtHost             *self,
                           gint64              pass_id,
                           gint64              guard_id,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (pass_id > 0);
  g_return_if_fail (guard_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->revoke_pass_async (self, pass_id, guard_id, cancellable, callback, user_data);
}

void
lt_host_simulate_async (LtHost             *self,
                        LtSimAction         action,
                        const char         *argument,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (action <= LT_SIM_USB_CARD);
  g_return_if_fail (argument != NULL || (action != LT_SIM_WIEGAND && action != LT_SIM_USB_CARD));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->simulate_async (self, action, argument, cancellable, callback, user_data);
}

gboolean
lt_host_call_finish (LtHost       *self,
                     GAsyncResult *result,
                     GError      **error)
{
  g_return_val_if_fail (check_result (self, result), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The LIMIT newest events since SINCE_US (wall clock), the newest first;
 * each an LtEvent with its subject's name and kind. */
void
lt_host_list_events_async (LtHost             *self,
                           gint64              since_us,
                           guint               limit,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (limit > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->list_events_async (self, since_us, limit, cancellable, callback, user_data);
}

GPtrArray *
lt_host_list_events_finish (LtHost       *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The visitor passes still usable now, each an LtPass. */
void
lt_host_list_passes_async (LtHost             *self,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->list_passes_async (self, cancellable, callback, user_data);
}

GPtrArray *
lt_host_list_passes_finish (LtHost       *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lt_host_unit_exists_async (LtHost             *self,
                           const char         *unit,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (unit != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->unit_exists_async (self, unit, cancellable, callback, user_data);
}

/* FALSE with no error: no such unit. */
gboolean
lt_host_unit_exists_finish (LtHost       *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (check_result (self, result), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lt_host_check_storage_async (LtHost             *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->check_storage_async (self, cancellable, callback, user_data);
}

LtStorageStatus *
lt_host_check_storage_finish (LtHost       *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- issue 13, guard tools (branch i13-guard) ------------------------------ */

void
lt_host_restore_pass_async (LtHost             *self,
                            gint64              pass_id,
                            gint64              guard_id,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (pass_id > 0);
  g_return_if_fail (guard_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->restore_pass_async (self, pass_id, guard_id, cancellable, callback, user_data);
}

void
lt_host_show_pass_async (LtHost             *self,
                         gint64              pass_id,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (pass_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->show_pass_async (self, pass_id, cancellable, callback, user_data);
}

LtIssuedPass *
lt_host_show_pass_finish (LtHost       *self,
                          GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lt_host_list_pass_history_async (LtHost             *self,
                                 guint               limit,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->list_pass_history_async (self, limit, cancellable, callback, user_data);
}

GPtrArray *
lt_host_list_pass_history_finish (LtHost       *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- issue 13, resident feedback (i13-resident) ---------------------------- */

void
lt_host_unit_lockout_async (LtHost             *self,
                            const char         *unit,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (unit != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  LT_HOST_GET_IFACE (self)->unit_lockout_async (self, unit, cancellable, callback, user_data);
}

/* The task's answer is the seconds (an int); FALSE with an error when the
 * counters could not be read. */
gboolean
lt_host_unit_lockout_finish (LtHost       *self,
                             GAsyncResult *result,
                             guint        *retry_after_s,
                             GError      **error)
{
  gssize seconds;

  g_return_val_if_fail (check_result (self, result), FALSE);
  g_return_val_if_fail (retry_after_s != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  seconds = g_task_propagate_int (G_TASK (result), error);
  *retry_after_s = seconds > 0 ? (guint)seconds : 0;
  return seconds >= 0;
}
