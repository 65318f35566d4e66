/* lt-engine-requests.c: what staff, the camera and the simulator ask of the engine
 *
 * The engine's second file (lt-engine-private.h): remote and test
 * unlocks, staff sign-in, alarm acknowledgement, visitor passes, the QR
 * camera and the simulated hardware's typed actions. Every one of them
 * runs on the engine's thread and records what it did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-engine"

#include "lt-engine-private.h"
#include "lt-pass.h"

#include <glib/gi18n.h>

gboolean
lt_engine_remote_unlock (LtEngine *self,
                         gint64    staff_id,
                         GError  **error)
{
  g_autoptr (LtPerson) staff = NULL;

  g_return_val_if_fail (LT_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  staff = lt_store_get_person (self->store, staff_id, error);
  if (staff == NULL)
    return FALSE;
  if (staff->kind != LT_PERSON_GUARD && staff->kind != LT_PERSON_TECHNICIAN) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _ ("Only guards and technicians may unlock the door remotely"));
    return FALSE;
  }
  if (!lt_door_unlock (self->door, 0, error))
    return FALSE;
  lt_engine_record (self, LT_EVENT_KIND_DECISION, lt_method_to_string (LT_METHOD_REMOTE), LT_EVENT_RESULT_GRANTED, "remote", staff_id, NULL);
  return TRUE;
}

LtStaffResult
lt_engine_identify_staff (LtEngine   *self,
                          LtMethod    method,
                          const char *credential,
                          LtPerson  **staff,
                          guint      *retry_after_s)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), LT_STAFF_ERROR);
  g_return_val_if_fail (credential != NULL, LT_STAFF_ERROR);
  g_return_val_if_fail (staff != NULL && retry_after_s != NULL, LT_STAFF_ERROR);

  return lt_staff_identify (self->store, self->config, self->secret, method, credential,
                            method == LT_METHOD_PIN ? "keypad" : "card", staff, retry_after_s);
}

/* Someone at the door asked for a guard: a help event the guard's screen
 * shows, with a tone. */
void
lt_engine_call_guard (LtEngine *self)
{
  g_return_if_fail (LT_IS_ENGINE (self));

  lt_engine_record (self, LT_EVENT_KIND_HELP, NULL, LT_EVENT_RESULT_RAISED, "lobby", 0, NULL);
}

/* A guard saw the alarm: recorded with their id; an alarm whose cause
 * has gone ends now, one still present when its cause goes. */
void
lt_engine_acknowledge_alarm (LtEngine *self,
                             gint64    staff_id)
{
  LtAlarm alarm;

  g_return_if_fail (LT_IS_ENGINE (self));

  alarm = lt_door_acknowledge_alarms (self->door);
  if (alarm != LT_ALARM_NONE)
    lt_engine_record (self, LT_EVENT_KIND_ALARM, NULL, LT_EVENT_RESULT_ACKNOWLEDGED, lt_alarm_to_string (alarm), staff_id, NULL);
}

gboolean
lt_engine_test_unlock (LtEngine *self,
                       gint64    technician_id,
                       GError  **error)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lt_door_unlock (self->door, 0, error))
    return FALSE;
  lt_engine_record (self, LT_EVENT_KIND_MAINTENANCE, NULL, LT_EVENT_RESULT_UNLOCKED, "test-unlock", technician_id, NULL);
  return TRUE;
}

/* Makes the simulated hardware do something (backend=sim); the
 * simulator socket's text protocol is in lt-sim-server.c. */
gboolean
lt_engine_simulate (LtEngine   *self,
                    LtSimAction action,
                    const char *argument,
                    GError    **error)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->sim == NULL) {
    g_set_error (error, LT_ENGINE_ERROR, LT_ENGINE_ERROR_NO_SIMULATOR,
                 _ ("This terminal has real hardware: set [hardware] backend=sim to simulate it"));
    return FALSE;
  }
  switch (action) {
  case LT_SIM_PRESS_EXIT:
    lt_sim_hardware_press_exit (self->sim);
    return TRUE;
  case LT_SIM_OPEN_DOOR:
  case LT_SIM_CLOSE_DOOR:
    lt_sim_hardware_set_door_open (self->sim, action == LT_SIM_OPEN_DOOR);
    return TRUE;
  case LT_SIM_TAMPER_ON:
  case LT_SIM_TAMPER_OFF:
    lt_sim_hardware_set_tamper (self->sim, action == LT_SIM_TAMPER_ON);
    return TRUE;
  case LT_SIM_WIEGAND:
    g_return_val_if_fail (argument != NULL, FALSE);
    return lt_sim_hardware_wiegand (self->sim, argument, error);
  case LT_SIM_USB_CARD:
    g_return_val_if_fail (argument != NULL, FALSE);
    return lt_sim_hardware_usb_card (self->sim, argument, error);
  default:
    g_return_val_if_reached (FALSE);
  }
}

static gboolean
load_pass_key (LtEngine *self,
               GError  **error)
{
  if (self->pass_key == NULL)
    self->pass_key = lt_pass_key_load (self->config->key_dir, error);
  return self->pass_key != NULL;
}

/* Guards issue visitor passes on the terminal itself, signed with the
 * site key kept in [store] key-dir. */
char *
lt_engine_issue_pass (LtEngine            *self,
                      const LtPassRequest *request,
                      gint64              *pass_id,
                      GError             **error)
{
  g_autofree char *token = NULL;
  g_autofree char *detail = NULL;
  LtPassRequest    signed_here;

  g_return_val_if_fail (LT_IS_ENGINE (self), NULL);
  g_return_val_if_fail (request != NULL && request->unit != NULL && pass_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!load_pass_key (self, error))
    return NULL;
  /* Whatever site the caller named, a pass issued here is this site's. */
  signed_here = *request;
  signed_here.site_id = (guint16)self->config->pass_site_id;
  token = lt_pass_issue (self->store, self->pass_key, &signed_here, pass_id, error);
  if (token == NULL)
    return NULL;
  detail = g_strdup_printf ("pass=%" G_GINT64_FORMAT " unit=%s", *pass_id, request->unit);
  lt_engine_record_full (self, LT_EVENT_KIND_PASS, lt_method_to_string (LT_METHOD_QR), LT_EVENT_RESULT_ISSUED, "guard",
                         request->guard_id, request->unit, *pass_id, detail);
  return g_steal_pointer (&token);
}

/* A revocation or its undo, recorded with the pass's number and unit so
 * that the guard's list says which pass. */
static void
record_pass_change (LtEngine     *self,
                    LtEventResult result,
                    gint64        pass_id,
                    gint64        guard_id)
{
  g_autofree char *detail = g_strdup_printf ("pass=%" G_GINT64_FORMAT, pass_id);
  g_autoptr (LtPass) pass = lt_pass_get (self->store, pass_id, NULL);

  lt_engine_record_full (self, LT_EVENT_KIND_PASS, lt_method_to_string (LT_METHOD_QR), result, "guard", guard_id,
                         pass != NULL ? pass->unit : NULL, pass_id, detail);
}

/* The pass stops working at once; for LT_PASS_UNDO_SECONDS the guard may
 * take it back (lt_engine_restore_pass()), after that it is final. */
gboolean
lt_engine_revoke_pass (LtEngine *self,
                       gint64    pass_id,
                       gint64    guard_id,
                       GError  **error)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lt_pass_revoke (self->store, pass_id, g_get_real_time (), error))
    return FALSE;
  record_pass_change (self, LT_EVENT_RESULT_REVOKED, pass_id, guard_id);
  return TRUE;
}

gboolean
lt_engine_restore_pass (LtEngine *self,
                        gint64    pass_id,
                        gint64    guard_id,
                        GError  **error)
{
  gint64 since = g_get_real_time () - LT_PASS_UNDO_SECONDS * G_USEC_PER_SEC;

  g_return_val_if_fail (LT_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lt_pass_restore (self->store, pass_id, since, error))
    return FALSE;
  record_pass_change (self, LT_EVENT_RESULT_RESTORED, pass_id, guard_id);
  return TRUE;
}

/* The QR code of a pass this terminal issued, to show again: the same
 * token, signed again (lt_pass_dup_token()). Never logged. */
char *
lt_engine_dup_pass_token (LtEngine *self,
                          gint64    pass_id,
                          GError  **error)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!load_pass_key (self, error))
    return NULL;
  return lt_pass_dup_token (self->store, self->pass_key, (guint16)self->config->pass_site_id, pass_id, 0, error);
}

/* ---- the camera: QR passes ------------------------------------------------ */

static void
on_camera_running (LtCamera   *camera,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  g_signal_emit_by_name (user_data, "camera-changed", lt_camera_get_running (camera));
}

static void
on_camera_preview (LtCamera *camera,
                   GBytes   *data,
                   int       width,
                   int       height,
                   int       stride,
                   gpointer  user_data)
{
  g_signal_emit_by_name (user_data, "scan-preview", data, width, height, stride);
}

static void
on_camera_stopped (LtCamera   *camera,
                   const char *reason,
                   gpointer    user_data)
{
  LtFaceDoor *face = lt_engine_get_face (user_data);

  /* A face attempt's camera is no QR scan: its end is a face event. */
  if (face != NULL && lt_face_door_get_busy (face))
    return;
  g_signal_emit_by_name (user_data, "scan-stopped", reason);
}

/* The camera is off by now: the code becomes a decision like a card's. */
static void
on_camera_code (LtCamera   *camera,
                const char *code,
                gpointer    user_data)
{
  LtPresentation presentation = { LT_METHOD_QR, NULL, "camera", NULL, code, 0 };
  LtDecision     decision;

  lt_engine_present (user_data, &presentation, &decision);
}

void
lt_engine_start_camera (LtEngine *self)
{
  const LtConfig *config = self->config;

  /* Only where QR opens the door: no camera that can do nothing. Creating
   * it opens no device (R5). */
  if (config->camera.source == LT_CAMERA_SOURCE_NONE || (!(lt_config_get_door (config, config->door)->methods & LT_METHOD_BIT (LT_METHOD_QR)) && !config->face_enabled))
    return;
  self->camera = lt_camera_new (&config->camera);
  g_signal_connect_object (self->camera, "notify::running", G_CALLBACK (on_camera_running), self, 0);
  g_signal_connect_object (self->camera, "preview", G_CALLBACK (on_camera_preview), self, 0);
  g_signal_connect_object (self->camera, "stopped", G_CALLBACK (on_camera_stopped), self, 0);
  g_signal_connect_object (self->camera, "code", G_CALLBACK (on_camera_code), self, 0);
}

/* A person asked to scan a pass (a tap, or the simulator's `scan`): the
 * one place the camera starts. It stops on a code, on
 * lt_engine_stop_scan(), on error or after [camera] timeout-seconds. */
gboolean
lt_engine_start_scan (LtEngine *self,
                      GError  **error)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lt_engine_has_camera (self) || self->shut_down) {
    g_set_error (error, LT_ENGINE_ERROR, LT_ENGINE_ERROR_NO_CAMERA,
                 _ ("This terminal scans no QR passes: configure [camera] and allow qr at the door"));
    return FALSE;
  }
  return lt_camera_start (self->camera, error);
}

void
lt_engine_stop_scan (LtEngine *self)
{
  g_return_if_fail (LT_IS_ENGINE (self));

  if (self->camera != NULL)
    lt_camera_stop (self->camera);
}

gboolean
lt_engine_has_camera (LtEngine *self)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), FALSE);

  /* A camera that exists for face entry alone scans no QR passes. */
  return self->camera != NULL && (lt_config_get_door (self->config, self->config->door)->methods & LT_METHOD_BIT (LT_METHOD_QR));
}

LtCamera *
lt_engine_get_camera (LtEngine *self)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), NULL);

  return self->camera;
}
