/* lt-out-of-service.h: the screen of a terminal that is not set up yet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LT_TYPE_OUT_OF_SERVICE (lt_out_of_service_get_type ())
G_DECLARE_FINAL_TYPE (LtOutOfService, lt_out_of_service, LT, OUT_OF_SERVICE, GtkWindow)

typedef gboolean (*LtReadyFunc) (void);

LtOutOfService *lt_out_of_service_new        (const char  *reason);
const char     *lt_out_of_service_get_reason (LtOutOfService *self);
int             lt_out_of_service_run        (const char  *reason,
                                              LtReadyFunc  ready);

G_END_DECLS
