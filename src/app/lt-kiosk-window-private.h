/* lt-kiosk-window-private.h: what tests see of the kiosk window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-kiosk-window.h"

G_BEGIN_DECLS

const char *lt_kiosk_window_get_page          (LtKioskWindow *self);
GtkWidget  *lt_kiosk_window_get_keypad        (LtKioskWindow *self);
const char *lt_kiosk_window_get_display       (LtKioskWindow *self);
char       *lt_kiosk_window_dup_result        (LtKioskWindow *self);
GtkWidget  *lt_kiosk_window_get_staff_page    (LtKioskWindow *self);
const char *lt_kiosk_window_get_camera_status (LtKioskWindow *self);
void        lt_kiosk_window_press             (LtKioskWindow *self,
                                               const char    *keys);

G_END_DECLS
