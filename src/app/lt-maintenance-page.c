/* lt-maintenance-page.c: the maintenance screen, after a staff sign-in
 *
 * For a technician: the live state of every GPIO line as the engine
 * reports it, a test unlock, a reader test, the storage and configuration
 * status, version and uptime. Nothing here names a resident or shows a
 * PIN, a card number or a template; the reader test shows only the last
 * four characters of what it read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-maintenance-page"

#include "lt-maintenance-page.h"
#include "lt-decision-words.h"
#include "lt-time.h"
#include "lt-build-config.h"
#include "lt-card.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define STATUS_SECONDS 5 /* uptime and lines while the page is visible */
#define STORAGE_TICKS  6 /* storage every 6th tick: counting reads every event */

struct _LtMaintenancePage {
  LtStaffPage parent_instance;

  LtHost       *host;        /* the base class's */
  GCancellable *cancellable; /* the base class\'s, for every query and call */
  gint64        staff_id;
  const char   *staff_name;

  GtkWidget *content;
  GtkLabel  *title_label;
  GtkGrid   *lines_grid;
  GtkLabel  *door_label;
  GtkLabel  *reader_label;
  GtkLabel  *size_label;
  GtkLabel  *integrity_label;
  gboolean   checking; /* a storage check runs */
  GtkLabel  *events_label;
  GtkLabel  *backup_label;
  GtkLabel  *config_label;
  GtkLabel  *version_label;
  GtkLabel  *uptime_label;

  GtkLabel *line_labels[LT_N_LINES];
  gboolean  capturing; /* the reader test is armed */
  GSource  *status_timer;
  guint     ticks;
};

G_DEFINE_FINAL_TYPE (LtMaintenancePage, lt_maintenance_page, LT_TYPE_STAFF_PAGE)

/* ---- GPIO lines ------------------------------------------------------------------ */

static const char *
line_name (LtLineRole role)
{
  switch (role) {
  case LT_LINE_LOCK:
    return _ ("Lock (output)");
  case LT_LINE_CONTACT:
    return _ ("Door contact (input)");
  case LT_LINE_EXIT_BUTTON:
    return _ ("Exit button (input)");
  case LT_LINE_TAMPER:
    return _ ("Tamper switch (input)");
  case LT_LINE_BUZZER:
    return _ ("Buzzer (output)");
  case LT_LINE_STATUS_LED:
    return _ ("Status LED (output)");
  case LT_LINE_WIEGAND_D0:
    return _ ("Wiegand D0 (input)");
  case LT_LINE_WIEGAND_D1:
    return _ ("Wiegand D1 (input)");
  case LT_N_LINES:
  default:
    return lt_line_role_to_key (role);
  }
}

static void
update_lines (LtMaintenancePage *self)
{
  for (guint role = 0; role < LT_N_LINES; role++) {
    gboolean   active = FALSE;
    GtkWidget *label = GTK_WIDGET (self->line_labels[role]);

    if (!lt_host_get_line_state (self->host, role, &active)) {
      gtk_label_set_label (self->line_labels[role], _ ("not wired"));
      gtk_widget_remove_css_class (label, "active");
    } else {
      gtk_label_set_label (self->line_labels[role],
                           lt_line_state_words (role, active, !lt_host_get_unlocked (self->host)));
      if (active)
        gtk_widget_add_css_class (label, "active");
      else
        gtk_widget_remove_css_class (label, "active");
    }
  }
}

static void
update_door (LtMaintenancePage *self)
{
  LtAlarm          alarm = lt_host_get_alarm (self->host);
  g_autofree char *text = NULL;
  gboolean         contact;

  /* Translators: the lock state, the door position, the alarm, e.g. "Locked · Closed · alarm: none" */
  text = g_strdup_printf (_ ("%s · %s · alarm: %s"),
                          lt_host_get_unlocked (self->host) ? C_ ("lock state", "Unlocked") : C_ ("lock state", "Locked"),
                          !lt_host_get_line_state (self->host, LT_LINE_CONTACT, &contact)
                            ? _ ("no door contact")
                          : lt_host_get_open (self->host) ? C_ ("door state", "Open")
                                                          : C_ ("door state", "Closed"),
                          lt_alarm_short_words (alarm));
  gtk_label_set_label (self->door_label, text);
  if (alarm != LT_ALARM_NONE)
    gtk_widget_add_css_class (GTK_WIDGET (self->door_label), "alarm");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->door_label), "alarm");
}

static void
on_line_changed (LtHost            *host,
                 guint              role,
                 gboolean           active,
                 LtMaintenancePage *self)
{
  update_lines (self);
}

static void
on_door_changed (LtHost            *host,
                 GParamSpec        *pspec,
                 LtMaintenancePage *self)
{
  update_lines (self);
  update_door (self);
}

/* ---- reader test ------------------------------------------------------------------ */

static const char *
reader_words (const char *reader)
{
  if (g_strcmp0 (reader, "wiegand") == 0)
    return _ ("Wiegand reader");
  if (g_strcmp0 (reader, "usb") == 0)
    return _ ("USB reader");
  return reader ? reader : _ ("unknown reader");
}

static const char *
problem_words (const char *problem)
{
  if (g_str_equal (problem, "parity"))
    return _ ("parity error");
  if (g_str_equal (problem, "length"))
    return _ ("wrong number of bits");
  if (g_str_equal (problem, "garbage"))
    return _ ("unreadable input");
  if (g_str_equal (problem, "malformed"))
    return _ ("malformed identifier");
  if (g_str_equal (problem, "flood"))
    return _ ("too many reads in a minute");
  if (g_str_equal (problem, "timeout"))
    return _ ("no card within 30 seconds; tap Test reader to try again");
  return problem;
}

static void
set_capturing (LtMaintenancePage *self,
               gboolean           capturing)
{
  if (self->capturing == capturing)
    return;
  self->capturing = capturing;
  if (self->host != NULL)
    lt_host_capture_card (self->host, capturing);
}

static void
on_card_captured (LtHost            *host,
                  const char        *reader,
                  const char        *card,
                  const char        *problem,
                  LtMaintenancePage *self)
{
  g_autofree char *text = NULL;

  if (!self->capturing)
    return;
  /* The engine disarms itself after one card, or after 30 s without. */
  self->capturing = FALSE;
  if (card != NULL) {
    g_autofree char *masked = lt_card_mask (card);

    /* Translators: the reader, the card number masked but for its last 4 characters */
    text = g_strdup_printf (_ ("%s: %s — read OK"), reader_words (reader), masked);
  } else {
    text = g_strdup_printf (_ ("%s: %s"), reader_words (reader), problem_words (problem ? problem : "?"));
  }
  gtk_label_set_label (self->reader_label, text);
}

/* ---- status ------------------------------------------------------------------------ */

/* Seconds since this process started, from /proc (both counts are time
 * since boot); -1 when /proc cannot say. */
static gint64
process_age_seconds (void)
{
  g_autofree char *stat = NULL;
  g_autofree char *uptime = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after_name;
  long        ticks = sysconf (_SC_CLK_TCK);
  guint64     start;

  if (ticks <= 0 || !g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) || !g_file_get_contents ("/proc/uptime", &uptime, NULL, NULL))
    return -1;
  /* The command name may hold spaces: fields are counted after its ")". */
  after_name = strrchr (stat, ')');
  if (after_name == NULL)
    return -1;
  fields = g_strsplit (after_name + 2, " ", 0);
  /* starttime is field 22 of the line, the 20th after the name. */
  if (g_strv_length (fields) < 20 || !g_ascii_string_to_unsigned (fields[19], 10, 0, G_MAXUINT64, &start, NULL))
    return -1;
  return (gint64)g_ascii_strtod (uptime, NULL) - (gint64)(start / (guint64)ticks);
}

static void
update_uptime (LtMaintenancePage *self)
{
  static gint64    first_seen_us = 0;
  gint64           seconds = process_age_seconds ();
  g_autofree char *text = NULL;

  if (first_seen_us == 0)
    first_seen_us = g_get_monotonic_time ();
  if (seconds < 0)
    seconds = (g_get_monotonic_time () - first_seen_us) / G_USEC_PER_SEC;
  /* Translators: uptime in hours and minutes */
  text = g_strdup_printf (_ ("%u h %02u min"), (guint)(seconds / 3600), (guint)(seconds / 60 % 60));
  gtk_label_set_label (self->uptime_label, text);
}

static void
on_storage_checked (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStorageStatus) status = lt_host_check_storage_finish (LT_HOST (source), result, &error);
  LtMaintenancePage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the page is gone */
  self = LT_MAINTENANCE_PAGE (user_data);
  self->checking = FALSE;
  if (status == NULL) {
    gtk_label_set_label (self->integrity_label, error->message);
  } else {
    g_autofree char *events = g_strdup_printf ("%" G_GINT64_FORMAT, status->events);

    gtk_label_set_label (self->integrity_label,
                         g_str_equal (status->integrity, "ok") ? _ ("ok") : status->integrity);
    gtk_label_set_label (self->events_label, events);
    if (status->last_backup_us > 0) {
      g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (status->last_backup_us / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format (time, "%Y-%m-%d %H:%M");
      gtk_label_set_label (self->backup_label, text);
    } else {
      gtk_label_set_label (self->backup_label, _ ("none recorded"));
    }
  }
}

static void
update_storage (LtMaintenancePage *self)
{
  const LtConfig *config = lt_host_get_config (self->host);
  GStatBuf        st;

  if (g_stat (config->database, &st) == 0) {
    g_autofree char *size = g_format_size ((guint64)st.st_size);
    g_autofree char *wal_path = g_strconcat (config->database, "-wal", NULL);
    GStatBuf         wal;

    if (g_stat (wal_path, &wal) == 0 && wal.st_size > 0) {
      g_autofree char *wal_size = g_format_size ((guint64)wal.st_size);
      g_autofree char *text = g_strdup_printf (_ ("%s (+ %s write-ahead log)"), size, wal_size);
      gtk_label_set_label (self->size_label, text);
    } else {
      gtk_label_set_label (self->size_label, size);
    }
  } else {
    g_autofree char *text = g_strdup_printf (_ ("cannot read the file: %s"), g_strerror (errno));
    gtk_label_set_label (self->size_label, text);
  }

  /* The integrity check reads every page: the host's reader does it,
   * off this thread. */
  if (!self->checking) {
    self->checking = TRUE;
    lt_host_check_storage_async (self->host, self->cancellable, on_storage_checked, self);
  }
}

static void
update_config (LtMaintenancePage *self)
{
  const LtConfig *config = lt_host_get_config (self->host);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (lt_config_check_hardware (config, &error)) {
    /* Translators: %s is the hardware backend, "gpiod" or "sim" */
    text = g_strdup_printf (_ ("valid (hardware: %s)"), config->backend);
    gtk_widget_remove_css_class (GTK_WIDGET (self->config_label), "alarm");
  } else {
    text = g_strdup (error->message);
    gtk_widget_add_css_class (GTK_WIDGET (self->config_label), "alarm");
  }
  gtk_label_set_label (self->config_label, text);
}

static gboolean
on_status_tick (gpointer user_data)
{
  LtMaintenancePage *self = LT_MAINTENANCE_PAGE (user_data);

  update_uptime (self);
  update_lines (self);
  if (++self->ticks % STORAGE_TICKS == 0)
    update_storage (self);
  return G_SOURCE_CONTINUE;
}

static void
stop_status_timer (LtMaintenancePage *self)
{
  lt_clear_source (&self->status_timer);
}

/* Only a visible page wakes the terminal up. */
static void
lt_maintenance_page_map (GtkWidget *widget)
{
  LtMaintenancePage *self = LT_MAINTENANCE_PAGE (widget);

  GTK_WIDGET_CLASS (lt_maintenance_page_parent_class)->map (widget);
  update_uptime (self);
  update_lines (self);
  update_door (self);
  update_storage (self);
  update_config (self);
  stop_status_timer (self);
  self->ticks = 0;
  self->status_timer = g_timeout_source_new_seconds (STATUS_SECONDS);
  g_source_set_callback (self->status_timer, on_status_tick, self, NULL);
  g_source_attach (self->status_timer, NULL);
}

static void
lt_maintenance_page_unmap (GtkWidget *widget)
{
  stop_status_timer (LT_MAINTENANCE_PAGE (widget));
  GTK_WIDGET_CLASS (lt_maintenance_page_parent_class)->unmap (widget);
}

/* ---- actions ---------------------------------------------------------------------- */

static void
action_exit (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  set_capturing (LT_MAINTENANCE_PAGE (widget), FALSE);
  lt_staff_page_sign_out (LT_STAFF_PAGE (widget));
}

/* The door state shows what it did; a failure is logged. */
static void
on_test_unlocked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!lt_host_call_finish (LT_HOST (source), result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Test unlock failed: %s", error->message);
}

static void
action_test_unlock (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtMaintenancePage *self = LT_MAINTENANCE_PAGE (widget);

  lt_host_test_unlock_async (self->host, self->staff_id, self->cancellable, on_test_unlocked, NULL);
}

static void
action_reader_test (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtMaintenancePage *self = LT_MAINTENANCE_PAGE (widget);

  /* Armed again on every tap: a card read while armed opens nothing. */
  self->capturing = FALSE;
  set_capturing (self, TRUE);
  gtk_label_set_label (self->reader_label, _ ("Tap a card…"));
}

/* ---- life cycle ------------------------------------------------------------------- */

static void
lt_maintenance_page_constructed (GObject *object)
{
  LtMaintenancePage *self = LT_MAINTENANCE_PAGE (object);
  g_autofree char   *title = NULL;

  G_OBJECT_CLASS (lt_maintenance_page_parent_class)->constructed (object);
  /* The base class holds these; this page borrows them. */
  self->host = lt_staff_page_get_host (LT_STAFF_PAGE (self));
  self->cancellable = lt_staff_page_get_cancellable (LT_STAFF_PAGE (self));
  self->staff_id = lt_staff_page_get_staff_id (LT_STAFF_PAGE (self));
  self->staff_name = lt_staff_page_get_staff_name (LT_STAFF_PAGE (self));

  title = g_strdup_printf (_ ("Maintenance: %s"), self->staff_name);
  gtk_label_set_label (self->title_label, title);
  g_signal_connect (self->host, "line-changed", G_CALLBACK (on_line_changed), self);
  g_signal_connect (self->host, "notify::unlocked", G_CALLBACK (on_door_changed), self);
  g_signal_connect (self->host, "notify::open", G_CALLBACK (on_door_changed), self);
  g_signal_connect (self->host, "notify::alarm", G_CALLBACK (on_door_changed), self);
  g_signal_connect (self->host, "card-captured", G_CALLBACK (on_card_captured), self);
  update_lines (self);
  update_door (self);
  update_config (self);
}

static void
lt_maintenance_page_dispose (GObject *object)
{
  LtMaintenancePage *self = LT_MAINTENANCE_PAGE (object);

  stop_status_timer (self);
  set_capturing (self, FALSE);
  /* The base class cancels the calls and lets go of the host. */
  self->host = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), LT_TYPE_MAINTENANCE_PAGE);
  G_OBJECT_CLASS (lt_maintenance_page_parent_class)->dispose (object);
}

static void
lt_maintenance_page_class_init (LtMaintenancePageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lt_maintenance_page_constructed;
  object_class->dispose = lt_maintenance_page_dispose;

  widget_class->map = lt_maintenance_page_map;
  widget_class->unmap = lt_maintenance_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lintel/Kiosk/lt-maintenance-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, content);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, lines_grid);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, door_label);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, reader_label);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, size_label);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, integrity_label);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, events_label);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, backup_label);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, config_label);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, version_label);
  gtk_widget_class_bind_template_child (widget_class, LtMaintenancePage, uptime_label);

  gtk_widget_class_install_action (widget_class, "maintenance.exit", NULL, action_exit);
  gtk_widget_class_install_action (widget_class, "maintenance.test-unlock", NULL, action_test_unlock);
  gtk_widget_class_install_action (widget_class, "maintenance.reader-test", NULL, action_reader_test);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "maintenancepage");
}

static void
lt_maintenance_page_init (LtMaintenancePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  /* One row a line, in the order of LtLineRole. */
  for (guint role = 0; role < LT_N_LINES; role++) {
    GtkWidget *name = gtk_label_new (line_name (role));
    GtkWidget *state = gtk_label_new (NULL);

    gtk_label_set_xalign (GTK_LABEL (name), 0);
    gtk_label_set_wrap (GTK_LABEL (name), TRUE);
    gtk_label_set_xalign (GTK_LABEL (state), 0);
    gtk_widget_set_hexpand (name, TRUE);
    gtk_widget_add_css_class (state, "line-state");
    gtk_grid_attach (self->lines_grid, name, 0, (int)role, 1, 1);
    gtk_grid_attach (self->lines_grid, state, 1, (int)role, 1, 1);
    self->line_labels[role] = GTK_LABEL (state);
  }
  gtk_label_set_label (self->version_label, PACKAGE_VERSION);
  gtk_label_set_label (self->reader_label, _ ("Not running"));
}

GtkWidget *
lt_maintenance_page_new (LtHost     *host,
                         gint64      staff_id,
                         const char *staff_name)
{
  g_return_val_if_fail (LT_IS_HOST (host), NULL);
  g_return_val_if_fail (staff_id > 0, NULL);
  g_return_val_if_fail (staff_name != NULL, NULL);

  return g_object_new (LT_TYPE_MAINTENANCE_PAGE, "host", host, "staff-id", staff_id, "staff-name", staff_name,
                       NULL);
}
