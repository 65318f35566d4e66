/* lt-host-exporter.c: an LtHost served to the kiosk over a Unix socket
 *
 * `lintel --headless --engine-socket=PATH` runs the door engine (an
 * LtEngineHost, the engine in a thread of its own) and this object on
 * its main loop: a peer-to-peer D-Bus server (no bus daemon) on PATH
 * that exports the org.lintel.Host interface (lt-host-dbus.xml) at
 * LT_HOST_OBJECT_PATH on every connection. Each method goes to the host
 * (lt-host-exporter-calls.c); the host's door state becomes properties
 * and its signals become D-Bus signals, in the order the host gave them:
 * pending property changes are flushed before every signal, so a
 * ::decision still comes after the door state it caused.
 *
 * Only a peer with the engine's own uid, or root, may connect: the
 * socket's directory is the first fence, the credentials the kernel
 * vouches for (SO_PEERCRED, D-Bus's EXTERNAL mechanism) the second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-host-exporter"

#include "lt-host-exporter-private.h"
#include "lt-host-wire.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

struct _LtHostExporter {
  GObject parent_instance;

  LtHost            *host;
  LtDbusHost        *skeleton;
  GDBusServer       *server;
  GDBusAuthObserver *observer;
  GPtrArray         *connections;
  char              *socket_path;
};

G_DEFINE_FINAL_TYPE (LtHostExporter, lt_host_exporter, G_TYPE_OBJECT)

/**
 * lt_host_exporter_peer_allowed:
 * @credentials: (nullable): what the kernel says about the peer
 * @own_uid: the engine's uid
 *
 * The policy: the engine's own user (the kiosk runs as the same service
 * user) and root (a technician's tools) may connect; nobody else, and
 * nobody whose uid is not known.
 */
gboolean
lt_host_exporter_peer_allowed (GCredentials *credentials,
                               uid_t         own_uid)
{
  g_autoptr (GError) error = NULL;
  uid_t uid;

  if (credentials == NULL)
    return FALSE;
  uid = g_credentials_get_unix_user (credentials, &error);
  if (uid == (uid_t)-1)
    return FALSE;
  return uid == own_uid || uid == 0;
}

static gboolean
on_authorize_peer (GDBusAuthObserver *observer,
                   GIOStream         *stream,
                   GCredentials      *credentials,
                   gpointer           user_data)
{
  if (lt_host_exporter_peer_allowed (credentials, getuid ()))
    return TRUE;
  g_message ("Refused a connection to the engine socket from uid %ld: only uid %ld and root may connect",
             credentials != NULL ? (long)g_credentials_get_unix_user (credentials, NULL) : -1L, (long)getuid ());
  return FALSE;
}

static gboolean
on_allow_mechanism (GDBusAuthObserver *observer,
                    const char        *mechanism,
                    gpointer           user_data)
{
  /* EXTERNAL: the kernel's word on the peer's uid, no cookie files. */
  return g_strcmp0 (mechanism, "EXTERNAL") == 0;
}

/* ---- the host's state out ------------------------------------------------- */

static void
sync_door (LtHostExporter *self)
{
  LtDbusHost *skeleton = self->skeleton;

  lt_dbus_host_set_unlocked (skeleton, lt_host_get_unlocked (self->host));
  lt_dbus_host_set_open (skeleton, lt_host_get_open (self->host));
  lt_dbus_host_set_alarm (skeleton, lt_host_get_alarm (self->host));
  lt_dbus_host_set_alarm_active (skeleton, lt_host_get_alarm_active (self->host));
  lt_dbus_host_set_alarm_pending (skeleton, lt_host_get_alarm_pending (self->host));
  lt_dbus_host_set_relock_deadline (skeleton, lt_host_get_relock_deadline (self->host));
  lt_dbus_host_set_camera_running (skeleton, lt_host_get_camera_running (self->host));
  lt_dbus_host_set_face_available (skeleton, lt_host_get_face_available (self->host));
}

static void
sync_lines (LtHostExporter *self)
{
  GVariantBuilder lines;

  g_variant_builder_init (&lines, G_VARIANT_TYPE ("a(bb)"));
  for (guint role = 0; role < LT_N_LINES; role++) {
    gboolean active = FALSE;
    gboolean wired = lt_host_get_line_state (self->host, role, &active);

    g_variant_builder_add (&lines, "(bb)", wired, active);
  }
  lt_dbus_host_set_lines (self->skeleton, g_variant_builder_end (&lines));
}

/* Property changes first, then the signal: the order the host gave. */
static void
flush (LtHostExporter *self)
{
  sync_door (self);
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (self->skeleton));
}

static void
on_host_notify (GObject    *host,
                GParamSpec *pspec,
                gpointer    user_data)
{
  sync_door (user_data);
}

static void
on_host_decision (LtHost               *host,
                  const LtHostDecision *decision,
                  gpointer              user_data)
{
  LtHostExporter *self = user_data;

  lt_dbus_host_set_can_issue_passes (self->skeleton, lt_host_can_issue_passes (host));
  flush (self);
  lt_dbus_host_emit_decision (self->skeleton, lt_wire_decision_to_variant (decision));
}

static void
on_host_card_captured (LtHost     *host,
                       const char *reader,
                       const char *card,
                       const char *problem,
                       gpointer    user_data)
{
  LtHostExporter *self = user_data;

  flush (self);
  lt_dbus_host_emit_card_captured (self->skeleton, lt_wire_nonnull (reader), lt_wire_nonnull (card),
                                   lt_wire_nonnull (problem));
}

static void
on_host_line_changed (LtHost  *host,
                      guint    role,
                      gboolean active,
                      gpointer user_data)
{
  LtHostExporter *self = user_data;

  sync_lines (self);
  flush (self);
  lt_dbus_host_emit_line_changed (self->skeleton, role, active);
}

static void
on_host_scan_stopped (LtHost     *host,
                      const char *reason,
                      gpointer    user_data)
{
  LtHostExporter *self = user_data;

  flush (self);
  lt_dbus_host_emit_scan_stopped (self->skeleton, lt_wire_nonnull (reason));
}

static void
on_host_scan_preview (LtHost  *host,
                      GBytes  *frame,
                      int      width,
                      int      height,
                      int      stride,
                      gpointer user_data)
{
  LtHostExporter *self = user_data;

  /* Nobody to show it to: no copy. */
  if (self->connections->len == 0)
    return;
  flush (self);
  lt_dbus_host_emit_scan_preview (self->skeleton, g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, frame, TRUE),
                                  width, height, stride);
}

static void
on_host_face_progress (LtHost     *host,
                       const char *step,
                       guint       captures,
                       guint       needed,
                       gpointer    user_data)
{
  LtHostExporter *self = user_data;

  flush (self);
  lt_dbus_host_emit_face_progress (self->skeleton, lt_wire_nonnull (step), captures, needed);
}

/* ---- connections ------------------------------------------------------------ */

static void
on_connection_closed (GDBusConnection *connection,
                      gboolean         remote_peer_vanished,
                      GError          *error,
                      gpointer         user_data)
{
  LtHostExporter *self = user_data;

  g_debug ("A kiosk disconnected from the engine");
  g_signal_handlers_disconnect_by_data (connection, self);
  if (g_dbus_interface_skeleton_has_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton), connection))
    g_dbus_interface_skeleton_unexport_from_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton), connection);
  g_ptr_array_remove (self->connections, connection);
}

static gboolean
on_new_connection (GDBusServer     *server,
                   GDBusConnection *connection,
                   gpointer         user_data)
{
  LtHostExporter *self = user_data;
  g_autoptr (GError) error = NULL;

  lt_dbus_host_set_can_issue_passes (self->skeleton, lt_host_can_issue_passes (self->host));
  flush (self);
  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton), connection, LT_HOST_OBJECT_PATH,
                                         &error)) {
    g_warning ("Could not serve the door engine to a kiosk: %s", error->message);
    return FALSE;
  }
  g_ptr_array_add (self->connections, g_object_ref (connection));
  g_signal_connect (connection, "closed", G_CALLBACK (on_connection_closed), self);
  g_message ("A kiosk connected to the engine (%u connected)", self->connections->len);
  return TRUE;
}

/* ---- life cycle ------------------------------------------------------------- */

static void
lt_host_exporter_dispose (GObject *object)
{
  LtHostExporter *self = LT_HOST_EXPORTER (object);

  if (self->server != NULL) {
    g_dbus_server_stop (self->server);
    g_signal_handlers_disconnect_by_data (self->server, self);
    g_clear_object (&self->server);
    if (self->socket_path != NULL)
      g_unlink (self->socket_path);
  }
  if (self->skeleton != NULL && g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton)))
    g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));
  if (self->connections != NULL) {
    for (guint i = 0; i < self->connections->len; i++) {
      GDBusConnection *connection = g_ptr_array_index (self->connections, i);

      g_signal_handlers_disconnect_by_data (connection, self);
      g_dbus_connection_close (connection, NULL, NULL, NULL);
    }
    g_clear_pointer (&self->connections, g_ptr_array_unref);
  }
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->skeleton);
  g_clear_object (&self->observer);
  g_clear_object (&self->host);
  G_OBJECT_CLASS (lt_host_exporter_parent_class)->dispose (object);
}

static void
lt_host_exporter_finalize (GObject *object)
{
  g_free (LT_HOST_EXPORTER (object)->socket_path);
  G_OBJECT_CLASS (lt_host_exporter_parent_class)->finalize (object);
}

static void
lt_host_exporter_class_init (LtHostExporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lt_host_exporter_dispose;
  G_OBJECT_CLASS (klass)->finalize = lt_host_exporter_finalize;
}

static void
lt_host_exporter_init (LtHostExporter *self)
{
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
watch_host (LtHostExporter *self)
{
  static const char *const notifies[] = { "notify::unlocked", "notify::open", "notify::alarm", "notify::camera-running",
                                          "notify::face-available" };

  for (guint i = 0; i < G_N_ELEMENTS (notifies); i++)
    g_signal_connect (self->host, notifies[i], G_CALLBACK (on_host_notify), self);
  g_signal_connect (self->host, "decision", G_CALLBACK (on_host_decision), self);
  g_signal_connect (self->host, "card-captured", G_CALLBACK (on_host_card_captured), self);
  g_signal_connect (self->host, "line-changed", G_CALLBACK (on_host_line_changed), self);
  g_signal_connect (self->host, "scan-stopped", G_CALLBACK (on_host_scan_stopped), self);
  g_signal_connect (self->host, "scan-preview", G_CALLBACK (on_host_scan_preview), self);
  g_signal_connect (self->host, "face-progress", G_CALLBACK (on_host_face_progress), self);
}

/* A socket left by an engine that died: nothing listens there any more
 * (systemd runs one engine), so it goes. Anything else stays, and the
 * bind below says why it cannot listen. */
static void
remove_stale_socket (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) == 0 && S_ISSOCK (st.st_mode))
    g_unlink (path);
}

static gboolean
start_server (LtHostExporter *self,
              GError        **error)
{
  g_autofree char *address = g_dbus_address_escape_value (self->socket_path);
  g_autofree char *full = g_strconcat ("unix:path=", address, NULL);
  g_autofree char *guid = g_dbus_generate_guid ();

  remove_stale_socket (self->socket_path);
  self->observer = g_dbus_auth_observer_new ();
  g_signal_connect (self->observer, "authorize-authenticated-peer", G_CALLBACK (on_authorize_peer), self);
  g_signal_connect (self->observer, "allow-mechanism", G_CALLBACK (on_allow_mechanism), self);
  self->server = g_dbus_server_new_sync (full, G_DBUS_SERVER_FLAGS_NONE, guid, self->observer, NULL, error);
  if (self->server == NULL)
    return FALSE;
  if (g_chmod (self->socket_path, 0600) != 0) {
    int saved = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not protect the engine socket %s: %s"),
                 self->socket_path, g_strerror (saved));
    return FALSE;
  }
  g_signal_connect (self->server, "new-connection", G_CALLBACK (on_new_connection), self);
  g_dbus_server_start (self->server);
  return TRUE;
}

/**
 * lt_host_exporter_new:
 * @host: the host to serve (the engine host of `lintel --headless`)
 * @socket_path: where to listen; its directory must exist
 *
 * Serves @host on @socket_path from the thread-default main context
 * until the exporter is disposed, which closes every kiosk's connection
 * and removes the socket.
 */
LtHostExporter *
lt_host_exporter_new (LtHost     *host,
                      const char *socket_path,
                      GError    **error)
{
  g_autoptr (LtHostExporter) self = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (LT_IS_HOST (host), NULL);
  g_return_val_if_fail (socket_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LT_TYPE_HOST_EXPORTER, NULL);
  self->host = g_object_ref (host);
  self->socket_path = g_strdup (socket_path);
  self->skeleton = lt_dbus_host_skeleton_new ();
  lt_dbus_host_set_simulator (self->skeleton, lt_host_has_simulator (host));
  lt_dbus_host_set_camera (self->skeleton, lt_host_has_camera (host));
  lt_dbus_host_set_can_issue_passes (self->skeleton, lt_host_can_issue_passes (host));
  sync_door (self);
  sync_lines (self);
  lt_host_exporter_connect_calls (self->skeleton, host);
  watch_host (self);
  if (!start_server (self, &local_error)) {
    g_set_error (error, local_error->domain, local_error->code,
                 _ ("The door engine cannot serve the kiosk on %s: %s. Check that the directory exists and "
                    "belongs to the service user (RuntimeDirectory=lintel in lintel.service)."),
                 socket_path, local_error->message);
    return NULL;
  }
  return g_steal_pointer (&self);
}

/* How many kiosks are connected now. */
guint
lt_host_exporter_get_n_peers (LtHostExporter *self)
{
  g_return_val_if_fail (LT_IS_HOST_EXPORTER (self), 0);

  return self->connections->len;
}
