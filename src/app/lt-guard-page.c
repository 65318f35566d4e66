/* lt-guard-page.c: the guard screen, after a staff sign-in
 *
 * Shows the door (lock, contact, alarm) as the engine host reports it,
 * lets the guard release the door remotely (the engine records it under
 * the guard's id) and lists the last day's access events in words. The
 * guard also issues visitor passes here — unit on the keypad, a validity
 * preset, a number of entries, an optional name — and the pass's QR code
 * then fills the screen for the visitor to photograph; the active passes
 * are listed, each with a Revoke button. The page only shows: events and
 * passes come from the store's reading connection, everything that
 * changes the door or a pass goes through the host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-guard-page"

#include "lt-guard-page.h"
#include "lt-keypad.h"
#include "lt-pass.h"
#include "lt-qr-texture.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#define MAX_EVENTS      50
#define EVENT_WINDOW_US (24 * G_TIME_SPAN_HOUR)
#define REFRESH_DELAY_MS 200  /* one refresh for a burst of door changes */
#define QR_SCALE        10    /* pixels a module; the picture scales the whole */
#define NAME_MAX_CHARS  32
#define CUSTOM_MAX_DAYS 7     /* how far ahead a custom pass may start */
#define CUSTOM_MAX_HOURS 24   /* and how long it may last */

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
  const char *kind = lt_event_kind_to_string (event->kind);
  const char *result = lt_event_result_to_string (event->result) ? lt_event_result_to_string (event->result) : "";

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
    if (g_str_equal (result, "acknowledged"))
      /* Translators: %1$s is the guard's number, %2$s the alarm in words */
      return g_strdup_printf (_("Guard %1$" PRId64 " acknowledged the alarm: %2$s"), event->subject_id,
                              alarm_words (event->reason));
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
  if (g_str_equal (kind, "pass")) {
    const char *unit = event->detail ? strstr (event->detail, "unit=") : NULL;
    g_autofree char *what = NULL;

    if (g_str_equal (result, "issued") && unit != NULL)
      /* Translators: %s is a unit, e.g. 3-1203 */
      what = g_strdup_printf (_("visitor pass issued for unit %s"), unit + strlen ("unit="));
    else if (g_str_equal (result, "issued"))
      what = g_strdup (_("visitor pass issued"));
    else if (g_str_equal (result, "revoked"))
      what = g_strdup (_("visitor pass revoked"));
    else
      return NULL;
    return join_parts (who, what, NULL);
  }
  if (g_str_equal (kind, "admin"))
    return NULL;
  /* A kind this screen does not know yet: say what is known, plainly. */
  return join_parts (who, kind, lt_event_result_to_string (event->result));
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

  /* The store lists oldest first; the screen shows newest first. */
  for (i = (gint) events->len - 1; i >= 0 && shown < MAX_EVENTS; i--) {
    const LtEvent *event = g_ptr_array_index (events, i);
    g_autofree char *text = event_words (self, event, kinds);

    if (text != NULL) {
      gtk_box_append (self->events_list, make_row (event->time_us, text));
      shown++;
    }
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
entries_left_words (const LtPass *pass)
{
  guint left;

  if (pass->max_uses == 0)
    return g_strdup (_("unlimited entries"));
  left = pass->uses < pass->max_uses ? pass->max_uses - pass->uses : 0;
  return g_strdup_printf (g_dngettext (NULL, "%u entry left", "%u entries left", left), left);
}

/* ---- the active passes ------------------------------------------------------------ */

static GtkWidget *
make_pass_row (const LtPass *pass)
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
refresh_passes (LtGuardPage *self)
{
  g_autoptr(GPtrArray) passes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->passes_list))) != NULL)
    gtk_box_remove (self->passes_list, child);

  passes = lt_pass_list (self->store, TRUE, g_get_real_time (), &error);
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
on_pass_issued (LtEngineHost *host,
                const char   *token,
                gint64        pass_id,
                const char   *error,
                gpointer      user_data)
{
  g_autoptr(LtGuardPage) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(LtPass) pass = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *window = NULL;
  g_autofree char *entries = NULL;
  g_autofree char *words = NULL;

  /* Signed out meanwhile: the pass exists, its screen does not. */
  if (self->host == NULL)
    return;
  self->issuing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.issue-pass", TRUE);
  refresh_events (self);
  refresh_passes (self);
  if (token == NULL) {
    g_autofree char *text = g_strdup_printf (_("The pass was not issued: %s"), error);
    show_issue_error (self, text);
    return;
  }

  g_free (self->last_token);
  self->last_token = g_strdup (token);
  self->last_pass_id = pass_id;
  texture = lt_qr_texture_new (token, QR_SCALE, &local_error);
  if (texture == NULL) {
    show_issue_error (self, local_error->message);
    return;
  }
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));

  /* In the words the store keeps, so the screen says what was signed. */
  pass = lt_pass_get (self->store, pass_id, NULL);
  if (pass != NULL) {
    window = window_words (pass->valid_from_us, pass->valid_until_us);
    entries = entries_words (pass->max_uses);
    /* Translators: "Valid today 14:00–16:00, 1 entry, unit 3-1203" */
    words = g_strdup_printf (_("Valid %1$s, %2$s, unit %3$s"), window, entries, pass->unit);
    if (pass->visitor_name != NULL) {
      g_autofree char *line = words;
      /* Translators: %1$s is the pass in words, %2$s the visitor's name */
      words = g_strdup_printf (_("%1$s\nVisitor: %2$s"), line, pass->visitor_name);
    }
  } else {
    words = g_strdup_printf (_("Unit %s"), self->unit->str);
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

/* Hides the banner until the alarm changes; the engine records who
 * acknowledged which alarm, and the event list shows it. */
static void
action_acknowledge (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);
  LtAlarm alarm = lt_engine_host_get_alarm (self->host);

  if (alarm == LT_ALARM_NONE || self->acknowledged)
    return;
  self->acknowledged = TRUE;
  lt_engine_host_acknowledge_alarm (self->host, self->staff_id);
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
  if (!lt_store_unit_exists (self->store, self->unit->str)) {
    g_autofree char *text = g_strdup_printf (_("There is no unit %s in this building. Check the number."),
                                             self->unit->str);
    show_issue_error (self, text);
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
  gtk_widget_action_set_enabled (widget, "guard.issue-pass", FALSE);
  lt_engine_host_issue_pass (self->host, self->unit->str, from_us, until_us, self->uses, self->staff_id, name,
                             on_pass_issued, g_object_ref (self));
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
on_pass_revoked (LtEngineHost *host,
                 const char   *error,
                 gpointer      user_data)
{
  g_autoptr(LtGuardPage) self = user_data;

  if (self->host == NULL)
    return;
  if (error != NULL) {
    g_autofree char *text = g_strdup_printf (_("The pass was not revoked: %s"), error);
    gtk_label_set_label (self->passes_error, text);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->passes_error), error != NULL);
  refresh_passes (self);
  refresh_events (self);
}

static void
action_revoke_pass (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);

  lt_engine_host_revoke_pass (self->host, g_variant_get_int64 (parameter), self->staff_id,
                              on_pass_revoked, g_object_ref (self));
}

/* ---- life cycle ----------------------------------------------------------------- */

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

  object_class->get_property = lt_guard_page_get_property;
  object_class->set_property = lt_guard_page_set_property;
  object_class->dispose = lt_guard_page_dispose;
  object_class->finalize = lt_guard_page_finalize;

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
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  self->unit = g_string_new (NULL);
  self->validity = g_strdup ("2h");
  self->uses = 1;
  lt_keypad_set_dash (self->keypad, TRUE);
  g_signal_connect (self->keypad, "key", G_CALLBACK (on_keypad_key), self);
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

  /* Never a button that does nothing: passes only where this terminal
   * holds the site's signing key. */
  {
    const LtConfig *config = lt_engine_host_get_config (self->host);
    g_autofree char *key_path = g_build_filename (config->key_dir, LT_PASS_KEY_FILE, NULL);
    gboolean can_issue = g_file_test (key_path, G_FILE_TEST_EXISTS);

    gtk_widget_set_visible (self->new_pass_button, can_issue);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.new-pass", can_issue);
  }

  update_alarm (self);
  refresh_events (self);
  refresh_passes (self);
  return GTK_WIDGET (self);
}

/* ---- for tests and accessibility tools --------------------------------------------- */

/* Clicks the unit keypad's buttons for each character of KEYS. */
void
lt_guard_page_press (LtGuardPage *self,
                     const char  *keys)
{
  g_return_if_fail (LT_IS_GUARD_PAGE (self));

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
