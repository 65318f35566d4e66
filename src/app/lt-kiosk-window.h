/* lt-kiosk-window.h: the full-screen door terminal screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lt-application.h"
#include "lt-camera.h"

G_BEGIN_DECLS

#define LT_TYPE_KIOSK_WINDOW (lt_kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (LtKioskWindow, lt_kiosk_window, LT, KIOSK_WINDOW, GtkApplicationWindow)

GtkWidget  *lt_kiosk_window_new          (LtApplication *app);
const char *lt_kiosk_window_get_page     (LtKioskWindow *self);
GtkWidget  *lt_kiosk_window_get_keypad   (LtKioskWindow *self);
const char *lt_kiosk_window_get_display  (LtKioskWindow *self);
char       *lt_kiosk_window_dup_result   (LtKioskWindow *self);
GtkWidget  *lt_kiosk_window_get_staff_page (LtKioskWindow *self);
LtCamera   *lt_kiosk_window_get_camera   (LtKioskWindow *self);
const char *lt_kiosk_window_get_camera_status (LtKioskWindow *self);
void        lt_kiosk_window_press        (LtKioskWindow *self,
                                          const char    *keys);

G_END_DECLS
