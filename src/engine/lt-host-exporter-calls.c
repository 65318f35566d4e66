/* lt-host-exporter-calls.c: one forwarder per D-Bus method of org.lintel.Host
 *
 * Each forwarder checks what the kiosk sent (a peer's bad value is an
 * InvalidArgs error, never a critical in the engine's process), calls the
 * LtHost, and answers when the call finishes: Reply turns the finished
 * call into the method's out arguments. An error keeps its GError domain
 * and code across the socket (GDBus encodes unregistered domains), so
 * the kiosk sees G_IO_ERROR_CLOSED as the in-process host would give it.
 *
 * To add a method: its entry in lt-host-dbus.xml, a forwarder here
 * connected in lt_host_exporter_connect_calls(), and (for a new type of
 * answer) a Reply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-host-exporter"

#include "lt-host-exporter-private.h"
#include "lt-host-wire.h"

#include <glib/gi18n.h>
#include <string.h>

/* Far beyond any real token, PIN, card or unit: a peer cannot make the
 * engine copy and hash megabytes. */
#define MAX_SECRET 256
/* Far beyond the guard screen's page. */
#define MAX_HISTORY 10000

typedef GVariant *(*Reply) (LtHost       *host,
                            GAsyncResult *result,
                            GError      **error);

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GDBusMethodInvocation) invocation = user_data;
  Reply     reply = g_object_get_data (G_OBJECT (invocation), "lt-reply");
  GError   *error = NULL;
  GVariant *value = reply (LT_HOST (source), result, &error);

  if (value == NULL)
    g_dbus_method_invocation_take_error (g_steal_pointer (&invocation), error);
  else
    g_dbus_method_invocation_return_value (g_steal_pointer (&invocation), value);
}

/* The callback of an LtHost call; it answers INVOCATION with REPLY. */
static gpointer
answer_with (GDBusMethodInvocation *invocation,
             Reply                  reply)
{
  g_object_set_data (G_OBJECT (invocation), "lt-reply", reply);
  return invocation;
}

static gboolean
refuse (GDBusMethodInvocation *invocation,
        const char            *what)
{
  g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                         _ ("The door engine refused a request: %s"), what);
  return TRUE;
}

/* ---- replies ----------------------------------------------------------------- */

static GVariant *
reply_done (LtHost       *host,
            GAsyncResult *result,
            GError      **error)
{
  return lt_host_call_finish (host, result, error) ? g_variant_new ("()") : NULL;
}

static GVariant *
reply_decision (LtHost       *host,
                GAsyncResult *result,
                GError      **error)
{
  g_autoptr (LtHostDecision) decision = lt_host_present_finish (host, result, error);

  return decision != NULL ? g_variant_new ("(@" LT_WIRE_DECISION ")", lt_wire_decision_to_variant (decision)) : NULL;
}

static GVariant *
reply_staff (LtHost       *host,
             GAsyncResult *result,
             GError      **error)
{
  g_autoptr (LtStaffReply) reply = lt_host_identify_staff_finish (host, result, error);

  return reply != NULL ? g_variant_new ("(@" LT_WIRE_STAFF_REPLY ")", lt_wire_staff_reply_to_variant (reply)) : NULL;
}

static GVariant *
reply_issued_pass (LtHost       *host,
                   GAsyncResult *result,
                   GError      **error)
{
  g_autoptr (LtIssuedPass) pass = lt_host_issue_pass_finish (host, result, error);

  return pass != NULL ? g_variant_new ("(@" LT_WIRE_ISSUED_PASS ")", lt_wire_issued_pass_to_variant (pass)) : NULL;
}

typedef GVariant *(*Encode) (gconstpointer item);

/* An array of ITEMS as the one out argument "(aTYPE)". */
static GVariant *
reply_array (GPtrArray  *items,
             const char *type,
             Encode      encode)
{
  g_autofree char *array_type = g_strconcat ("a", type, NULL);
  GVariantBuilder  builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE (array_type));
  for (guint i = 0; i < items->len; i++)
    g_variant_builder_add_value (&builder, encode (g_ptr_array_index (items, i)));
  return g_variant_new_tuple ((GVariant *[]){ g_variant_builder_end (&builder) }, 1);
}

static GVariant *
reply_events (LtHost       *host,
              GAsyncResult *result,
              GError      **error)
{
  g_autoptr (GPtrArray) events = lt_host_list_events_finish (host, result, error);

  return events != NULL ? reply_array (events, LT_WIRE_EVENT, (Encode)lt_wire_event_to_variant) : NULL;
}

static GVariant *
reply_passes (LtHost       *host,
              GAsyncResult *result,
              GError      **error)
{
  g_autoptr (GPtrArray) passes = lt_host_list_passes_finish (host, result, error);

  return passes != NULL ? reply_array (passes, LT_WIRE_PASS_INFO, (Encode)lt_wire_pass_info_to_variant) : NULL;
}

static GVariant *
reply_unit_exists (LtHost       *host,
                   GAsyncResult *result,
                   GError      **error)
{
  GError  *local_error = NULL;
  gboolean exists = lt_host_unit_exists_finish (host, result, &local_error);

  if (local_error != NULL) {
    g_propagate_error (error, local_error);
    return NULL;
  }
  return g_variant_new ("(b)", exists);
}

static GVariant *
reply_storage (LtHost       *host,
               GAsyncResult *result,
               GError      **error)
{
  g_autoptr (LtStorageStatus) status = lt_host_check_storage_finish (host, result, error);

  return status != NULL ? g_variant_new ("(@" LT_WIRE_STORAGE ")", lt_wire_storage_to_variant (status)) : NULL;
}

static GVariant *
reply_shown_pass (LtHost       *host,
                  GAsyncResult *result,
                  GError      **error)
{
  g_autoptr (LtIssuedPass) pass = lt_host_show_pass_finish (host, result, error);

  return pass != NULL ? g_variant_new ("(@" LT_WIRE_ISSUED_PASS ")", lt_wire_issued_pass_to_variant (pass)) : NULL;
}

static GVariant *
reply_pass_history (LtHost       *host,
                    GAsyncResult *result,
                    GError      **error)
{
  g_autoptr (GPtrArray) passes = lt_host_list_pass_history_finish (host, result, error);

  return passes != NULL ? reply_array (passes, LT_WIRE_PASS_INFO, (Encode)lt_wire_pass_info_to_variant) : NULL;
}

static GVariant *
reply_session (LtHost       *host,
               GAsyncResult *result,
               GError      **error)
{
  g_autoptr (LtResidentSession) session = lt_host_resident_sign_in_finish (host, result, error);

  return session != NULL ? g_variant_new ("(@" LT_WIRE_SESSION ")", lt_wire_session_to_variant (session)) : NULL;
}

static GVariant *
reply_notice (LtHost       *host,
              GAsyncResult *result,
              GError      **error)
{
  g_autoptr (LtNoticeText) notice = lt_host_get_notice_finish (host, result, error);

  return notice != NULL ? g_variant_new ("(@" LT_WIRE_NOTICE ")", lt_wire_notice_to_variant (notice)) : NULL;
}

static GVariant *
reply_resident_data (LtHost       *host,
                     GAsyncResult *result,
                     GError      **error)
{
  g_autoptr (LtResidentData) data = lt_host_my_data_finish (host, result, error);

  return data != NULL ? g_variant_new ("(@" LT_WIRE_RESIDENT_DATA ")", lt_wire_resident_data_to_variant (data))
                      : NULL;
}

static GVariant *
reply_unit_lockout (LtHost       *host,
                    GAsyncResult *result,
                    GError      **error)
{
  guint seconds = 0;

  return lt_host_unit_lockout_finish (host, result, &seconds, error) ? g_variant_new ("(u)", (guint32)seconds) : NULL;
}

/* ---- forwarders ---------------------------------------------------------------- */

static gboolean
on_handle_stop_scan (LtDbusHost            *skeleton,
                     GDBusMethodInvocation *invocation,
                     LtHost                *host)
{
  lt_host_stop_scan (host);
  lt_dbus_host_complete_stop_scan (skeleton, invocation);
  return TRUE;
}

static gboolean
on_handle_capture_card (LtDbusHost            *skeleton,
                        GDBusMethodInvocation *invocation,
                        gboolean               capture,
                        LtHost                *host)
{
  lt_host_capture_card (host, capture);
  lt_dbus_host_complete_capture_card (skeleton, invocation);
  return TRUE;
}

static gboolean
on_handle_present (LtDbusHost            *skeleton,
                   GDBusMethodInvocation *invocation,
                   guint                  method,
                   const char            *unit,
                   const char            *credential,
                   LtHost                *host)
{
  if (method >= LT_N_METHODS)
    return refuse (invocation, "no such method");
  lt_host_present_async (host, method, lt_wire_nullable (unit), credential, NULL, on_call_done,
                         answer_with (invocation, reply_decision));
  return TRUE;
}

static gboolean
on_handle_identify_staff (LtDbusHost            *skeleton,
                          GDBusMethodInvocation *invocation,
                          guint                  method,
                          const char            *credential,
                          LtHost                *host)
{
  if (method != LT_METHOD_PIN && method != LT_METHOD_CARD)
    return refuse (invocation, "staff sign in with a PIN or a card");
  lt_host_identify_staff_async (host, method, credential, NULL, on_call_done, answer_with (invocation, reply_staff));
  return TRUE;
}

static gboolean
on_handle_remote_unlock (LtDbusHost            *skeleton,
                         GDBusMethodInvocation *invocation,
                         gint64                 staff_id,
                         LtHost                *host)
{
  if (staff_id <= 0)
    return refuse (invocation, "no staff member");
  lt_host_remote_unlock_async (host, staff_id, NULL, on_call_done, answer_with (invocation, reply_done));
  return TRUE;
}

static gboolean
on_handle_test_unlock (LtDbusHost            *skeleton,
                       GDBusMethodInvocation *invocation,
                       gint64                 technician_id,
                       LtHost                *host)
{
  if (technician_id <= 0)
    return refuse (invocation, "no technician");
  lt_host_test_unlock_async (host, technician_id, NULL, on_call_done, answer_with (invocation, reply_done));
  return TRUE;
}

static gboolean
on_handle_call_guard (LtDbusHost            *skeleton,
                      GDBusMethodInvocation *invocation,
                      LtHost                *host)
{
  lt_host_call_guard_async (host, NULL, on_call_done, answer_with (invocation, reply_done));
  return TRUE;
}

static gboolean
on_handle_acknowledge_alarm (LtDbusHost            *skeleton,
                             GDBusMethodInvocation *invocation,
                             gint64                 staff_id,
                             LtHost                *host)
{
  if (staff_id <= 0)
    return refuse (invocation, "no staff member");
  lt_host_acknowledge_alarm_async (host, staff_id, NULL, on_call_done, answer_with (invocation, reply_done));
  return TRUE;
}

static gboolean
on_handle_issue_pass (LtDbusHost            *skeleton,
                      GDBusMethodInvocation *invocation,
                      GVariant              *value,
                      LtHost                *host)
{
  LtPassRequest request;

  /* The request's strings point into VALUE, which the call copies. */
  lt_wire_pass_request_from_variant (value, &request);
  if (*request.unit == '\0' || request.guard_id <= 0)
    return refuse (invocation, "a pass needs a unit and a guard");
  lt_host_issue_pass_async (host, &request, NULL, on_call_done, answer_with (invocation, reply_issued_pass));
  return TRUE;
}

static gboolean
on_handle_revoke_pass (LtDbusHost            *skeleton,
                       GDBusMethodInvocation *invocation,
                       gint64                 pass_id,
                       gint64                 guard_id,
                       LtHost                *host)
{
  if (pass_id <= 0 || guard_id <= 0)
    return refuse (invocation, "no pass or no guard");
  lt_host_revoke_pass_async (host, pass_id, guard_id, NULL, on_call_done, answer_with (invocation, reply_done));
  return TRUE;
}

static gboolean
on_handle_simulate (LtDbusHost            *skeleton,
                    GDBusMethodInvocation *invocation,
                    guint                  action,
                    const char            *argument,
                    LtHost                *host)
{
  const char *arg = lt_wire_nullable (argument);

  if (action > LT_SIM_USB_CARD || (arg == NULL && (action == LT_SIM_WIEGAND || action == LT_SIM_USB_CARD)))
    return refuse (invocation, "no such simulator action, or no card");
  lt_host_simulate_async (host, action, arg, NULL, on_call_done, answer_with (invocation, reply_done));
  return TRUE;
}

static gboolean
on_handle_list_events (LtDbusHost            *skeleton,
                       GDBusMethodInvocation *invocation,
                       gint64                 since_us,
                       guint                  limit,
                       LtHost                *host)
{
  if (limit == 0)
    return refuse (invocation, "a list of no events");
  lt_host_list_events_async (host, since_us, limit, NULL, on_call_done, answer_with (invocation, reply_events));
  return TRUE;
}

static gboolean
on_handle_list_passes (LtDbusHost            *skeleton,
                       GDBusMethodInvocation *invocation,
                       LtHost                *host)
{
  lt_host_list_passes_async (host, NULL, on_call_done, answer_with (invocation, reply_passes));
  return TRUE;
}

static gboolean
on_handle_unit_exists (LtDbusHost            *skeleton,
                       GDBusMethodInvocation *invocation,
                       const char            *unit,
                       LtHost                *host)
{
  lt_host_unit_exists_async (host, unit, NULL, on_call_done, answer_with (invocation, reply_unit_exists));
  return TRUE;
}

static gboolean
on_handle_start_scan (LtDbusHost            *skeleton,
                      GDBusMethodInvocation *invocation,
                      LtHost                *host)
{
  lt_host_start_scan_async (host, NULL, on_call_done, answer_with (invocation, reply_done));
  return TRUE;
}

static gboolean
on_handle_check_storage (LtDbusHost            *skeleton,
                         GDBusMethodInvocation *invocation,
                         LtHost                *host)
{
  lt_host_check_storage_async (host, NULL, on_call_done, answer_with (invocation, reply_storage));
  return TRUE;
}

/* ---- issue 13, guard tools ------------------------------------------------------ */

static gboolean
on_handle_restore_pass (LtDbusHost            *skeleton,
                        GDBusMethodInvocation *invocation,
                        gint64                 pass_id,
                        gint64                 guard_id,
                        LtHost                *host)
{
  if (pass_id <= 0 || guard_id <= 0)
    return refuse (invocation, "no pass or no guard");
  lt_host_restore_pass_async (host, pass_id, guard_id, NULL, on_call_done, answer_with (invocation, reply_done));
  return TRUE;
}

static gboolean
on_handle_show_pass (LtDbusHost            *skeleton,
                     GDBusMethodInvocation *invocation,
                     gint64                 pass_id,
                     LtHost                *host)
{
  if (pass_id <= 0)
    return refuse (invocation, "no pass");
  lt_host_show_pass_async (host, pass_id, NULL, on_call_done, answer_with (invocation, reply_shown_pass));
  return TRUE;
}

static gboolean
on_handle_list_pass_history (LtDbusHost            *skeleton,
                             GDBusMethodInvocation *invocation,
                             guint                  limit,
                             LtHost                *host)
{
  if (limit > MAX_HISTORY)
    return refuse (invocation, "a pass history that long");
  lt_host_list_pass_history_async (host, limit, NULL, on_call_done, answer_with (invocation, reply_pass_history));
  return TRUE;
}

/* ---- issue 11: residents at the terminal, face entry ------------------------------
 * Tokens and PINs are checked for size only: the engine decides whether
 * they stand for anybody, with the errors the in-process host gives
 * (LT_HOST_ERROR_SIGN_IN, _SESSION, _GUARDIAN ...). None is ever logged. */

static gboolean
on_handle_resident_sign_in (LtDbusHost            *skeleton,
                            GDBusMethodInvocation *invocation,
                            guint                  method,
                            const char            *unit,
                            const char            *credential,
                            LtHost                *host)
{
  if (method != LT_METHOD_PIN && method != LT_METHOD_CARD)
    return refuse (invocation, "residents sign in with a PIN or a card");
  if (method == LT_METHOD_PIN && *unit == '\0')
    return refuse (invocation, "a PIN sign-in needs a unit");
  if (strlen (credential) > MAX_SECRET || strlen (unit) > MAX_SECRET)
    return refuse (invocation, "a credential or unit that long");
  lt_host_resident_sign_in_async (host, method, method == LT_METHOD_PIN ? unit : NULL, credential, NULL, on_call_done,
                                  answer_with (invocation, reply_session));
  return TRUE;
}

static gboolean
on_handle_resident_sign_out (LtDbusHost            *skeleton,
                             GDBusMethodInvocation *invocation,
                             const char            *token,
                             LtHost                *host)
{
  if (strlen (token) > MAX_SECRET)
    return refuse (invocation, "a session token that long");
  lt_host_resident_sign_out (host, token);
  lt_dbus_host_complete_resident_sign_out (skeleton, invocation);
  return TRUE;
}

static gboolean
on_handle_get_notice (LtDbusHost            *skeleton,
                      GDBusMethodInvocation *invocation,
                      const char            *language,
                      LtHost                *host)
{
  if (strlen (language) > MAX_SECRET)
    return refuse (invocation, "a language name that long");
  lt_host_get_notice_async (host, lt_wire_nullable (language), NULL, on_call_done, answer_with (invocation, reply_notice));
  return TRUE;
}

/* The token calls whose answer is done or an error. */
typedef void (*TokenCall) (LtHost *, const char *, GCancellable *, GAsyncReadyCallback, gpointer);

static gboolean
forward_token (GDBusMethodInvocation *invocation,
               LtHost                *host,
               TokenCall              call,
               const char            *token,
               Reply                  reply)
{
  if (strlen (token) > MAX_SECRET)
    return refuse (invocation, "a session token that long");
  call (host, token, NULL, on_call_done, answer_with (invocation, reply));
  return TRUE;
}

static gboolean
on_handle_face_decline (LtDbusHost            *skeleton,
                        GDBusMethodInvocation *invocation,
                        const char            *token,
                        LtHost                *host)
{
  return forward_token (invocation, host, lt_host_face_decline_async, token, reply_done);
}

static gboolean
on_handle_face_withdraw (LtDbusHost            *skeleton,
                         GDBusMethodInvocation *invocation,
                         const char            *token,
                         LtHost                *host)
{
  return forward_token (invocation, host, lt_host_face_withdraw_async, token, reply_done);
}

static gboolean
on_handle_my_data (LtDbusHost            *skeleton,
                   GDBusMethodInvocation *invocation,
                   const char            *token,
                   LtHost                *host)
{
  return forward_token (invocation, host, lt_host_my_data_async, token, reply_resident_data);
}

static gboolean
on_handle_face_enrol (LtDbusHost            *skeleton,
                      GDBusMethodInvocation *invocation,
                      const char            *token,
                      const char            *guardian_pin,
                      LtHost                *host)
{
  if (strlen (token) > MAX_SECRET || strlen (guardian_pin) > MAX_SECRET)
    return refuse (invocation, "a session token or guardian PIN that long");
  /* "" is no guardian PIN (an adult enrolling). */
  lt_host_face_enrol_async (host, token, lt_wire_nullable (guardian_pin), NULL, on_call_done,
                            answer_with (invocation, reply_done));
  return TRUE;
}

static gboolean
on_handle_face_recognise (LtDbusHost            *skeleton,
                          GDBusMethodInvocation *invocation,
                          LtHost                *host)
{
  lt_host_face_recognise_async (host, NULL, on_call_done, answer_with (invocation, reply_done));
  return TRUE;
}

static gboolean
on_handle_face_cancel (LtDbusHost            *skeleton,
                       GDBusMethodInvocation *invocation,
                       LtHost                *host)
{
  lt_host_face_cancel (host);
  lt_dbus_host_complete_face_cancel (skeleton, invocation);
  return TRUE;
}

/* ---- issue 13, resident feedback ------------------------------------------------ */

static gboolean
on_handle_unit_lockout (LtDbusHost            *skeleton,
                        GDBusMethodInvocation *invocation,
                        const char            *unit,
                        LtHost                *host)
{
  if (strlen (unit) > MAX_SECRET)
    return refuse (invocation, "a unit that long");
  lt_host_unit_lockout_async (host, unit, NULL, on_call_done, answer_with (invocation, reply_unit_lockout));
  return TRUE;
}

/* HOST outlives SKELETON (the exporter holds both). */
void
lt_host_exporter_connect_calls (LtDbusHost *skeleton,
                                LtHost     *host)
{
#define FORWARD(name) g_signal_connect (skeleton, "handle-" #name, G_CALLBACK (on_handle_##name), host)
  FORWARD (stop_scan);
  FORWARD (capture_card);
  FORWARD (present);
  FORWARD (identify_staff);
  FORWARD (remote_unlock);
  FORWARD (test_unlock);
  FORWARD (call_guard);
  FORWARD (acknowledge_alarm);
  FORWARD (issue_pass);
  FORWARD (revoke_pass);
  FORWARD (simulate);
  FORWARD (list_events);
  FORWARD (list_passes);
  FORWARD (unit_exists);
  FORWARD (start_scan);
  FORWARD (check_storage);
  FORWARD (restore_pass);
  FORWARD (show_pass);
  FORWARD (list_pass_history);
  FORWARD (resident_sign_in);
  FORWARD (resident_sign_out);
  FORWARD (get_notice);
  FORWARD (face_decline);
  FORWARD (face_enrol);
  FORWARD (face_recognise);
  FORWARD (face_cancel);
  FORWARD (face_withdraw);
  FORWARD (my_data);
  FORWARD (unit_lockout);
#undef FORWARD
}
