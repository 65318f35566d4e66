/* lt-engine-host.h: the engine in a thread of its own, seen from the UI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-host.h"

G_BEGIN_DECLS

#define LT_TYPE_ENGINE_HOST (lt_engine_host_get_type ())
G_DECLARE_FINAL_TYPE (LtEngineHost, lt_engine_host, LT, ENGINE_HOST, GObject)

LtEngineHost *lt_engine_host_new      (LtConfig     *config,
                                       GError      **error);
LtEngineHost *lt_engine_host_new_service (LtConfig   *config,
                                          const char *sim_socket,
                                          GError    **error);
void          lt_engine_host_shutdown (LtEngineHost *self);
void          lt_engine_host_flush    (LtEngineHost *self);
/* Tests: how long a resident's session lives without a call. Before any
 * sign-in. */
void          lt_engine_host_set_session_idle (LtEngineHost *self,
                                               guint         seconds);

G_END_DECLS
