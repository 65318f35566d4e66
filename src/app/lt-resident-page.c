/* lt-resident-page.c: the resident menu at the terminal
 *
 * A resident signs in with unit + PIN or a card and gets two choices:
 * "Face entry" and "My data". Face entry is notice (R2), then a consent
 * screen of its own (R1, R7): an unticked box, "Agree and start camera"
 * insensitive until it is ticked, and "No thanks" of the same size and
 * style beside it — one tap, recorded (R8). A minor's enrolment needs an
 * adult of the unit to enter their own PIN (R9). Only then does the camera
 * start (R5). The page holds only the engine's opaque session token; it
 * signs out when it goes (the lobby, the idle timeout).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-resident-page"

#include "lt-resident-page-private.h"
#include "lt-face-words.h"
#include "lt-keypad.h"

#include <glib/gi18n.h>
#include <string.h>

#define MAX_UNIT_CHARS 16

enum {
  PROP_0,
  PROP_HOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LtResidentPage, lt_resident_page, GTK_TYPE_WIDGET)

static void
wipe_typed (LtResidentPage *self)
{
  memset (self->typed->str, 0, self->typed->len);
  g_string_truncate (self->typed, 0);
}

const char *
lt_resident_page_view (LtResidentPage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* Cards are captured (they open nothing) only while sign-in is shown; the
 * camera runs only on the camera view. */
static void
show_view (LtResidentPage *self,
           const char     *name)
{
  const char *old = lt_resident_page_view (self);

  if (g_strcmp0 (old, "sign-in") == 0 && !g_str_equal (name, "sign-in"))
    lt_host_capture_card (self->host, FALSE);
  if (self->enrolling && !g_str_equal (name, "camera")) {
    self->enrolling = FALSE;
    lt_host_face_cancel (self->host);
  }
  if (!g_str_equal (name, "camera"))
    gtk_picture_set_paintable (self->camera_preview, NULL);
  gtk_stack_set_visible_child_name (self->stack, name);
  if (g_str_equal (name, "sign-in"))
    lt_host_capture_card (self->host, TRUE);
}

static void
show_outcome (LtResidentPage *self,
              const char     *title,
              const char     *detail,
              gboolean        good)
{
  gtk_label_set_label (self->outcome_title, title);
  gtk_label_set_label (self->outcome_detail, detail);
  gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_title), good ? "denied" : "granted");
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_title), good ? "granted" : "denied");
  show_view (self, "outcome");
}

/* A call that failed: its words on the outcome screen. A cancelled call
 * belongs to a page that is gone: nothing of it may be touched. */
static void
handle_error (gpointer    user_data,
              GError     *error,
              const char *title)
{
  LtResidentPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_RESIDENT_PAGE (user_data);
  self->busy = FALSE;
  self->enrolling = FALSE;
  g_message ("Resident menu: %s", error->message);
  show_outcome (self, title, lt_face_error_words (error), FALSE);
}

/* ---- sign-in --------------------------------------------------------------------- */

static void
update_sign_in (LtResidentPage *self)
{
  if (!self->pin_step) {
    gtk_label_set_label (self->sign_in_title, _ ("Residents: enter your unit number"));
    gtk_label_set_label (self->sign_in_display, self->typed->len ? self->typed->str : " ");
    gtk_button_set_label (self->sign_in_ok, _ ("Next"));
  } else {
    g_autoptr (GString) dots = g_string_new (NULL);
    g_autofree char *title = g_strdup_printf (_ ("Enter the PIN for unit %s"), self->unit->str);

    for (gsize i = 0; i < self->typed->len; i++)
      g_string_append (dots, "●");
    gtk_label_set_label (self->sign_in_title, title);
    gtk_label_set_label (self->sign_in_display, dots->len ? dots->str : " ");
    gtk_button_set_label (self->sign_in_ok, _ ("Sign in"));
  }
  lt_keypad_set_dash (self->keypad, !self->pin_step);
}

static void
start_sign_in (LtResidentPage *self,
               const char     *hint)
{
  self->pin_step = FALSE;
  wipe_typed (self);
  g_string_truncate (self->unit, 0);
  lt_keypad_reshuffle (self->keypad);
  gtk_label_set_label (self->sign_in_hint,
                       hint != NULL ? hint : _ ("Sign in for face entry and your data. Or tap your card on the reader."));
  update_sign_in (self);
  show_view (self, "sign-in");
}

static void
show_menu (LtResidentPage *self)
{
  g_autofree char *title = g_strdup_printf (_ ("Hello, %s"), self->session->name);
  g_autofree char *detail = g_strdup_printf (_ ("Unit %s"), self->session->unit);

  gtk_label_set_label (self->menu_title, title);
  gtk_label_set_label (self->menu_detail, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->face_entry_button), self->session->face_enabled);
  show_view (self, "menu");
}

static void
on_signed_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  LtResidentSession *session = lt_host_resident_sign_in_finish (LT_HOST (source), result, &error);
  LtResidentPage    *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_RESIDENT_PAGE (user_data);
  self->busy = FALSE;
  if (session == NULL) {
    start_sign_in (self, lt_face_error_words (error));
    gtk_widget_add_css_class (GTK_WIDGET (self->sign_in_hint), "alarm");
    return;
  }
  gtk_widget_remove_css_class (GTK_WIDGET (self->sign_in_hint), "alarm");
  g_clear_pointer (&self->session, lt_resident_session_free);
  self->session = session;
  show_menu (self);
}

static void
on_key (LtKeypad       *keypad,
        const char     *key,
        LtResidentPage *self)
{
  gsize max = keypad == self->keypad && !self->pin_step ? MAX_UNIT_CHARS : LT_PIN_MAX_DIGITS;

  if (g_str_equal (key, "back")) {
    if (self->typed->len > 0) {
      self->typed->str[self->typed->len - 1] = '\0';
      g_string_truncate (self->typed, self->typed->len - 1);
    }
  } else if (self->typed->len < max) {
    g_string_append (self->typed, key);
  }
  if (keypad == self->keypad) {
    update_sign_in (self);
  } else {
    g_autoptr (GString) dots = g_string_new (NULL);

    for (gsize i = 0; i < self->typed->len; i++)
      g_string_append (dots, "●");
    gtk_label_set_label (self->guardian_display, dots->len ? dots->str : " ");
  }
}

static void
action_ok (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (widget);

  if (self->busy || self->typed->len == 0)
    return;
  if (!self->pin_step) {
    g_string_assign (self->unit, self->typed->str);
    self->pin_step = TRUE;
    wipe_typed (self);
    lt_keypad_reshuffle (self->keypad);
    update_sign_in (self);
    return;
  }
  /* Too short to be a PIN: said at once, neither sent nor counted. */
  if (self->typed->len < LT_PIN_MIN_DIGITS) {
    g_autofree char *hint = g_strdup_printf (g_dngettext (NULL, "A PIN has at least %d digit. Please enter all of it.",
                                                          "A PIN has at least %d digits. Please enter all of it.",
                                                          LT_PIN_MIN_DIGITS),
                                             LT_PIN_MIN_DIGITS);

    gtk_label_set_label (self->sign_in_hint, hint);
    gtk_widget_add_css_class (GTK_WIDGET (self->sign_in_hint), "alarm");
    return;
  }
  self->busy = TRUE;
  lt_host_resident_sign_in_async (self->host, LT_METHOD_PIN, self->unit->str, self->typed->str, self->cancellable,
                                  on_signed_in, self);
  wipe_typed (self);
  update_sign_in (self);
}

static void
on_card_captured (LtHost         *host,
                  const char     *reader,
                  const char     *card,
                  const char     *problem,
                  LtResidentPage *self)
{
  if (card == NULL || self->busy || g_strcmp0 (lt_resident_page_view (self), "sign-in") != 0)
    return;
  self->busy = TRUE;
  lt_host_resident_sign_in_async (self->host, LT_METHOD_CARD, NULL, card, self->cancellable, on_signed_in, self);
}

/* ---- notice and consent --------------------------------------------------------- */

static void
on_notice (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtNoticeText) notice = lt_host_get_notice_finish (LT_HOST (source), result, &error);
  LtResidentPage  *self;
  g_autofree char *version = NULL;

  if (notice == NULL) {
    handle_error (user_data, error, _ ("Face entry"));
    return;
  }
  self = LT_RESIDENT_PAGE (user_data);
  self->busy = FALSE;
  version = g_strdup_printf (_ ("Notice version %s"), notice->version);
  gtk_label_set_label (self->notice_title, notice->title);
  gtk_label_set_label (self->notice_body, notice->body);
  gtk_label_set_label (self->notice_version, version);
  show_view (self, "notice");
}

static void
action_face_entry (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LtResidentPage  *self = LT_RESIDENT_PAGE (widget);
  g_autofree char *language = lt_app_dup_language (widget);

  if (self->busy || self->session == NULL)
    return;
  if (self->session->enrolled) {
    g_autofree char *since = lt_face_time_words (self->session->consent_us);
    g_autofree char *detail = g_strdup_printf (_ ("You have used face entry since %s. To stop, open My data."), since);

    show_outcome (self, _ ("Face entry is on"), detail, TRUE);
    return;
  }
  self->busy = TRUE;
  lt_host_get_notice_async (self->host, language != NULL ? language : "en", self->cancellable, on_notice, self);
}

static void
action_consent (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (widget);

  /* Never pre-ticked, also on a second visit (R1). */
  gtk_check_button_set_active (self->consent_check, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->agree_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->guardian_hint), self->session->minor);
  show_view (self, "consent");
}

static void
on_consent_toggled (GtkCheckButton *check,
                    LtResidentPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->agree_button), gtk_check_button_get_active (check));
}

static void
on_declined (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  LtResidentPage *self;

  if (!lt_host_call_finish (LT_HOST (source), result, &error)) {
    handle_error (user_data, error, _ ("Your choice was not recorded"));
    return;
  }
  self = LT_RESIDENT_PAGE (user_data);
  self->busy = FALSE;
  show_outcome (self, _ ("You chose not to use face entry"),
                _ ("Nothing changes: PIN, card and QR code open the same doors at the same hours. No picture was taken."),
                TRUE);
}

/* One tap, from the consent screen or the guardian's. */
static void
action_decline (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (widget);

  if (self->busy || self->session == NULL)
    return;
  wipe_typed (self);
  self->busy = TRUE;
  lt_host_face_decline_async (self->host, self->session->token, self->cancellable, on_declined, self);
}

/* ---- the camera ------------------------------------------------------------------ */

static void
on_enrolled (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  LtResidentPage *self;

  if (!lt_host_call_finish (LT_HOST (source), result, &error)) {
    handle_error (user_data, error, _ ("Face entry was not set up"));
    return;
  }
  self = LT_RESIDENT_PAGE (user_data);
  self->busy = FALSE;
  self->enrolling = FALSE;
  self->session->enrolled = TRUE;
  self->session->consent_us = g_get_real_time ();
  show_outcome (self, _ ("Face entry is on"),
                _ ("Tap Face on the main screen to open the door. To withdraw, open My data: your face data is then deleted at once."),
                TRUE);
}

static void
start_enrol (LtResidentPage *self,
             const char     *guardian_pin)
{
  gtk_label_set_label (self->camera_step, lt_face_step_words ("look"));
  gtk_label_set_label (self->camera_progress, " ");
  show_view (self, "camera");
  self->busy = TRUE;
  self->enrolling = TRUE;
  /* The one place enrolment starts the camera: after consent (R5). */
  lt_host_face_enrol_async (self->host, self->session->token, guardian_pin, self->cancellable, on_enrolled, self);
}

static void
action_agree (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LtResidentPage  *self = LT_RESIDENT_PAGE (widget);
  g_autofree char *title = NULL;

  if (self->busy || self->session == NULL || !gtk_check_button_get_active (self->consent_check))
    return;
  if (!self->session->minor) {
    start_enrol (self, NULL);
    return;
  }
  title = g_strdup_printf (_ ("A parent or guardian of unit %1$s: enter your own PIN to consent for %2$s"),
                           self->session->unit, self->session->name);
  gtk_label_set_label (self->guardian_title, title);
  gtk_label_set_label (self->guardian_display, " ");
  wipe_typed (self);
  lt_keypad_reshuffle (self->guardian_keypad);
  show_view (self, "guardian");
}

static void
action_guardian_ok (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtResidentPage  *self = LT_RESIDENT_PAGE (widget);
  g_autofree char *pin = NULL;

  if (self->busy || self->typed->len < LT_PIN_MIN_DIGITS)
    return;
  pin = g_strdup (self->typed->str);
  wipe_typed (self);
  start_enrol (self, pin);
  memset (pin, 0, strlen (pin));
}

static void
on_face_progress (LtHost         *host,
                  const char     *step,
                  guint           captures,
                  guint           needed,
                  LtResidentPage *self)
{
  g_autofree char *progress = lt_face_captures_words (captures, needed);

  if (!self->enrolling)
    return;
  gtk_label_set_label (self->camera_step, lt_face_step_words (step));
  gtk_label_set_label (self->camera_progress, progress[0] ? progress : " ");
}

static void
on_preview (LtHost         *host,
            GBytes         *data,
            int             width,
            int             height,
            int             stride,
            LtResidentPage *self)
{
  g_autoptr (GdkTexture) texture = NULL;

  if (!self->enrolling)
    return;
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, data, (gsize)stride);
  gtk_picture_set_paintable (self->camera_preview, GDK_PAINTABLE (texture));
}

/* The indicator follows the pipeline, never the screen shown (R5). */
static void
on_camera_running (LtHost         *host,
                   GParamSpec     *pspec,
                   LtResidentPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->camera_indicator), lt_host_get_camera_running (host));
}

static void
action_stop_camera (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (widget);

  show_view (self, "menu");
  self->busy = FALSE;
}

/* ---- my data and withdrawal --------------------------------------------------- */

static void
on_my_data (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtResidentData) data = lt_host_my_data_finish (LT_HOST (source), result, &error);
  LtResidentPage  *self;
  g_autofree char *words = NULL;
  g_autofree char *entries = NULL;

  if (data == NULL) {
    handle_error (user_data, error, _ ("My data"));
    return;
  }
  self = LT_RESIDENT_PAGE (user_data);
  self->busy = FALSE;
  words = lt_resident_data_words (data);
  entries = lt_resident_entries_words (data);
  gtk_label_set_label (self->data_label, words);
  gtk_label_set_label (self->entries_label, entries);
  self->session->enrolled = data->face_enrolled;
  gtk_widget_set_visible (GTK_WIDGET (self->withdraw_button), data->face_enrolled);
  show_view (self, "my-data");
}

static void
action_my_data (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (widget);

  if (self->busy || self->session == NULL)
    return;
  self->busy = TRUE;
  lt_host_my_data_async (self->host, self->session->token, self->cancellable, on_my_data, self);
}

static void
action_confirm_withdraw (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  show_view (LT_RESIDENT_PAGE (widget), "withdraw");
}

static void
on_withdrawn (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  LtResidentPage *self;

  if (!lt_host_call_finish (LT_HOST (source), result, &error)) {
    handle_error (user_data, error, _ ("Your face data was not deleted"));
    return;
  }
  self = LT_RESIDENT_PAGE (user_data);
  self->busy = FALSE;
  self->session->enrolled = FALSE;
  show_outcome (self, _ ("Your face data was deleted"),
                _ ("Face entry is off for you. PIN, card and QR code keep working. You can enrol again at any time."),
                TRUE);
}

static void
action_withdraw (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (widget);

  if (self->busy || self->session == NULL)
    return;
  self->busy = TRUE;
  lt_host_face_withdraw_async (self->host, self->session->token, self->cancellable, on_withdrawn, self);
}

static void
action_menu (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (widget);

  if (self->session != NULL)
    show_menu (self);
}

/* ---- life cycle ---------------------------------------------------------------------- */

static void
lt_resident_page_constructed (GObject *object)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (object);

  G_OBJECT_CLASS (lt_resident_page_parent_class)->constructed (object);

  lt_keypad_set_shuffle (self->keypad, lt_host_get_config (self->host)->shuffle_keypad);
  lt_keypad_set_shuffle (self->guardian_keypad, lt_host_get_config (self->host)->shuffle_keypad);
  g_signal_connect (self->host, "card-captured", G_CALLBACK (on_card_captured), self);
  g_signal_connect (self->host, "face-progress", G_CALLBACK (on_face_progress), self);
  g_signal_connect (self->host, "scan-preview", G_CALLBACK (on_preview), self);
  g_signal_connect (self->host, "notify::camera-running", G_CALLBACK (on_camera_running), self);
  on_camera_running (self->host, NULL, self);
  start_sign_in (self, NULL);
}

static void
lt_resident_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (object);

  switch (prop_id) {
  case PROP_HOST:
    self->host = g_value_dup_object (value);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

/* Leaving in any way (Sign out, the lobby, the idle timeout) stops the
 * camera, stops capturing cards and ends the session in the engine. */
static void
lt_resident_page_dispose (GObject *object)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (object);
  GtkWidget      *child;

  g_cancellable_cancel (self->cancellable);
  if (self->host != NULL) {
    if (self->enrolling)
      lt_host_face_cancel (self->host);
    if (self->stack != NULL && g_strcmp0 (lt_resident_page_view (self), "sign-in") == 0)
      lt_host_capture_card (self->host, FALSE);
    if (self->session != NULL)
      lt_host_resident_sign_out (self->host, self->session->token);
    g_signal_handlers_disconnect_by_data (self->host, self);
  }
  self->enrolling = FALSE;
  g_clear_pointer (&self->session, lt_resident_session_free);
  g_clear_object (&self->host);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->stack = NULL;
  G_OBJECT_CLASS (lt_resident_page_parent_class)->dispose (object);
}

static void
lt_resident_page_finalize (GObject *object)
{
  LtResidentPage *self = LT_RESIDENT_PAGE (object);

  g_clear_object (&self->cancellable);
  g_string_free (self->unit, TRUE);
  memset (self->typed->str, 0, self->typed->len);
  g_string_free (self->typed, TRUE);
  G_OBJECT_CLASS (lt_resident_page_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LtResidentPage, name)

static void
lt_resident_page_class_init (LtResidentPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lt_resident_page_constructed;
  object_class->set_property = lt_resident_page_set_property;
  object_class->dispose = lt_resident_page_dispose;
  object_class->finalize = lt_resident_page_finalize;

  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, LT_TYPE_HOST,
                                               G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LT_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/lintel/Kiosk/lt-resident-page.ui");
  BIND (stack);
  BIND (sign_in_title);
  BIND (sign_in_display);
  BIND (sign_in_hint);
  BIND (keypad);
  BIND (sign_in_ok);
  BIND (menu_title);
  BIND (menu_detail);
  BIND (face_entry_button);
  BIND (notice_title);
  BIND (notice_body);
  BIND (notice_version);
  BIND (consent_check);
  BIND (guardian_hint);
  BIND (decline_button);
  BIND (agree_button);
  BIND (guardian_title);
  BIND (guardian_display);
  BIND (guardian_keypad);
  BIND (guardian_ok);
  BIND (camera_indicator);
  BIND (camera_step);
  BIND (camera_progress);
  BIND (camera_preview);
  BIND (outcome_title);
  BIND (outcome_detail);
  BIND (data_label);
  BIND (entries_label);
  BIND (withdraw_button);

  gtk_widget_class_install_action (widget_class, "resident.ok", NULL, action_ok);
  gtk_widget_class_install_action (widget_class, "resident.menu", NULL, action_menu);
  gtk_widget_class_install_action (widget_class, "resident.face-entry", NULL, action_face_entry);
  gtk_widget_class_install_action (widget_class, "resident.consent", NULL, action_consent);
  gtk_widget_class_install_action (widget_class, "resident.decline", NULL, action_decline);
  gtk_widget_class_install_action (widget_class, "resident.agree", NULL, action_agree);
  gtk_widget_class_install_action (widget_class, "resident.guardian-ok", NULL, action_guardian_ok);
  gtk_widget_class_install_action (widget_class, "resident.stop-camera", NULL, action_stop_camera);
  gtk_widget_class_install_action (widget_class, "resident.my-data", NULL, action_my_data);
  gtk_widget_class_install_action (widget_class, "resident.confirm-withdraw", NULL, action_confirm_withdraw);
  gtk_widget_class_install_action (widget_class, "resident.withdraw", NULL, action_withdraw);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "residentpage");
}

static void
lt_resident_page_init (LtResidentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  self->cancellable = g_cancellable_new ();
  self->unit = g_string_new (NULL);
  self->typed = g_string_new (NULL);
  g_signal_connect (self->keypad, "key", G_CALLBACK (on_key), self);
  g_signal_connect (self->guardian_keypad, "key", G_CALLBACK (on_key), self);
  g_signal_connect (self->consent_check, "toggled", G_CALLBACK (on_consent_toggled), self);
}

GtkWidget *
lt_resident_page_new (LtHost *host)
{
  g_return_val_if_fail (LT_IS_HOST (host), NULL);

  return g_object_new (LT_TYPE_RESIDENT_PAGE, "host", host, NULL);
}
