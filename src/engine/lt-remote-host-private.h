/* lt-remote-host-private.h: the remote host, shared by its two files
 *
 * lt-remote-host.c: the connection, reconnecting, the door state and the
 * signals coming in; lt-remote-host-calls.c: one forwarder per LtHost
 * call, each a D-Bus method call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-host-dbus.h"
#include "lt-remote-host.h"

G_BEGIN_DECLS

struct _LtRemoteHost {
  GObject       parent_instance;

  LtConfig     *config;          /* the kiosk's own, from the same file */
  char         *socket_path;
  GCancellable *cancellable;     /* the connection attempt; dispose cancels it */
  GDBusConnection *connection;
  LtDbusHost   *proxy;           /* NULL while the engine is not reachable */
  GSource      *retry;           /* the next attempt, on the thread-default context */
  char         *problem;         /* why the last attempt failed */

  /* The last state the engine reported */
  LtDoorState   door;
  gboolean      line_present[LT_N_LINES];
  gboolean      line_active[LT_N_LINES];
  gboolean      camera_running;
  gboolean      simulator;
  gboolean      camera;
  gboolean      can_issue_passes;
  gboolean      face_available;
};

void lt_remote_host_calls_init (LtHostInterface *iface);

G_END_DECLS
