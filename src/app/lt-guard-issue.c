/* lt-guard-issue.c: a new visitor pass on the guard page, and its QR code
 *
 * The form (lt-pass-form.c) asks for the unit and the visitor's phone
 * digits on the keypad, a validity, a number of entries; the host checks the unit and signs the pass, whose
 * QR code then fills the screen for the visitor to photograph. Part of
 * LtGuardPage (lt-guard-page-state.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-guard-page"

#include "lt-guard-page-state.h"
#include "lt-pass-words.h"
#include "lt-qr-texture.h"

#include <glib/gi18n.h>

#define QR_SCALE 10 /* pixels a module; the picture scales the whole */

/* Fills the QR screen with PASS and shows it: a pass just issued, or an
 * active one shown again. The token goes on screen only, never to a log. */
gboolean
lt_guard_page_show_pass (LtGuardPage        *self,
                         const LtIssuedPass *pass,
                         GError            **error)
{
  g_autoptr (GdkTexture) texture = lt_qr_texture_new (pass->token, QR_SCALE, error);
  g_autofree char *window = NULL;
  g_autofree char *entries = NULL;
  g_autofree char *words = NULL;
  g_autofree char *visitor = NULL;

  if (texture == NULL)
    return FALSE;
  g_free (self->last_token);
  self->last_token = g_strdup (pass->token);
  self->last_pass_id = pass->pass->id;
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));

  /* In the words the store keeps, so the screen says what was signed. */
  window = lt_pass_window_words (pass->pass->valid_from_us, pass->pass->valid_until_us);
  entries = pass->pass->uses == 0 ? lt_pass_entries_words (pass->pass->max_uses)
                                  : lt_pass_entries_left_words (pass->pass->max_uses, pass->pass->uses);
  /* Translators: "Valid today 14:00–16:00, 1 entry, unit 3-1203" */
  words = g_strdup_printf (_ ("Valid %1$s, %2$s, unit %3$s"), window, entries, pass->pass->unit);
  visitor = lt_guard_pass_visitor (pass->pass);
  if (visitor != NULL) {
    g_autofree char *line = words;
    /* Translators: %1$s is the pass in words, %2$s the visitor's name or phone digits */
    words = g_strdup_printf (_ ("%1$s\nVisitor: %2$s"), line, visitor);
  }
  gtk_label_set_label (self->pass_words, words);
  gtk_stack_set_visible_child_name (self->stack, "pass");
  return TRUE;
}

static void
on_pass_issued (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtIssuedPass) issued = lt_host_issue_pass_finish (LT_HOST (source), result, &error);
  LtGuardPage *self;

  /* Signed out meanwhile: the pass exists, its screen does not. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_GUARD_PAGE (user_data);
  self->issuing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guard.issue-pass", TRUE);
  lt_guard_page_refresh_events (self);
  lt_guard_page_refresh_passes (self);
  if (issued == NULL) {
    g_autofree char *text = g_strdup_printf (_ ("The pass was not issued: %s"), error->message);
    lt_pass_form_show_error (self->pass_form, text);
    return;
  }
  if (!lt_guard_page_show_pass (self, issued, &error))
    lt_pass_form_show_error (self->pass_form, error->message);
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
                                              .phone_last4 = self->request.phone_last4 },
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
  g_clear_pointer (&self->request.phone_last4, g_free);
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

void
lt_guard_issue_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "guard.new-pass", NULL, action_new_pass);
  gtk_widget_class_install_action (widget_class, "guard.cancel-pass", NULL, action_cancel_pass);
  gtk_widget_class_install_action (widget_class, "guard.issue-pass", NULL, action_issue_pass);
  gtk_widget_class_install_action (widget_class, "guard.pass-done", NULL, action_pass_done);
}
