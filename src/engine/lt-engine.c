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

#include "lt-engine.h"
#include "lt-build-config.h"
#include "lt-evdev-reader.h"
#include "lt-gpiod-line.h"
#include "lt-input.h"
#include "lt-pass.h"
#include "lt-wiegand-reader.h"

#include <glib/gi18n.h>
#include <string.h>

#define ENGINE_BUSY_TIMEOUT_MS 200

struct _LtEngine {
  GObject          parent_instance;

  LtConfig        *config;
  LtSimHardware   *sim;
  LtLine          *lines[LT_N_LINES];
  LtDoor          *door;
  LtSecret        *secret;
  LtStore         *store;
  LtAccess        *access;
  LtWiegandReader *wiegand;
  LtEvdevReader   *usb;
  gboolean         capture_card;   /* the next card is captured, not decided */
  LtDecision       last_decision;
  LtPassKey       *pass_key;       /* the site's signing key, loaded on first use */
  gboolean         shut_down;
};

enum {
  DECISION,
  READER_REJECTED,
  CARD_CAPTURED,
  LINE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LtEngine, lt_engine, G_TYPE_OBJECT)

static void
record (LtEngine   *self,
        const char *kind,
        const char *method,
        const char *result,
        const char *reason,
        gint64      subject,
        const char *detail)
{
  LtEvent event = { 0 };
  g_autoptr(GError) error = NULL;

  lt_event_kind_from_string (kind, &event.kind);
  lt_event_result_from_string (result, &event.result);
  event.door = self->config->door;
  event.method = (char *) method;
  event.reason = (char *) reason;
  event.subject_id = subject;
  event.detail = (char *) detail;
  if (lt_store_add_event (self->store, &event, &error) == 0)
    g_warning ("Could not record a %s event: %s", kind, error->message);
}

/* ---- door → event ------------------------------------------------------- */

static void
on_unlocked_changed (LtDoor     *door,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  record (user_data, "door", NULL, lt_door_get_unlocked (door) ? "unlocked" : "locked", "lock", 0, NULL);
}

static void
on_open_changed (LtDoor     *door,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  record (user_data, "door", NULL, lt_door_get_open (door) ? "open" : "closed", "contact", 0, NULL);
}

static void
on_alarm_changed (LtDoor  *door,
                  guint    alarm,
                  gboolean raised,
                  gpointer user_data)
{
  record (user_data, "alarm", NULL, raised ? "raised" : "cleared", lt_alarm_to_string (alarm), 0, NULL);
}

static void
on_exit_pressed (LtDoor  *door,
                 gpointer user_data)
{
  record (user_data, "door", lt_method_to_string (LT_METHOD_EXIT), "granted", "exit-button", 0, NULL);
}

/* ---- readers → decision → door ------------------------------------------ */

void
lt_engine_present (LtEngine             *self,
                   const LtPresentation *presentation,
                   LtDecision           *decision)
{
  g_autoptr(GError) error = NULL;
  const char *door = presentation->door;

  g_return_if_fail (LT_IS_ENGINE (self));

  if (self->shut_down) {
    memset (decision, 0, sizeof *decision);
    decision->reason = LT_REASON_OUT_OF_SERVICE;
    return;
  }
  lt_access_decide (self->access, presentation, decision);
  /* This terminal drives only its own door's lock. */
  if (decision->granted && (door == NULL || g_str_equal (door, self->config->door)) &&
      !lt_door_unlock (self->door, 0, &error)) {
    g_warning ("A granted entry could not unlock the door: %s", error->message);
    record (self, "door", lt_method_to_string (presentation->method), "failed", "lock-fault",
            decision->subject_id, NULL);
  }
  self->last_decision = *decision;
  g_signal_emit (self, signals[DECISION], 0, presentation->method, decision->granted,
                 decision->subject_id, decision->reason);
}

static void
present_card (LtEngine   *self,
              const char *reader,
              const char *card)
{
  LtPresentation presentation = { LT_METHOD_CARD, NULL, reader, NULL, card, 0 };
  LtDecision decision;

  if (self->capture_card) {
    /* Staff sign-in or a reader test asked for this card: it opens nothing. */
    self->capture_card = FALSE;
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
  /* Never a grant, never the bits: a reader problem a technician can see. */
  record (self, "reader", lt_method_to_string (LT_METHOD_CARD), "rejected", reason, 0, reader);
  if (self->capture_card) {
    self->capture_card = FALSE;
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
  record (user_data, "reader", NULL, "connected", "usb", 0, NULL);
}

static void
on_usb_disconnected (LtEvdevReader *reader,
                     gpointer       user_data)
{
  record (user_data, "reader", NULL, "disconnected", "usb", 0, NULL);
}

gboolean
lt_engine_remote_unlock (LtEngine *self,
                         gint64    staff_id,
                         GError  **error)
{
  g_autoptr(LtPerson) staff = lt_store_get_person (self->store, staff_id, error);

  if (staff == NULL)
    return FALSE;
  if (staff->kind != LT_PERSON_GUARD && staff->kind != LT_PERSON_TECHNICIAN) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _("Only guards and technicians may unlock the door remotely"));
    return FALSE;
  }
  if (!lt_door_unlock (self->door, 0, error))
    return FALSE;
  record (self, "decision", lt_method_to_string (LT_METHOD_REMOTE), "granted", "remote", staff_id, NULL);
  return TRUE;
}

void
lt_engine_capture_next_card (LtEngine *self,
                             gboolean  capture)
{
  self->capture_card = capture;
}

LtStaffResult
lt_engine_identify_staff (LtEngine   *self,
                          LtMethod    method,
                          const char *credential,
                          LtPerson  **staff,
                          guint      *retry_after_s)
{
  return lt_staff_identify (self->store, self->config, self->secret, method, credential,
                            method == LT_METHOD_PIN ? "keypad" : "card", staff, retry_after_s);
}

/* A guard saw the alarm: recorded with their id, the alarm stays until
 * its cause is gone. */
void
lt_engine_acknowledge_alarm (LtEngine *self,
                             gint64    staff_id)
{
  LtAlarm alarm = lt_door_get_alarm (self->door);

  if (alarm != LT_ALARM_NONE)
    record (self, "alarm", NULL, "acknowledged", lt_alarm_to_string (alarm), staff_id, NULL);
}

gboolean
lt_engine_test_unlock (LtEngine *self,
                       gint64    technician_id,
                       GError  **error)
{
  if (!lt_door_unlock (self->door, 0, error))
    return FALSE;
  record (self, "maintenance", NULL, "unlocked", "test-unlock", technician_id, NULL);
  return TRUE;
}

/* Whether the line is wired, and its level (TRUE = active). */
gboolean
lt_engine_get_line_state (LtEngine  *self,
                          LtLineRole role,
                          gboolean  *active)
{
  g_return_val_if_fail (role < LT_N_LINES, FALSE);
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

/* The simulator's line protocol (README): one command, one reply line. */
char *
lt_engine_sim_command (LtEngine   *self,
                       const char *command)
{
  LtSimHardware *sim = self->sim;
  g_auto(GStrv) words = g_strsplit (command, " ", 3);
  guint n = g_strv_length (words);
  const char *verb = n > 0 ? words[0] : "";
  const char *arg = n > 1 ? words[1] : NULL;

  if (sim == NULL)
    return g_strdup ("error no-simulator");
  if (g_str_equal (verb, "state") && n == 1)
    return g_strdup_printf ("ok lock=%s door=%s alarm=%s",
                            lt_door_get_unlocked (self->door) ? "unlocked" : "locked",
                            lt_door_get_open (self->door) ? "open" : "closed",
                            lt_alarm_to_string (lt_door_get_alarm (self->door)));
  if (g_str_equal (verb, "rex") && n == 1) {
    lt_sim_hardware_press_exit (sim);
    return g_strdup ("ok");
  }
  if (g_str_equal (verb, "door") && n == 2 && (g_str_equal (arg, "open") || g_str_equal (arg, "close"))) {
    lt_sim_hardware_set_door_open (sim, g_str_equal (arg, "open"));
    return g_strdup ("ok");
  }
  if (g_str_equal (verb, "tamper") && n == 2 && (g_str_equal (arg, "on") || g_str_equal (arg, "off"))) {
    lt_sim_hardware_set_tamper (sim, g_str_equal (arg, "on"));
    return g_strdup ("ok");
  }
  if (g_str_equal (verb, "wiegand") && n == 2)
    return g_strdup (lt_sim_hardware_wiegand (sim, arg, NULL) ? "ok" : "error bad-frame");
  if (g_str_equal (verb, "card") && n == 2)
    return g_strdup (lt_sim_hardware_usb_card (sim, arg, NULL) ? "ok" : "error bad-card");
  return g_strdup ("error unknown-command");
}

/* Guards issue visitor passes on the terminal itself, signed with the
 * site key kept in [store] key-dir. */
char *
lt_engine_issue_pass (LtEngine   *self,
                      const char *unit,
                      gint64      valid_from_us,
                      gint64      valid_until_us,
                      guint       max_uses,
                      gint64      guard_id,
                      const char *visitor_name,
                      gint64     *pass_id,
                      GError    **error)
{
  g_autofree char *token = NULL;
  g_autofree char *detail = NULL;

  if (self->pass_key == NULL) {
    self->pass_key = lt_pass_key_load (self->config->key_dir, error);
    if (self->pass_key == NULL)
      return NULL;
  }
  token = lt_pass_issue (self->store, self->pass_key,
                         &(LtPassRequest) { (guint16) self->config->pass_site_id, unit, valid_from_us,
                                            valid_until_us, max_uses, guard_id, visitor_name },
                         pass_id, error);
  if (token == NULL)
    return NULL;
  detail = g_strdup_printf ("pass=%" G_GINT64_FORMAT " unit=%s", *pass_id, unit);
  record (self, "pass", lt_method_to_string (LT_METHOD_QR), "issued", "guard", guard_id, detail);
  return g_steal_pointer (&token);
}

gboolean
lt_engine_revoke_pass (LtEngine *self,
                       gint64    pass_id,
                       gint64    guard_id,
                       GError  **error)
{
  g_autofree char *detail = g_strdup_printf ("pass=%" G_GINT64_FORMAT, pass_id);

  if (!lt_pass_revoke (self->store, pass_id, g_get_real_time (), error))
    return FALSE;
  record (self, "pass", lt_method_to_string (LT_METHOD_QR), "revoked", "guard", guard_id, detail);
  return TRUE;
}

/* ---- start-up ------------------------------------------------------------- */

static LtLine *
request_line (LtEngine   *self,
              LtLineRole  role,
              gboolean    initial,
              GError    **error)
{
  const LtLineSpec *spec = &self->config->lines[role];
  gboolean output = role == LT_LINE_LOCK || role == LT_LINE_BUZZER || role == LT_LINE_STATUS_LED;

  if (self->sim != NULL)
    return g_object_ref (lt_sim_hardware_get_line (self->sim, role));
  if (spec->chip == NULL)
    return NULL;  /* not wired: no error */
  return lt_gpiod_line_request (spec, lt_line_role_to_key (role),
                                output ? LT_LINE_OUTPUT : LT_LINE_INPUT, initial, error);
}

static gboolean
start_lock (LtEngine *self,
            GError  **error)
{
  const LtDoorConfig *door_config = lt_config_get_door (self->config, self->config->door);
  gboolean locked_level = door_config->lock_type == LT_LOCK_FAIL_SAFE;

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
    g_autoptr(GError) local_error = NULL;

    self->lines[role] = request_line (self, (LtLineRole) role, FALSE, &local_error);
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
    g_autoptr(LtInput) input = lt_input_new (self->lines[LT_LINE_CONTACT], self->config->debounce_ms);
    lt_door_set_contact (self->door, input);
  }
  if (self->lines[LT_LINE_EXIT_BUTTON] != NULL) {
    g_autoptr(LtInput) input = lt_input_new (self->lines[LT_LINE_EXIT_BUTTON], self->config->debounce_ms);
    lt_door_set_exit_button (self->door, input);
  }
  if (self->lines[LT_LINE_TAMPER] != NULL) {
    g_autoptr(LtInput) input = lt_input_new (self->lines[LT_LINE_TAMPER], self->config->debounce_ms);
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

static gboolean
start (LtEngine *self,
       GError  **error)
{
  if (!lt_config_check_hardware (self->config, error) || !start_lock (self, error))
    return FALSE;

  self->secret = lt_secret_load (self->config->key_dir, error);
  if (self->secret == NULL)
    return FALSE;
  self->store = lt_store_open (self->config->database, error);
  if (self->store == NULL)
    return FALSE;
  /* This thread also runs the relock timer: never block long on another
   * writer (an import, a backup). A decision that cannot write fails closed. */
  lt_store_set_busy_timeout (self->store, ENGINE_BUSY_TIMEOUT_MS);
  self->access = lt_access_new (self->store, self->config, self->secret);

  if (!start_inputs (self, error) || !start_readers (self, error))
    return FALSE;
  record (self, "system", NULL, "started", self->config->backend, 0, PACKAGE_VERSION);
  return TRUE;
}

/* Relock first, then let go of everything. Safe to call twice. */
void
lt_engine_shutdown (LtEngine *self)
{
  if (self->shut_down)
    return;
  self->shut_down = TRUE;
  if (self->door != NULL) {
    lt_door_shutdown (self->door);
    if (self->store != NULL)
      record (self, "system", NULL, "stopped", "shutdown", 0, NULL);
  }
  g_clear_object (&self->usb);
  g_clear_object (&self->wiegand);
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
  g_clear_pointer (&LT_ENGINE (object)->config, lt_config_free);
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
   * @method: the LtMethod presented
   * @granted: whether the door opened
   * @subject: the person's id, or 0
   * @reason: the LtReason
   */
  signals[DECISION] = g_signal_new ("decision", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 4,
                                    G_TYPE_UINT, G_TYPE_BOOLEAN, G_TYPE_INT64, G_TYPE_UINT);
  /**
   * LtEngine::reader-rejected:
   * @reader: "wiegand" or "usb"
   * @reason: "parity", "length", "garbage", "malformed", "flood"
   */
  signals[READER_REJECTED] = g_signal_new ("reader-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * LtEngine::card-captured:
   * @reader: "wiegand" or "usb"
   * @card: (nullable): the normalised card, or NULL when the read failed
   * @problem: (nullable): why the read failed
   */
  signals[CARD_CAPTURED] = g_signal_new ("card-captured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * LtEngine::line-changed:
   * @role: the LtLineRole
   * @active: the line's level
   */
  signals[LINE_CHANGED] = g_signal_new ("line-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
lt_engine_init (LtEngine *self)
{
}

/* Takes the config. On failure everything already claimed is released,
 * the lock line last, at its locked level. */
LtEngine *
lt_engine_new (LtConfig *config,
               GError  **error)
{
  g_autoptr(LtEngine) self = g_object_new (LT_TYPE_ENGINE, NULL);

  self->config = config;
  if (!start (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const LtConfig *
lt_engine_get_config (LtEngine *self)
{
  return self->config;
}

LtStore *
lt_engine_get_store (LtEngine *self)
{
  return self->store;
}

LtDoor *
lt_engine_get_door (LtEngine *self)
{
  return self->door;
}

/* The decision last announced by ::decision, with its lockout wait. */
const LtDecision *
lt_engine_get_last_decision (LtEngine *self)
{
  return &self->last_decision;
}

LtSimHardware *
lt_engine_get_sim (LtEngine *self)
{
  return self->sim;
}
