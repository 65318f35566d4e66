/* lt-guard-passes.c: the guard page's visitor passes, as listed
 *
 * The active passes, each with "Show code" (its QR again, for a pass
 * issued on this terminal) and "Revoke"; and the history of passes that
 * no longer open the door (used up, expired, revoked). Part of
 * LtGuardPage (lt-guard-page-state.h); the lists come from the host's
 * reader, off this thread, and every change goes through the host.
 *
 * Revoke with undo: the pass stops working the moment Revoke is tapped
 * (the engine records which pass); an "Undo" bar then stays for
 * LT_GUARD_UNDO_SECONDS from the tap, and Undo asks the engine to restore
 * the pass, which it does only within LT_PASS_UNDO_SECONDS of the
 * revocation (also recorded). After that the revocation is final.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-guard-page"

#include "lt-guard-page-state.h"
#include "lt-pass-words.h"
#include "lt-time.h"

#include <glib/gi18n.h>

#define HISTORY_ROWS 50

/* "Wang Fang", "•••• 1234", both, or NULL: who a pass is for. */
char *
lt_guard_pass_visitor (const LtPassInfo *pass)
{
  g_autofree char *phone = pass->phone_last4 != NULL ? lt_pass_phone_words (pass->phone_last4) : NULL;
  gboolean         named = pass->visitor_name != NULL && pass->visitor_name[0] != '\0';

  if (named && phone != NULL)
    return g_strdup_printf ("%s, %s", pass->visitor_name, phone);
  if (named)
    return g_strdup (pass->visitor_name);
  return g_steal_pointer (&phone);
}

/* "Unit 1-101 — •••• 1234" over "today 14:00–16:00 — DETAIL". */
static GtkWidget *
make_pass_label (const LtPassInfo *pass,
                 const char       *detail)
{
  g_autofree char *window = lt_pass_window_words (pass->valid_from_us, pass->valid_until_us);
  g_autofree char *unit = g_strdup_printf (_ ("Unit %s"), pass->unit);
  g_autofree char *visitor = lt_guard_pass_visitor (pass);
  g_autofree char *text = NULL;
  GtkWidget       *label;

  if (visitor != NULL)
    text = g_strdup_printf ("%s — %s\n%s — %s", unit, visitor, window, detail);
  else
    text = g_strdup_printf ("%s\n%s — %s", unit, window, detail);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "event");
  return label;
}

static GtkWidget *
make_pass_button (const char *label,
                  const char *action,
                  gint64      pass_id)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (pass_id));
  gtk_widget_set_hexpand (button, TRUE);
  return button;
}

static GtkWidget *
make_pass_row (LtGuardPage      *self,
               const LtPassInfo *pass)
{
  g_autofree char *left = lt_pass_entries_left_words (pass->max_uses, pass->uses);
  GtkWidget       *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget       *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget       *revoke;

  gtk_box_append (GTK_BOX (row), make_pass_label (pass, left));
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  /* Its QR code again: only where this terminal signed it. */
  if (pass->issued_here && lt_host_can_issue_passes (self->host))
    gtk_box_append (GTK_BOX (buttons), make_pass_button (_ ("Show code"), "guard.show-pass", pass->id));
  revoke = make_pass_button (_ ("Revoke"), "guard.revoke-pass", pass->id);
  gtk_widget_add_css_class (revoke, "destructive-action");
  gtk_widget_add_css_class (revoke, "revoke");
  gtk_box_append (GTK_BOX (buttons), revoke);
  gtk_box_append (GTK_BOX (row), buttons);
  gtk_widget_add_css_class (row, "pass");
  return row;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
on_passes_listed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) passes = lt_host_list_passes_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  clear_box (self->passes_list);
  if (passes == NULL) {
    g_autofree char *text = g_strdup_printf (_ ("The visitor passes could not be read: %s"), error->message);

    gtk_label_set_label (self->passes_empty, text);
    gtk_widget_set_visible (GTK_WIDGET (self->passes_empty), TRUE);
    return;
  }
  for (guint i = 0; i < passes->len; i++)
    gtk_box_append (self->passes_list, make_pass_row (self, g_ptr_array_index (passes, i)));
  gtk_label_set_label (self->passes_empty, _ ("No active visitor passes."));
  gtk_widget_set_visible (GTK_WIDGET (self->passes_empty), passes->len == 0);
}

void
lt_guard_page_refresh_passes (LtGuardPage *self)
{
  lt_host_list_passes_async (self->host, self->cancellable, on_passes_listed, self);
}

/* TEXT (owned) under the list, or nothing when NULL. */
static void
show_passes_error (LtGuardPage *self,
                   char        *text)
{
  gtk_label_set_label (self->passes_error, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->passes_error), text != NULL);
  g_free (text);
}

/* ---- revoke, and undo ---------------------------------------------------------- */

static void
hide_undo (LtGuardPage *self)
{
  lt_clear_source (&self->undo_timer);
  self->undo_pass_id = 0;
  gtk_widget_set_visible (self->undo_box, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.undo-revoke", FALSE);
}

static gboolean
on_undo_timeout (gpointer user_data)
{
  LtGuardPage *self = LT_GUARD_PAGE (user_data);

  g_clear_pointer (&self->undo_timer, g_source_unref);
  hide_undo (self);
  return G_SOURCE_REMOVE;
}

static void
on_pass_revoked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean     revoked = lt_host_call_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;
  gint64       elapsed_ms;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  show_passes_error (self, error ? g_strdup_printf (_ ("The pass was not revoked: %s"), error->message) : NULL);
  lt_guard_page_refresh_passes (self);
  lt_guard_page_refresh_events (self);
  if (!revoked)
    return;
  /* Undo for what is left of the window that began with the tap: the
   * engine's own window began a little later, so an Undo shown is one
   * the engine accepts. */
  elapsed_ms = (g_get_monotonic_time () - self->undo_tapped_us) / 1000;
  lt_clear_source (&self->undo_timer);
  if (elapsed_ms >= LT_GUARD_UNDO_SECONDS * 1000) {
    hide_undo (self);
    return;
  }
  self->undo_pass_id = self->revoking_pass_id;
  self->undo_timer = lt_timeout_source_add ((guint)(LT_GUARD_UNDO_SECONDS * 1000 - elapsed_ms), on_undo_timeout, self);
  gtk_widget_set_visible (self->undo_box, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.undo-revoke", TRUE);
}

static void
action_revoke_pass (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);

  /* A second revocation takes the bar over: one undo at a time. */
  hide_undo (self);
  self->revoking_pass_id = g_variant_get_int64 (parameter);
  self->undo_tapped_us = g_get_monotonic_time ();
  lt_host_revoke_pass_async (self->host, self->revoking_pass_id, self->staff_id, self->cancellable, on_pass_revoked,
                             self);
}

static void
on_pass_restored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  LtGuardPage *self;

  lt_host_call_finish (LT_HOST (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  show_passes_error (self, error ? g_strdup_printf (_ ("The pass stays revoked: %s"), error->message) : NULL);
  lt_guard_page_refresh_passes (self);
  lt_guard_page_refresh_events (self);
}

static void
action_undo_revoke (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);
  gint64       pass_id = self->undo_pass_id;

  if (pass_id == 0)
    return;
  hide_undo (self);
  lt_host_restore_pass_async (self->host, pass_id, self->staff_id, self->cancellable, on_pass_restored, self);
}

/* ---- the QR code again ------------------------------------------------------- */

static void
on_pass_shown (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtIssuedPass) shown = lt_host_show_pass_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  if (shown == NULL || !lt_guard_page_show_pass (self, shown, &error)) {
    show_passes_error (self, g_strdup_printf (_ ("The pass's code cannot be shown: %s"), error->message));
    lt_guard_page_refresh_passes (self);
    return;
  }
  show_passes_error (self, NULL);
}

static void
action_show_pass (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);

  lt_host_show_pass_async (self->host, g_variant_get_int64 (parameter), self->cancellable, on_pass_shown, self);
}

/* ---- the history --------------------------------------------------------------- */

static void
on_history_listed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) passes = lt_host_list_pass_history_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;
  gint64       now = g_get_real_time ();

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  clear_box (self->history_list);
  if (passes == NULL) {
    g_autofree char *text = g_strdup_printf (_ ("The visitor passes could not be read: %s"), error->message);

    gtk_label_set_label (self->history_empty, text);
    gtk_widget_set_visible (GTK_WIDGET (self->history_empty), TRUE);
    return;
  }
  for (guint i = 0; i < passes->len; i++) {
    const LtPassInfo *pass = g_ptr_array_index (passes, i);
    GtkWidget        *label = make_pass_label (
             pass, lt_pass_ended_words (pass->revoked_at_us, pass->valid_until_us, pass->max_uses, pass->uses, now));

    gtk_widget_add_css_class (label, "pass");
    gtk_box_append (self->history_list, label);
  }
  gtk_label_set_label (self->history_empty, _ ("No used, expired or revoked passes yet."));
  gtk_widget_set_visible (GTK_WIDGET (self->history_empty), passes->len == 0);
}

static void
action_history (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LtGuardPage *self = LT_GUARD_PAGE (widget);

  lt_host_list_pass_history_async (self->host, HISTORY_ROWS, self->cancellable, on_history_listed, self);
  gtk_stack_set_visible_child_name (self->stack, "history");
}

void
lt_guard_passes_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "guard.revoke-pass", "x", action_revoke_pass);
  gtk_widget_class_install_action (widget_class, "guard.undo-revoke", NULL, action_undo_revoke);
  gtk_widget_class_install_action (widget_class, "guard.show-pass", "x", action_show_pass);
  gtk_widget_class_install_action (widget_class, "guard.history", NULL, action_history);
}

void
lt_guard_passes_init (LtGuardPage *self)
{
  hide_undo (self);
}

/* ---- for tests and accessibility tools --------------------------------------------- */

static char *
dup_lines (GtkWidget *list)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row)) {
    GtkWidget       *label = GTK_IS_LABEL (row) ? row : gtk_widget_get_first_child (row);
    g_autofree char *line = g_strdup (gtk_label_get_label (GTK_LABEL (label)));

    g_strdelimit (line, "\n", ' ');
    g_string_append_printf (text, "%s\n", line);
  }
  return g_string_free (text, FALSE);
}

/* The active passes as listed, one line each. */
char *
lt_guard_page_dup_passes (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  return dup_lines (GTK_WIDGET (self->passes_list));
}

/* The history as listed, one line each. */
char *
lt_guard_page_dup_history (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), NULL);

  return dup_lines (GTK_WIDGET (self->history_list));
}

/* The pass an Undo is offered for, 0 when none is. */
gint64
lt_guard_page_get_undo_pass_id (LtGuardPage *self)
{
  g_return_val_if_fail (LT_IS_GUARD_PAGE (self), 0);

  return gtk_widget_get_visible (self->undo_box) ? self->undo_pass_id : 0;
}
