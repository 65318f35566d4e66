/* lt-remote-host.h: the door engine of another process, seen from the UI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-host.h"

G_BEGIN_DECLS

#define LT_TYPE_REMOTE_HOST (lt_remote_host_get_type ())
G_DECLARE_FINAL_TYPE (LtRemoteHost, lt_remote_host, LT, REMOTE_HOST, GObject)

LtRemoteHost *lt_remote_host_new           (LtConfig     *config,
                                            const char   *socket_path);
gboolean      lt_remote_host_get_connected (LtRemoteHost *self);
const char   *lt_remote_host_get_problem   (LtRemoteHost *self);

G_END_DECLS
