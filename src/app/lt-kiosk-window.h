/* lt-kiosk-window.h: the full-screen door terminal screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-app-types.h"

G_BEGIN_DECLS

#define LT_TYPE_KIOSK_WINDOW (lt_kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (LtKioskWindow, lt_kiosk_window, LT, KIOSK_WINDOW, GtkApplicationWindow)

GtkWidget *lt_kiosk_window_new (GtkApplication *app,
                                LtHost         *host);

G_END_DECLS
