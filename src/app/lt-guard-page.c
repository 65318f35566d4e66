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
 * host. The page is split: lt-guard-log.c (events), lt-guard-passes.c
 * (the pass list), lt-guard-issue.c (a new pass); their shared state is
 * lt-guard-page-state.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-guard-page"

#include "lt-guard-page-state.h"
#include "lt-decision-words.h"
#include "lt-pass-form.h"
#include "lt-staff-page.h"
#include "lt-time.h"

#include <glib/gi18n.h>

#define UNLOCK_CONFIRM_SECONDS 5 /* a first tap on Unlock waits this long for the second */

G_DEFINE_FINAL_TYPE (LtGuardPage, lt_guard_page, LT_TYPE_STAFF_PAGE)

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
  lt_guard_page_queue_refresh (self);
}

static void
on_door_changed (LtHost      *host,
                 GParamSpec  *pspec,
                 LtGuardPage *self)
{
  lt_guard_page_queue_refresh (self);
}

static void
on_decision (LtHost               *host,
             const LtHostDecision *decision,
             LtGuardPage          *self)
{
  lt_guard_page_queue_refresh (self);
}

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
  lt_guard_page_queue_refresh (self);
}

static void
action_refresh (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  lt_guard_page_refresh_events (LT_GUARD_PAGE (widget));
  lt_guard_page_refresh_passes (LT_GUARD_PAGE (widget));
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
  lt_guard_page_refresh_events (self);
  lt_guard_page_refresh_passes (self);
}

static void
lt_guard_page_dispose (GObject *object)
{
  LtGuardPage *self = LT_GUARD_PAGE (object);

  lt_clear_source (&self->refresh_timer);
  lt_clear_source (&self->unlock_confirm);
  lt_clear_source (&self->undo_timer);
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

  g_free (self->request.phone_last4);
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
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, undo_box);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, LtGuardPage, history_empty);

  gtk_widget_class_install_action (widget_class, "guard.sign-out", NULL, action_sign_out);
  gtk_widget_class_install_action (widget_class, "guard.unlock", NULL, action_unlock);
  gtk_widget_class_install_action (widget_class, "guard.acknowledge", NULL, action_acknowledge);
  gtk_widget_class_install_action (widget_class, "guard.refresh", NULL, action_refresh);
  lt_guard_issue_class_init (widget_class);
  lt_guard_passes_class_init (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "guardpage");
}

/* Buttons that share a row wrap their words rather than widen the page
 * past a portrait panel ("New visitor pass", "Tap again to unlock"). */
static void
wrap_row (GtkWidget *row)
{
  for (GtkWidget *button = gtk_widget_get_first_child (row); button; button = gtk_widget_get_next_sibling (button)) {
    GtkWidget *label = GTK_IS_BUTTON (button) ? gtk_button_get_child (GTK_BUTTON (button)) : NULL;

    if (GTK_IS_LABEL (label)) {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
    }
  }
}

static void
lt_guard_page_init (LtGuardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wrap_row (gtk_widget_get_parent (GTK_WIDGET (self->unlock_button)));
  wrap_row (gtk_widget_get_parent (GTK_WIDGET (self->new_pass_button)));
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  lt_guard_passes_init (self);
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
