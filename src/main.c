/* main.c: the lintel program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lintel"

#include "lt-application.h"
#include "lt-build-config.h"
#include "lt-engine.h"
#include "lt-engine-host.h"
#include "lt-host-exporter.h"
#include "lt-out-of-service.h"
#include "lt-remote-host.h"

#include <glib-unix.h>
#include <gst/gst.h>
#include <glib/gi18n.h>

static gboolean quit_requested;
static char    *kiosk_config_path;

/* A terminal is ready once its configuration loads and the engine's own
 * start-up checks pass: the device secret (lintelctl init), and a database
 * that exists, is not damaged and was made under that secret. Until then
 * the out-of-service screen stays, rather than a kiosk failing in a loop. */
static gboolean
terminal_ready (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = lt_config_load (kiosk_config_path, &error);
  g_autoptr (LtSecret) secret = NULL;
  g_autoptr (LtStore) store = NULL;

  if (config == NULL)
    return FALSE;
  secret = lt_secret_load (config->key_dir, &error);
  if (secret == NULL)
    return FALSE;
  store = lt_store_open_existing (config->database, secret, &error);
  return store != NULL;
}

/* The kiosk of a separate engine needs only its configuration: the state
 * is the engine's, and the kiosk's unit cannot even see it. */
static gboolean
config_loads (void)
{
  g_autoptr (LtConfig) config = lt_config_load (kiosk_config_path, NULL);

  return config != NULL;
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* The door engine: in a thread of its own (LtEngineHost, with the
 * simulator socket and the watchdog on its loop), and with ENGINE_SOCKET
 * served to the kiosk process from this one (LtHostExporter). */
static int
run_headless (LtConfig   *config,
              const char *sim_socket,
              const char *engine_socket)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (LtEngineHost) host = NULL;
  g_autoptr (LtHostExporter) exporter = NULL;
  g_autoptr (GError) error = NULL;
  guint term, intr;

  /* SIGTERM (systemd stop) and SIGINT relock before the process ends;
   * caught from before the engine exists, so none falls through. */
  term = g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  intr = g_unix_signal_add (SIGINT, on_quit_signal, loop);

  host = lt_engine_host_new_service (config, sim_socket, &error);
  if (host == NULL) {
    g_printerr ("lintel: %s\n", error->message);
    return 1;
  }
  if (engine_socket != NULL && (exporter = lt_host_exporter_new (LT_HOST (host), engine_socket, &error)) == NULL) {
    lt_engine_host_shutdown (host);
    g_printerr ("lintel: %s\n", error->message);
    return 1;
  }
  g_message ("Lintel %s running headless on %s hardware%s%s%s%s", PACKAGE_VERSION,
             lt_host_get_config (LT_HOST (host))->backend, sim_socket ? ", simulator socket " : "",
             sim_socket ? sim_socket : "", engine_socket ? ", kiosk socket " : "", engine_socket ? engine_socket : "");
  g_main_loop_run (loop);

  g_source_remove (term);
  g_source_remove (intr);
  /* The kiosks first (their calls fail from now on), then the relock. */
  g_clear_object (&exporter);
  lt_engine_host_shutdown (host);
  return 0;
}

static gboolean
on_quit_app (gpointer user_data)
{
  GApplication **app = user_data;

  /* Before the application exists, the engine host's shutdown below
   * still relocks: remember the request. */
  if (*app != NULL)
    g_application_quit (*app);
  else
    quit_requested = TRUE;
  return G_SOURCE_CONTINUE;
}

static LtRemoteHost *waiting_for;

static gboolean
engine_reachable (void)
{
  return lt_remote_host_get_connected (waiting_for);
}

/* The kiosk of a terminal whose engine runs in lintel.service: its views
 * call the engine over ENGINE_SOCKET. Until the engine first answers,
 * the out-of-service screen. */
static LtHost *
connect_remote (LtConfig   *config,
                const char *engine_socket)
{
  g_autoptr (LtRemoteHost) remote = lt_remote_host_new (config, engine_socket);
  gint64 give_up = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (!lt_remote_host_get_connected (remote) && !quit_requested && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, TRUE);
  if (!lt_remote_host_get_connected (remote) && !quit_requested) {
    g_autofree char *reason = g_strdup_printf (_ ("The door engine (lintel.service) is not reachable on %s: %s"),
                                               engine_socket, lt_remote_host_get_problem (remote));

    waiting_for = remote;
    lt_out_of_service_run (reason, engine_reachable);
    waiting_for = NULL;
  }
  if (!lt_remote_host_get_connected (remote))
    return NULL;
  return LT_HOST (g_steal_pointer (&remote));
}

/* The kiosk: the engine in its own thread, the screen on this one; or
 * with ENGINE_SOCKET, the engine of lintel.service. */
static int
run_kiosk (LtConfig   *config,
           const char *program,
           const char *engine_socket)
{
  g_autoptr (LtHost) host = NULL;
  g_autoptr (LtApplication) app = NULL;
  g_autoptr (GError) error = NULL;
  char *app_argv[] = { (char *)program, NULL };
  guint term, intr;
  int   status;

  GApplication *running = NULL;

  term = g_unix_signal_add (SIGTERM, on_quit_app, &running);
  intr = g_unix_signal_add (SIGINT, on_quit_app, &running);
  if (engine_socket != NULL)
    host = connect_remote (config, engine_socket);
  else
    host = (LtHost *)lt_engine_host_new (config, &error);
  if (host == NULL) {
    g_source_remove (term);
    g_source_remove (intr);
    if (error == NULL)
      return 0; /* asked to stop before the engine answered */
    /* Not set up yet (or broken): say so on the screen, not in a loop. */
    return lt_out_of_service_run (error->message, terminal_ready);
  }
  /* The engine owns the store; the views read through the host. */
  app = lt_application_new (host);
  running = G_APPLICATION (app);
  /* Signals are dispatched on this loop: one that came during start-up
   * is seen now. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  status = quit_requested ? 0 : g_application_run (G_APPLICATION (app), 1, app_argv);
  running = NULL;
  g_source_remove (term);
  g_source_remove (intr);
  if (LT_IS_ENGINE_HOST (host))
    lt_engine_host_shutdown (LT_ENGINE_HOST (host));
  return status;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char   *config_path = NULL;
  g_autofree char   *sim_socket = NULL;
  g_autofree char   *engine_socket = NULL;
  gboolean           headless = FALSE, version = FALSE;
  const GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless, N_ ("Run the door engine without a screen"), NULL },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
      N_ ("Read the configuration from FILE (default: $LINTEL_CONFIG or /etc/lintel/lintel.conf)"), N_ ("FILE") },
    { "sim-socket", 0, 0, G_OPTION_ARG_FILENAME, &sim_socket,
      N_ ("With backend=sim, accept simulator commands on the Unix socket PATH"), N_ ("PATH") },
    { "engine-socket", 0, 0, G_OPTION_ARG_FILENAME, &engine_socket,
      N_ ("Two processes: with --headless, serve the kiosk on the Unix socket PATH; without, be the kiosk of the "
          "engine serving PATH"),
      N_ ("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_ ("Print the version"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  LtConfig *config;

  lt_i18n_init ();
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _ ("Lintel door terminal"));
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("lintel: %s\n", error->message);
    return 2;
  }
  if (version) {
    g_print ("lintel %s\n", PACKAGE_VERSION);
    return 0;
  }
  if (sim_socket != NULL && !headless) {
    g_printerr ("lintel: %s\n", _ ("--sim-socket works with --headless; the kiosk has its own hardware window"));
    return 2;
  }

  config = lt_config_load (config_path, &error);
  kiosk_config_path = config_path;
  if (config == NULL && !headless)
    return lt_out_of_service_run (error->message, engine_socket != NULL ? config_loads : terminal_ready);
  if (config == NULL) {
    g_printerr ("lintel: %s\n", error->message);
    return 2;
  }
  /* GStreamer's first use scans its plugins, which takes seconds on a
   * small board: here, before the engine reports ready and the watchdog
   * counts, not on the engine's loop when someone taps "Scan QR code". */
  if (!headless || config->camera.source != LT_CAMERA_SOURCE_NONE)
    gst_init (NULL, NULL);
  if (headless)
    return run_headless (config, sim_socket, engine_socket);
  return run_kiosk (config, argv[0], engine_socket);
}
