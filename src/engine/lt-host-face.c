/* lt-host-face.c: the resident and face entry calls of LtHost (issue 11)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-host"

#include "lt-host.h"

void lt_host_face_default_init (LtHostInterface *iface);

void
lt_host_face_default_init (LtHostInterface *iface)
{
  g_object_interface_install_property (iface,
                                       g_param_spec_boolean ("face-available", NULL, NULL, FALSE,
                                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LtHost::face-progress:
   * @step: what the person is asked now: "look", "turn-left", "turn-right",
   *   "open-mouth" or "hold-still"
   * @captures: captures taken so far (an enrolment)
   * @needed: captures an enrolment takes; 0 for a recognition
   */
  g_signal_new ("face-progress", LT_TYPE_HOST, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);
}

static gboolean
check_result (LtHost       *self,
              GAsyncResult *result)
{
  return LT_IS_HOST (self) && g_task_is_valid (result, self);
}

/* A host without resident calls (one not built for them yet) answers
 * that it does not support them, rather than crashing. */
static gboolean
unsupported (LtHost             *self,
             gpointer            vfunc,
             gpointer            tag,
             GAsyncReadyCallback callback,
             gpointer            user_data)
{
  if (vfunc != NULL)
    return FALSE;
  g_task_report_new_error (self, callback, user_data, tag, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "This door engine host has no resident calls");
  return TRUE;
}

/* Offered on the lobby only when this is TRUE; never the default (R8). */
gboolean
lt_host_get_face_available (LtHost *self)
{
  g_return_val_if_fail (LT_IS_HOST (self), FALSE);

  return LT_HOST_GET_IFACE (self)->get_face_available != NULL && LT_HOST_GET_IFACE (self)->get_face_available (self);
}

void
lt_host_resident_sign_in_async (LtHost             *self,
                                LtMethod            method,
                                const char         *unit,
                                const char         *credential,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail ((method == LT_METHOD_PIN && unit != NULL) || method == LT_METHOD_CARD);
  g_return_if_fail (credential != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (unsupported (self, LT_HOST_GET_IFACE (self)->resident_sign_in_async, lt_host_resident_sign_in_async, callback, user_data))
    return;
  LT_HOST_GET_IFACE (self)->resident_sign_in_async (self, method, unit, credential, cancellable, callback, user_data);
}

LtResidentSession *
lt_host_resident_sign_in_finish (LtHost       *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lt_host_resident_sign_out (LtHost     *self,
                           const char *token)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (token != NULL);

  if (LT_HOST_GET_IFACE (self)->resident_sign_out != NULL)
    LT_HOST_GET_IFACE (self)->resident_sign_out (self, token);
}

void
lt_host_get_notice_async (LtHost             *self,
                          const char         *language,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (unsupported (self, LT_HOST_GET_IFACE (self)->get_notice_async, lt_host_get_notice_async, callback, user_data))
    return;
  LT_HOST_GET_IFACE (self)->get_notice_async (self, language, cancellable, callback, user_data);
}

LtNoticeText *
lt_host_get_notice_finish (LtHost       *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lt_host_face_decline_async (LtHost             *self,
                            const char         *token,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (unsupported (self, LT_HOST_GET_IFACE (self)->face_decline_async, lt_host_face_decline_async, callback, user_data))
    return;
  LT_HOST_GET_IFACE (self)->face_decline_async (self, token, cancellable, callback, user_data);
}

void
lt_host_face_enrol_async (LtHost             *self,
                          const char         *token,
                          const char         *guardian_pin,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (unsupported (self, LT_HOST_GET_IFACE (self)->face_enrol_async, lt_host_face_enrol_async, callback, user_data))
    return;
  LT_HOST_GET_IFACE (self)->face_enrol_async (self, token, guardian_pin, cancellable, callback, user_data);
}

void
lt_host_face_recognise_async (LtHost             *self,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (unsupported (self, LT_HOST_GET_IFACE (self)->face_recognise_async, lt_host_face_recognise_async, callback, user_data))
    return;
  LT_HOST_GET_IFACE (self)->face_recognise_async (self, cancellable, callback, user_data);
}

void
lt_host_face_cancel (LtHost *self)
{
  g_return_if_fail (LT_IS_HOST (self));

  if (LT_HOST_GET_IFACE (self)->face_cancel != NULL)
    LT_HOST_GET_IFACE (self)->face_cancel (self);
}

void
lt_host_face_withdraw_async (LtHost             *self,
                             const char         *token,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (unsupported (self, LT_HOST_GET_IFACE (self)->face_withdraw_async, lt_host_face_withdraw_async, callback, user_data))
    return;
  LT_HOST_GET_IFACE (self)->face_withdraw_async (self, token, cancellable, callback, user_data);
}

void
lt_host_my_data_async (LtHost             *self,
                       const char         *token,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_return_if_fail (LT_IS_HOST (self));
  g_return_if_fail (token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (unsupported (self, LT_HOST_GET_IFACE (self)->my_data_async, lt_host_my_data_async, callback, user_data))
    return;
  LT_HOST_GET_IFACE (self)->my_data_async (self, token, cancellable, callback, user_data);
}

LtResidentData *
lt_host_my_data_finish (LtHost       *self,
                        GAsyncResult *result,
                        GError      **error)
{
  g_return_val_if_fail (check_result (self, result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
