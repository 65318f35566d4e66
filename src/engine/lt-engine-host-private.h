/* lt-engine-host-private.h: the engine host, shared by its two files
 *
 * lt-engine-host.c: the thread, the messages to the UI, the life cycle;
 * lt-engine-host-calls.c: the LtHost calls, as jobs on the engine thread
 * and queries on the reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-engine-host.h"
#include "lt-engine.h"
#include "lt-reader.h"
#include "lt-sim-server.h"
#include "lt-watchdog.h"

G_BEGIN_DECLS

struct _LtEngineHost {
  GObject       parent_instance;

  /* Engine thread only */
  LtEngine     *engine;
  GMainLoop    *loop;
  gboolean      engine_closed;  /* jobs left after shutdown fail */
  LtSimServer  *sim_server;     /* service: the simulator socket */
  LtWatchdog   *watchdog;       /* service: fed from the engine's loop */

  /* Set before the thread starts, read-only after */
  GMainContext *engine_context;
  GMainContext *ui_context;
  GThread      *thread;
  LtConfig     *config;         /* the host's own; the engine borrows it */
  gboolean      service;        /* lt_engine_host_new_service () */
  char         *sim_socket;
  gboolean      simulator;
  gboolean      camera;

  /* Start-up handshake and flush */
  GMutex        lock;
  GCond         cond;
  gboolean      started;
  GError       *start_error;

  LtReader     *reader;         /* queries, in worker threads */

  /* UI thread only: the last state the engine reported */
  LtDoorState   door;
  gboolean      line_present[LT_N_LINES];
  gboolean      line_active[LT_N_LINES];
  gboolean      camera_running;
  gboolean      stopped;

  /* Issue 11 (lt-engine-host-face.c) */
  GHashTable   *sessions;       /* engine thread only: resident tokens */
  guint         session_idle_s; /* set before the thread starts */
  gboolean      face_available; /* UI thread: as last reported */
};

void lt_engine_host_calls_init (LtHostInterface *iface);
/* lt-engine-host-face.c (issue 11) */
void lt_engine_host_face_init     (LtHostInterface *iface);
void lt_engine_host_face_started  (LtEngineHost    *self);
void lt_engine_host_face_stopping (LtEngineHost    *self);

G_END_DECLS
