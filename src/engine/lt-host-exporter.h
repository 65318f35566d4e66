/* lt-host-exporter.h: an LtHost served to the kiosk over a Unix socket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-host.h"

G_BEGIN_DECLS

#define LT_HOST_OBJECT_PATH "/org/lintel/Host"

#define LT_TYPE_HOST_EXPORTER (lt_host_exporter_get_type ())
G_DECLARE_FINAL_TYPE (LtHostExporter, lt_host_exporter, LT, HOST_EXPORTER, GObject)

LtHostExporter *lt_host_exporter_new              (LtHost         *host,
                                                   const char     *socket_path,
                                                   GError        **error);
guint           lt_host_exporter_get_n_peers      (LtHostExporter *self);
gboolean        lt_host_exporter_peer_allowed     (GCredentials   *credentials,
                                                   uid_t           own_uid);

G_END_DECLS
