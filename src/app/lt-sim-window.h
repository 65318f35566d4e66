/* lt-sim-window.h: the demo's window of simulated door hardware
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-app-types.h"

G_BEGIN_DECLS

#define LT_TYPE_SIM_WINDOW (lt_sim_window_get_type ())
G_DECLARE_FINAL_TYPE (LtSimWindow, lt_sim_window, LT, SIM_WINDOW, GtkWindow)

GtkWidget *lt_sim_window_new (GtkApplication *app,
                              LtHost         *host);

G_END_DECLS
