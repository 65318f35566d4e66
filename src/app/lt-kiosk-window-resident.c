/* lt-kiosk-window-resident.c: the kiosk window's resident menu and Face
 * button (issue 11)
 *
 * "My account" on the lobby opens the resident page (sign-in, face entry,
 * my data); "Face" appears only while the host says face is available
 * ([face] enabled and somebody enrolled), beside the other ways in and
 * never the default, focused or highlighted one (R8). Either page lives
 * in the "resident" stack page until the lobby returns, which destroys it:
 * the camera stops and the session ends with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-kiosk-window"

#include "lt-kiosk-window-private.h"
#include "lt-face-page.h"
#include "lt-resident-page.h"

static void
set_resident_page (LtKioskWindow *self,
                   GtkWidget     *page)
{
  lt_kiosk_window_resident_clear (self);
  self->resident_page = page;
  gtk_box_append (self->resident_box, page);
  lt_kiosk_window_set_page (self, "resident");
}

static void
action_resident (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (widget);

  set_resident_page (self, lt_resident_page_new (self->host));
}

/* Only a tap gets here; the page starts the camera as it is made (R5). */
static void
action_face (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (widget);

  if (!lt_host_get_face_available (self->host))
    return;
  set_resident_page (self, lt_face_page_new (self->host));
}

/* The face page, back in front of a refusal on the result screen. */
static void
action_show_resident (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (widget);

  if (self->resident_page != NULL)
    lt_kiosk_window_set_page (self, "resident");
}

static void
on_face_available (LtHost        *host,
                   GParamSpec    *pspec,
                   LtKioskWindow *self)
{
  gboolean available = lt_host_get_face_available (host);

  gtk_widget_set_visible (GTK_WIDGET (self->face_button), available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.face", available);
}

/* A portrait panel has no room for three ways in side by side (Unit + PIN,
 * Scan QR code, Face): they stack there, all of the same size still; and
 * "My account" moves from the full top row to beside the card hint. */
#define PORTRAIT_MAX_WIDTH 720

static void
on_default_width (GtkWindow     *window,
                  GParamSpec    *pspec,
                  LtKioskWindow *self)
{
  int        width = 0, height = 0;
  gboolean   portrait;
  GtkWidget *button = GTK_WIDGET (self->resident_button);
  GtkBox    *row;

  gtk_window_get_default_size (window, &width, &height);
  portrait = width > 0 && width < PORTRAIT_MAX_WIDTH;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->methods_box),
                                  portrait ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  row = portrait ? self->hint_row : self->top_row;
  if (gtk_widget_get_parent (button) == GTK_WIDGET (row))
    return;
  g_object_ref (button);
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (button)), button);
  if (portrait)
    gtk_box_append (row, button);
  else
    gtk_box_insert_child_after (row, button, GTK_WIDGET (self->building_label));
  g_object_unref (button);
}

void
lt_kiosk_window_resident_constructed (LtKioskWindow *self)
{
  const LtConfig *config = lt_host_get_config (self->host);
  guint           methods = lt_config_get_door (config, config->door)->methods;

  /* Residents sign in with unit + PIN or a card: no entry without either. */
  gtk_widget_set_visible (GTK_WIDGET (self->resident_button),
                          (methods & (LT_METHOD_BIT (LT_METHOD_PIN) | LT_METHOD_BIT (LT_METHOD_CARD))) != 0);
  /* Never the default or the focus: a tap on purpose only. */
  gtk_widget_set_focus_on_click (GTK_WIDGET (self->face_button), FALSE);
  gtk_widget_set_can_focus (GTK_WIDGET (self->face_button), FALSE);
  g_signal_connect (self->host, "notify::face-available", G_CALLBACK (on_face_available), self);
  on_face_available (self->host, NULL, self);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (on_default_width), self);
  on_default_width (GTK_WINDOW (self), NULL, self);
}

/* The lobby returns: the resident or face page goes, and with it the
 * camera and the session. */
void
lt_kiosk_window_resident_clear (LtKioskWindow *self)
{
  if (self->resident_page == NULL)
    return;
  gtk_box_remove (self->resident_box, self->resident_page);
  self->resident_page = NULL;
}

void
lt_kiosk_window_resident_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, resident_button);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, face_button);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, resident_box);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, methods_box);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, top_row);
  gtk_widget_class_bind_template_child (widget_class, LtKioskWindow, hint_row);
  gtk_widget_class_install_action (widget_class, "kiosk.resident", NULL, action_resident);
  gtk_widget_class_install_action (widget_class, "kiosk.face", NULL, action_face);
  gtk_widget_class_install_action (widget_class, "kiosk.show-resident", NULL, action_show_resident);
}

/* For tests: the resident or face page shown, or NULL. */
GtkWidget *
lt_kiosk_window_get_resident_page (LtKioskWindow *self)
{
  g_return_val_if_fail (LT_IS_KIOSK_WINDOW (self), NULL);

  return self->resident_page;
}

GtkWidget *
lt_kiosk_window_get_face_button (LtKioskWindow *self)
{
  g_return_val_if_fail (LT_IS_KIOSK_WINDOW (self), NULL);

  return GTK_WIDGET (self->face_button);
}
