/* lt-guard-passes.c: the guard page's visitor passes, as listed
 *
 * The active passes, each with a Revoke button. Part of LtGuardPage
 * (lt-guard-page-state.h); the list comes from the host's reader, off
 * this thread, and a revocation goes through the host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-guard-page"

#include "lt-guard-page-state.h"
#include "lt-pass-words.h"

#include <glib/gi18n.h>

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

void
lt_guard_page_refresh_passes (LtGuardPage *self)
{
  lt_host_list_passes_async (self->host, self->cancellable, on_passes_listed, self);
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
  lt_guard_page_refresh_passes (self);
  lt_guard_page_refresh_events (self);
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

void
lt_guard_passes_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "guard.revoke-pass", "x", action_revoke_pass);
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
