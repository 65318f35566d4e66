/* lt-remote-host.c: the door engine of another process, seen from the UI
 *
 * In production the door engine and the kiosk are two processes:
 * lintel.service runs `lintel --headless --engine-socket=PATH` (the
 * engine, which owns the lock line, and an LtHostExporter serving it on
 * PATH) and lintel-kiosk.service runs `lintel --engine-socket=PATH`,
 * whose views talk to this object. It implements LtHost over a
 * peer-to-peer D-Bus connection (the org.lintel.Host interface of
 * lt-host-dbus.xml, through the proxy gdbus-codegen makes of it), so a
 * kiosk that crashes or hangs leaves the door to the engine, which keeps
 * it locked and keeps opening it for cards.
 *
 * The engine's door state comes as D-Bus properties, its signals as
 * D-Bus signals, in the order the engine gave them. When the engine goes
 * away (a restart, the watchdog), "connected" turns FALSE, every call
 * fails with G_IO_ERROR_NOT_CONNECTED, and this object tries again every
 * second; the kiosk shows its out-of-service screen meanwhile, and the
 * lobby again once "connected" is back (with the engine's fresh state).
 *
 * Adding an LtHost method (e.g. after merging a branch that adds one):
 *   1. lt-host-dbus.xml: a <method> with the call's arguments ("s" for a
 *      string, "" meaning NULL; a boxed answer as a struct whose
 *      signature and two converters go into lt-host-wire.{h,c}).
 *   2. lt-host-exporter-calls.c: an on_handle_<name>() that checks the
 *      arguments, calls lt_host_<name>_async() with
 *      answer_with (invocation, reply_<kind>), and a FORWARD (<name>)
 *      line; a new kind of answer gets a reply_<kind>().
 *   3. lt-remote-host-calls.c: a host_<name>_async() that makes the
 *      call with remote_call (self, tag, "<Method>", g_variant_new (...),
 *      decode, free, ...), where decode is NULL for a call finished with
 *      lt_host_call_finish(), DECODE_BOOLEAN for a gboolean answer, or
 *      the lt_wire_*_from_variant() of the answer; and its iface line.
 *      A call that waits for a person (face enrolment, a tap on Face)
 *      uses remote_call_timeout() with no D-Bus timeout instead. A new
 *      property or signal: lt-host-exporter.c sends it (sync_door(),
 *      watch_host()), this file reads it (read_state(), on_proxy_made()).
 *   4. tests/hw/test-host.c runs every behaviour test against both hosts:
 *      a test of the new call covers the remote path too, and
 *      /hw/host/implements-everything fails while any LtHostInterface
 *      slot of either host is NULL (a method merged without its
 *      forwarder would crash the production kiosk).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-remote-host"

#include "lt-remote-host-private.h"
#include "lt-host-exporter.h"
#include "lt-host-wire.h"

#include <glib/gi18n.h>
#include <string.h>

#define RETRY_MS 1000

enum {
  PROP_0,
  PROP_UNLOCKED,
  PROP_OPEN,
  PROP_ALARM,
  PROP_CAMERA_RUNNING,
  PROP_FACE_AVAILABLE,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *connected_pspec;

static void lt_remote_host_iface_init (LtHostInterface *iface);
static void start_connecting (LtRemoteHost *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (LtRemoteHost, lt_remote_host, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (LT_TYPE_HOST, lt_remote_host_iface_init))

/* ---- the engine's state in ------------------------------------------------ */

static void
read_lines (LtRemoteHost *self)
{
  GVariant    *lines = lt_dbus_host_get_lines (self->proxy);
  GVariantIter iter;
  gboolean     wired, active;
  guint        role = 0;

  if (lines == NULL)
    return;
  g_variant_iter_init (&iter, lines);
  while (role < LT_N_LINES && g_variant_iter_next (&iter, "(bb)", &wired, &active)) {
    self->line_present[role] = wired;
    self->line_active[role] = active;
    role++;
  }
}

static void
read_state (LtRemoteHost *self)
{
  LtDoorState old = self->door;
  gboolean    running = lt_dbus_host_get_camera_running (self->proxy);
  gboolean    face = lt_dbus_host_get_face_available (self->proxy);

  self->door.unlocked = lt_dbus_host_get_unlocked (self->proxy);
  self->door.open = lt_dbus_host_get_open (self->proxy);
  self->door.alarm = MIN (lt_dbus_host_get_alarm (self->proxy), LT_N_ALARMS - 1);
  self->door.alarm_active = lt_dbus_host_get_alarm_active (self->proxy);
  self->door.alarm_pending = lt_dbus_host_get_alarm_pending (self->proxy);
  self->door.relock_deadline_us = lt_dbus_host_get_relock_deadline (self->proxy);
  self->simulator = lt_dbus_host_get_simulator (self->proxy);
  self->camera = lt_dbus_host_get_camera (self->proxy);
  self->can_issue_passes = lt_dbus_host_get_can_issue_passes (self->proxy);
  read_lines (self);
  if (old.unlocked != self->door.unlocked)
    g_object_notify (G_OBJECT (self), "unlocked");
  if (old.open != self->door.open)
    g_object_notify (G_OBJECT (self), "open");
  if (old.alarm != self->door.alarm || old.alarm_active != self->door.alarm_active || old.alarm_pending != self->door.alarm_pending)
    g_object_notify (G_OBJECT (self), "alarm");
  if (self->camera_running != running) {
    self->camera_running = running;
    g_object_notify (G_OBJECT (self), "camera-running");
  }
  if (self->face_available != face) {
    self->face_available = face;
    g_object_notify (G_OBJECT (self), "face-available");
  }
}

static void
on_properties_changed (GDBusProxy *proxy,
                       GVariant   *changed,
                       GStrv       invalidated,
                       gpointer    user_data)
{
  read_state (user_data);
}

static void
on_decision (LtDbusHost *proxy,
             GVariant   *value,
             gpointer    user_data)
{
  g_autoptr (LtHostDecision) decision = lt_wire_decision_from_variant (value);

  g_signal_emit_by_name (user_data, "decision", decision);
}

static void
on_card_captured (LtDbusHost *proxy,
                  const char *reader,
                  const char *card,
                  const char *problem,
                  gpointer    user_data)
{
  g_signal_emit_by_name (user_data, "card-captured", reader, lt_wire_nullable (card), lt_wire_nullable (problem));
}

static void
on_line_changed (LtDbusHost *proxy,
                 guint       role,
                 gboolean    active,
                 gpointer    user_data)
{
  LtRemoteHost *self = user_data;

  if (role >= LT_N_LINES)
    return;
  self->line_active[role] = active;
  g_signal_emit_by_name (self, "line-changed", role, active);
}

static void
on_scan_stopped (LtDbusHost *proxy,
                 const char *reason,
                 gpointer    user_data)
{
  g_signal_emit_by_name (user_data, "scan-stopped", reason);
}

static void
on_scan_preview (LtDbusHost *proxy,
                 GVariant   *data,
                 int         width,
                 int         height,
                 int         stride,
                 gpointer    user_data)
{
  LtRemoteHost *self = user_data;
  g_autoptr (GBytes) frame = NULL;

  /* A frame that does not add up is dropped, not drawn out of bounds; and
   * never a frame while the indicator says the camera is off. */
  if (!self->camera_running || width <= 0 || height <= 0 || stride < width * 4 || g_variant_get_size (data) < (gsize)stride * (gsize)height)
    return;
  frame = g_variant_get_data_as_bytes (data);
  g_signal_emit_by_name (self, "scan-preview", frame, width, height, stride);
}

static void
on_face_progress (LtDbusHost *proxy,
                  const char *step,
                  guint       captures,
                  guint       needed,
                  gpointer    user_data)
{
  g_signal_emit_by_name (user_data, "face-progress", step, captures, needed);
}

/* ---- the connection ---------------------------------------------------------- */

static void
set_problem (LtRemoteHost *self,
             const char   *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  if (problem != NULL)
    g_message ("The door engine is not reachable on %s: %s", self->socket_path, problem);
  g_free (self->problem);
  self->problem = g_strdup (problem);
}

static gboolean
on_retry (gpointer user_data)
{
  LtRemoteHost *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  start_connecting (self);
  return G_SOURCE_REMOVE;
}

static void
retry_later (LtRemoteHost *self,
             const char   *problem)
{
  set_problem (self, problem);
  if (self->retry != NULL)
    return;
  self->retry = g_timeout_source_new (RETRY_MS);
  g_source_set_callback (self->retry, on_retry, self, NULL);
  g_source_attach (self->retry, g_main_context_get_thread_default ());
}

static void
on_connection_closed (GDBusConnection *connection,
                      gboolean         remote_peer_vanished,
                      GError          *error,
                      gpointer         user_data)
{
  LtRemoteHost *self = user_data;

  g_signal_handlers_disconnect_by_data (connection, self);
  if (self->proxy != NULL)
    g_signal_handlers_disconnect_by_data (self->proxy, self);
  g_clear_object (&self->proxy);
  g_clear_object (&self->connection);
  if (self->camera_running) {
    self->camera_running = FALSE;
    g_object_notify (G_OBJECT (self), "camera-running");
  }
  if (self->face_available) {
    self->face_available = FALSE;
    g_object_notify (G_OBJECT (self), "face-available");
  }
  /* The problem first: whoever hears "connected" can say why. */
  retry_later (self, _ ("the engine closed the connection"));
  g_object_notify_by_pspec (G_OBJECT (self), connected_pspec);
}

static void
on_proxy_made (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  LtDbusHost   *proxy = lt_dbus_host_proxy_new_finish (result, &error);
  LtRemoteHost *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (proxy == NULL) {
    g_dbus_error_strip_remote_error (error);
    g_clear_object (&self->connection);
    retry_later (self, error->message);
    return;
  }
  self->proxy = proxy;
  g_signal_connect (proxy, "g-properties-changed", G_CALLBACK (on_properties_changed), self);
  g_signal_connect (proxy, "decision", G_CALLBACK (on_decision), self);
  g_signal_connect (proxy, "card-captured", G_CALLBACK (on_card_captured), self);
  g_signal_connect (proxy, "line-changed", G_CALLBACK (on_line_changed), self);
  g_signal_connect (proxy, "scan-stopped", G_CALLBACK (on_scan_stopped), self);
  g_signal_connect (proxy, "scan-preview", G_CALLBACK (on_scan_preview), self);
  g_signal_connect (proxy, "face-progress", G_CALLBACK (on_face_progress), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_connection_closed), self);
  read_state (self);
  set_problem (self, NULL);
  g_message ("Connected to the door engine on %s", self->socket_path);
  g_object_notify_by_pspec (G_OBJECT (self), connected_pspec);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  GDBusConnection *connection = g_dbus_connection_new_for_address_finish (result, &error);
  LtRemoteHost    *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (connection == NULL) {
    retry_later (self, error->message);
    return;
  }
  self->connection = connection;
  lt_dbus_host_proxy_new (connection, G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START, NULL, LT_HOST_OBJECT_PATH,
                          self->cancellable, on_proxy_made, self);
}

static void
start_connecting (LtRemoteHost *self)
{
  g_autofree char *escaped = g_dbus_address_escape_value (self->socket_path);
  g_autofree char *address = g_strconcat ("unix:path=", escaped, NULL);

  g_dbus_connection_new_for_address (address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT, NULL,
                                     self->cancellable, on_connected, self);
}

/* ---- LtHost state ------------------------------------------------------------ */

static const LtConfig *
host_get_config (LtHost *host)
{
  return LT_REMOTE_HOST (host)->config;
}

static gboolean
host_has_simulator (LtHost *host)
{
  return LT_REMOTE_HOST (host)->simulator;
}

static gboolean
host_can_issue_passes (LtHost *host)
{
  return LT_REMOTE_HOST (host)->can_issue_passes;
}

static gboolean
host_has_camera (LtHost *host)
{
  return LT_REMOTE_HOST (host)->camera;
}

static gboolean
host_get_camera_running (LtHost *host)
{
  return LT_REMOTE_HOST (host)->camera_running;
}

static gboolean
host_get_face_available (LtHost *host)
{
  return LT_REMOTE_HOST (host)->face_available;
}

static void
host_get_door_state (LtHost      *host,
                     LtDoorState *state)
{
  *state = LT_REMOTE_HOST (host)->door;
}

static gboolean
host_get_line_state (LtHost    *host,
                     LtLineRole role,
                     gboolean  *active)
{
  LtRemoteHost *self = LT_REMOTE_HOST (host);

  *active = self->line_active[role];
  return self->line_present[role];
}

static void
lt_remote_host_iface_init (LtHostInterface *iface)
{
  iface->get_config = host_get_config;
  iface->has_simulator = host_has_simulator;
  iface->can_issue_passes = host_can_issue_passes;
  iface->has_camera = host_has_camera;
  iface->get_camera_running = host_get_camera_running;
  iface->get_door_state = host_get_door_state;
  iface->get_line_state = host_get_line_state;
  iface->get_face_available = host_get_face_available;
  lt_remote_host_calls_init (iface);
}

/* ---- life cycle ---------------------------------------------------------------- */

static void
lt_remote_host_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LtRemoteHost *self = LT_REMOTE_HOST (object);

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
  case PROP_CONNECTED:
    g_value_set_boolean (value, self->proxy != NULL);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_remote_host_dispose (GObject *object)
{
  LtRemoteHost *self = LT_REMOTE_HOST (object);

  g_cancellable_cancel (self->cancellable);
  if (self->retry != NULL)
    g_source_destroy (self->retry);
  g_clear_pointer (&self->retry, g_source_unref);
  if (self->proxy != NULL)
    g_signal_handlers_disconnect_by_data (self->proxy, self);
  g_clear_object (&self->proxy);
  if (self->connection != NULL) {
    g_signal_handlers_disconnect_by_data (self->connection, self);
    g_dbus_connection_close (self->connection, NULL, NULL, NULL);
    g_clear_object (&self->connection);
  }
  G_OBJECT_CLASS (lt_remote_host_parent_class)->dispose (object);
}

static void
lt_remote_host_finalize (GObject *object)
{
  LtRemoteHost *self = LT_REMOTE_HOST (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->config, lt_config_free);
  g_free (self->socket_path);
  g_free (self->problem);
  G_OBJECT_CLASS (lt_remote_host_parent_class)->finalize (object);
}

static void
lt_remote_host_class_init (LtRemoteHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lt_remote_host_get_property;
  object_class->dispose = lt_remote_host_dispose;
  object_class->finalize = lt_remote_host_finalize;

  g_object_class_override_property (object_class, PROP_UNLOCKED, "unlocked");
  g_object_class_override_property (object_class, PROP_OPEN, "open");
  g_object_class_override_property (object_class, PROP_ALARM, "alarm");
  g_object_class_override_property (object_class, PROP_CAMERA_RUNNING, "camera-running");
  g_object_class_override_property (object_class, PROP_FACE_AVAILABLE, "face-available");
  connected_pspec = g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_property (object_class, PROP_CONNECTED, connected_pspec);
}

static void
lt_remote_host_init (LtRemoteHost *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * lt_remote_host_new:
 * @config: (transfer full): the kiosk's configuration
 * @socket_path: where the engine listens (`lintel --headless
 *   --engine-socket=PATH`)
 *
 * Starts connecting at once, on the thread-default main context, and
 * keeps trying every second while the engine is not reachable. Watch
 * "connected".
 */
LtRemoteHost *
lt_remote_host_new (LtConfig   *config,
                    const char *socket_path)
{
  LtRemoteHost *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (socket_path != NULL, NULL);

  self = g_object_new (LT_TYPE_REMOTE_HOST, NULL);
  self->config = config;
  self->socket_path = g_strdup (socket_path);
  start_connecting (self);
  return self;
}

/* Whether the engine answers now. */
gboolean
lt_remote_host_get_connected (LtRemoteHost *self)
{
  g_return_val_if_fail (LT_IS_REMOTE_HOST (self), FALSE);

  return self->proxy != NULL;
}

/* Why the engine is not reachable (NULL while it is), for the screen. */
const char *
lt_remote_host_get_problem (LtRemoteHost *self)
{
  g_return_val_if_fail (LT_IS_REMOTE_HOST (self), NULL);

  return self->proxy != NULL ? NULL : self->problem;
}
