/* lt-engine-host.c: the engine in a thread of its own, seen from the UI
 *
 * The door must relock on time even if the screen's thread stalls (a
 * driver hang, a long layout). So the kiosk runs the engine — readers,
 * decisions, door timers, the store's one writing connection — in a
 * thread with its own main context, and this object is its face on the
 * UI thread (the LtHost interface): calls become jobs on the engine
 * thread and finish as GTasks on the UI thread; state changes come back
 * as properties and signals. Queries for the staff screens run on a
 * reading connection in worker threads (LtReader), never on either loop.
 *
 * Everything handed to the UI is a copy the host or the caller owns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-engine-host"

#include "lt-engine-host-private.h"
#include "lt-pass.h"

#include <glib/gi18n.h>
#include <string.h>

enum {
  PROP_0,
  PROP_UNLOCKED,
  PROP_OPEN,
  PROP_ALARM,
  PROP_CAMERA_RUNNING,
  PROP_FACE_AVAILABLE,
  N_PROPS
};

static void lt_engine_host_iface_init (LtHostInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LtEngineHost, lt_engine_host, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (LT_TYPE_HOST, lt_engine_host_iface_init))

/* ---- engine thread → UI thread ------------------------------------------ */

typedef enum {
  MSG_DOOR,
  MSG_DECISION,
  MSG_CAPTURE,
  MSG_LINE,
  MSG_CAMERA,
  MSG_SCAN_STOPPED,
  MSG_PREVIEW,
} MsgKind;

typedef struct {
  LtEngineHost   *host;
  MsgKind         kind;
  LtDoorState     door;     /* MSG_DOOR */
  LtHostDecision *decision; /* MSG_DECISION */
  char           *reader;   /* MSG_CAPTURE */
  char           *card;
  char           *problem;
  LtLineRole      role; /* MSG_LINE */
  gboolean        active;
  gboolean        running; /* MSG_CAMERA */
  char           *reason;  /* MSG_SCAN_STOPPED */
  GBytes         *frame;   /* MSG_PREVIEW */
  int             width;
  int             height;
  int             stride;
} Msg;

static void
msg_free (gpointer data)
{
  Msg *msg = data;

  g_object_unref (msg->host);
  lt_host_decision_free (msg->decision);
  g_free (msg->reader);
  if (msg->card != NULL)
    memset (msg->card, 0, strlen (msg->card));
  g_free (msg->card);
  g_free (msg->problem);
  g_free (msg->reason);
  g_clear_pointer (&msg->frame, g_bytes_unref);
  g_free (msg);
}

static void
apply_door_state (LtEngineHost      *self,
                  const LtDoorState *state)
{
  LtDoorState old = self->door;

  self->door = *state;
  if (old.unlocked != state->unlocked)
    g_object_notify (G_OBJECT (self), "unlocked");
  if (old.open != state->open)
    g_object_notify (G_OBJECT (self), "open");
  if (old.alarm != state->alarm || old.alarm_active != state->alarm_active || old.alarm_pending != state->alarm_pending)
    g_object_notify (G_OBJECT (self), "alarm");
}

static gboolean
deliver (gpointer data)
{
  Msg          *msg = data;
  LtEngineHost *self = msg->host;

  switch (msg->kind) {
  case MSG_DOOR:
    apply_door_state (self, &msg->door);
    break;
  case MSG_DECISION:
    g_signal_emit_by_name (self, "decision", msg->decision);
    break;
  case MSG_CAPTURE:
    g_signal_emit_by_name (self, "card-captured", msg->reader, msg->card, msg->problem);
    break;
  case MSG_LINE:
    self->line_active[msg->role] = msg->active;
    g_signal_emit_by_name (self, "line-changed", (guint)msg->role, msg->active);
    break;
  case MSG_CAMERA:
    if (self->camera_running != msg->running) {
      self->camera_running = msg->running;
      g_object_notify (G_OBJECT (self), "camera-running");
    }
    break;
  case MSG_SCAN_STOPPED:
    g_signal_emit_by_name (self, "scan-stopped", msg->reason);
    break;
  case MSG_PREVIEW:
    /* Never a frame on screen while the indicator says the camera is off. */
    if (self->camera_running)
      g_signal_emit_by_name (self, "scan-preview", msg->frame, msg->width, msg->height, msg->stride);
    break;
  default:
    g_assert_not_reached ();
  }
  return G_SOURCE_REMOVE;
}

/* Messages reach the UI in the order they were sent. */
static void
send_msg (LtEngineHost *self,
          Msg          *msg)
{
  msg->host = g_object_ref (self);
  g_main_context_invoke_full (self->ui_context, G_PRIORITY_DEFAULT, deliver, msg, msg_free);
}

static void
send_door_state (LtEngineHost *self)
{
  LtDoor *door = lt_engine_get_door (self->engine);
  Msg    *msg = g_new0 (Msg, 1);

  msg->kind = MSG_DOOR;
  msg->door.unlocked = lt_door_get_unlocked (door);
  msg->door.open = lt_door_get_open (door);
  msg->door.alarm = lt_door_get_alarm (door);
  msg->door.alarm_active = lt_door_alarm_active (door, msg->door.alarm);
  msg->door.alarm_pending = lt_door_get_alarm_pending (door);
  msg->door.relock_deadline_us = msg->door.unlocked ? lt_door_get_relock_time (door) : 0;
  send_msg (self, msg);
}

static void
on_door_notify (GObject    *door,
                GParamSpec *pspec,
                gpointer    user_data)
{
  send_door_state (user_data);
}

static void
on_engine_decision (LtEngine             *engine,
                    const LtHostDecision *decision,
                    gpointer              user_data)
{
  LtEngineHost *self = user_data;
  Msg          *msg = g_new0 (Msg, 1);

  /* The door state first: a card that kept an open door open changed
   * only its relock time, and the screen's countdown reads it. */
  send_door_state (self);
  msg->kind = MSG_DECISION;
  msg->decision = lt_host_decision_copy (decision);
  send_msg (self, msg);
}

static void
on_card_captured (LtEngine   *engine,
                  const char *reader,
                  const char *card,
                  const char *problem,
                  gpointer    user_data)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_CAPTURE;
  msg->reader = g_strdup (reader);
  msg->card = g_strdup (card);
  msg->problem = g_strdup (problem);
  send_msg (user_data, msg);
}

static void
on_line_changed (LtEngine *engine,
                 guint     role,
                 gboolean  active,
                 gpointer  user_data)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_LINE;
  msg->role = role;
  msg->active = active;
  send_msg (user_data, msg);
}

static void
on_camera_changed (LtEngine *engine,
                   gboolean  running,
                   gpointer  user_data)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_CAMERA;
  msg->running = running;
  send_msg (user_data, msg);
}

static void
on_scan_stopped (LtEngine   *engine,
                 const char *reason,
                 gpointer    user_data)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_SCAN_STOPPED;
  msg->reason = g_strdup (reason);
  send_msg (user_data, msg);
}

static void
on_scan_preview (LtEngine *engine,
                 GBytes   *frame,
                 int       width,
                 int       height,
                 int       stride,
                 gpointer  user_data)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->kind = MSG_PREVIEW;
  msg->frame = g_bytes_ref (frame);
  msg->width = width;
  msg->height = height;
  msg->stride = stride;
  send_msg (user_data, msg);
}

/* ---- the engine thread ---------------------------------------------------- */

static void
engine_started (LtEngineHost *self,
                LtEngine     *engine)
{
  LtDoor *door = lt_engine_get_door (engine);

  self->engine = engine;
  self->simulator = lt_engine_get_sim (engine) != NULL;
  self->camera = lt_engine_has_camera (engine);
  self->door.unlocked = lt_door_get_unlocked (door);
  self->door.open = lt_door_get_open (door);
  self->door.alarm = lt_door_get_alarm (door);
  self->door.alarm_active = lt_door_alarm_active (door, self->door.alarm);
  self->door.alarm_pending = lt_door_get_alarm_pending (door);
  for (guint role = 0; role < LT_N_LINES; role++)
    self->line_present[role] = lt_engine_get_line_state (engine, role, &self->line_active[role]);
  g_signal_connect (door, "notify::unlocked", G_CALLBACK (on_door_notify), self);
  g_signal_connect (door, "notify::open", G_CALLBACK (on_door_notify), self);
  g_signal_connect (door, "notify::alarm", G_CALLBACK (on_door_notify), self);
  g_signal_connect (engine, "decision", G_CALLBACK (on_engine_decision), self);
  g_signal_connect (engine, "card-captured", G_CALLBACK (on_card_captured), self);
  g_signal_connect (engine, "line-changed", G_CALLBACK (on_line_changed), self);
  g_signal_connect (engine, "camera-changed", G_CALLBACK (on_camera_changed), self);
  g_signal_connect (engine, "scan-stopped", G_CALLBACK (on_scan_stopped), self);
  g_signal_connect (engine, "scan-preview", G_CALLBACK (on_scan_preview), self);
  lt_engine_host_face_started (self);
}

/* The service (`lintel --headless`): the simulator socket and systemd's
 * watchdog live on the engine's loop, so a hung engine stops the pings
 * whatever the thread serving the kiosk does. */
static gboolean
start_service (LtEngineHost *self,
               LtEngine     *engine,
               GError      **error)
{
  if (self->sim_socket != NULL && (self->sim_server = lt_sim_server_new (engine, self->sim_socket, error)) == NULL)
    return FALSE;
  self->watchdog = lt_watchdog_new (lt_engine_get_door (engine));
  lt_watchdog_notify_ready (self->watchdog, "Door locked, readers listening");
  return TRUE;
}

static void
stop_service (LtEngineHost *self)
{
  g_clear_object (&self->watchdog);
  g_clear_object (&self->sim_server);
}

static gpointer
engine_thread (gpointer data)
{
  LtEngineHost *self = data;
  g_autoptr (GError) error = NULL;
  LtEngine *engine;

  g_main_context_push_thread_default (self->engine_context);
  engine = lt_engine_new_borrowed (self->config, &error);
  if (engine != NULL && self->service && !start_service (self, engine, &error)) {
    stop_service (self);
    lt_engine_shutdown (engine);
    g_clear_object (&engine);
  }

  g_mutex_lock (&self->lock);
  if (engine == NULL)
    self->start_error = g_steal_pointer (&error);
  else
    engine_started (self, engine);
  self->started = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (engine != NULL) {
    g_main_loop_run (self->loop);
    /* Relock and let go, still on this thread; calls still queued fail. */
    g_signal_handlers_disconnect_by_data (lt_engine_get_door (engine), self);
    g_signal_handlers_disconnect_by_data (engine, self);
    lt_engine_host_face_stopping (self);
    self->engine_closed = TRUE;
    if (self->watchdog != NULL)
      lt_watchdog_notify_stopping (self->watchdog);
    lt_engine_shutdown (engine);
    while (g_main_context_iteration (self->engine_context, FALSE))
      ;
    /* After the relock, which the simulator's clients still hear. */
    stop_service (self);
    g_clear_object (&self->engine);
  }
  g_main_context_pop_thread_default (self->engine_context);
  return NULL;
}

/* ---- state ------------------------------------------------------------------ */

static const LtConfig *
host_get_config (LtHost *host)
{
  return LT_ENGINE_HOST (host)->config;
}

static gboolean
host_has_simulator (LtHost *host)
{
  return LT_ENGINE_HOST (host)->simulator;
}

static gboolean
host_has_camera (LtHost *host)
{
  return LT_ENGINE_HOST (host)->camera;
}

static gboolean
host_get_camera_running (LtHost *host)
{
  return LT_ENGINE_HOST (host)->camera_running;
}

static gboolean
host_can_issue_passes (LtHost *host)
{
  return lt_pass_key_exists (LT_ENGINE_HOST (host)->config->key_dir);
}

static void
host_get_door_state (LtHost      *host,
                     LtDoorState *state)
{
  *state = LT_ENGINE_HOST (host)->door;
}

static gboolean
host_get_line_state (LtHost    *host,
                     LtLineRole role,
                     gboolean  *active)
{
  LtEngineHost *self = LT_ENGINE_HOST (host);

  *active = self->line_active[role];
  return self->line_present[role];
}

static void
lt_engine_host_iface_init (LtHostInterface *iface)
{
  iface->get_config = host_get_config;
  iface->has_simulator = host_has_simulator;
  iface->can_issue_passes = host_can_issue_passes;
  iface->has_camera = host_has_camera;
  iface->get_camera_running = host_get_camera_running;
  iface->get_door_state = host_get_door_state;
  iface->get_line_state = host_get_line_state;
  lt_engine_host_calls_init (iface);
  lt_engine_host_face_init (iface);
}

/* ---- life cycle ------------------------------------------------------------- */

typedef struct {
  LtEngineHost *host;
  gboolean      done;
} Flush;

static gboolean
do_flush (gpointer data)
{
  Flush *flush = data;

  g_mutex_lock (&flush->host->lock);
  flush->done = TRUE;
  g_cond_broadcast (&flush->host->cond);
  g_mutex_unlock (&flush->host->lock);
  return G_SOURCE_REMOVE;
}

/* Waits until the engine thread has run every job posted before (tests). */
void
lt_engine_host_flush (LtEngineHost *self)
{
  Flush flush = { self, FALSE };

  g_return_if_fail (LT_IS_ENGINE_HOST (self));

  if (self->stopped)
    return;
  g_main_context_invoke (self->engine_context, do_flush, &flush);
  g_mutex_lock (&self->lock);
  while (!flush.done)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static gboolean
quit_engine_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Relocks (on the engine thread) and joins it. Safe to call twice. */
void
lt_engine_host_shutdown (LtEngineHost *self)
{
  g_autoptr (GSource) quit = NULL;

  g_return_if_fail (LT_IS_ENGINE_HOST (self));

  if (self->stopped || self->thread == NULL)
    return;
  self->stopped = TRUE;
  /* Through the engine's context: a quit sent before its loop runs would
   * be lost, and the join would wait for ever. An idle source, not
   * g_main_context_invoke: that may run the quit right here if this
   * thread can acquire the context. */
  quit = g_idle_source_new ();
  g_source_set_priority (quit, G_PRIORITY_HIGH);
  g_source_set_callback (quit, quit_engine_loop, self->loop, NULL);
  g_source_attach (quit, self->engine_context);
  g_thread_join (g_steal_pointer (&self->thread));
}

static void
lt_engine_host_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LtEngineHost *self = LT_ENGINE_HOST (object);

  switch (prop_id) {
  case PROP_UNLOCKED:
    g_value_set_boolean (value, self->door.unlocked);
    break;
  case PROP_OPEN:
    g_value_set_boolean (value, self->door.open);
    break;
  case PROP_ALARM:
    g_value_set_uint (value, self->door.alarm);
    break;
  case PROP_CAMERA_RUNNING:
    g_value_set_boolean (value, self->camera_running);
    break;
  case PROP_FACE_AVAILABLE:
    g_value_set_boolean (value, self->face_available);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_engine_host_dispose (GObject *object)
{
  lt_engine_host_shutdown (LT_ENGINE_HOST (object));
  G_OBJECT_CLASS (lt_engine_host_parent_class)->dispose (object);
}

static void
lt_engine_host_finalize (GObject *object)
{
  LtEngineHost *self = LT_ENGINE_HOST (object);

  g_clear_object (&self->reader);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->engine_context, g_main_context_unref);
  g_clear_pointer (&self->ui_context, g_main_context_unref);
  g_clear_pointer (&self->config, lt_config_free);
  g_free (self->sim_socket);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (lt_engine_host_parent_class)->finalize (object);
}

static void
lt_engine_host_class_init (LtEngineHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lt_engine_host_get_property;
  object_class->dispose = lt_engine_host_dispose;
  object_class->finalize = lt_engine_host_finalize;

  g_object_class_override_property (object_class, PROP_UNLOCKED, "unlocked");
  g_object_class_override_property (object_class, PROP_OPEN, "open");
  g_object_class_override_property (object_class, PROP_ALARM, "alarm");
  g_object_class_override_property (object_class, PROP_CAMERA_RUNNING, "camera-running");
  g_object_class_override_property (object_class, PROP_FACE_AVAILABLE, "face-available");
}

static void
lt_engine_host_init (LtEngineHost *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static LtEngineHost *
engine_host_new (LtConfig   *config,
                 gboolean    service,
                 const char *sim_socket,
                 GError    **error)
{
  g_autoptr (LtEngineHost) self = NULL;

  self = g_object_new (LT_TYPE_ENGINE_HOST, NULL);
  self->config = config;
  self->service = service;
  self->sim_socket = g_strdup (sim_socket);
  self->reader = lt_reader_new (config->database);
  self->ui_context = g_main_context_ref_thread_default ();
  self->engine_context = g_main_context_new ();
  self->loop = g_main_loop_new (self->engine_context, FALSE);
  self->thread = g_thread_new ("lintel-engine", engine_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL) {
    g_thread_join (g_steal_pointer (&self->thread));
    self->stopped = TRUE;
    g_propagate_error (error, g_steal_pointer (&self->start_error));
    return NULL;
  }
  return g_steal_pointer (&self);
}

/* Takes the config. Returns once the engine runs (lock line locked,
 * readers listening), or with the engine's error. */
LtEngineHost *
lt_engine_host_new (LtConfig *config,
                    GError  **error)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return engine_host_new (config, FALSE, NULL, error);
}

/**
 * lt_engine_host_new_service:
 * @config: (transfer full): the configuration
 * @sim_socket: (nullable): with backend=sim, the simulator socket's path
 *
 * The engine of `lintel --headless`: as lt_engine_host_new(), and on the
 * engine's thread the simulator socket and the systemd notifications
 * (READY once the door is locked, the watchdog while the relock
 * machinery is healthy, STOPPING).
 */
LtEngineHost *
lt_engine_host_new_service (LtConfig   *config,
                            const char *sim_socket,
                            GError    **error)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return engine_host_new (config, TRUE, sim_socket, error);
}
