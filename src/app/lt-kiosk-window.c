/* lt-kiosk-window.c: the full-screen door terminal screen
 *
 * The lobby offers every way in as equals (unit + PIN, a card at any time,
 * QR once the camera exists); face is never offered first (R8). The window
 * only shows: decisions are made by the engine, reached through the host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-kiosk-window"

#include "lt-kiosk-window-private.h"
#include "lt-guard-page.h"
#include "lt-keypad.h"
#include "lt-maintenance-page.h"
#include "lt-time.h"
#include "lt-compact.h"
#include "lt-decision-words.h"
#include "lt-door-banner.h"

#include <glib/gi18n.h>
#include <string.h>

#define MAX_UNIT_CHARS 16

enum {
  PROP_0,
  PROP_HOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LtKioskWindow, lt_kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

static void show_lobby (LtKioskWindow *self);

/* ---- idle timeout ----------------------------------------------------------- */

static gboolean
on_idle_timeout (gpointer user_data)
{
  LtKioskWindow  *self = LT_KIOSK_WINDOW (user_data);
  const LtConfig *config = lt_host_get_config (self->host);

  g_clear_pointer (&self->idle_timer, g_source_unref);
  /* The next person gets the normal screen. */
  gtk_widget_remove_css_class (GTK_WIDGET (self), "large");
  show_lobby (self);
  /* Last: this may rebuild the window, which then disposes this one. */
  gtk_widget_activate_action (GTK_WIDGET (self), "app.language", "s", config->language);
  return G_SOURCE_REMOVE;
}

/* Armed whenever the screen is anything but the lobby in the default
 * language; every touch or key press starts it again. On the lobby
 * itself nothing runs, so an idle terminal wakes only for its clock. */
static void
rearm_idle (LtKioskWindow *self)
{
  const LtConfig  *config = lt_host_get_config (self->host);
  g_autofree char *language = lt_app_dup_language (GTK_WIDGET (self));
  gboolean         away = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "lobby") != 0 || (language != NULL && g_strcmp0 (language, config->language) != 0) || gtk_widget_has_css_class (GTK_WIDGET (self), "large");

  if (self->idle_timer != NULL) {
    g_source_destroy (self->idle_timer);
    g_clear_pointer (&self->idle_timer, g_source_unref);
  }
  if (away) {
    self->idle_timer = g_timeout_source_new_seconds (config->idle_seconds);
    g_source_set_callback (self->idle_timer, on_idle_timeout, self, NULL);
    g_source_attach (self->idle_timer, NULL);
  }
}

static gboolean
on_any_event (GtkEventControllerLegacy *controller,
              GdkEvent                 *event,
              gpointer                  user_data)
{
  switch (gdk_event_get_event_type (event)) {
  case GDK_BUTTON_PRESS:
  case GDK_KEY_PRESS:
  case GDK_TOUCH_BEGIN:
    rearm_idle (LT_KIOSK_WINDOW (user_data));
    break;
  default:
    break;
  }
  return GDK_EVENT_PROPAGATE;
}

void
lt_kiosk_window_set_page (LtKioskWindow *self,
                          const char    *name)
{
  /* The camera runs on the scan screen and nowhere else (R5). */
  if (self->camera && !g_str_equal (name, "scan") && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "scan") == 0) {
    lt_host_stop_scan (self->host);
    gtk_picture_set_paintable (self->scan_preview, NULL);
  }
  gtk_stack_set_visible_child_name (self->stack, name);
  /* Staff have the alarm's details on their own screen. */
  gtk_widget_set_visible (self->banner_slot, !g_str_equal (name, "staff"));
  rearm_idle (self);
}

/* ---- lobby ------------------------------------------------------------------- */

static gboolean on_clock_tick (gpointer user_data);

static void
update_clock (LtKioskWindow *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M");
  /* Translators: the lobby's date; strftime codes, e.g. "%Y年%m月%d日" */
  g_autofree char *date = g_date_time_format (now, _ ("%d/%m/%Y"));
  g_autofree char *line = g_strdup_printf ("%s  %s", lt_weekday_name (g_date_time_get_day_of_week (now)), date);
  guint            to_next_minute = (guint)(60 - g_date_time_get_second (now)) * 1000;

  gtk_label_set_label (self->clock_label, time);
  gtk_label_set_label (self->date_label, line);
  /* One wake-up a minute, on the minute: the only thing an idle lobby does. */
  lt_clear_source (&self->clock_timer);
  self->clock_timer = g_timeout_source_new (to_next_minute + 50);
  g_source_set_callback (self->clock_timer, on_clock_tick, self, NULL);
  g_source_attach (self->clock_timer, NULL);
}

static gboolean
on_clock_tick (gpointer user_data)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (user_data);

  g_clear_pointer (&self->clock_timer, g_source_unref);
  update_clock (self);
  return G_SOURCE_REMOVE;
}

static void
show_lobby (LtKioskWindow *self)
{
  lt_clear_source (&self->result_timer);
  g_string_truncate (self->unit, 0);
  g_string_truncate (self->typed, 0);
  if (self->mode == MODE_STAFF)
    lt_host_capture_card (self->host, FALSE);
  self->mode = MODE_UNIT;
  if (self->staff_page != NULL) {
    gtk_box_remove (self->staff_box, self->staff_page);
    self->staff_page = NULL;
  }
  lt_kiosk_window_resident_clear (self);
  lt_kiosk_window_set_page (self, "lobby");
}

/* ---- unit + PIN entry ----------------------------------------------------------- */

static void
update_entry (LtKioskWindow *self)
{
  const LtConfig  *config = lt_host_get_config (self->host);
  g_autofree char *hint = NULL;

  switch (self->mode) {
  case MODE_UNIT:
    gtk_label_set_label (self->entry_title, _ ("Enter your unit number"));
    hint = g_strdup_printf (_ ("Building and room, for example %s"), config->unit_hint);
    gtk_label_set_label (self->entry_hint, hint);
    gtk_label_set_label (self->entry_display, self->typed->len ? self->typed->str : " ");
    gtk_button_set_label (self->ok_button, _ ("Next"));
    break;
  case MODE_PIN:
  case MODE_STAFF: {
    /* Masked: a dot per digit, never the digits. */
    g_autoptr (GString) dots = g_string_new (NULL);

    for (gsize i = 0; i < self->typed->len; i++)
      g_string_append (dots, "●");
    if (self->mode == MODE_PIN) {
      g_autofree char *title = g_strdup_printf (_ ("Enter the PIN for unit %s"), self->unit->str);
      gtk_label_set_label (self->entry_title, title);
      gtk_label_set_label (self->entry_hint, _ ("4 to 8 digits"));
      gtk_button_set_label (self->ok_button, _ ("Open"));
    } else {
      gtk_label_set_label (self->entry_title, _ ("Staff sign-in"));
      gtk_label_set_label (self->entry_hint, _ ("Enter your staff PIN or tap your staff card"));
      gtk_button_set_label (self->ok_button, _ ("Sign in"));
    }
    gtk_label_set_label (self->entry_display, dots->len ? dots->str : " ");
    break;
  }
  }
  lt_keypad_set_dash (self->keypad, self->mode == MODE_UNIT);
  gtk_widget_remove_css_class (GTK_WIDGET (self->entry_hint), "alarm");
}

static void
start_entry (LtKioskWindow *self,
             EntryMode      mode)
{
  self->mode = mode;
  g_string_truncate (self->typed, 0);
  lt_keypad_reshuffle (self->keypad);
  update_entry (self);
  lt_kiosk_window_set_page (self, "entry");
}

/* The PIN step for the unit typed (once its lockout was asked). */
void
lt_kiosk_window_start_pin (LtKioskWindow *self)
{
  start_entry (self, MODE_PIN);
}

static void
wipe_typed (LtKioskWindow *self)
{
  memset (self->typed->str, 0, self->typed->len);
  g_string_truncate (self->typed, 0);
}

static void
on_key (LtKeypad      *keypad,
        const char    *key,
        LtKioskWindow *self)
{
  gsize max = self->mode == MODE_UNIT ? MAX_UNIT_CHARS : LT_PIN_MAX_DIGITS;

  if (g_str_equal (key, "back")) {
    if (self->typed->len > 0) {
      self->typed->str[self->typed->len - 1] = '\0';
      g_string_truncate (self->typed, self->typed->len - 1);
    }
  } else if (self->typed->len < max) {
    g_string_append (self->typed, key);
  }
  update_entry (self);
}

/* The decision itself comes as ::decision, like every other; this only
 * says the call is over. A cancelled call belongs to a window that is
 * gone: nothing of it may be touched. */
static void
on_presented (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtHostDecision) decision = lt_host_present_finish (LT_HOST (source), result, &error);
  LtKioskWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_KIOSK_WINDOW (user_data);
  self->busy = FALSE;
  if (decision == NULL) {
    LtHostDecision failure = { .reason = LT_REASON_OUT_OF_SERVICE };

    g_warning ("No decision: %s", error->message);
    lt_kiosk_window_show_decision (self, LT_METHOD_PIN, &failure);
  }
}

/* Every decision, whoever asked: a card at a reader, this window's PIN
 * or QR scan, or one a window replaced by a language switch asked for. */
static void
on_host_decision (LtHost               *host,
                  const LtHostDecision *decision,
                  LtKioskWindow        *self)
{
  /* Staff at work are not interrupted, but the person at the reader
   * still gets an answer: a line above the screen, with its tone. */
  if (self->staff_page != NULL || (self->mode == MODE_STAFF && g_str_equal (gtk_stack_get_visible_child_name (self->stack), "entry"))) {
    lt_kiosk_window_show_notice (self, decision);
    return;
  }
  wipe_typed (self);
  /* Shown, so no longer on its way (the call's own answer may come later). */
  self->busy = FALSE;
  lt_kiosk_window_show_decision (self, decision->method, decision);
}

/* ---- staff --------------------------------------------------------------------------- */

static void
on_staff_sign_out (GtkWidget     *page,
                   LtKioskWindow *self)
{
  show_lobby (self);
}

static void
on_staff_identified (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStaffReply) reply = lt_host_identify_staff_finish (LT_HOST (source), result, &error);
  LtKioskWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the window is gone */
  self = LT_KIOSK_WINDOW (user_data);
  self->busy = FALSE;
  lt_host_capture_card (self->host, FALSE);
  self->mode = MODE_UNIT;
  if (reply != NULL && reply->result == LT_STAFF_OK) {
    if (reply->kind == LT_PERSON_GUARD)
      self->staff_page = lt_guard_page_new (self->host, reply->staff_id, reply->name);
    else
      self->staff_page = lt_maintenance_page_new (self->host, reply->staff_id, reply->name);
    g_signal_connect (self->staff_page, "sign-out", G_CALLBACK (on_staff_sign_out), self);
    gtk_widget_set_vexpand (self->staff_page, TRUE);
    gtk_box_append (self->staff_box, self->staff_page);
    lt_kiosk_window_set_page (self, "staff");
  } else {
    LtHostDecision denial = { .method = LT_METHOD_PIN, .reason = LT_REASON_UNKNOWN_CREDENTIAL };

    if (reply == NULL)
      denial.reason = LT_REASON_OUT_OF_SERVICE;
    else if (reply->result == LT_STAFF_LOCKED_OUT)
      denial.reason = LT_REASON_LOCKED_OUT;
    denial.retry_after_s = reply != NULL ? reply->retry_after_s : 0;
    lt_kiosk_window_show_decision (self, LT_METHOD_PIN, &denial);
    /* A staff sign-in is not a resident's PIN: its own words. */
    if (denial.reason == LT_REASON_UNKNOWN_CREDENTIAL)
      gtk_label_set_label (self->result_detail, lt_staff_denial_words ());
  }
}

static void
on_card_captured (LtHost        *host,
                  const char    *reader,
                  const char    *card,
                  const char    *problem,
                  LtKioskWindow *self)
{
  if (self->mode != MODE_STAFF || card == NULL || self->busy)
    return;
  self->busy = TRUE;
  lt_host_identify_staff_async (self->host, LT_METHOD_CARD, card, self->cancellable, on_staff_identified, self);
}

/* ---- QR scan ------------------------------------------------------------------------ */

static void
on_camera_running (LtHost        *host,
                   GParamSpec    *pspec,
                   LtKioskWindow *self)
{
  gboolean running = lt_host_get_camera_running (host);

  /* Bound to the pipeline's real state, never to the screen shown. */
  gtk_label_set_label (self->camera_label, running ? _ ("● Camera on") : _ ("● Camera off"));
  if (running)
    gtk_widget_add_css_class (GTK_WIDGET (self->camera_label), "on");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->camera_label), "on");
  gtk_widget_set_visible (GTK_WIDGET (self->scan_indicator), running);
}

static void
on_scan_preview (LtHost        *host,
                 GBytes        *data,
                 int            width,
                 int            height,
                 int            stride,
                 LtKioskWindow *self)
{
  g_autoptr (GdkTexture) texture = NULL;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "scan") != 0)
    return;
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, data, (gsize)stride);
  gtk_picture_set_paintable (self->scan_preview, GDK_PAINTABLE (texture));
}

/* A pass the camera read comes as ::decision; this is how the scan ended. */
static void
on_scan_stopped (LtHost        *host,
                 const char    *reason,
                 LtKioskWindow *self)
{
  LtHostDecision nothing = { .method = LT_METHOD_QR, .reason = LT_REASON_MALFORMED };

  gtk_picture_set_paintable (self->scan_preview, NULL);
  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "scan"))
    return;
  if (g_str_equal (reason, "timeout")) {
    lt_kiosk_window_show_no_code (self);
  } else if (g_str_equal (reason, "error")) {
    nothing.reason = LT_REASON_STORAGE_ERROR;
    lt_kiosk_window_show_decision (self, LT_METHOD_QR, &nothing);
  }
}

static void
on_scan_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  LtKioskWindow *self;

  if (lt_host_call_finish (LT_HOST (source), result, &error) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_KIOSK_WINDOW (user_data);
  g_warning ("QR scan: %s", error->message);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "scan") == 0) {
    LtHostDecision failure = { .method = LT_METHOD_QR, .reason = LT_REASON_STORAGE_ERROR };

    lt_kiosk_window_show_decision (self, LT_METHOD_QR, &failure);
  }
}

static void
action_scan_qr (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (widget);

  if (!self->camera)
    return;
  lt_kiosk_window_set_page (self, "scan");
  lt_kiosk_window_start_scan_countdown (self, lt_host_get_config (self->host)->camera.timeout_seconds);
  gtk_widget_activate_action (widget, "app.prompt", "s", "scan-hint");
  /* The one place a camera starts: a person asked for it. */
  lt_host_start_scan_async (self->host, self->cancellable, on_scan_started, self);
}

/* ---- actions ---------------------------------------------------------------------- */

static void
action_unit_pin (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  start_entry (LT_KIOSK_WINDOW (widget), MODE_UNIT);
}

static void
action_staff (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (widget);

  start_entry (self, MODE_STAFF);
  lt_host_capture_card (self->host, TRUE);
}

static void
action_cancel (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (widget);

  wipe_typed (self);
  /* Cancel on the PIN step goes back one step, with the unit as typed. */
  if (self->mode == MODE_PIN && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "entry") == 0) {
    g_autofree char *unit = g_strdup (self->unit->str);

    start_entry (self, MODE_UNIT);
    g_string_assign (self->typed, unit);
    update_entry (self);
    return;
  }
  show_lobby (self);
}

/* "Try again" on a result: the PIN for the same unit, or another scan. */
static void
action_retry (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (widget);

  lt_clear_source (&self->result_timer);
  switch (self->retry) {
  case RETRY_PIN:
    start_entry (self, MODE_PIN);
    break;
  case RETRY_SCAN:
    gtk_widget_activate_action (widget, "kiosk.scan-qr", NULL);
    break;
  case RETRY_NONE:
  default:
    show_lobby (self);
    break;
  }
}

static void
action_ok (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (widget);

  if (self->busy || self->typed->len == 0)
    return;
  switch (self->mode) {
  case MODE_UNIT:
    g_string_assign (self->unit, self->typed->str);
    lt_kiosk_window_check_unit (self);
    break;
  case MODE_PIN:
    /* Too short to be a PIN: said at once, neither sent nor counted. */
    if (self->typed->len < LT_PIN_MIN_DIGITS) {
      g_autofree char *hint = g_strdup_printf (g_dngettext (NULL, "A PIN has at least %d digit. Please enter all of it.",
                                                            "A PIN has at least %d digits. Please enter all of it.",
                                                            LT_PIN_MIN_DIGITS),
                                               LT_PIN_MIN_DIGITS);
      gtk_label_set_label (self->entry_hint, hint);
      gtk_widget_add_css_class (GTK_WIDGET (self->entry_hint), "alarm");
      return;
    }
    self->busy = TRUE;
    lt_host_present_async (self->host, LT_METHOD_PIN, self->unit->str, self->typed->str, self->cancellable,
                           on_presented, self);
    wipe_typed (self);
    update_entry (self);
    break;
  case MODE_STAFF:
    self->busy = TRUE;
    lt_host_identify_staff_async (self->host, LT_METHOD_PIN, self->typed->str, self->cancellable,
                                  on_staff_identified, self);
    wipe_typed (self);
    update_entry (self);
    break;
  }
}

static void
on_guard_called (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (lt_host_call_finish (LT_HOST (source), result, &error)) {
    lt_kiosk_window_show_notice_text (LT_KIOSK_WINDOW (user_data), _ ("The guard has been called. Please wait here."));
  } else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_warning ("Call guard: %s", error->message);
    lt_kiosk_window_show_notice_text (LT_KIOSK_WINDOW (user_data),
                                      _ ("The guard could not be called from here. Please phone the property office."));
  }
}

/* "Call guard": recorded as a help event the guard's screen sounds. */
static void
action_call_guard (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (widget);

  lt_host_call_guard_async (self->host, self->cancellable, on_guard_called, self);
}

/* Large text, high contrast, until the screen goes idle. */
static void
action_large_text (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  if (gtk_widget_has_css_class (widget, "large"))
    gtk_widget_remove_css_class (widget, "large");
  else
    gtk_widget_add_css_class (widget, "large");
  rearm_idle (LT_KIOSK_WINDOW (widget));
}

static void
action_language (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autofree char *current = lt_app_dup_language (widget);

  gtk_widget_activate_action (widget, "app.language", "s", g_strcmp0 (current, "zh_CN") == 0 ? "en" : "zh_CN");
}

/* ---- life cycle ------------------------------------------------------------------------ */

static void
lt_kiosk_window_constructed (GObject *object)
{
  LtKioskWindow  *self = LT_KIOSK_WINDOW (object);
  const LtConfig *config = lt_host_get_config (self->host);

  G_OBJECT_CLASS (lt_kiosk_window_parent_class)->constructed (object);

  gtk_label_set_label (self->building_label, config->building);
  /* QR only with a camera and where QR opens the door (the engine's
   * camera exists only then): no button that does nothing. */
  self->camera = lt_host_has_camera (self->host);
  gtk_widget_set_visible (GTK_WIDGET (self->scan_qr_button), self->camera);
  g_signal_connect (self->host, "notify::camera-running", G_CALLBACK (on_camera_running), self);
  g_signal_connect (self->host, "scan-preview", G_CALLBACK (on_scan_preview), self);
  g_signal_connect (self->host, "scan-stopped", G_CALLBACK (on_scan_stopped), self);
  on_camera_running (self->host, NULL, self);
  lt_keypad_set_shuffle (self->keypad, config->shuffle_keypad);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.scan-qr", self->camera);
  /* Never a button that does nothing: unit + PIN only where PINs open the door. */
  gtk_widget_set_visible (GTK_WIDGET (self->unit_pin_button),
                          (lt_config_get_door (config, config->door)->methods & LT_METHOD_BIT (LT_METHOD_PIN)) != 0);
  g_signal_connect (self->host, "decision", G_CALLBACK (on_host_decision), self);
  g_signal_connect (self->host, "card-captured", G_CALLBACK (on_card_captured), self);

  gtk_box_append (GTK_BOX (self->banner_slot), lt_door_banner_new (self->host));
  lt_kiosk_window_resident_constructed (self);
  update_clock (self);
  if (config->fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (self));
  lt_compact_update (GTK_WINDOW (self));
  rearm_idle (self);
}

static void
lt_kiosk_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (object);

  switch (prop_id) {
  case PROP_HOST:
    self->host = g_value_dup_object (value);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_kiosk_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (object);

  switch (prop_id) {
  case PROP_HOST:
    g_value_set_object (value, self->host);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_kiosk_window_dispose (GObject *object)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (object);

  lt_clear_source (&self->clock_timer);
  lt_clear_source (&self->result_timer);
  lt_clear_source (&self->idle_timer);
  lt_clear_source (&self->notice_timer);
  lt_clear_source (&self->scan_timer);
  /* Answers to this window's calls are dropped, not delivered. */
  g_cancellable_cancel (self->cancellable);
  if (self->host != NULL) {
    if (self->mode == MODE_STAFF)
      lt_host_capture_card (self->host, FALSE);
    if (self->camera && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "scan") == 0)
      lt_host_stop_scan (self->host);
    g_signal_handlers_disconnect_by_data (self->host, self);
  }
  g_clear_object (&self->host);
  G_OBJECT_CLASS (lt_kiosk_window_parent_class)->dispose (object);
}

static void
lt_kiosk_window_finalize (GObject *object)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_string_free (self->unit, TRUE);
  memset (self->typed->str, 0, self->typed->len);
  g_string_free (self->typed, TRUE);
  G_OBJECT_CLASS (lt_kiosk_window_parent_class)->finalize (object);
}

static void
lt_kiosk_window_class_init (LtKioskWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lt_kiosk_window_constructed;
  object_class->set_property = lt_kiosk_window_set_property;
  object_class->get_property = lt_kiosk_window_get_property;
  object_class->dispose = lt_kiosk_window_dispose;
  object_class->finalize = lt_kiosk_window_finalize;

  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, LT_TYPE_HOST,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LT_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/lintel/Kiosk/lt-kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, banner_slot);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, building_label);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, clock_label);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, date_label);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, camera_label);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, unit_pin_button);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, entry_title);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, entry_display);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, entry_hint);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, keypad);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, ok_button);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, result_icon);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, result_title);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, result_detail);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, scan_countdown);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, staff_box);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, scan_indicator);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, scan_preview);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, scan_qr_button);

  gtk_widget_class_install_action (widget_class, "kiosk.unit-pin", NULL, action_unit_pin);
  gtk_widget_class_install_action (widget_class, "kiosk.staff", NULL, action_staff);
  gtk_widget_class_install_action (widget_class, "kiosk.cancel", NULL, action_cancel);
  gtk_widget_class_install_action (widget_class, "kiosk.ok", NULL, action_ok);
  gtk_widget_class_install_action (widget_class, "kiosk.retry", NULL, action_retry);
  gtk_widget_class_install_action (widget_class, "kiosk.language", NULL, action_language);
  gtk_widget_class_install_action (widget_class, "kiosk.large-text", NULL, action_large_text);
  gtk_widget_class_install_action (widget_class, "kiosk.call-guard", NULL, action_call_guard);
  gtk_widget_class_install_action (widget_class, "kiosk.scan-qr", NULL, action_scan_qr);
  lt_kiosk_window_resident_class_init (widget_class);
}

static void
lt_kiosk_window_init (LtKioskWindow *self)
{
  GtkEventController *legacy = gtk_event_controller_legacy_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->unit = g_string_new (NULL);
  self->typed = g_string_new (NULL);
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (on_any_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
  g_signal_connect (self->keypad, "key", G_CALLBACK (on_key), self);
  lt_compact_follow (GTK_WINDOW (self));
}

GtkWidget *
lt_kiosk_window_new (GtkApplication *app,
                     LtHost         *host)
{
  LtKioskWindow   *self;
  g_autofree char *language = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (LT_IS_HOST (host), NULL);

  self = g_object_new (LT_TYPE_KIOSK_WINDOW, "application", app, "host", host, NULL);
  /* The switch names the other language, in that language; the
   * application (and its language) is known only once constructed. */
  language = lt_app_dup_language (GTK_WIDGET (self));
  gtk_button_set_label (self->language_button, g_strcmp0 (language, "zh_CN") == 0 ? "English" : "中文");
  return GTK_WIDGET (self);
}
