/* lt-guard-page.c: the guard screen, after a staff sign-in
 *
 * Shows the door (lock, contact, alarm) as the engine host reports it,
 * lets the guard release the door remotely (the engine records it under
 * the guard's id) and lists the last day's access events in words. The
 * guard also issues visitor passes here — unit on the keypad, a validity
 * preset, a number of entries, an optional name — and the pass's QR code
 * then fills the screen for the visitor to photograph; the active passes
 * are listed, each with a Revoke button. The page only shows: events and
 * passes come from the host's queries (a reading connection off this
 * thread), everything that changes the door or a pass goes through the
 * host; the events' words are lt-event-words.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-guard-page"

#include "lt-guard-page-private.h"
#include "lt-event-words.h"
#include "lt-keypad.h"
#include "lt-pass-token.h"
#include "lt-qr-texture.h"
#include "lt-time.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#define MAX_EVENTS      50
/* Lock and contact changes are left out of the list: read enough rows
 * that MAX_EVENTS remain after them. */
#define EVENT_ROWS      (MAX_EVENTS * 6)
#define EVENT_WINDOW_US (24 * G_TIME_SPAN_HOUR)
#define REFRESH_DELAY_MS 200  /* one refresh for a burst of door changes */
#define QR_SCALE        10    /* pixels a module; the picture scales the whole */
#define NAME_MAX_CHARS  32
#define CUSTOM_MAX_DAYS 7     /* how far ahead a custom pass may start */
#define CUSTOM_MAX_HOURS 24   /* and how long it may last */

struct _LtGuardPage {
  GtkWidget     parent_instance;

  LtHost       *host;
  GCancellable *cancellable;   /* every query and call; cancelled in dispose */
  gint64        staff_id;
  char         *staff_name;

  GtkWidget    *content;
  GtkLabel     *title_label;
  GtkLabel     *lock_label;
  GtkLabel     *door_label;
  GtkWidget    *alarm_box;
  GtkLabel     *alarm_label;
  GtkBox       *events_list;
  GtkLabel     *events_empty;
  GtkWidget    *passes_box;
  GtkStack     *stack;
  GtkWidget    *new_pass_button;
  GtkLabel     *passes_error;
  GtkLabel     *passes_empty;
  GtkBox       *passes_list;
  GtkBox       *issue_box;
  GtkLabel     *unit_display;
  LtKeypad     *keypad;
  GtkWidget    *custom_grid;
  GtkLabel     *custom_start_label;
  GtkLabel     *custom_end_label;
  GtkEntry     *name_entry;
  GtkLabel     *issue_error;
  GtkLabel     *pass_words;
  GtkPicture   *qr_picture;

  gboolean      acknowledged;  /* the current alarm was acknowledged */
  GSource      *refresh_timer;
  GBinding     *lock_binding;
  GBinding     *door_binding;

  /* the pass being set up */
  GString      *unit;
  char         *validity;      /* "2h", "4h", "today" or "custom" */
  guint         uses;          /* 0: unlimited within the window */
  gint64        custom_from_us;
  gint64        custom_until_us;
  gboolean      issuing;       /* the engine is signing it */
  char         *last_token;
  gint64        last_pass_id;
};

enum {
  PROP_0,
  PROP_HOST,
  PROP_STAFF_ID,
  PROP_STAFF_NAME,
  PROP_PASS_VALIDITY,
  PROP_PASS_USES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGN_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void refresh_passes (LtGuardPage *self);

G_DEFINE_FINAL_TYPE (LtGuardPage, lt_guard_page, GTK_TYPE_WIDGET)

/* ---- events ---------------------------------------------------------------------- */

static const char *
alarm_state_words (LtAlarm alarm)
{
  switch (alarm) {
  case LT_ALARM_HELD:
    return _("Alarm: the door is held open");
  case LT_ALARM_FORCED:
    return _("Alarm: the door was forced open");
  case LT_ALARM_TAMPER:
    return _("Alarm: the terminal's tamper switch was triggered");
  case LT_ALARM_NONE:
  case LT_N_ALARMS:
  default:
    return _("No alarm");
  }
}

static GtkWidget *
make_row (gint64      time_us,
          const char *text)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autofree char *hhmm = g_date_time_format (when, "%H:%M");
  g_autofree char *line = g_strdup_printf ("%s  %s", hhmm, text);
  GtkWidget *label = gtk_label_new (line);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "event");
  return label;
}

static void
on_events_listed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = lt_host_list_events_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;
  GtkWidget *child;
  guint shown = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* the page is gone */
  self = LT_GUARD_PAGE (user_data);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->events_list))) != NULL)
    gtk_box_remove (self->events_list, child);
  if (events == NULL) {
    g_autofree char *text = g_strdup_printf (_("The event list could not be read: %s"), error->message);

    gtk_label_set_label (self->events_empty, text);
    gtk_widget_set_visible (GTK_WIDGET (self->events_empty), TRUE);
    return;
  }
  /* The newest first. */
  for (guint i = 0; i < events->len && shown < MAX_EVENTS; i++) {
    const LtEvent *event = g_ptr_array_index (events, i);
    g_autofree char *text = lt_event_words (event);

    if (text != NULL) {
      gtk_box_append (self->events_list, make_row (event->time_us, text));
      shown++;
    }
  }
  gtk_label_set_label (self->events_empty, _("No access events in the last 24 hours."));
  gtk_widget_set_visible (GTK_WIDGET (self->events_empty), shown == 0);
}

static void
refresh_events (LtGuardPage *self)
{
  lt_host_list_events_async (self->host, g_get_real_time () - EVENT_WINDOW_US, EVENT_ROWS, self->cancellable,
                             on_events_listed, self);
}

static gboolean
on_refresh_timeout (gpointer user_data)
{
  LtGuardPage *self = LT_GUARD_PAGE (user_data);

  g_clear_pointer (&self->refresh_timer, g_source_unref);
  refresh_events (self);
  /* A QR presentation may have used a pass up. */
  refresh_passes (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (LtGuardPage *self)
{
  if (self->refresh_timer != NULL)
    return;
  self->refresh_timer = g_timeout_source_new (REFRESH_DELAY_MS);
  g_source_set_callback (self->refresh_timer, on_refresh_timeout, self, NULL);
  g_source_attach (self->refresh_timer, NULL);
}

/* ---- door state --------------------------------------------------------------- */

static gboolean
unlocked_to_label (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  g_value_set_string (to, g_value_get_boolean (from) ? C_("lock state", "Unlocked") : C_("lock state", "Locked"));
  return TRUE;
}

static gboolean
open_to_label (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  LtGuardPage *self = user_data;
  gboolean active;

  /* Without a contact the door's position is not known: say so. */
  if (!lt_host_get_line_state (self->host, LT_LINE_CONTACT, &active))
    g_value_set_string (to, _("Door contact not wired"));
  else
    g_value_set_string (to, g_value_get_boolean (from) ? C_("door state", "Open") : C_("door state", "Closed"));
  return TRUE;
}

static void
update_alarm (LtGuardPage *self)
{
  LtAlarm alarm = lt_host_get_alarm (self->host);
  gboolean show = alarm != LT_ALARM_NONE && !self->acknowledged;

  gtk_label_set_label (self->alarm_label, alarm_state_words (alarm));
  gtk_widget_set_visible (self->alarm_box, show);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.acknowledge", show);
}

static void
on_alarm_changed (LtHost       *host,
                  GParamSpec   *pspec,
                  LtGuardPage  *self)
{
  /* A new alarm (or its end) is news again. */
  self->acknowledged = FALSE;
  update_alarm (self);
  queue_refresh (self);
}

static void
on_door_changed (LtHost       *host,
                 GParamSpec   *pspec,
                 LtGuardPage  *self)
{
  queue_refresh (self);
}

static void
on_decision (LtHost               *host,
             const LtHostDecision *decision,
             LtGuardPage          *self)
{
  queue_refresh (self);
}

/* ---- visitor passes in words ------------------------------------------------ */

/* "today 14:00", "tomorrow 09:00", "12/05 09:00". */
static char *
when_words (GDateTime *when,
            GDateTime *now)
{
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autofree char *hhmm = g_date_time_format (when, "%H:%M");
  GTimeSpan days = g_date_time_difference (when, today);

  if (days >= 0 && days < G_TIME_SPAN_DAY)
    /* Translators: %s is a time of day, e.g. 14:00 */
    return g_strdup_printf (_("today %s"), hhmm);
  if (days >= G_TIME_SPAN_DAY && days < 2 * G_TIME_SPAN_DAY)
    return g_strdup_printf (_("tomorrow %s"), hhmm);
  if (days < 0 && days >= -G_TIME_SPAN_DAY)
    return g_strdup_printf (_("yesterday %s"), hhmm);
  /* Translators: a day and a time on a visitor pass; strftime codes, e.g. "%m月%d日 %H:%M" */
  return g_date_time_format (when, _("%d/%m %H:%M"));
}

/* "today 14:00–16:00", or "today 22:00 – tomorrow 02:00" across midnight. */
static char *
window_words (gint64 from_us,
              gint64 until_us)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (from_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) until = g_date_time_new_from_unix_local (until_us / G_USEC_PER_SEC);
  g_autofree char *start = when_words (from, now);

  if (g_date_time_get_year (from) == g_date_time_get_year (until) &&
      g_date_time_get_day_of_year (from) == g_date_time_get_day_of_year (until)) {
    g_autofree char *end = g_date_time_format (until, "%H:%M");

    /* Translators: a pass's hours on one day: "today 14:00" and "16:00" */
    return g_strdup_printf (_("%s–%s"), start, end);
  } else {
    g_autofree char *end = when_words (until, now);

    /* Translators: a pass's hours over two days: "today 22:00" and "tomorrow 02:00" */
    return g_strdup_printf (_("%s – %s"), start, end);
  }
}

static char *
entries_words (guint max_uses)
{
  if (max_uses == 0)
    return g_strdup (_("unlimited entries"));
  return g_strdup_printf (g_dngettext (NULL, "%u entry", "%u entries", max_uses), max_uses);
}

static char *
entries_left_words (const LtPassInfo *pass)
{
  guint left;

  if (pass->max_uses == 0)
    return g_strdup (_("unlimited entries"));
  left = pass->uses < pass->max_uses ? pass->max_uses - pass->uses : 0;
  return g_strdup_printf (g_dngettext (NULL, "%u entry left", "%u entries left", left), left);
}

/* ---- the active passes ------------------------------------------------------------ */

static GtkWidget *
make_pass_row (const LtPassInfo *pass)
{
  g_autofree char *window = window_words (pass->valid_from_us, pass->valid_until_us);
  g_autofree char *left = entries_left_words (pass);
  g_autofree char *unit = g_strdup_printf (_("Unit %s"), pass->unit);
  g_autofree char *text = NULL;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label;
  GtkWidget *revoke;

  if (pass->visitor_name != NULL && pass->visitor_name[0] != '\0')
    text = g_strdup_printf ("%s — %s\n%s — %s", unit, pass->visitor_name, window, left);
  else
    text = g_strdup_printf ("%s\n%s — %s", unit, window, left);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "event");
  gtk_box_append (GTK_BOX (row), label);

  revoke = gtk_button_new_with_label (_("Revoke"));
  gtk_widget_set_valign (revoke, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (revoke), "guard.revoke-pass");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (revoke), g_variant_new_int64 (pass->id));
  gtk_widget_add_css_class (revoke, "destructive-action");
  gtk_widget_add_css_class (revoke, "revoke");
  gtk_box_append (GTK_BOX (row), revoke);
  gtk_widget_add_css_class (row, "pass");
  return row;
}

static void
on_passes_listed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) passes = lt_host_list_passes_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->passes_list))) != NULL)
    gtk_box_remove (self->passes_list, child);
  if (passes == NULL) {
    g_autofree char *text = g_strdup_printf (_("The visitor passes could not be read: %s"), error->message);

    gtk_label_set_label (self->passes_empty, text);
    gtk_widget_set_visible (GTK_WIDGET (self->passes_empty), TRUE);
    return;
  }
  for (guint i = 0; i < passes->len; i++)
    gtk_box_append (self->passes_list, make_pass_row (g_ptr_array_index (passes, i)));
  gtk_label_set_label (self->passes_empty, _("No active visitor passes."));
  gtk_widget_set_visible (GTK_WIDGET (self->passes_empty), passes->len == 0);
}

static void
refresh_passes (LtGuardPage *self)
{
  lt_host_list_passes_async (self->host, self->cancellable, on_passes_listed, self);
}

/* ---- a new pass ----------------------------------------------------------------------- */

static gint64
floor_to (gint64 time_us,
          gint64 step_us)
{
  return time_us - time_us % step_us;
}

static void
update_custom (LtGuardPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (self->custom_from_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) until = g_date_time_new_from_unix_local (self->custom_until_us / G_USEC_PER_SEC);
  g_autofree char *from_when = when_words (from, now);
  g_autofree char *until_when = when_words (until, now);
  /* Translators: the start of a custom pass, e.g. "From today 14:00" */
  g_autofree char *from_text = g_strdup_printf (_("From %s"), from_when);
  /* Translators: the end of a custom pass, e.g. "Until today 16:00" */
  g_autofree char *until_text = g_strdup_printf (_("Until %s"), until_when);

  gtk_label_set_label (self->custom_start_label, from_text);
  gtk_label_set_label (self->custom_end_label, until_text);
}

static void
update_unit (LtGuardPage *self)
{
  gtk_label_set_label (self->unit_display, self->unit->len ? self->unit->str : " ");
}

static void
show_issue_error (LtGuardPage *self,
                  const char  *text)
{
  gtk_label_set_label (self->issue_error, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->issue_error), text != NULL);
}

static void
on_keypad_key (LtKeypad    *keypad,
               const char  *key,
               LtGuardPage *self)
{
  if (g_str_equal (key, "back")) {
    if (self->unit->len > 0)
      g_string_truncate (self->unit, self->unit->len - 1);
  } else if (self->unit->len < LT_PASS_UNIT_MAX_BYTES) {
    g_string_append (self->unit, key);
  }
  show_issue_error (self, NULL);
  update_unit (self);
}

/* The window the chosen preset means, from now. */
static void
pass_window (LtGuardPage *self,
             gint64      *from_us,
             gint64      *until_us)
{
  gint64 now = floor_to (g_get_real_time (), G_TIME_SPAN_MINUTE);

  *from_us = now;
  if (g_str_equal (self->validity, "4h")) {
    *until_us = now + 4 * G_TIME_SPAN_HOUR;
  } else if (g_str_equal (self->validity, "today")) {
    g_autoptr(GDateTime) local = g_date_time_new_now_local ();
    g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                                           g_date_time_get_day_of_month (local), 23, 59, 0);
    *until_us = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  } else if (g_str_equal (self->validity, "custom")) {
    *from_us = self->custom_from_us;
    *until_us = self->custom_until_us;
  } else {
    *until_us = now + 2 * G_TIME_SPAN_HOUR;
  }
}

/* Latin letters, digits and spaces: what the token and a guard's
 * keyboard can both carry. NULL and no error for no name at all. */
static char *
clean_name (const char *text,
            gboolean   *valid)
{
  g_autofree char *name = g_strstrip (g_strdup (text ? text : ""));

  *valid = TRUE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != ' ')
      *valid = FALSE;
  if (!*valid || name[0] == '\0')
    return NULL;
  return g_steal_pointer (&name);
}

static void
on_pass_issued (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LtIssuedPass) issued = lt_host_issue_pass_finish (LT_HOST (source), result, &error);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *window = NULL;
  g_autofree char *entries = NULL;
  g_autofree char *words = NULL;
  LtGuardPage *self;

  /* Signed out meanwhile: the pass exists, its screen does not. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  self->issuing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.issue-pass", TRUE);
  refresh_events (self);
  refresh_passes (self);
  if (issued == NULL) {
    g_autofree char *text = g_strdup_printf (_("The pass was not issued: %s"), error->message);
    show_issue_error (self, text);
    return;
  }

  g_free (self->last_token);
  self->last_token = g_strdup (issued->token);
  self->last_pass_id = issued->pass->id;
  texture = lt_qr_texture_new (issued->token, QR_SCALE, &error);
  if (texture == NULL) {
    show_issue_error (self, error->message);
    return;
  }
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));

  /* In the words the store keeps, so the screen says what was signed. */
  window = window_words (issued->pass->valid_from_us, issued->pass->valid_until_us);
  entries = entries_words (issued->pass->max_uses);
  /* Translators: "Valid today 14:00–16:00, 1 entry, unit 3-1203" */
  words = g_strdup_printf (_("Valid %1$s, %2$s, unit %3$s"), window, entries, issued->pass->unit);
  if (issued->pass->visitor_name != NULL) {
    g_autofree char *line = words;
    /* Translators: %1$s is the pass in words, %2$s the visitor's name */
    words = g_strdup_printf (_("%1$s\nVisitor: %2$s"), line, issued->pass->visitor_name);
  }
  gtk_label_set_label (self->pass_words, words);
  gtk_stack_set_visible_child_name (self->stack, "pass");
}

/* ---- properties ---------------------------------------------------------------------- */

static void
set_validity (LtGuardPage *self,
              const char  *validity)
{
  static const char * const presets[] = { "2h", "4h", "today", "custom", NULL };

  if (validity == NULL || !g_strv_contains (presets, validity)) {
    g_warning ("Unknown pass validity “%s”", validity ? validity : "(null)");
    return;
  }
  if (g_strcmp0 (self->validity, validity) == 0)
    return;
  g_free (self->validity);
  self->validity = g_strdup (validity);
  gtk_widget_set_visible (self->custom_grid, g_str_equal (validity, "custom"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASS_VALIDITY]);
}

static void
set_uses (LtGuardPage *self,
          guint        uses)
{
  if (self->uses == uses)
    return;
  self->uses = uses;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASS_USES]);
}

static void
lt_guard_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LtGuardPage *self = LT_GUARD_PAGE (object);

  switch (prop_id) {
  case PROP_HOST:
    g_value_set_object (value, self->host);
    break;
  case PROP_STAFF_ID:
    g_value_set_int64 (value, self->staff_id);
    break;
  case PROP_STAFF_NAME:
    g_value_set_string (value, self->staff_name);
    break;
  case PROP_PASS_VALIDITY:
    g_value_set_string (value, self->validity);
    break;
  case PROP_PASS_USES:
    g_value_set_uint (value, self->uses);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_guard_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LtGuardPage *self = LT_GUARD_PAGE (object);

  switch (prop_id) {
  case PROP_HOST:
    self->host = g_value_dup_object (value);
    break;
  case PROP_STAFF_ID:
    self->staff_id = g_value_get_int64 (value);
    break;
  case PROP_STAFF_NAME:
    self->staff_name = g_value_dup_string (value);
    break;
  case PROP_PASS_VALIDITY:
    set_validity (self, g_value_get_string (value));
    break;
  case PROP_PASS_USES:
    set_uses (self, g_value_get_uint (value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

/* ---- actions ------------------------------------------------------------------ */

/* Remote unlock and acknowledgement: the door state and the event list
 * show what they did; a failure is logged. */
static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lt_host_call_finish (LT_HOST (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Guard request failed: %s", error->message);
}

static void
action_sign_out (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGN_OUT], 0);
}

static void
action_unlock (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);

  lt_host_remote_unlock_async (self->host, self->staff_id, self->cancellable, on_call_done, NULL);
}

/* Hides the banner until the alarm changes; the engine records who
 * acknowledged which alarm, and the event list shows it. */
static void
action_acknowledge (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);
  LtAlarm alarm = lt_host_get_alarm (self->host);

  if (alarm == LT_ALARM_NONE || self->acknowledged)
    return;
  self->acknowledged = TRUE;
  lt_host_acknowledge_alarm_async (self->host, self->staff_id, self->cancellable, on_call_done, NULL);
  update_alarm (self);
  queue_refresh (self);
}

static void
action_refresh (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh_events (LT_GUARD_PAGE (widget));
  refresh_passes (LT_GUARD_PAGE (widget));
}

static void
action_new_pass (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);
  gint64 hour = floor_to (g_get_real_time (), G_TIME_SPAN_HOUR);

  g_string_truncate (self->unit, 0);
  update_unit (self);
  set_validity (self, "2h");
  set_uses (self, 1);
  self->custom_from_us = hour;
  self->custom_until_us = hour + 2 * G_TIME_SPAN_HOUR;
  update_custom (self);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  show_issue_error (self, NULL);
  /* Keypad beside the choices, or above them on a portrait panel. The
   * window's size is fixed by then, so this is decided once per form. */
  {
    GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
    gboolean portrait = root != NULL && gtk_widget_get_width (root) < gtk_widget_get_height (root);

    gtk_orientable_set_orientation (GTK_ORIENTABLE (self->issue_box),
                                    portrait ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  }
  gtk_stack_set_visible_child_name (self->stack, "issue");
}

static void
action_cancel_pass (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "main");
}

/* Hour steps: the start never before this hour nor more than a week
 * ahead, the end one to CUSTOM_MAX_HOURS hours after the start. */
static void
action_custom_step (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);
  gint64 step = (gint64) g_variant_get_int32 (parameter) * G_TIME_SPAN_HOUR;
  gint64 earliest = floor_to (g_get_real_time (), G_TIME_SPAN_HOUR);
  gint64 length = self->custom_until_us - self->custom_from_us;

  if (g_str_equal (action_name, "guard.custom-start")) {
    self->custom_from_us = CLAMP (self->custom_from_us + step, earliest,
                                  earliest + CUSTOM_MAX_DAYS * G_TIME_SPAN_DAY);
    /* The end moves along, keeping the pass as long as it was. */
    self->custom_until_us = self->custom_from_us + length;
  } else {
    self->custom_until_us = CLAMP (self->custom_until_us + step, self->custom_from_us + G_TIME_SPAN_HOUR,
                                   self->custom_from_us + CUSTOM_MAX_HOURS * G_TIME_SPAN_HOUR);
  }
  update_custom (self);
}

static void
on_unit_checked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean exists = lt_host_unit_exists_finish (LT_HOST (source), result, &error);
  g_autofree char *name = NULL;
  LtGuardPage *self;
  gint64 from_us, until_us;
  gboolean valid;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  if (!exists) {
    g_autofree char *text = error != NULL ? g_strdup_printf (_("The pass was not issued: %s"), error->message)
                                          : g_strdup_printf (_("There is no unit %s in this building. Check the number."),
                                                             self->unit->str);
    self->issuing = FALSE;
    show_issue_error (self, text);
    return;
  }
  name = clean_name (gtk_editable_get_text (GTK_EDITABLE (self->name_entry)), &valid);
  pass_window (self, &from_us, &until_us);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.issue-pass", FALSE);
  lt_host_issue_pass_async (self->host, self->unit->str, from_us, until_us, self->uses, self->staff_id, name,
                            self->cancellable, on_pass_issued, self);
}

/* Checks what the page can, then asks the host whether the unit exists,
 * then issues. */
static void
action_issue_pass (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);
  g_autofree char *name = NULL;
  gint64 from_us, until_us;
  gboolean valid;

  if (self->issuing)
    return;
  if (self->unit->len == 0) {
    show_issue_error (self, _("Enter the unit number first."));
    return;
  }
  name = clean_name (gtk_editable_get_text (GTK_EDITABLE (self->name_entry)), &valid);
  if (!valid) {
    show_issue_error (self, _("The visitor's name may only use Latin letters, digits and spaces. Change it or leave it empty."));
    return;
  }
  pass_window (self, &from_us, &until_us);
  if (until_us <= g_get_real_time ()) {
    show_issue_error (self, _("This pass would already be over. Choose later hours."));
    return;
  }
  show_issue_error (self, NULL);
  self->issuing = TRUE;
  lt_host_unit_exists_async (self->host, self->unit->str, self->cancellable, on_unit_checked, self);
}

/* The code leaves the screen with the visitor. */
static void
action_pass_done (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);

  gtk_picture_set_paintable (self->qr_picture, NULL);
  gtk_label_set_label (self->pass_words, "");
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static void
on_pass_revoked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean revoked = lt_host_call_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  if (!revoked) {
    g_autofree char *text = g_strdup_printf (_("The pass was not revoked: %s"), error->message);
    gtk_label_set_label (self->passes_error, text);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->passes_error), !revoked);
  refresh_passes (self);
  refresh_events (self);
}

static void
action_revoke_pass (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);

  lt_host_revoke_pass_async (self->host, g_variant_get_int64 (parameter), self->staff_id, self->cancellable,
                             on_pass_revoked, self);
}

/* ---- life cycle ----------------------------------------------------------------- */

static void
lt_guard_page_constructed (GObject *object)
{
  LtGuardPage *self = LT_GUARD_PAGE (object);
  g_autofree char *title = g_strdup_printf (_("Guard: %s"), self->staff_name);
  /* Never a button that does nothing: passes only where this terminal
   * holds the site's signing key. */
  gboolean can_issue = lt_host_can_issue_passes (self->host);

  G_OBJECT_CLASS (lt_guard_page_parent_class)->constructed (object);

  gtk_label_set_label (self->title_label, title);
  self->lock_binding = g_object_bind_property_full (self->host, "unlocked", self->lock_label, "label",
                                                    G_BINDING_SYNC_CREATE, unlocked_to_label, NULL, NULL, NULL);
  self->door_binding = g_object_bind_property_full (self->host, "open", self->door_label, "label",
                                                    G_BINDING_SYNC_CREATE, open_to_label, NULL, self, NULL);
  g_signal_connect (self->host, "notify::alarm", G_CALLBACK (on_alarm_changed), self);
  g_signal_connect (self->host, "notify::unlocked", G_CALLBACK (on_door_changed), self);
  g_signal_connect (self->host, "notify::open", G_CALLBACK (on_door_changed), self);
  g_signal_connect (self->host, "decision", G_CALLBACK (on_decision), self);
  gtk_widget_set_visible (self->new_pass_button, can_issue);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.new-pass", can_issue);
  update_alarm (self);
  refresh_events (self);
  refresh_passes (self);
}

static void
lt_guard_page_dispose (GObject *object)
{
  LtGuardPage *self = LT_GUARD_PAGE (object);

  lt_clear_source (&self->refresh_timer);
  /* Answers to this page's queries and calls are dropped. */
  g_cancellable_cancel (self->cancellable);
  /* Before the labels go: the door binding calls back into this page. */
  g_clear_pointer (&self->lock_binding, g_binding_unbind);
  g_clear_pointer (&self->door_binding, g_binding_unbind);
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  gtk_widget_dispose_template (GTK_WIDGET (self), LT_TYPE_GUARD_PAGE);
  G_OBJECT_CLASS (lt_guard_page_parent_class)->dispose (object);
}

static void
lt_guard_page_finalize (GObject *object)
{
  LtGuardPage *self = LT_GUARD_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->staff_name);
  g_string_free (self->unit, TRUE);
  g_free (self->validity);
  g_free (self->last_token);
  G_OBJECT_CLASS (lt_guard_page_parent_class)->finalize (object);
}

static void
lt_guard_page_class_init (LtGuardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lt_guard_page_constructed;
  object_class->get_property = lt_guard_page_get_property;
  object_class->set_property = lt_guard_page_set_property;
  object_class->dispose = lt_guard_page_dispose;
  object_class->finalize = lt_guard_page_finalize;

  properties[PROP_HOST] =
    g_param_spec_object ("host", NULL, NULL, LT_TYPE_HOST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAFF_ID] =
    g_param_spec_int64 ("staff-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAFF_NAME] =
    g_param_spec_string ("staff-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * LtGuardPage:pass-validity:
   *
   * The new pass's hours: "2h", "4h", "today" or "custom".
   */
  properties[PROP_PASS_VALIDITY] =
    g_param_spec_string ("pass-validity", NULL, NULL, "2h",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LtGuardPage:pass-uses:
   *
   * The new pass's entries; 0 for any number within its hours.
   */
  properties[PROP_PASS_USES] =
    g_param_spec_uint ("pass-uses", NULL, NULL, 0, LT_PASS_MAX_USES, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LtGuardPage::sign-out:
   *
   * The guard leaves: the kiosk returns to the lobby.
   */
  signals[SIGN_OUT] = g_signal_new ("sign-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (LT_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/lintel/Kiosk/lt-guard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, content);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, lock_label);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, door_label);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, alarm_box);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, alarm_label);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, events_list);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, events_empty);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, passes_box);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, new_pass_button);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, passes_error);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, passes_empty);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, passes_list);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, issue_box);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, unit_display);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, keypad);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, custom_grid);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, custom_start_label);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, custom_end_label);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, issue_error);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, pass_words);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, qr_picture);

  gtk_widget_class_install_action (widget_class, "guard.sign-out", NULL, action_sign_out);
  gtk_widget_class_install_action (widget_class, "guard.unlock", NULL, action_unlock);
  gtk_widget_class_install_action (widget_class, "guard.acknowledge", NULL, action_acknowledge);
  gtk_widget_class_install_action (widget_class, "guard.refresh", NULL, action_refresh);
  gtk_widget_class_install_action (widget_class, "guard.new-pass", NULL, action_new_pass);
  gtk_widget_class_install_action (widget_class, "guard.cancel-pass", NULL, action_cancel_pass);
  gtk_widget_class_install_property_action (widget_class, "guard.pass-validity", "pass-validity");
  gtk_widget_class_install_property_action (widget_class, "guard.pass-uses", "pass-uses");
  gtk_widget_class_install_action (widget_class, "guard.custom-start", "i", action_custom_step);
  gtk_widget_class_install_action (widget_class, "guard.custom-end", "i", action_custom_step);
  gtk_widget_class_install_action (widget_class, "guard.issue-pass", NULL, action_issue_pass);
  gtk_widget_class_install_action (widget_class, "guard.pass-done", NULL, action_pass_done);
  gtk_widget_class_install_action (widget_class, "guard.revoke-pass", "x", action_revoke_pass);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "guardpage");
}

static void
lt_guard_page_init (LtGuardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  self->unit = g_string_new (NULL);
  self->validity = g_strdup ("2h");
  self->uses = 1;
  lt_keypad_set_dash (self->keypad, TRUE);
  g_signal_connect (self->keypad, "key", G_CALLBACK (on_keypad_key), self);
}

GtkWidget *
lt_guard_page_new (LtHost     *host,
                   gint64      staff_id,
                   const char *staff_name)
{
  g_return_val_if_fail (LT_IS_HOST (host), NULL);
  g_return_val_if_fail (staff_id > 0, NULL);
  g_return_val_if_fail (staff_name != NULL, NULL);

  return g_object_new (LT_TYPE_GUARD_PAGE, "host", host, "staff-id", staff_id, "staff-name", staff_name, NULL);
}

/* ---- for tests and accessibility tools --------------------------------------------- */

/* Clicks the unit keypad's buttons for each character of KEYS. */
void
lt_guard_page_press (LtGuardPage *self,
                     const char  *keys)
{
  g_return_if_fail (LT_IS_GUARD_PAGE (self));
  g_return_if_fail (keys != NULL);

  for (const char *k = keys; *k; k++) {
    char key[2] = { *k, '\0' };
    GtkWidget *button = lt_keypad_get_button (self->keypad, key);

    if (button != NULL)
      g_signal_emit_by_name (button, "clicked");
  }
}

void
lt_guard_page_set_visitor_name (LtGuardPage *self,
                                const char  *name)
{
  g_return_if_fail (LT_IS_GUARD_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name ? name : "");
}

/* "main", "issue" (the new pass's form) or "pass" (its QR code). */
const char *
lt_guard_page_get_view (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
lt_guard_page_get_unit (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  return self->unit->str;
}

/* The error on the new pass's form, or NULL. */
const char *
lt_guard_page_get_issue_error (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->issue_error)) ? gtk_label_get_label (self->issue_error) : NULL;
}

const char *
lt_guard_page_get_last_token (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  return self->last_token;
}

gint64
lt_guard_page_get_last_pass_id (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), 0);

  return self->last_pass_id;
}

/* The words under the QR code: validity, entries, unit. */
const char *
lt_guard_page_get_pass_words (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  return gtk_label_get_label (self->pass_words);
}

GtkPicture *
lt_guard_page_get_qr_picture (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  return self->qr_picture;
}

/* The active passes as listed, one line each. */
char *
lt_guard_page_dup_passes (LtGuardPage *self)
{
  GString *text;

  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  text = g_string_new (NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->passes_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row)) {
    GtkWidget *label = gtk_widget_get_first_child (row);
    g_autofree char *line = g_strdup (gtk_label_get_label (GTK_LABEL (label)));

    g_strdelimit (line, "\n", ' ');
    g_string_append_printf (text, "%s\n", line);
  }
  return g_string_free (text, FALSE);
}
