/* lt-sim-server.c: the simulated hardware's control socket
 *
 * A line protocol on a Unix socket, for tests and the demo (README lists
 * the commands). Every command gets one reply line, "ok …" or
 * "error REASON"; every client also receives "event …" lines as the lock,
 * the door, the alarms and the decisions change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-sim-server"

#include "lt-sim-server.h"
#include "lt-face-door.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

/* A command line is at most this long; longer ones are answered
 * "error line-too-long" and never buffered beyond it. */
#define MAX_LINE   4096
#define READ_CHUNK 1024

typedef struct {
  LtSimServer       *server;
  GSocketConnection *connection;
  GInputStream      *input;
  GOutputStream     *output;
  GCancellable      *cancellable;
  gboolean           dead;
  guint8             chunk[READ_CHUNK]; /* bytes read, not yet looked at */
  gsize              chunk_len, chunk_pos;
  GByteArray        *line;     /* the line so far, at most MAX_LINE bytes */
  gboolean           too_long; /* the line outgrew MAX_LINE: skip to its end */
  GSource           *idle;     /* the next line of this chunk, after the loop's other work */
} Client;

struct _LtSimServer {
  GObject         parent_instance;
  LtEngine       *engine;
  LtAlarm         last_alarm; /* the last "event alarm" line sent */
  char           *path;
  GSocketService *service;
  GList          *clients;
};

G_DEFINE_FINAL_TYPE (LtSimServer, lt_sim_server, G_TYPE_OBJECT)

static void
client_free (Client *client)
{
  g_cancellable_cancel (client->cancellable);
  g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
  if (client->idle != NULL)
    g_source_destroy (client->idle);
  g_clear_pointer (&client->idle, g_source_unref);
  g_byte_array_unref (client->line);
  g_clear_object (&client->cancellable);
  g_clear_object (&client->connection);
  g_free (client);
}

static void
client_send (Client     *client,
             const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  gssize           written;

  /* Never block the door's main loop on a client: one that stops reading
   * until its socket buffer is full loses its connection instead. A client
   * that went away is dropped on its next read. */
  if (client->dead)
    return;
  written = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (client->output),
                                                        text, strlen (text), NULL, NULL);
  if (written != (gssize)strlen (text)) {
    client->dead = TRUE;
    g_cancellable_cancel (client->cancellable);
    g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
  }
}

static void
broadcast (LtSimServer *self,
           const char  *line)
{
  for (GList *l = self->clients; l != NULL; l = l->next)
    client_send (l->data, line);
}

static char *
state_line (LtSimServer *self)
{
  LtDoor *door = lt_engine_get_door (self->engine);

  return g_strdup_printf ("ok lock=%s door=%s alarm=%s",
                          lt_door_get_unlocked (door) ? "unlocked" : "locked",
                          lt_door_get_open (door) ? "open" : "closed",
                          lt_alarm_to_string (lt_door_get_alarm_condition (door)));
}

/* ---- face entry: pin, enrol, face, withdraw --------------------------------- */

static void
on_enrolled (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* The outcome reaches clients as an "event face …" line. */
  if (lt_face_door_enrol_finish (LT_FACE_DOOR (source), result, &error) < 0)
    g_message ("Face enrolment failed: %s", error->message);
}

static void
on_recognised (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* A decision was announced, or the attempt failed: "event face failed 0". */
  if (lt_face_door_recognise_finish (LT_FACE_DOOR (source), result, &error) < 0)
    g_message ("Face recognition failed: %s", error->message);
}

static char *
face_error (const GError *error)
{
  static const char *const words[] = { "sign-in", "guardian", "busy", "camera", "liveness", "disabled", "models" };

  if (error->domain == LT_FACE_DOOR_ERROR && (guint)error->code < G_N_ELEMENTS (words))
    return g_strdup_printf ("error %s", words[error->code]);
  if (g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
    return g_strdup ("error not-enrolled");
  return g_strdup ("error failed");
}

/* pin UNIT PIN | enrol UNIT PIN accept|decline [GUARDIAN_PIN] | face |
 * withdraw UNIT PIN; NULL for any other command. */
static char *
handle_face_command (LtSimServer *self,
                     const char  *command)
{
  g_auto (GStrv) w = g_strsplit (command, " ", 6);
  guint       n = g_strv_length (w);
  LtFaceDoor *face = lt_engine_get_face (self->engine);
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (n == 3 && g_str_equal (w[0], "pin")) {
    LtPresentation presentation = { LT_METHOD_PIN, NULL, "keypad", w[1], w[2], 0 };
    LtDecision     decision;

    lt_engine_present (self->engine, &presentation, &decision);
    return g_strdup_printf ("ok %s", decision.granted ? "granted" : "denied");
  }
  if (n == 1 && g_str_equal (w[0], "face")) {
    if (face == NULL)
      return g_strdup ("error disabled");
    if (lt_engine_get_camera (self->engine) == NULL)
      return g_strdup ("error no-camera");
    if (!lt_face_door_available (face))
      return g_strdup ("error nobody-enrolled");
    lt_face_door_recognise_async (face, NULL, on_recognised, NULL);
    return g_strdup (lt_face_door_get_busy (face) ? "ok camera" : "error camera");
  }
  if (!((n == 3 && g_str_equal (w[0], "withdraw")) || ((n == 4 || n == 5) && g_str_equal (w[0], "enrol") && (g_str_equal (w[3], "accept") || g_str_equal (w[3], "decline")))))
    return NULL;
  if (face == NULL)
    return g_strdup ("error disabled");
  id = lt_face_door_sign_in (face, w[1], w[2], &error);
  if (id == 0)
    return face_error (error);
  if (g_str_equal (w[0], "withdraw"))
    return lt_face_door_withdraw (face, id, &error) ? g_strdup_printf ("ok withdrawn %" G_GINT64_FORMAT, id)
                                                    : face_error (error);
  if (g_str_equal (w[3], "decline"))
    return lt_face_door_decline (face, id, &error) ? g_strdup_printf ("ok declined %" G_GINT64_FORMAT, id)
                                                   : face_error (error);
  if (lt_face_door_check_consent (face, id, n == 5 ? w[4] : NULL, &error) < 0)
    return face_error (error);
  lt_face_door_enrol_async (face, id, n == 5 ? w[4] : NULL, NULL, on_enrolled, NULL);
  return g_strdup (lt_face_door_get_busy (face) ? "ok camera" : "error camera");
}

/* The simulator's line protocol (README): one command, one reply line.
 * This is the only place that knows its words; the engine takes typed
 * actions. */
char *
lt_sim_server_handle (LtSimServer *self,
                      const char  *command)
{
  g_auto (GStrv) words = NULL;
  const char *verb, *arg;
  char       *reply;
  guint       n;
  LtSimAction action;

  g_return_val_if_fail (LT_IS_SIM_SERVER (self), NULL);
  g_return_val_if_fail (command != NULL, NULL);

  words = g_strsplit (command, " ", 3);
  n = g_strv_length (words);
  verb = n > 0 ? words[0] : "";
  arg = n > 1 ? words[1] : NULL;
  if (lt_engine_get_sim (self->engine) == NULL)
    return g_strdup ("error no-simulator");
  if (g_str_equal (verb, "state") && n == 1)
    return state_line (self);
  if ((reply = handle_face_command (self, command)) != NULL)
    return reply;
  if (g_str_equal (verb, "scan") && n == 1)
    return g_strdup (lt_engine_start_scan (self->engine, NULL) ? "ok"
                     : lt_engine_has_camera (self->engine)     ? "error camera"
                                                               : "error no-camera");
  if (g_str_equal (verb, "rex") && n == 1)
    action = LT_SIM_PRESS_EXIT;
  else if (g_str_equal (verb, "door") && n == 2 && g_str_equal (arg, "open"))
    action = LT_SIM_OPEN_DOOR;
  else if (g_str_equal (verb, "door") && n == 2 && g_str_equal (arg, "close"))
    action = LT_SIM_CLOSE_DOOR;
  else if (g_str_equal (verb, "tamper") && n == 2 && g_str_equal (arg, "on"))
    action = LT_SIM_TAMPER_ON;
  else if (g_str_equal (verb, "tamper") && n == 2 && g_str_equal (arg, "off"))
    action = LT_SIM_TAMPER_OFF;
  else if (g_str_equal (verb, "wiegand") && n == 2)
    action = LT_SIM_WIEGAND;
  else if (g_str_equal (verb, "card") && n == 2)
    action = LT_SIM_USB_CARD;
  else
    return g_strdup ("error unknown-command");

  if (!lt_engine_simulate (self->engine, action, arg, NULL))
    return g_strdup (action == LT_SIM_WIEGAND ? "error bad-frame" : "error bad-card");
  return g_strdup ("ok");
}

static void read_next (Client *client);

static void
forget_client (Client *client)
{
  LtSimServer *self = client->server;

  self->clients = g_list_remove (self->clients, client);
  client_free (client);
}

/* One whole line: an answer for it, or none for an empty one. NUL bytes
 * and invalid UTF-8 are answered, never cut short or dropped in silence. */
static void
handle_line (Client *client)
{
  g_autofree char *reply = NULL;
  char            *line;

  if (client->too_long) {
    client->too_long = FALSE;
    g_byte_array_set_size (client->line, 0);
    client_send (client, "error line-too-long");
    return;
  }
  if (client->line->len > 0 && client->line->data[client->line->len - 1] == '\r')
    g_byte_array_set_size (client->line, client->line->len - 1);
  line = g_strndup ((const char *)client->line->data, client->line->len);
  if (memchr (client->line->data, '\0', client->line->len) != NULL || !g_utf8_validate_len (line, client->line->len, NULL))
    reply = g_strdup ("error bad-encoding");
  else if (*g_strstrip (line) != '\0')
    reply = lt_sim_server_handle (client->server, line);
  g_free (line);
  g_byte_array_set_size (client->line, 0);
  if (reply != NULL)
    client_send (client, reply);
}

/* Takes bytes of the chunk up to the end of one line; TRUE if a line was
 * handled. */
static gboolean
take_line (Client *client)
{
  while (client->chunk_pos < client->chunk_len) {
    guint8 byte = client->chunk[client->chunk_pos++];

    if (byte == '\n') {
      handle_line (client);
      return TRUE;
    }
    if (client->too_long)
      continue;
    if (client->line->len >= MAX_LINE) {
      client->too_long = TRUE;
      g_byte_array_set_size (client->line, 0);
      continue;
    }
    g_byte_array_append (client->line, &byte, 1);
  }
  return FALSE;
}

static gboolean on_next_line (gpointer user_data);

/* On the engine's own loop (the thread-default context: the engine may
 * run in a thread of its own), never on the process's default one. */
static void
schedule_next_line (Client *client)
{
  client->idle = g_idle_source_new ();
  g_source_set_callback (client->idle, on_next_line, client, NULL);
  g_source_attach (client->idle, g_main_context_get_thread_default ());
}

/* One line per turn of the main loop: a client flooding the socket never
 * holds the loop, and the relock timer (higher priority) runs between. */
static gboolean
on_next_line (gpointer user_data)
{
  Client *client = user_data;

  g_clear_pointer (&client->idle, g_source_unref);
  if (client->dead) {
    forget_client (client);
    return G_SOURCE_REMOVE;
  }
  if (take_line (client) && client->chunk_pos < client->chunk_len)
    schedule_next_line (client);
  else
    read_next (client);
  return G_SOURCE_REMOVE;
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr (GError) error = NULL;
  gssize got;

  got = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !client->dead)
    return; /* the server is being disposed and frees the client */
  if (got <= 0 || client->dead) {
    /* End of stream or a broken connection: forget the client. */
    forget_client (client);
    return;
  }
  client->chunk_len = (gsize)got;
  client->chunk_pos = 0;
  on_next_line (client);
}

static void
read_next (Client *client)
{
  g_input_stream_read_async (client->input, client->chunk, sizeof client->chunk, G_PRIORITY_DEFAULT,
                             client->cancellable, on_read, client);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  LtSimServer *self = LT_SIM_SERVER (user_data);
  Client      *client = g_new0 (Client, 1);

  client->server = self;
  client->connection = g_object_ref (connection);
  client->input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  client->line = g_byte_array_sized_new (MAX_LINE);
  client->output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  client->cancellable = g_cancellable_new ();
  self->clients = g_list_prepend (self->clients, client);
  read_next (client);
  return TRUE;
}

/* ---- engine → unsolicited lines ----------------------------------------- */

static void
on_unlocked (LtDoor     *door,
             GParamSpec *pspec,
             gpointer    user_data)
{
  broadcast (user_data, lt_door_get_unlocked (door) ? "event lock unlocked" : "event lock locked");
}

static void
on_open (LtDoor     *door,
         GParamSpec *pspec,
         gpointer    user_data)
{
  broadcast (user_data, lt_door_get_open (door) ? "event door open" : "event door closed");
}

static void
on_alarm (LtDoor     *door,
          GParamSpec *pspec,
          gpointer    user_data)
{
  LtSimServer *self = user_data;
  /* The conditions, as the protocol always reported them; the screens'
   * "until a guard acknowledged it" is not the simulator's business. */
  LtAlarm          alarm = lt_door_get_alarm_condition (door);
  g_autofree char *line = NULL;

  if (alarm == self->last_alarm)
    return;
  self->last_alarm = alarm;
  line = g_strdup_printf ("event alarm %s", alarm == LT_ALARM_NONE ? "clear" : lt_alarm_to_string (alarm));
  broadcast (self, line);
}

static void
on_exit_pressed (LtDoor  *door,
                 gboolean unlocked,
                 gpointer user_data)
{
  broadcast (user_data, "event exit");
}

static void
on_decision (LtEngine             *engine,
             const LtHostDecision *decision,
             gpointer              user_data)
{
  g_autofree char *line = NULL;

  if (decision->granted)
    line = g_strdup_printf ("event decision granted %s %" G_GINT64_FORMAT, lt_method_to_string (decision->method),
                            decision->subject_id);
  else
    line = g_strdup_printf ("event decision denied %s %s", lt_method_to_string (decision->method),
                            lt_reason_to_string (decision->reason));
  broadcast (user_data, line);
}

static void
on_scan_stopped (LtEngine   *engine,
                 const char *reason,
                 gpointer    user_data)
{
  g_autofree char *line = g_strdup_printf ("event scan %s", reason);

  broadcast (user_data, line);
}

static void
on_reader_rejected (LtEngine   *engine,
                    const char *reader,
                    const char *reason,
                    gpointer    user_data)
{
  g_autofree char *line = g_strdup_printf ("event reader %s rejected %s", reader, reason);

  broadcast (user_data, line);
}

static void
on_face_event (LtFaceDoor *face,
               const char *action,
               gint64      resident_id,
               gpointer    user_data)
{
  g_autofree char *line = g_strdup_printf ("event face %s %" G_GINT64_FORMAT, action, resident_id);

  broadcast (user_data, line);
}

static void
lt_sim_server_dispose (GObject *object)
{
  LtSimServer *self = LT_SIM_SERVER (object);

  if (self->service != NULL) {
    g_socket_service_stop (self->service);
    g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    g_clear_object (&self->service);
  }
  g_list_free_full (g_steal_pointer (&self->clients), (GDestroyNotify)client_free);
  if (self->path != NULL)
    g_unlink (self->path);
  g_clear_pointer (&self->path, g_free);
  if (self->engine != NULL) {
    g_signal_handlers_disconnect_by_data (lt_engine_get_door (self->engine), self);
    g_signal_handlers_disconnect_by_data (self->engine, self);
    if (lt_engine_get_face (self->engine) != NULL)
      g_signal_handlers_disconnect_by_data (lt_engine_get_face (self->engine), self);
  }
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (lt_sim_server_parent_class)->dispose (object);
}

static void
lt_sim_server_class_init (LtSimServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lt_sim_server_dispose;
}

static void
lt_sim_server_init (LtSimServer *self)
{
}

LtSimServer *
lt_sim_server_new (LtEngine   *engine,
                   const char *path,
                   GError    **error)
{
  g_autoptr (LtSimServer) self = g_object_new (LT_TYPE_SIM_SERVER, NULL);
  g_autoptr (GSocketAddress) address = NULL;
  LtDoor *door;

  g_return_val_if_fail (LT_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  door = lt_engine_get_door (engine);
  if (lt_engine_get_sim (engine) == NULL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _ ("--sim-socket needs [hardware] backend=sim in the configuration"));
    return NULL;
  }
  self->engine = g_object_ref (engine);
  self->last_alarm = lt_door_get_alarm_condition (lt_engine_get_door (engine));

  /* A socket file left by a killed run would make bind fail. */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    g_unlink (path);
  address = g_unix_socket_address_new (path);
  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, error)) {
    g_prefix_error (error, _ ("Cannot listen on the simulator socket %s: "), path);
    return NULL;
  }
  self->path = g_strdup (path);
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);

  g_signal_connect (door, "notify::unlocked", G_CALLBACK (on_unlocked), self);
  g_signal_connect (door, "notify::open", G_CALLBACK (on_open), self);
  g_signal_connect (door, "notify::alarm", G_CALLBACK (on_alarm), self);
  g_signal_connect (door, "exit-pressed", G_CALLBACK (on_exit_pressed), self);
  g_signal_connect (engine, "decision", G_CALLBACK (on_decision), self);
  g_signal_connect (engine, "reader-rejected", G_CALLBACK (on_reader_rejected), self);
  g_signal_connect (engine, "scan-stopped", G_CALLBACK (on_scan_stopped), self);
  if (lt_engine_get_face (engine) != NULL)
    g_signal_connect (lt_engine_get_face (engine), "face-event", G_CALLBACK (on_face_event), self);
  g_socket_service_start (self->service);
  return g_steal_pointer (&self);
}
