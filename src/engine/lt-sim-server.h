/* lt-sim-server.h: the simulated hardware's control socket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-engine.h"

G_BEGIN_DECLS

#define LT_TYPE_SIM_SERVER (lt_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (LtSimServer, lt_sim_server, LT, SIM_SERVER, GObject)

LtSimServer *lt_sim_server_new     (LtEngine    *engine,
                                    const char  *path,
                                    GError     **error);
char        *lt_sim_server_handle  (LtSimServer *self,
                                    const char  *command);

G_END_DECLS
