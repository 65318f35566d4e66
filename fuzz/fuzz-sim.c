/* fuzz-sim.c: libFuzzer target for the simulator socket protocol
 *
 * A headless engine on simulated hardware with an empty store; every line
 * of the input is handled as a socket command would be (lines too long,
 * with a NUL or not UTF-8 are refused before, as the server does). Every
 * command gets exactly one "ok…" or "error …" reply and nothing crashes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-engine.h"
#include "lt-sim-server.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static LtSimServer *server;

static void
setup (void)
{
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  char *template = g_build_filename (base, "lintel-fuzz-sim-XXXXXX", NULL);
  char     *dir = g_mkdtemp (template);
  char     *db = g_build_filename (dir, "lintel.db", NULL);
  char     *keys = g_build_filename (dir, "keys", NULL);
  char     *socket_path = g_build_filename (dir, "sim.sock", NULL);
  char     *text = g_strdup_printf ("[store]\ndatabase=%s\nkey-dir=%s\n[hardware]\nbackend=sim\n[door]\nunlock-seconds=1\n",
                                    db, keys);
  GError   *error = NULL;
  LtConfig *config = lt_config_load_data (text, "fuzz.conf", &error);
  LtSecret *secret;
  LtStore  *store;
  LtEngine *engine;

  if (config == NULL || !lt_secret_create (keys, &error) || (secret = lt_secret_load (keys, &error)) == NULL || (store = lt_store_open (db, &error)) == NULL || !lt_store_check_key (store, secret, TRUE, &error))
    g_error ("fuzz-sim set-up: %s", error->message);
  g_object_unref (store);
  lt_secret_free (secret);
  engine = lt_engine_new (config, &error);
  if (engine == NULL || (server = lt_sim_server_new (engine, socket_path, &error)) == NULL)
    g_error ("fuzz-sim set-up: %s", error->message);
  g_free (text);
  g_free (socket_path);
  g_free (keys);
  g_free (db);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *p = (const char *)data, *end = p + size;

  if (server == NULL)
    setup ();
  while (p < end) {
    const char *nl = memchr (p, '\n', (size_t)(end - p));
    size_t      length = nl ? (size_t)(nl - p) : (size_t)(end - p);

    if (length <= 256 && memchr (p, '\0', length) == NULL && g_utf8_validate_len (p, length, NULL)) {
      char *line = g_strstrip (g_strndup (p, length));
      char *reply = *line ? lt_sim_server_handle (server, line) : NULL;

      if (*line && (reply == NULL || (strcmp (reply, "ok") != 0 && !g_str_has_prefix (reply, "ok ") && !g_str_has_prefix (reply, "error "))))
        abort ();
      g_free (reply);
      g_free (line);
    }
    p += length + 1;
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return 0;
}
