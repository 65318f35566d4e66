/* lt-sim-hardware.h: a whole door's hardware, simulated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-config.h"
#include "lt-line.h"

G_BEGIN_DECLS

#define LT_SIM_ERROR (lt_sim_error_quark ())
GQuark lt_sim_error_quark (void);

typedef enum {
  LT_SIM_ERROR_INVALID,
  LT_SIM_ERROR_IO,
} LtSimError;

#define LT_TYPE_SIM_HARDWARE (lt_sim_hardware_get_type ())
G_DECLARE_FINAL_TYPE (LtSimHardware, lt_sim_hardware, LT, SIM_HARDWARE, GObject)

LtSimHardware *lt_sim_hardware_new          (gboolean        lock_initial,
                                             guint           wiegand_gap_ms);
LtLine        *lt_sim_hardware_get_line     (LtSimHardware  *self,
                                             LtLineRole      role);
int            lt_sim_hardware_steal_usb_fd (LtSimHardware  *self);
gboolean       lt_sim_hardware_wiegand      (LtSimHardware  *self,
                                             const char     *bits,
                                             GError        **error);
gboolean       lt_sim_hardware_usb_card     (LtSimHardware  *self,
                                             const char     *text,
                                             GError        **error);
void           lt_sim_hardware_press_exit   (LtSimHardware  *self);
void           lt_sim_hardware_set_door_open (LtSimHardware *self,
                                              gboolean       open);
void           lt_sim_hardware_set_tamper   (LtSimHardware  *self,
                                             gboolean        on);

G_END_DECLS
