/* lt-guard-log.c: the guard page's list of the last day's events
 *
 * In words (lt-event-words.c), the newest first, with the unit and the
 * person's name when [guard] show-names allows; a call for help stands
 * out and sounds once. Part of LtGuardPage (lt-guard-page-state.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-guard-page"

#include "lt-guard-page-state.h"
#include "lt-event-words.h"

#include <glib/gi18n.h>

#define MAX_EVENTS 50
/* Lock and contact changes are left out of the list: read enough rows
 * that MAX_EVENTS remain after them. */
#define EVENT_ROWS       (MAX_EVENTS * 6)
#define EVENT_WINDOW_US  (24 * G_TIME_SPAN_HOUR)
#define REFRESH_DELAY_MS 200 /* one refresh for a burst of door changes */

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

void
lt_guard_page_refresh_events (LtGuardPage *self)
{
  lt_host_list_events_async (self->host, g_get_real_time () - EVENT_WINDOW_US, EVENT_ROWS, self->cancellable,
                             on_events_listed, self);
}

static gboolean
on_refresh_timeout (gpointer user_data)
{
  LtGuardPage *self = LT_GUARD_PAGE (user_data);

  g_clear_pointer (&self->refresh_timer, g_source_unref);
  lt_guard_page_refresh_events (self);
  /* A QR presentation may have used a pass up. */
  lt_guard_page_refresh_passes (self);
  return G_SOURCE_REMOVE;
}

void
lt_guard_page_queue_refresh (LtGuardPage *self)
{
  if (self->refresh_timer != NULL)
    return;
  self->refresh_timer = g_timeout_source_new (REFRESH_DELAY_MS);
  g_source_set_callback (self->refresh_timer, on_refresh_timeout, self, NULL);
  g_source_attach (self->refresh_timer, NULL);
}

/* The event list as shown, one line each (for tests and accessibility tools). */
char *
lt_guard_page_dup_events (LtGuardPage *self)
{
  GString *text;

  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  text = g_string_new (NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->events_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (row)));
  return g_string_free (text, FALSE);
}
