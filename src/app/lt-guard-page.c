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
#include "lt-decision-words.h"
#include "lt-event-words.h"
#include "lt-pass-form.h"
#include "lt-pass-words.h"
#include "lt-qr-texture.h"
#include "lt-staff-page.h"
#include "lt-time.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#define MAX_EVENTS 50
/* Lock and contact changes are left out of the list: read enough rows
 * that MAX_EVENTS remain after them. */
#define EVENT_ROWS             (MAX_EVENTS * 6)
#define EVENT_WINDOW_US        (24 * G_TIME_SPAN_HOUR)
#define REFRESH_DELAY_MS       200 /* one refresh for a burst of door changes */
#define QR_SCALE               10  /* pixels a module; the picture scales the whole */
#define UNLOCK_CONFIRM_SECONDS 5   /* a first tap on Unlock waits this long for the second */

struct _LtGuardPage {
  LtStaffPage parent_instance;

  LtHost       *host;        /* the base class's */
  GCancellable *cancellable; /* the base class\'s, for every query and call */
  gint64        staff_id;
  const char   *staff_name;

  GtkWidget  *content;
  GtkLabel   *title_label;
  GtkLabel   *lock_label;
  GtkLabel   *door_label;
  GtkWidget  *alarm_box;
  GtkWidget  *acknowledge_button;
  GtkButton  *unlock_button;
  GSource    *unlock_confirm; /* armed by a first tap on Unlock */
  gint64      help_seen_us;   /* the newest help event already sounded */
  guint       help_calls;     /* how often a new one sounded */
  GtkLabel   *alarm_label;
  GtkBox     *events_list;
  GtkLabel   *events_empty;
  GtkWidget  *passes_box;
  GtkStack   *stack;
  GtkWidget  *new_pass_button;
  GtkLabel   *passes_error;
  GtkLabel   *passes_empty;
  GtkBox     *passes_list;
  LtPassForm *pass_form;
  GtkLabel   *pass_words;
  GtkPicture *qr_picture;

  gboolean  acknowledged; /* the current alarm was acknowledged */
  GSource  *refresh_timer;
  GBinding *lock_binding;
  GBinding *door_binding;

  /* the pass being issued */
  gboolean         issuing; /* the host is checking or signing it */
  LtPassFormValues request;
  char            *last_token;
  gint64           last_pass_id;
};

static void refresh_passes (LtGuardPage *self);

G_DEFINE_FINAL_TYPE (LtGuardPage, lt_guard_page, LT_TYPE_STAFF_PAGE)

/* ---- events ---------------------------------------------------------------------- */

static GtkWidget *
make_row (gint64      time_us,
          const char *text)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autofree char *hhmm = g_date_time_format (when, "%H:%M");
  g_autofree char *line = g_strdup_printf ("%s  %s", hhmm, text);
  GtkWidget       *label = gtk_label_new (line);

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
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = lt_host_list_events_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;
  GtkWidget   *child;
  guint        shown = 0;
  gint64       newest_help = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the page is gone */
  self = LT_GUARD_PAGE (user_data);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->events_list))) != NULL)
    gtk_box_remove (self->events_list, child);
  if (events == NULL) {
    g_autofree char *text = g_strdup_printf (_ ("The event list could not be read: %s"), error->message);

    gtk_label_set_label (self->events_empty, text);
    gtk_widget_set_visible (GTK_WIDGET (self->events_empty), TRUE);
    return;
  }
  /* The newest first. */
  for (guint i = 0; i < events->len && shown < MAX_EVENTS; i++) {
    const LtEvent   *event = g_ptr_array_index (events, i);
    g_autofree char *text = lt_event_words_named (event, lt_host_get_config (self->host)->guard_show_names);

    if (text != NULL) {
      GtkWidget *row = make_row (event->time_us, text);

      /* A call for help stands out, and sounds once when first seen. */
      if (event->kind == LT_EVENT_KIND_HELP) {
        gtk_widget_add_css_class (row, "alarm");
        newest_help = MAX (newest_help, event->time_us);
      }
      gtk_box_append (self->events_list, row);
      shown++;
    }
  }
  if (newest_help > self->help_seen_us) {
    self->help_seen_us = newest_help;
    self->help_calls++;
    gtk_widget_activate_action (GTK_WIDGET (self), "app.tone", "s", "denied");
  }
  gtk_label_set_label (self->events_empty, _ ("No access events in the last 24 hours."));
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

/* "Door locked · closed": one line from the host's door state, whichever
 * of its properties changed. */
static gboolean
door_to_label (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  LtGuardPage *self = user_data;
  gboolean     active;
  gboolean     wired = lt_host_get_line_state (self->host, LT_LINE_CONTACT, &active);

  g_value_take_string (to, lt_door_state_words (lt_host_get_unlocked (self->host), wired,
                                                lt_host_get_open (self->host)));
  return TRUE;
}

static void
update_alarm (LtGuardPage *self)
{
  LtAlarm  alarm = lt_host_get_alarm (self->host);
  gboolean pending = lt_host_get_alarm_pending (self->host);
  /* Forced and tamper wait for an acknowledgement; held-open can be
   * acknowledged once (recorded) and ends when the door closes. */
  gboolean         can_ack = alarm != LT_ALARM_NONE && (pending || !self->acknowledged);
  g_autofree char *words = g_strdup_printf ("%s\n%s", lt_alarm_state_words (alarm),
                                            lt_alarm_live_words (lt_host_get_alarm_active (self->host),
                                                                 pending));

  /* The banner stays, with its live state, as long as the door shows
   * the alarm. */
  gtk_label_set_label (self->alarm_label, words);
  gtk_widget_set_visible (self->alarm_box, alarm != LT_ALARM_NONE);
  gtk_widget_set_visible (self->acknowledge_button, can_ack);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.acknowledge", can_ack);
}

static void
on_alarm_changed (LtHost      *host,
                  GParamSpec  *pspec,
                  LtGuardPage *self)
{
  /* A new alarm (or its end) is news again. */
  self->acknowledged = FALSE;
  update_alarm (self);
  queue_refresh (self);
}

static void
on_door_changed (LtHost      *host,
                 GParamSpec  *pspec,
                 LtGuardPage *self)
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

/* ---- the active passes ------------------------------------------------------------ */

static GtkWidget *
make_pass_row (const LtPassInfo *pass)
{
  g_autofree char *window = lt_pass_window_words (pass->valid_from_us, pass->valid_until_us);
  g_autofree char *left = lt_pass_entries_left_words (pass->max_uses, pass->uses);
  g_autofree char *unit = g_strdup_printf (_ ("Unit %s"), pass->unit);
  g_autofree char *text = NULL;
  GtkWidget       *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget       *label;
  GtkWidget       *revoke;

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

  revoke = gtk_button_new_with_label (_ ("Revoke"));
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
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) passes = lt_host_list_passes_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;
  GtkWidget   *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->passes_list))) != NULL)
    gtk_box_remove (self->passes_list, child);
  if (passes == NULL) {
    g_autofree char *text = g_strdup_printf (_ ("The visitor passes could not be read: %s"), error->message);

    gtk_label_set_label (self->passes_empty, text);
    gtk_widget_set_visible (GTK_WIDGET (self->passes_empty), TRUE);
    return;
  }
  for (guint i = 0; i < passes->len; i++)
    gtk_box_append (self->passes_list, make_pass_row (g_ptr_array_index (passes, i)));
  gtk_label_set_label (self->passes_empty, _ ("No active visitor passes."));
  gtk_widget_set_visible (GTK_WIDGET (self->passes_empty), passes->len == 0);
}

static void
refresh_passes (LtGuardPage *self)
{
  lt_host_list_passes_async (self->host, self->cancellable, on_passes_listed, self);
}

static void
on_pass_issued (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtIssuedPass) issued = lt_host_issue_pass_finish (LT_HOST (source), result, &error);
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *window = NULL;
  g_autofree char *entries = NULL;
  g_autofree char *words = NULL;
  LtGuardPage     *self;

  /* Signed out meanwhile: the pass exists, its screen does not. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  self->issuing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.issue-pass", TRUE);
  refresh_events (self);
  refresh_passes (self);
  if (issued == NULL) {
    g_autofree char *text = g_strdup_printf (_ ("The pass was not issued: %s"), error->message);
    lt_pass_form_show_error (self->pass_form, text);
    return;
  }

  g_free (self->last_token);
  self->last_token = g_strdup (issued->token);
  self->last_pass_id = issued->pass->id;
  texture = lt_qr_texture_new (issued->token, QR_SCALE, &error);
  if (texture == NULL) {
    lt_pass_form_show_error (self->pass_form, error->message);
    return;
  }
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));

  /* In the words the store keeps, so the screen says what was signed. */
  window = lt_pass_window_words (issued->pass->valid_from_us, issued->pass->valid_until_us);
  entries = lt_pass_entries_words (issued->pass->max_uses);
  /* Translators: "Valid today 14:00–16:00, 1 entry, unit 3-1203" */
  words = g_strdup_printf (_ ("Valid %1$s, %2$s, unit %3$s"), window, entries, issued->pass->unit);
  if (issued->pass->visitor_name != NULL) {
    g_autofree char *line = words;
    /* Translators: %1$s is the pass in words, %2$s the visitor's name */
    words = g_strdup_printf (_ ("%1$s\nVisitor: %2$s"), line, issued->pass->visitor_name);
  }
  gtk_label_set_label (self->pass_words, words);
  gtk_stack_set_visible_child_name (self->stack, "pass");
}

/* ---- properties ---------------------------------------------------------------------- */

/* ---- actions ------------------------------------------------------------------ */

/* Remote unlock and acknowledgement: the door state and the event list
 * show what they did; a failure is logged. */
static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!lt_host_call_finish (LT_HOST (source), result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Guard request failed: %s", error->message);
}

static void
action_sign_out (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  lt_staff_page_sign_out (LT_STAFF_PAGE (widget));
}

static gboolean
on_unlock_confirm_timeout (gpointer user_data)
{
  LtGuardPage *self = LT_GUARD_PAGE (user_data);

  g_clear_pointer (&self->unlock_confirm, g_source_unref);
  gtk_button_set_label (self->unlock_button, _ ("Unlock door"));
  return G_SOURCE_REMOVE;
}

static void
action_unlock (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);

  /* A remote unlock opens the door to whoever stands there: the first
   * tap asks, a second within UNLOCK_CONFIRM_SECONDS does it. */
  if (self->unlock_confirm == NULL) {
    gtk_button_set_label (self->unlock_button, _ ("Tap again to unlock"));
    self->unlock_confirm = lt_timeout_source_add (UNLOCK_CONFIRM_SECONDS * 1000, on_unlock_confirm_timeout, self);
    return;
  }
  lt_clear_source (&self->unlock_confirm);
  gtk_button_set_label (self->unlock_button, _ ("Unlock door"));
  lt_host_remote_unlock_async (self->host, self->staff_id, self->cancellable, on_call_done, NULL);
}

/* The engine records who acknowledged which alarm (the event list shows
 * it) and ends it once its cause has gone; the banner follows the door. */
static void
action_acknowledge (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);
  LtAlarm      alarm = lt_host_get_alarm (self->host);

  if (alarm == LT_ALARM_NONE || (self->acknowledged && !lt_host_get_alarm_pending (self->host)))
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

  lt_pass_form_reset (self->pass_form);
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

static void
on_unit_checked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean     exists = lt_host_unit_exists_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  if (!exists) {
    g_autofree char *text = error != NULL ? g_strdup_printf (_ ("The pass was not issued: %s"), error->message)
                                          : g_strdup_printf (_ ("There is no unit %s in this building. Check the number."),
                                                             self->request.unit);
    self->issuing = FALSE;
    lt_pass_form_show_error (self->pass_form, text);
    return;
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.issue-pass", FALSE);
  lt_host_issue_pass_async (self->host,
                            &(LtPassRequest){ .unit = self->request.unit,
                                              .valid_from_us = self->request.valid_from_us,
                                              .valid_until_us = self->request.valid_until_us,
                                              .max_uses = self->request.max_uses,
                                              .guard_id = self->staff_id,
                                              .visitor_name = self->request.visitor_name },
                            self->cancellable, on_pass_issued, self);
}

/* The form checks what it can, the host whether the unit exists; then the
 * host signs it. */
static void
action_issue_pass (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);

  if (self->issuing)
    return;
  g_clear_pointer (&self->request.visitor_name, g_free);
  if (!lt_pass_form_check (self->pass_form, &self->request))
    return;
  self->issuing = TRUE;
  lt_host_unit_exists_async (self->host, self->request.unit, self->cancellable, on_unit_checked, self);
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
  g_autoptr (GError) error = NULL;
  gboolean     revoked = lt_host_call_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  if (!revoked) {
    g_autofree char *text = g_strdup_printf (_ ("The pass was not revoked: %s"), error->message);
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
  LtGuardPage     *self = LT_GUARD_PAGE (object);
  g_autofree char *title = NULL;
  gboolean         can_issue;

  G_OBJECT_CLASS (lt_guard_page_parent_class)->constructed (object);
  /* The base class holds these; this page borrows them. */
  self->host = lt_staff_page_get_host (LT_STAFF_PAGE (self));
  self->cancellable = lt_staff_page_get_cancellable (LT_STAFF_PAGE (self));
  self->staff_id = lt_staff_page_get_staff_id (LT_STAFF_PAGE (self));
  self->staff_name = lt_staff_page_get_staff_name (LT_STAFF_PAGE (self));

  title = g_strdup_printf (_ ("Guard: %s"), self->staff_name);
  gtk_label_set_label (self->title_label, title);
  /* Never a button that does nothing: passes only where this terminal
   * holds the site's signing key. */
  can_issue = lt_host_can_issue_passes (self->host);
  self->lock_binding = g_object_bind_property_full (self->host, "unlocked", self->lock_label, "label",
                                                    G_BINDING_SYNC_CREATE, door_to_label, NULL, self, NULL);
  self->door_binding = g_object_bind_property_full (self->host, "open", self->lock_label, "label",
                                                    G_BINDING_SYNC_CREATE, door_to_label, NULL, self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->door_label), FALSE);
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
  lt_clear_source (&self->unlock_confirm);
  /* Before the labels go: the door binding calls back into this page. */
  g_clear_pointer (&self->lock_binding, g_binding_unbind);
  g_clear_pointer (&self->door_binding, g_binding_unbind);
  /* The base class cancels the calls and lets go of the host. */
  self->host = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), LT_TYPE_GUARD_PAGE);
  G_OBJECT_CLASS (lt_guard_page_parent_class)->dispose (object);
}

static void
lt_guard_page_finalize (GObject *object)
{
  LtGuardPage *self = LT_GUARD_PAGE (object);

  g_free (self->request.visitor_name);
  g_free (self->last_token);
  G_OBJECT_CLASS (lt_guard_page_parent_class)->finalize (object);
}

static void
lt_guard_page_class_init (LtGuardPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lt_guard_page_constructed;
  object_class->dispose = lt_guard_page_dispose;
  object_class->finalize = lt_guard_page_finalize;

  g_type_ensure (LT_TYPE_PASS_FORM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/lintel/Kiosk/lt-guard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, content);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, lock_label);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, door_label);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, alarm_box);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, acknowledge_button);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, alarm_label);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, events_list);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, events_empty);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, passes_box);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, new_pass_button);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, passes_error);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, passes_empty);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, passes_list);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, pass_form);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, pass_words);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, qr_picture);

  gtk_widget_class_install_action (widget_class, "guard.sign-out", NULL, action_sign_out);
  gtk_widget_class_install_action (widget_class, "guard.unlock", NULL, action_unlock);
  gtk_widget_class_install_action (widget_class, "guard.acknowledge", NULL, action_acknowledge);
  gtk_widget_class_install_action (widget_class, "guard.refresh", NULL, action_refresh);
  gtk_widget_class_install_action (widget_class, "guard.new-pass", NULL, action_new_pass);
  gtk_widget_class_install_action (widget_class, "guard.cancel-pass", NULL, action_cancel_pass);
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
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
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

/* "main", "issue" (the new pass's form) or "pass" (its QR code). */
const char *
lt_guard_page_get_view (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

LtPassForm *
lt_guard_page_get_pass_form (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  return self->pass_form;
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
    GtkWidget       *label = gtk_widget_get_first_child (row);
    g_autofree char *line = g_strdup (gtk_label_get_label (GTK_LABEL (label)));

    g_strdelimit (line, "\n", ' ');
    g_string_append_printf (text, "%s\n", line);
  }
  return g_string_free (text, FALSE);
}

/* The alarm banner's text as shown, or NULL while it is hidden. */
char *
lt_guard_page_dup_alarm (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->alarm_box))
    return NULL;
  return g_strdup (gtk_label_get_label (self->alarm_label));
}

/* How many times a new call for help was sounded on this page. */
guint
lt_guard_page_get_help_calls (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), 0);

  return self->help_calls;
}
