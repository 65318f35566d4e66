/* lt-kiosk-window-hooks.c: what tests (and accessibility tools) see of
 * the kiosk window and do with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-kiosk-window"

#include "lt-kiosk-window-private.h"
#include "lt-door-banner.h"

const char *
lt_kiosk_window_get_page (LtKioskWindow *self)
{
  g_return_val_if_fail (LT_IS_KIOSK_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
lt_kiosk_window_get_keypad (LtKioskWindow *self)
{
  g_return_val_if_fail (LT_IS_KIOSK_WINDOW (self), NULL);

  return GTK_WIDGET (self->keypad);
}

const char *
lt_kiosk_window_get_display (LtKioskWindow *self)
{
  g_return_val_if_fail (LT_IS_KIOSK_WINDOW (self), NULL);

  return gtk_label_get_label (self->entry_display);
}

/* "TITLE\nDETAIL" of the result screen. */
char *
lt_kiosk_window_dup_result (LtKioskWindow *self)
{
  g_return_val_if_fail (LT_IS_KIOSK_WINDOW (self), NULL);

  return g_strdup_printf ("%s\n%s", gtk_label_get_label (self->result_title),
                          gtk_label_get_label (self->result_detail));
}

const char *
lt_kiosk_window_get_camera_status (LtKioskWindow *self)
{
  g_return_val_if_fail (LT_IS_KIOSK_WINDOW (self), NULL);

  return gtk_label_get_label (self->camera_label);
}

GtkWidget *
lt_kiosk_window_get_staff_page (LtKioskWindow *self)
{
  g_return_val_if_fail (LT_IS_KIOSK_WINDOW (self), NULL);

  return self->staff_page;
}

/* Clicks the keypad's buttons for each character of KEYS, as a finger would. */
void
lt_kiosk_window_press (LtKioskWindow *self,
                       const char    *keys)
{
  g_return_if_fail (LT_IS_KIOSK_WINDOW (self));

  lt_keypad_press (self->keypad, keys);
}

/* The door banner's words as shown, or NULL while none is shown. */
const char *
lt_kiosk_window_get_banner (LtKioskWindow *self)
{
  GtkWidget *banner;

  g_return_val_if_fail (LT_IS_KIOSK_WINDOW (self), NULL);

  banner = gtk_widget_get_first_child (self->banner_slot);
  if (banner == NULL || !gtk_widget_get_visible (self->banner_slot))
    return NULL;
  return lt_door_banner_get_words (LT_DOOR_BANNER (banner));
}
