/* lt-engine.c: reader → decision → door → event, wired once
 *
 * The only place where readers, the access decision, the door and the
 * event log meet. `lintel --headless` and the kiosk each make one engine;
 * nothing else does this wiring.
 *
 * Start-up order is a safety rule: the lock line is requested at its
 * locked level before the store is opened, before any reader listens and
 * before anything else can happen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-engine"

#include "lt-engine-private.h"
#include "lt-build-config.h"
#include "lt-camera.h"
#include "lt-evdev-reader.h"
#include "lt-gpiod-line.h"
#include "lt-input.h"
#include "lt-pass.h"
#include "lt-wiegand-reader.h"

#include <glib/gi18n.h>
#include <string.h>

#define ENGINE_BUSY_TIMEOUT_MS 200
/* A card capture (staff sign-in, the technician's reader test) that nobody
 * ends ends by itself, so it cannot swallow the next resident's card. */
#define CAPTURE_TIMEOUT_MS (30 * 1000)

enum {
  DECISION,
  READER_REJECTED,
  CARD_CAPTURED,
  LINE_CHANGED,
  CAMERA_CHANGED,
  SCAN_STOPPED,
  SCAN_PREVIEW,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LtEngine, lt_engine, G_TYPE_OBJECT)
G_DEFINE_QUARK (lt - engine - error - quark, lt_engine_error)

void
lt_engine_record_full (LtEngine     *self,
                       LtEventKind   kind,
                       const char   *method,
                       LtEventResult result,
                       const char   *reason,
                       gint64        subject,
                       const char   *unit,
                       gint64        pass_id,
                       const char   *detail)
{
  LtEvent event = { 0 };
  g_autoptr (GError) error = NULL;

  event.kind = kind;
  event.result = result;
  event.door = self->config->door;
  event.method = (char *)method;
  event.reason = (char *)reason;
  event.subject_id = subject;
  event.unit = (char *)unit;
  event.pass_id = pass_id;
  event.detail = (char *)detail;
  /* Kept by the store while another program holds the lock, written later. */
  if (lt_store_add_event (self->store, &event, &error) == 0 && !g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY))
    g_warning ("Could not record a %s event: %s", lt_event_kind_to_string (kind), error->message);
}

void
lt_engine_record (LtEngine     *self,
                  LtEventKind   kind,
                  const char   *method,
                  LtEventResult result,
                  const char   *reason,
                  gint64        subject,
                  const char   *detail)
{
  lt_engine_record_full (self, kind, method, result, reason, subject, NULL, 0, detail);
}

/* ---- door → event ------------------------------------------------------- */

static void
on_unlocked_changed (LtDoor     *door,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  lt_engine_record (user_data, LT_EVENT_KIND_DOOR, NULL, lt_door_get_unlocked (door) ? LT_EVENT_RESULT_UNLOCKED : LT_EVENT_RESULT_LOCKED, "lock", 0, NULL);
}

static void
on_open_changed (LtDoor     *door,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  lt_engine_record (user_data, LT_EVENT_KIND_DOOR, NULL, lt_door_get_open (door) ? LT_EVENT_RESULT_OPEN : LT_EVENT_RESULT_CLOSED, "contact", 0, NULL);
}

static void
on_alarm_changed (LtDoor  *door,
                  guint    alarm,
                  gboolean raised,
                  gpointer user_data)
{
  lt_engine_record (user_data, LT_EVENT_KIND_ALARM, NULL, raised ? LT_EVENT_RESULT_RAISED : LT_EVENT_RESULT_CLEARED, lt_alarm_to_string (alarm), 0, NULL);
}

static void
on_exit_pressed (LtDoor  *door,
                 gboolean unlocked,
                 gpointer user_data)
{
  /* Granted only when the lock really opened. */
  if (unlocked)
    lt_engine_record (user_data, LT_EVENT_KIND_DOOR, lt_method_to_string (LT_METHOD_EXIT), LT_EVENT_RESULT_GRANTED, "exit-button", 0, NULL);
  else
    lt_engine_record (user_data, LT_EVENT_KIND_DOOR, lt_method_to_string (LT_METHOD_EXIT), LT_EVENT_RESULT_FAILED, "lock-fault", 0, NULL);
}

/* ---- readers → decision → door ------------------------------------------ */

/* ::decision carries the whole decision, with the relock deadline the
 * door has now (a card that extends an open door gives a later one). */
static void
announce (LtEngine             *self,
          const LtPresentation *presentation,
          const LtDecision     *decision)
{
  g_autoptr (LtHostDecision) info = lt_host_decision_new ();

  info->method = presentation->method;
  info->granted = decision->granted;
  info->reason = decision->reason;
  info->subject_id = decision->subject_id;
  info->subject_kind = decision->subject_kind;
  info->unit = g_strdup (presentation->unit);
  info->pass_id = decision->pass_id;
  info->retry_after_s = decision->retry_after_s;
  info->attempts_left = decision->attempts_left;
  info->lockout_s = decision->lockout_s;
  info->relock_deadline_us = lt_door_get_unlocked (self->door) ? lt_door_get_relock_time (self->door) : 0;
  g_signal_emit (self, signals[DECISION], 0, info);
}

void
lt_engine_present (LtEngine             *self,
                   const LtPresentation *presentation,
                   LtDecision           *decision)
{
  g_autoptr (GError) error = NULL;
  const char *door = presentation->door;

  g_return_if_fail (LT_IS_ENGINE (self));
  g_return_if_fail (presentation != NULL);
  g_return_if_fail (decision != NULL);

  if (self->shut_down) {
    memset (decision, 0, sizeof *decision);
    decision->reason = LT_REASON_OUT_OF_SERVICE;
    return;
  }
  lt_access_decide (self->access, presentation, decision);
  /* This terminal drives only its own door's lock. */
  if (decision->granted && (door == NULL || g_str_equal (door, self->config->door)) && !lt_door_unlock (self->door, 0, &error)) {
    g_warning ("A granted entry could not unlock the door: %s", error->message);
    lt_engine_record (self, LT_EVENT_KIND_DOOR, lt_method_to_string (presentation->method), LT_EVENT_RESULT_FAILED, "lock-fault",
                      decision->subject_id, NULL);
  }
  announce (self, presentation, decision);
}

static void
present_card (LtEngine   *self,
              const char *reader,
              const char *card)
{
  LtPresentation presentation = { LT_METHOD_CARD, NULL, reader, NULL, card, 0 };
  LtDecision     decision;

  if (self->capture_card) {
    /* Staff sign-in or a reader test asked for this card: it opens nothing. */
    lt_engine_capture_next_card (self, FALSE);
    g_signal_emit (self, signals[CARD_CAPTURED], 0, reader, card, NULL);
    return;
  }
  lt_engine_present (self, &presentation, &decision);
}

static void
on_wiegand_card (LtWiegandReader *reader,
                 const char      *card,
                 gpointer         user_data)
{
  present_card (user_data, "wiegand", card);
}

static void
on_usb_card (LtEvdevReader *reader,
             const char    *card,
             gpointer       user_data)
{
  present_card (user_data, "usb", card);
}

static void
reader_rejected (LtEngine   *self,
                 const char *reader,
                 const char *reason)
{
  lt_engine_log_reject (self, reader, reason);
  if (self->capture_card) {
    lt_engine_capture_next_card (self, FALSE);
    g_signal_emit (self, signals[CARD_CAPTURED], 0, reader, NULL, reason);
  }
  g_signal_emit (self, signals[READER_REJECTED], 0, reader, reason);
}

static void
on_wiegand_rejected (LtWiegandReader *reader,
                     const char      *reason,
                     gpointer         user_data)
{
  reader_rejected (user_data, "wiegand", reason);
}

static void
on_usb_rejected (LtEvdevReader *reader,
                 const char    *reason,
                 gpointer       user_data)
{
  reader_rejected (user_data, "usb", reason);
}

static void
on_usb_connected (LtEvdevReader *reader,
                  gpointer       user_data)
{
  lt_engine_record (user_data, LT_EVENT_KIND_READER, NULL, LT_EVENT_RESULT_CONNECTED, "usb", 0, NULL);
}

static void
on_usb_disconnected (LtEvdevReader *reader,
                     gpointer       user_data)
{
  lt_engine_record (user_data, LT_EVENT_KIND_READER, NULL, LT_EVENT_RESULT_DISCONNECTED, "usb", 0, NULL);
}

static gboolean
on_capture_timeout (gpointer user_data)
{
  LtEngine *self = LT_ENGINE (user_data);

  g_clear_pointer (&self->capture_timer, g_source_unref);
  self->capture_card = FALSE;
  /* Whoever armed it hears that no card came. */
  g_signal_emit (self, signals[CARD_CAPTURED], 0, NULL, NULL, "timeout");
  return G_SOURCE_REMOVE;
}

static void
clear_capture_timer (LtEngine *self)
{
  if (self->capture_timer != NULL) {
    g_source_destroy (self->capture_timer);
    g_clear_pointer (&self->capture_timer, g_source_unref);
  }
}

/* Arms (for at most the capture timeout) or disarms the capture of the
 * next card read. */
void
lt_engine_capture_next_card (LtEngine *self,
                             gboolean  capture)
{
  g_return_if_fail (LT_IS_ENGINE (self));

  clear_capture_timer (self);
  self->capture_card = capture;
  if (capture) {
    self->capture_timer = g_timeout_source_new (self->capture_timeout_ms);
    g_source_set_callback (self->capture_timer, on_capture_timeout, self, NULL);
    g_source_set_static_name (self->capture_timer, "[lintel] card capture timeout");
    g_source_attach (self->capture_timer, g_main_context_get_thread_default ());
  }
}

/* Whether the line is wired, and its level (TRUE = active). */
gboolean
lt_engine_get_line_state (LtEngine  *self,
                          LtLineRole role,
                          gboolean  *active)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (role < LT_N_LINES, FALSE);
  g_return_val_if_fail (active != NULL, FALSE);
  *active = self->lines[role] != NULL && lt_line_get_value (self->lines[role]);
  return self->lines[role] != NULL;
}

static void
on_line_edge (LtLine  *line,
              gboolean active,
              guint64  timestamp_ns,
              gpointer user_data)
{
  LtEngine *self = LT_ENGINE (user_data);

  for (guint role = 0; role < LT_N_LINES; role++)
    if (self->lines[role] == line && role != LT_LINE_WIEGAND_D0 && role != LT_LINE_WIEGAND_D1)
      g_signal_emit (self, signals[LINE_CHANGED], 0, role, active);
}

/* ---- start-up ------------------------------------------------------------- */

static LtLine *
request_line (LtEngine  *self,
              LtLineRole role,
              gboolean   initial,
              GError   **error)
{
  const LtLineSpec *spec = &self->config->lines[role];
  gboolean          output = role == LT_LINE_LOCK || role == LT_LINE_BUZZER || role == LT_LINE_STATUS_LED;

  if (self->sim != NULL)
    return g_object_ref (lt_sim_hardware_get_line (self->sim, role));
  if (spec->chip == NULL)
    return NULL; /* not wired: no error */
  return lt_gpiod_line_request (spec, lt_line_role_to_key (role),
                                output ? LT_LINE_OUTPUT : LT_LINE_INPUT, initial, error);
}

static gboolean
start_lock (LtEngine *self,
            GError  **error)
{
  const LtDoorConfig *door_config = lt_config_get_door (self->config, self->config->door);
  gboolean            locked_level = door_config->lock_type == LT_LOCK_FAIL_SAFE;

  if (g_str_equal (self->config->backend, "sim"))
    self->sim = lt_sim_hardware_new (locked_level, self->config->wiegand_gap_ms);
  self->lines[LT_LINE_LOCK] = request_line (self, LT_LINE_LOCK, locked_level, error);
  if (self->lines[LT_LINE_LOCK] == NULL)
    return FALSE;
  self->door = lt_door_new (self->lines[LT_LINE_LOCK], door_config, error);
  return self->door != NULL;
}

static gboolean
start_inputs (LtEngine *self,
              GError  **error)
{
  for (guint role = LT_LINE_CONTACT; role < LT_N_LINES; role++) {
    g_autoptr (GError) local_error = NULL;

    self->lines[role] = request_line (self, (LtLineRole)role, FALSE, &local_error);
    if (local_error != NULL) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  }

  for (guint role = 0; role < LT_N_LINES; role++)
    if (self->lines[role] != NULL)
      g_signal_connect_object (self->lines[role], "edge", G_CALLBACK (on_line_edge), self, 0);

  g_signal_connect_object (self->door, "notify::unlocked", G_CALLBACK (on_unlocked_changed), self, 0);
  g_signal_connect_object (self->door, "notify::open", G_CALLBACK (on_open_changed), self, 0);
  g_signal_connect_object (self->door, "alarm-changed", G_CALLBACK (on_alarm_changed), self, 0);
  g_signal_connect_object (self->door, "exit-pressed", G_CALLBACK (on_exit_pressed), self, 0);

  if (self->lines[LT_LINE_CONTACT] != NULL) {
    g_autoptr (LtInput) input = lt_input_new (self->lines[LT_LINE_CONTACT], self->config->debounce_ms);
    lt_door_set_contact (self->door, input);
  }
  if (self->lines[LT_LINE_EXIT_BUTTON] != NULL) {
    g_autoptr (LtInput) input = lt_input_new (self->lines[LT_LINE_EXIT_BUTTON], self->config->debounce_ms);
    lt_door_set_exit_button (self->door, input);
  }
  if (self->lines[LT_LINE_TAMPER] != NULL) {
    g_autoptr (LtInput) input = lt_input_new (self->lines[LT_LINE_TAMPER], self->config->debounce_ms);
    lt_door_set_tamper (self->door, input);
  }
  if (self->lines[LT_LINE_BUZZER] != NULL)
    lt_door_set_buzzer (self->door, self->lines[LT_LINE_BUZZER]);
  if (self->lines[LT_LINE_STATUS_LED] != NULL)
    lt_door_set_status_led (self->door, self->lines[LT_LINE_STATUS_LED]);
  return TRUE;
}

static gboolean
start_readers (LtEngine *self,
               GError  **error)
{
  if (self->lines[LT_LINE_WIEGAND_D0] != NULL && self->lines[LT_LINE_WIEGAND_D1] != NULL) {
    self->wiegand = lt_wiegand_reader_new (self->lines[LT_LINE_WIEGAND_D0], self->lines[LT_LINE_WIEGAND_D1],
                                           self->config->wiegand_gap_ms);
    lt_wiegand_reader_set_formats (self->wiegand, self->config->wiegand_formats);
    g_signal_connect_object (self->wiegand, "card", G_CALLBACK (on_wiegand_card), self, 0);
    g_signal_connect_object (self->wiegand, "rejected", G_CALLBACK (on_wiegand_rejected), self, 0);
  }

  if (self->sim != NULL)
    self->usb = lt_evdev_reader_new_for_fd (lt_sim_hardware_steal_usb_fd (self->sim),
                                            self->config->usb_format, self->config->usb_max_per_minute);
  else if (self->config->usb_reader != NULL)
    self->usb = lt_evdev_reader_new (self->config->usb_reader, self->config->usb_format,
                                     self->config->usb_max_per_minute);
  if (self->usb != NULL) {
    g_signal_connect_object (self->usb, "card", G_CALLBACK (on_usb_card), self, 0);
    g_signal_connect_object (self->usb, "rejected", G_CALLBACK (on_usb_rejected), self, 0);
    g_signal_connect_object (self->usb, "connected", G_CALLBACK (on_usb_connected), self, 0);
    g_signal_connect_object (self->usb, "disconnected", G_CALLBACK (on_usb_disconnected), self, 0);
    if (!lt_evdev_reader_start (self->usb, error))
      return FALSE;
  }
  return TRUE;
}

#define FACE_PURGE_INTERVAL_S (6 * 3600)

static gboolean
on_face_purge (gpointer user_data)
{
  LtEngine *self = user_data;

  lt_face_door_purge_due (self->face);
  return G_SOURCE_CONTINUE;
}

/* Face entry for those who opted in: the templates are opened once, and
 * retention runs now and every few hours (R11). The camera is not
 * touched here (R5). */
static void
start_face (LtEngine *self)
{
  LtFaceDoorContext context = {
    self->config, self->store, self->secret, self->access, G_OBJECT (self->camera), G_OBJECT (self)
  };
  g_autoptr (GError) face_error = NULL;

  if (!self->config->face_enabled)
    return;
  /* Templates that do not open cost face entry, never the door: PIN, card
   * and QR keep working (R4), and the technician sees why. */
  self->face = lt_face_door_new (&context, &face_error);
  if (self->face == NULL) {
    g_warning ("Face entry is unavailable: %s", face_error->message);
    lt_engine_record (self, LT_EVENT_KIND_SYSTEM, lt_method_to_string (LT_METHOD_FACE), LT_EVENT_RESULT_FAILED,
                      "face-templates", 0, NULL);
    return;
  }
  lt_face_door_purge_due (self->face);
  /* The engine's loop (thread-default), not the process's default one. */
  self->face_purge = g_timeout_source_new_seconds (FACE_PURGE_INTERVAL_S);
  g_source_set_callback (self->face_purge, on_face_purge, self, NULL);
  g_source_attach (self->face_purge, g_main_context_get_thread_default ());
}

static gboolean
start (LtEngine *self,
       GError  **error)
{
  if (!lt_config_check_hardware (self->config, error) || !start_lock (self, error))
    return FALSE;

  self->secret = lt_secret_load (self->config->key_dir, error);
  if (self->secret == NULL)
    return FALSE;
  /* Never created here: a missing or empty database, a damaged one or one
   * made under another device key keeps the door locked and says why. */
  self->store = lt_store_open_existing (self->config->database, self->secret, error);
  if (self->store == NULL)
    return FALSE;
  /* This thread also runs the relock timer: never block long on another
   * writer (an import, a backup). A decision that cannot write fails closed. */
  lt_store_set_busy_timeout (self->store, ENGINE_BUSY_TIMEOUT_MS);
  self->access = lt_access_new (self->store, self->config, self->secret);

  if (!start_inputs (self, error) || !start_readers (self, error))
    return FALSE;
  lt_engine_start_camera (self);
  start_face (self);
  lt_engine_log_start (self);
  lt_engine_record (self, LT_EVENT_KIND_SYSTEM, NULL, LT_EVENT_RESULT_STARTED, self->config->backend, 0, PACKAGE_VERSION);
  return TRUE;
}

/* Relock first, then let go of everything. Safe to call twice. */
void
lt_engine_shutdown (LtEngine *self)
{
  g_return_if_fail (LT_IS_ENGINE (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;
  clear_capture_timer (self);
  self->capture_card = FALSE;
  if (self->store != NULL)
    lt_engine_log_stop (self);
  if (self->door != NULL) {
    lt_door_shutdown (self->door);
    if (self->store != NULL)
      lt_engine_record (self, LT_EVENT_KIND_SYSTEM, NULL, LT_EVENT_RESULT_STOPPED, "shutdown", 0, NULL);
  }
  if (self->face_purge != NULL)
    g_source_destroy (self->face_purge);
  g_clear_pointer (&self->face_purge, g_source_unref);
  /* A face attempt lets go of the camera before the camera goes. */
  if (self->face != NULL)
    lt_face_door_cancel (self->face);
  g_clear_object (&self->face);
  g_clear_object (&self->usb);
  g_clear_object (&self->wiegand);
  if (self->camera != NULL) {
    g_signal_handlers_disconnect_by_data (self->camera, self);
    lt_camera_stop (self->camera);
    g_clear_object (&self->camera);
  }
}

static void
lt_engine_dispose (GObject *object)
{
  LtEngine *self = LT_ENGINE (object);

  lt_engine_shutdown (self);
  g_clear_object (&self->door);
  for (guint i = 0; i < LT_N_LINES; i++)
    g_clear_object (&self->lines[i]);
  g_clear_object (&self->sim);
  g_clear_object (&self->access);
  g_clear_object (&self->store);
  g_clear_pointer (&self->secret, lt_secret_free);
  g_clear_pointer (&self->pass_key, lt_pass_key_free);
  G_OBJECT_CLASS (lt_engine_parent_class)->dispose (object);
}

static void
lt_engine_finalize (GObject *object)
{
  LtEngine *self = LT_ENGINE (object);

  if (self->owns_config)
    g_clear_pointer (&self->config, lt_config_free);
  G_OBJECT_CLASS (lt_engine_parent_class)->finalize (object);
}

static void
lt_engine_class_init (LtEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lt_engine_dispose;
  object_class->finalize = lt_engine_finalize;

  /**
   * LtEngine::decision:
   * @decision: the LtHostDecision, emitted after the door moved for it
   */
  signals[DECISION] = g_signal_new ("decision", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1,
                                    LT_TYPE_HOST_DECISION | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * LtEngine::reader-rejected:
   * @reader: "wiegand" or "usb"
   * @reason: "parity", "length", "garbage", "malformed", "flood"
   */
  signals[READER_REJECTED] = g_signal_new ("reader-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * LtEngine::card-captured:
   * @reader: (nullable): "wiegand" or "usb"; NULL when no card came
   * @card: (nullable): the normalised card, or NULL when the read failed
   * @problem: (nullable): why the read failed, "timeout" when no card came
   */
  signals[CARD_CAPTURED] = g_signal_new ("card-captured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * LtEngine::line-changed:
   * @role: the LtLineRole
   * @active: the line's level
   */
  /**
   * LtEngine::camera-changed:
   * @running: whether the camera's pipeline runs (the indicator follows it)
   */
  signals[CAMERA_CHANGED] = g_signal_new ("camera-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * LtEngine::scan-stopped:
   * @reason: "decoded", "cancelled", "timeout" or "error"
   */
  signals[SCAN_STOPPED] = g_signal_new ("scan-stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * LtEngine::scan-preview:
   * @data: RGBA pixels, mirrored, @stride bytes a row
   */
  signals[SCAN_PREVIEW] = g_signal_new ("scan-preview", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 4,
                                        G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  signals[LINE_CHANGED] = g_signal_new ("line-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
lt_engine_init (LtEngine *self)
{
  self->capture_timeout_ms = CAPTURE_TIMEOUT_MS;
}

/* Takes the config. On failure everything already claimed is released,
 * the lock line last, at its locked level. */
LtEngine *
lt_engine_new (LtConfig *config,
               GError  **error)
{
  g_autoptr (LtEngine) self = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LT_TYPE_ENGINE, NULL);
  self->config = config;
  self->owns_config = TRUE;
  if (!start (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* The same, with a config that the caller keeps and that outlives the
 * engine (the engine host's). */
LtEngine *
lt_engine_new_borrowed (const LtConfig *config,
                        GError        **error)
{
  g_autoptr (LtEngine) self = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LT_TYPE_ENGINE, NULL);
  self->config = (LtConfig *)config;
  if (!start (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const LtConfig *
lt_engine_get_config (LtEngine *self)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), NULL);

  return self->config;
}

LtStore *
lt_engine_get_store (LtEngine *self)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), NULL);

  return self->store;
}

LtDoor *
lt_engine_get_door (LtEngine *self)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), NULL);

  return self->door;
}

LtSimHardware *
lt_engine_get_sim (LtEngine *self)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), NULL);

  return self->sim;
}

void
lt_engine_set_capture_timeout (LtEngine *self,
                               guint     timeout_ms)
{
  g_return_if_fail (LT_IS_ENGINE (self));
  g_return_if_fail (timeout_ms > 0 && timeout_ms <= CAPTURE_TIMEOUT_MS);

  self->capture_timeout_ms = timeout_ms;
}

struct _LtFaceDoor *
lt_engine_get_face (LtEngine *self)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), NULL);

  return self->face;
}

LtAccess *
lt_engine_get_access (LtEngine *self)
{
  g_return_val_if_fail (LT_IS_ENGINE (self), NULL);

  return self->access;
}
