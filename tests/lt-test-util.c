/* lt-test-util.c: scratch directories, configs and stores for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-time.h"

#include <gio/gio.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <linux/input.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void
lt_test_rm_rf (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL) {
    while ((name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      lt_test_rm_rf (child);
    }
  }
  g_remove (path);
}

/* The config every fixture starts from, plus whatever a test adds. Groups
 * in extra must not repeat [store]. */
void
lt_fixture_write_config (LtFixture  *fixture,
                         const char *extra)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[store]\ndatabase=%s\nkey-dir=%s\n\n[hardware]\nbackend=sim\n\n%s\n",
                                           fixture->db_path, fixture->key_dir, extra ? extra : "");

  g_assert_true (g_file_set_contents (fixture->config_path, text, -1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&fixture->config, lt_config_free);
  fixture->config = lt_config_load (fixture->config_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->config);
}

void
lt_fixture_setup (LtFixture    *fixture,
                  gconstpointer extra_config)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("lintel-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config_path = g_build_filename (fixture->dir, "lintel.conf", NULL);
  fixture->db_path = g_build_filename (fixture->dir, "state", "lintel.db", NULL);
  fixture->key_dir = g_build_filename (fixture->dir, "keys", NULL);
  lt_fixture_write_config (fixture, extra_config);

  g_assert_true (lt_secret_create (fixture->key_dir, &error));
  g_assert_no_error (error);
  fixture->secret = lt_secret_load (fixture->key_dir, &error);
  g_assert_no_error (error);
  fixture->store = lt_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
}

void
lt_fixture_teardown (LtFixture    *fixture,
                     gconstpointer extra_config)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  g_clear_pointer (&fixture->secret, lt_secret_free);
  g_clear_pointer (&fixture->config, lt_config_free);
  lt_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->config_path);
  g_free (fixture->db_path);
  g_free (fixture->key_dir);
}

/* Adds the unit if needed, then a resident with an optional last day,
 * PIN and card. */
gint64
lt_fixture_add_resident_until (LtFixture  *fixture,
                               const char *unit,
                               const char *name,
                               const char *valid_until,
                               const char *pin,
                               const char *card)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (!lt_store_unit_exists (fixture->store, unit)) {
    g_assert_true (lt_store_add_unit (fixture->store, unit, &error));
    g_assert_no_error (error);
  }
  id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, unit, name, valid_until, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (pin != NULL) {
    g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, id, pin, FALSE, &error));
    g_assert_no_error (error);
  }
  if (card != NULL) {
    g_assert_true (lt_store_add_card (fixture->store, fixture->secret, id, card, &error));
    g_assert_no_error (error);
  }
  return id;
}

gint64
lt_fixture_add_resident (LtFixture  *fixture,
                         const char *unit,
                         const char *name,
                         const char *pin,
                         const char *card)
{
  return lt_fixture_add_resident_until (fixture, unit, name, NULL, pin, card);
}

/* A guard or technician with an optional PIN and card. */
gint64
lt_fixture_add_staff (LtFixture   *fixture,
                      LtPersonKind kind,
                      const char  *name,
                      const char  *pin,
                      const char  *card)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  g_assert_cmpint (kind, !=, LT_PERSON_RESIDENT);
  id = lt_store_add_person (fixture->store, kind, NULL, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (pin != NULL) {
    g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, id, pin, FALSE, &error));
    g_assert_no_error (error);
  }
  if (card != NULL) {
    g_assert_true (lt_store_add_card (fixture->store, fixture->secret, id, card, &error));
    g_assert_no_error (error);
  }
  return id;
}

gboolean
lt_test_file_contains (const char   *path,
                       const guint8 *needle,
                       gsize         length)
{
  g_autofree char *contents = NULL;
  gsize            size = 0;

  if (!g_file_get_contents (path, &contents, &size, NULL))
    return FALSE;
  return size >= length && memmem (contents, size, needle, length) != NULL;
}

/* Tests run with TZ=Asia/Shanghai, so this is a time in Hangzhou. */
gint64
lt_test_local_time (int year,
                    int month,
                    int day,
                    int hour,
                    int minute)
{
  g_autoptr (GDateTime) time = g_date_time_new_local (year, month, day, hour, minute, 0);

  return lt_time_to_us (time);
}

/* A credential shown at a door (NULL: the terminal's own) and reader. */
void
lt_test_present (LtAccess   *access,
                 LtMethod    method,
                 const char *door,
                 const char *reader,
                 const char *unit,
                 const char *secret,
                 gint64      time_us,
                 LtDecision *decision)
{
  LtPresentation presentation = { 0 };

  presentation.method = method;
  presentation.door = door;
  presentation.reader = reader;
  presentation.unit = unit;
  presentation.secret = secret;
  presentation.time_us = time_us;
  lt_access_decide (access, &presentation, decision);
}

/* The whole event log, oldest first. */
GPtrArray *
lt_test_list_events (LtStore *store)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *events = lt_store_list_events (store, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

/* The event with this id, or NULL. */
LtEvent *
lt_test_find_event (LtStore *store,
                    gint64   id)
{
  g_autoptr (GPtrArray) events = lt_test_list_events (store);

  for (guint i = 0; i < events->len; i++) {
    LtEvent *event = g_ptr_array_index (events, i);
    if (event->id == id)
      return g_ptr_array_steal_index (events, i);
  }
  return NULL;
}

/* ---- main loops ---------------------------------------------------------- */

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

guint
lt_test_deadline_add (guint     ms,
                      gboolean *expired)
{
  *expired = FALSE;
  return g_timeout_add (ms, on_deadline, expired);
}

guint
lt_test_bound_ms (guint ms)
{
  return g_test_slow () ? ms : ms * 4 + 2000;
}

void
lt_test_iterate_for (guint ms)
{
  gboolean expired = FALSE;

  lt_test_deadline_add (ms, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

/* ---- commands --------------------------------------------------------------- */

void
lt_test_run_clear (LtTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->status = 0;
}

typedef struct {
  gboolean done;
  char    *out;
  char    *err;
  GError  *error;
} Communicated;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Communicated *c = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, &c->err, &c->error);
  c->done = TRUE;
}

/* Runs argv (argv[0] a path) to its end with input on stdin (NULL: none),
 * on a main context of its own, so that nothing else of the test runs
 * meanwhile. A process still running after timeout_ms is killed and the
 * test fails; so does one that did not exit normally (a crash, or a
 * g_warning under fatal-warnings). */
void
lt_test_run (const char *const *argv,
             const char        *input,
             guint              timeout_ms,
             LtTestRun         *result)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GSource) timeout = g_timeout_source_new (timeout_ms);
  g_autofree char *command_line = g_strjoinv (" ", (char **)argv);
  Communicated     c = { 0 };
  gboolean         expired = FALSE;

  lt_test_run_clear (result);
  g_main_context_push_thread_default (context);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  /* The input is a line or two, far below a pipe's buffer, so it is written
   * first and communicate() closes the pipe; a command that fails before
   * reading it closes the pipe, and that broken pipe is no error of the test. */
  if (input != NULL && *input != '\0') {
    g_autoptr (GError) write_error = NULL;

    if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), input, strlen (input), NULL, NULL,
                                    &write_error))
      g_assert_error (write_error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  }
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &c);
  g_source_set_callback (timeout, on_deadline, &expired, NULL);
  g_source_attach (timeout, context);
  while (!c.done && !expired)
    g_main_context_iteration (context, TRUE);
  if (!c.done) {
    g_subprocess_force_exit (process);
    while (!c.done)
      g_main_context_iteration (context, TRUE);
  }
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  result->out = g_steal_pointer (&c.out);
  result->err = g_steal_pointer (&c.err);
  if (expired)
    g_error ("%s did not end within %u ms; stderr: %s", command_line, timeout_ms, result->err);
  g_assert_no_error (c.error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("%s did not exit normally; stderr: %s", command_line, result->err);
  result->status = g_subprocess_get_exit_status (process);
  g_test_message ("%s → %d\nstdout: %s\nstderr: %s", command_line, result->status, result->out, result->err);
}

/* lintelctl (from $LINTELCTL) with args as given. */
void
lt_test_lintelctl_argv (const char *const *args,
                        const char        *input,
                        LtTestRun         *result)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *binary = g_getenv ("LINTELCTL");

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer)binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  lt_test_run ((const char *const *)argv->pdata, input, LT_TEST_RUN_TIMEOUT_MS, result);
}

/* lintelctl --config CONFIG args…, NULL-terminated. */
void
lt_test_lintelctl (const char *config_path,
                   const char *input,
                   LtTestRun  *result,
                   const char *first,
                   ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, (gpointer)config_path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  lt_test_lintelctl_argv ((const char *const *)argv->pdata, input, result);
}

void
lt_test_use_memory_tmpdir (void)
{
  if (g_getenv ("TMPDIR") == NULL && g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0)
    g_setenv ("TMPDIR", "/dev/shm", TRUE);
}

/* Whether this program runs under qemu's user mode (the arm64 build's
 * tests): qemu answers EVIOCGRAB with ENOSYS, a real kernel on a pipe with
 * ENOTTY. */
gboolean
lt_test_under_qemu_user (void)
{
  int      fds[2];
  gboolean emulated;

  if (pipe (fds) != 0)
    return FALSE;
  emulated = ioctl (fds[0], EVIOCGRAB, 1) != 0 && errno == ENOSYS;
  close (fds[0]);
  close (fds[1]);
  return emulated;
}

/* Call after g_test_init: under qemu's user mode, skips the whole program
 * (a TAP plan of 0 with the reason) and returns TRUE. */
gboolean
lt_test_skip_without_eviocgrab (void)
{
  if (!lt_test_under_qemu_user ())
    return FALSE;
  g_print ("1..0 # SKIP qemu's user mode does not implement the EVIOCGRAB ioctl the card reader needs; "
           "the boot test (packaging/system-test.sh) covers it on a real kernel\n");
  return TRUE;
}
