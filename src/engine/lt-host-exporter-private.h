/* lt-host-exporter-private.h: the exporter, shared by its two files
 *
 * lt-host-exporter.c: the socket, who may connect, the door state and
 * the signals going out; lt-host-exporter-calls.c: one forwarder per
 * D-Bus method, each calling the LtHost and answering the caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-host-dbus.h"
#include "lt-host-exporter.h"

G_BEGIN_DECLS

void lt_host_exporter_connect_calls (LtDbusHost *skeleton,
                                     LtHost     *host);

G_END_DECLS
