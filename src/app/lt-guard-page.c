/* lt-guard-page.c: the guard screen, after a staff sign-in
 *
 * Shows the door (lock, contact, alarm) as the engine host reports it,
 * lets the guard release the door remotely (the engine records it under
 * the guard's id) and lists the last day's access events in words. The
 * page only shows: events come from the store's reading connection,
 * everything that changes the door goes through the host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-guard-page"

#include "lt-guard-page.h"

#include <glib/gi18n.h>

#define MAX_EVENTS      50
#define EVENT_WINDOW_US (24 * G_TIME_SPAN_HOUR)
#define REFRESH_DELAY_MS 200  /* one refresh for a burst of door changes */

struct _LtGuardPage {
  GtkWidget     parent_instance;

  LtEngineHost *host;
  LtStore      *store;
  gint64        staff_id;

  GtkWidget    *content;
  GtkLabel     *title_label;
  GtkLabel     *lock_label;
  GtkLabel     *door_label;
  GtkWidget    *alarm_box;
  GtkLabel     *alarm_label;
  GtkBox       *events_list;
  GtkLabel     *events_empty;
  GtkWidget    *passes_box;

  gboolean      acknowledged;  /* the current alarm was acknowledged */
  GArray       *notes;         /* Note: lines of this screen only, not stored */
  GSource      *refresh_timer;
  GBinding     *lock_binding;
  GBinding     *door_binding;
};

typedef struct {
  gint64  time_us;
  char   *text;
} Note;

enum {
  SIGN_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LtGuardPage, lt_guard_page, GTK_TYPE_WIDGET)

/* ---- events in words ---------------------------------------------------------- */

static const char *
method_words (const char *method)
{
  if (method == NULL)
    return NULL;
  if (g_str_equal (method, "pin"))
    return _("PIN");
  if (g_str_equal (method, "card"))
    return _("card");
  if (g_str_equal (method, "qr"))
    return _("QR pass");
  if (g_str_equal (method, "face"))
    return _("face");
  if (g_str_equal (method, "exit"))
    return _("exit button");
  if (g_str_equal (method, "remote"))
    return _("remote unlock");
  if (g_str_equal (method, "admin"))
    return _("administrator");
  return method;
}

static const char *
reason_words (const char *reason)
{
  static const struct {
    const char *key;
    const char *words;
  } reasons[] = {
    { "unknown-credential", N_("unknown credential") },
    { "wrong-pin", N_("wrong PIN") },
    { "malformed", N_("unreadable") },
    { "outside-schedule", N_("outside allowed hours") },
    { "inactive", N_("access suspended") },
    { "expired", N_("access expired") },
    { "locked-out", N_("too many attempts") },
    { "method-disabled", N_("not allowed at this door") },
    { "unknown-door", N_("unknown door") },
    { "storage-error", N_("storage error") },
    { "out-of-service", N_("terminal out of service") },
    { "bad-signature", N_("pass not signed by this site") },
    { "other-site", N_("pass for another site") },
    { "not-yet-valid", N_("pass not yet valid") },
    { "used-up", N_("pass used up") },
    { "revoked", N_("pass revoked") },
    { "parity", N_("parity error") },
    { "length", N_("wrong number of bits") },
    { "garbage", N_("unreadable input") },
    { "flood", N_("too many reads") },
  };

  if (reason == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_str_equal (reason, reasons[i].key))
      return _(reasons[i].words);
  return reason;
}

static const char *
alarm_words (const char *alarm)
{
  if (g_strcmp0 (alarm, "held") == 0)
    return _("door held open");
  if (g_strcmp0 (alarm, "forced") == 0)
    return _("door forced open");
  if (g_strcmp0 (alarm, "tamper") == 0)
    return _("tamper switch");
  return alarm ? alarm : _("unknown");
}

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

/* "Resident 12", "Guard 3": the kind and id, never a name. KINDS caches
 * lookups for one refresh. */
static char *
subject_words (LtGuardPage *self,
               gint64       subject_id,
               GHashTable  *kinds)
{
  g_autofree char *id = NULL;
  gpointer cached;
  int kind;

  if (subject_id <= 0)
    return NULL;
  if (g_hash_table_lookup_extended (kinds, &subject_id, NULL, &cached)) {
    kind = GPOINTER_TO_INT (cached);
  } else {
    g_autoptr(LtPerson) person = lt_store_get_person (self->store, subject_id, NULL);
    gint64 *key = g_new (gint64, 1);

    *key = subject_id;
    kind = person != NULL ? (int) person->kind : -1;
    g_hash_table_insert (kinds, key, GINT_TO_POINTER (kind));
  }
  id = g_strdup_printf ("%" G_GINT64_FORMAT, subject_id);
  switch (kind) {
  case LT_PERSON_RESIDENT:
    /* Translators: %s is a person's number in the store, never a name */
    return g_strdup_printf (_("Resident %s"), id);
  case LT_PERSON_GUARD:
    return g_strdup_printf (_("Guard %s"), id);
  case LT_PERSON_TECHNICIAN:
    return g_strdup_printf (_("Technician %s"), id);
  default:
    return g_strdup_printf (_("Person %s"), id);
  }
}

/* Joins the non-NULL parts with " — ". */
static char *
join_parts (const char *a,
            const char *b,
            const char *c)
{
  const char *parts[4] = { NULL };
  guint n = 0;

  if (a != NULL)
    parts[n++] = a;
  if (b != NULL)
    parts[n++] = b;
  if (c != NULL)
    parts[n++] = c;
  return g_strjoinv (" — ", (char **) parts);
}

/* NULL for events the list leaves out: the lock and contact changes that
 * follow every grant (the state line shows them live) and administration
 * done with lintelctl, which is not access. */
static char *
event_words (LtGuardPage   *self,
             const LtEvent *event,
             GHashTable    *kinds)
{
  g_autofree char *who = subject_words (self, event->subject_id, kinds);
  const char *kind = event->kind ? event->kind : "";
  const char *result = event->result ? event->result : "";

  if (g_str_equal (kind, "decision")) {
    g_autofree char *outcome = NULL;

    if (g_str_equal (result, "granted"))
      outcome = g_strdup (_("granted"));
    else
      outcome = g_strdup_printf (_("denied (%s)"), reason_words (event->reason));
    return join_parts (who, method_words (event->method), outcome);
  }
  if (g_str_equal (kind, "alarm")) {
    /* The duress alarm stays silent here too: this screen faces the door,
     * where whoever forced the PIN may be standing. */
    if (g_strcmp0 (event->reason, "duress") == 0)
      return NULL;
    if (g_str_equal (result, "cleared"))
      return g_strdup_printf (_("alarm cleared: %s"), alarm_words (event->reason));
    return g_strdup_printf (_("alarm raised: %s"), alarm_words (event->reason));
  }
  if (g_str_equal (kind, "door")) {
    if (g_strcmp0 (event->reason, "exit-button") == 0)
      return g_strdup (_("exit button — door released"));
    if (g_strcmp0 (event->reason, "lock-fault") == 0)
      return join_parts (who, method_words (event->method), _("lock fault: the door did not unlock"));
    return NULL;
  }
  if (g_str_equal (kind, "staff")) {
    if (g_str_equal (result, "signed-in"))
      return join_parts (who, method_words (event->method), _("staff sign-in"));
    return join_parts (method_words (event->method), NULL,
                       g_strcmp0 (event->reason, "locked-out") == 0
                         ? _("staff sign-in refused (too many attempts)")
                         : _("staff sign-in refused (unknown credential)"));
  }
  if (g_str_equal (kind, "maintenance"))
    return join_parts (who, _("test unlock"), NULL);
  if (g_str_equal (kind, "reader")) {
    if (g_str_equal (result, "connected"))
      return g_strdup (_("card reader connected"));
    if (g_str_equal (result, "disconnected"))
      return g_strdup (_("card reader disconnected"));
    return g_strdup_printf (_("card read rejected (%s)"), reason_words (event->reason));
  }
  if (g_str_equal (kind, "system")) {
    if (g_str_equal (result, "started"))
      return g_strdup (_("terminal started"));
    if (g_str_equal (result, "stopped"))
      return g_strdup (_("terminal stopped"));
    return NULL;
  }
  if (g_str_equal (kind, "admin"))
    return NULL;
  /* A kind this screen does not know yet: say what is known, plainly. */
  return join_parts (who, kind, event->result);
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
refresh_events (LtGuardPage *self)
{
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint shown = 0;
  guint note;
  gint i;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->events_list))) != NULL)
    gtk_box_remove (self->events_list, child);

  events = lt_store_list_events (self->store, g_get_real_time () - EVENT_WINDOW_US, &error);
  if (events == NULL) {
    g_autofree char *text = g_strdup_printf (_("The event list could not be read: %s"), error->message);

    gtk_label_set_label (self->events_empty, text);
    gtk_widget_set_visible (GTK_WIDGET (self->events_empty), TRUE);
    return;
  }

  /* The store lists oldest first; the screen shows newest first, with
   * this screen's own notes merged in by time. */
  note = self->notes->len;
  for (i = (gint) events->len - 1; i >= 0 && shown < MAX_EVENTS; i--) {
    const LtEvent *event = g_ptr_array_index (events, i);
    g_autofree char *text = event_words (self, event, kinds);

    while (note > 0 && g_array_index (self->notes, Note, note - 1).time_us >= event->time_us && shown < MAX_EVENTS) {
      const Note *n = &g_array_index (self->notes, Note, --note);
      gtk_box_append (self->events_list, make_row (n->time_us, n->text));
      shown++;
    }
    if (text != NULL && shown < MAX_EVENTS) {
      gtk_box_append (self->events_list, make_row (event->time_us, text));
      shown++;
    }
  }
  while (note > 0 && shown < MAX_EVENTS) {
    const Note *n = &g_array_index (self->notes, Note, --note);
    gtk_box_append (self->events_list, make_row (n->time_us, n->text));
    shown++;
  }

  gtk_label_set_label (self->events_empty, _("No access events in the last 24 hours."));
  gtk_widget_set_visible (GTK_WIDGET (self->events_empty), shown == 0);
}

static gboolean
on_refresh_timeout (gpointer user_data)
{
  LtGuardPage *self = LT_GUARD_PAGE (user_data);

  g_clear_pointer (&self->refresh_timer, g_source_unref);
  refresh_events (self);
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
  if (!lt_engine_host_get_line_state (self->host, LT_LINE_CONTACT, &active))
    g_value_set_string (to, _("Door contact not wired"));
  else
    g_value_set_string (to, g_value_get_boolean (from) ? C_("door state", "Open") : C_("door state", "Closed"));
  return TRUE;
}

static void
update_alarm (LtGuardPage *self)
{
  LtAlarm alarm = lt_engine_host_get_alarm (self->host);
  gboolean show = alarm != LT_ALARM_NONE && !self->acknowledged;

  gtk_label_set_label (self->alarm_label, alarm_state_words (alarm));
  gtk_widget_set_visible (self->alarm_box, show);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.acknowledge", show);
}

static void
on_alarm_changed (LtEngineHost *host,
                  GParamSpec   *pspec,
                  LtGuardPage  *self)
{
  /* A new alarm (or its end) is news again. */
  self->acknowledged = FALSE;
  update_alarm (self);
  queue_refresh (self);
}

static void
on_door_changed (LtEngineHost *host,
                 GParamSpec   *pspec,
                 LtGuardPage  *self)
{
  queue_refresh (self);
}

static void
on_decision (LtEngineHost     *host,
             guint             method,
             gconstpointer     decision,
             LtGuardPage      *self)
{
  queue_refresh (self);
}

/* ---- actions ------------------------------------------------------------------ */

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

  lt_engine_host_remote_unlock (self->host, self->staff_id);
}

/* Hides the banner until the alarm changes. Nothing is written to the
 * store: the note lives on this screen only, and says so. */
static void
action_acknowledge (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);
  LtAlarm alarm = lt_engine_host_get_alarm (self->host);
  g_autofree char *id = NULL;
  Note note;

  if (alarm == LT_ALARM_NONE || self->acknowledged)
    return;
  self->acknowledged = TRUE;
  note.time_us = g_get_real_time ();
  id = g_strdup_printf ("%" G_GINT64_FORMAT, self->staff_id);
  /* Translators: %1$s is the guard's number, %2$s the alarm in words */
  note.text = g_strdup_printf (_("Guard %1$s — alarm acknowledged: %2$s (shown on this screen only, not recorded)"),
                               id, alarm_words (lt_alarm_to_string (alarm)));
  g_array_append_val (self->notes, note);
  update_alarm (self);
  refresh_events (self);
}

static void
action_refresh (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh_events (LT_GUARD_PAGE (widget));
}

/* ---- life cycle ----------------------------------------------------------------- */

static void
clear_note (gpointer data)
{
  g_free (((Note *) data)->text);
}

static void
lt_guard_page_dispose (GObject *object)
{
  LtGuardPage *self = LT_GUARD_PAGE (object);

  if (self->refresh_timer != NULL) {
    g_source_destroy (self->refresh_timer);
    g_clear_pointer (&self->refresh_timer, g_source_unref);
  }
  /* Before the labels go: the door binding calls back into this page. */
  g_clear_pointer (&self->lock_binding, g_binding_unbind);
  g_clear_pointer (&self->door_binding, g_binding_unbind);
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), LT_TYPE_GUARD_PAGE);
  G_OBJECT_CLASS (lt_guard_page_parent_class)->dispose (object);
}

static void
lt_guard_page_finalize (GObject *object)
{
  LtGuardPage *self = LT_GUARD_PAGE (object);

  g_array_unref (self->notes);
  G_OBJECT_CLASS (lt_guard_page_parent_class)->finalize (object);
}

static void
lt_guard_page_class_init (LtGuardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lt_guard_page_dispose;
  object_class->finalize = lt_guard_page_finalize;

  /**
   * LtGuardPage::sign-out:
   *
   * The guard leaves: the kiosk returns to the lobby.
   */
  signals[SIGN_OUT] = g_signal_new ("sign-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

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

  gtk_widget_class_install_action (widget_class, "guard.sign-out", NULL, action_sign_out);
  gtk_widget_class_install_action (widget_class, "guard.unlock", NULL, action_unlock);
  gtk_widget_class_install_action (widget_class, "guard.acknowledge", NULL, action_acknowledge);
  gtk_widget_class_install_action (widget_class, "guard.refresh", NULL, action_refresh);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "guardpage");
}

static void
lt_guard_page_init (LtGuardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  self->notes = g_array_new (FALSE, FALSE, sizeof (Note));
  g_array_set_clear_func (self->notes, clear_note);
}

GtkWidget *
lt_guard_page_new (LtApplication *app,
                   gint64         staff_id,
                   const char    *staff_name)
{
  LtGuardPage *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (LT_IS_APPLICATION (app), NULL);

  self = g_object_new (LT_TYPE_GUARD_PAGE, NULL);
  self->host = g_object_ref (lt_application_get_host (app));
  self->store = g_object_ref (lt_application_get_store (app));
  self->staff_id = staff_id;

  title = g_strdup_printf (_("Guard: %s"), staff_name);
  gtk_label_set_label (self->title_label, title);

  self->lock_binding = g_object_bind_property_full (self->host, "unlocked", self->lock_label, "label",
                                                    G_BINDING_SYNC_CREATE, unlocked_to_label, NULL, NULL, NULL);
  self->door_binding = g_object_bind_property_full (self->host, "open", self->door_label, "label",
                                                    G_BINDING_SYNC_CREATE, open_to_label, NULL, self, NULL);
  g_signal_connect (self->host, "notify::alarm", G_CALLBACK (on_alarm_changed), self);
  g_signal_connect (self->host, "notify::unlocked", G_CALLBACK (on_door_changed), self);
  g_signal_connect (self->host, "notify::open", G_CALLBACK (on_door_changed), self);
  g_signal_connect (self->host, "decision", G_CALLBACK (on_decision), self);

  update_alarm (self);
  refresh_events (self);
  return GTK_WIDGET (self);
}
