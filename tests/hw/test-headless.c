/* test-headless.c: `lintel --headless` end to end, driven through its simulator socket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-pass.h"
#include "lt-test-util.h"
#include "lt-wiegand.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#define SOCKET_TIMEOUT_S   10
#define PROCESS_TIMEOUT_MS 10000
#define START_TIMEOUT_MS   5000

#define CONFIG_SHORT "[door]\nunlock-seconds=1\n"
#define CONFIG_LONG  "[door]\nunlock-seconds=30\n"

#define FACILITY 12
#define NUMBER   1001

#define STATE_IDLE "ok lock=locked door=closed alarm=none"

typedef struct {
  char  *dir;
  char  *config_path;
  char  *socket_path;
  gint64 resident;

  GSubprocess       *lintel;
  GSocketConnection *connection;
  GDataInputStream  *input;
  GOutputStream     *output;
  GPtrArray         *lines; /* every line received, in order */
  gboolean           eof;
} Fixture;

/* ---- processes, each with a bounded wait ---------------------------------- */

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_waited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* FALSE if the process had to be killed because it did not end in time. */
static gboolean
wait_exit (GSubprocess *process,
           guint        timeout_ms)
{
  gboolean done = FALSE, timed_out = FALSE;
  guint    timeout_id;

  g_subprocess_wait_async (process, NULL, on_waited, &done);
  timeout_id = g_timeout_add (timeout_ms, on_timeout, &timed_out);
  while (!done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  if (!done) {
    g_subprocess_force_exit (process);
    while (!done)
      g_main_context_iteration (NULL, TRUE);
  }
  return !timed_out;
}

/* Runs ARGV to its end (killed after PROCESS_TIMEOUT_MS, which fails the
 * test); returns its exit status, or -1 if it did not exit normally. */
static int
run (const char *const *argv,
     char             **out,
     char             **err)
{
  g_auto (LtTestRun) result = { 0 };

  lt_test_run (argv, NULL, PROCESS_TIMEOUT_MS, &result);
  if (out != NULL)
    *out = g_steal_pointer (&result.out);
  if (err != NULL)
    *err = g_steal_pointer (&result.err);
  return result.status;
}

static const char *
program (const char *variable)
{
  const char *path = g_getenv (variable);

  g_assert_nonnull (path);
  return path;
}

static char *
ctl (Fixture    *f,
     const char *a,
     const char *b,
     const char *c,
     const char *d,
     const char *e)
{
  const char      *argv[] = { program ("LINTELCTL"), "--config", f->config_path, a, b, c, d, e, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int              status = run (argv, &out, &err);

  if (status != 0)
    g_error ("lintelctl %s %s failed (%d): %s", a, b ? b : "", status, err);
  return g_steal_pointer (&out);
}

static void
write_config (Fixture    *f,
              const char *key_dir,
              const char *extra)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db = g_build_filename (f->dir, "state", "lintel.db", NULL);
  g_autofree char *text = g_strdup_printf ("[store]\ndatabase=%s\nkey-dir=%s\n\n[hardware]\nbackend=sim\n\n%s",
                                           db, key_dir, extra);

  g_assert_true (g_file_set_contents (f->config_path, text, -1, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *card = g_strdup_printf ("26:%u:%u", FACILITY, NUMBER);
  g_autofree char *out = NULL;

  f->dir = g_dir_make_tmp ("lintel-headless-XXXXXX", &error);
  g_assert_no_error (error);
  f->config_path = g_build_filename (f->dir, "lintel.conf", NULL);
  f->socket_path = g_build_filename (f->dir, "sim.sock", NULL);
  f->lines = g_ptr_array_new_with_free_func (g_free);
  keys = g_build_filename (f->dir, "keys", NULL);
  write_config (f, keys, data ? data : "");

  if (data == NULL)
    return; /* the test sets up what it needs */

  g_free (ctl (f, "init", NULL, NULL, NULL, NULL));
  g_free (ctl (f, "unit", "add", "3-1203", NULL, NULL));
  id_text = ctl (f, "resident", "add", "--unit=3-1203", "--name=Chen Jing", NULL);
  g_strstrip (id_text);
  g_assert_true (g_ascii_string_to_signed (id_text, 10, 1, G_MAXINT64, &f->resident, &error));
  g_assert_no_error (error);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, f->resident);
  g_free (ctl (f, "card", "add", id_text, card, NULL));
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  if (f->connection != NULL)
    g_io_stream_close (G_IO_STREAM (f->connection), NULL, NULL);
  g_clear_object (&f->input);
  g_clear_object (&f->connection);
  if (f->lintel != NULL) {
    /* Every run ends the way systemd ends it, and must end cleanly. */
    if (g_subprocess_get_identifier (f->lintel) != NULL)
      g_subprocess_send_signal (f->lintel, SIGTERM);
    g_assert_true (wait_exit (f->lintel, PROCESS_TIMEOUT_MS));
    g_assert_true (g_subprocess_get_if_exited (f->lintel));
    g_assert_cmpint (g_subprocess_get_exit_status (f->lintel), ==, 0);
    g_clear_object (&f->lintel);
  }
  g_clear_pointer (&f->lines, g_ptr_array_unref);
  lt_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->config_path);
  g_free (f->socket_path);
}

/* ---- the simulator socket ------------------------------------------------- */

static void
start_lintel (Fixture *f)
{
  const char *argv[] = { program ("LINTEL"), "--headless", "--config", f->config_path,
                         "--sim-socket", f->socket_path, NULL };
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (f->socket_path);
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_MS * 1000;

  f->lintel = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);

  /* The socket appears once the engine runs; connecting can still race
   * the listen() right after the bind(). */
  while (f->connection == NULL) {
    g_clear_error (&error);
    if (g_file_test (f->socket_path, G_FILE_TEST_EXISTS))
      f->connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
    if (f->connection != NULL)
      break;
    if (g_get_monotonic_time () > deadline) {
      g_subprocess_force_exit (f->lintel);
      g_error ("lintel did not open %s within %d ms", f->socket_path, START_TIMEOUT_MS);
    }
    g_usleep (20 * 1000);
  }
  /* A missing line fails the test instead of hanging it. */
  g_socket_set_timeout (g_socket_connection_get_socket (f->connection), SOCKET_TIMEOUT_S);
  f->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (f->connection)));
  f->output = g_io_stream_get_output_stream (G_IO_STREAM (f->connection));
}

static void
send_line (Fixture    *f,
           const char *command)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strconcat (command, "\n", NULL);

  g_assert_true (g_output_stream_write_all (f->output, text, strlen (text), NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The next line, or NULL at the end of the stream. */
static const char *
read_line (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  char *line;

  g_assert_false (f->eof);
  line = g_data_input_stream_read_line_utf8 (f->input, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL) {
    f->eof = TRUE;
    return NULL;
  }
  g_test_message ("< %s", line);
  g_ptr_array_add (f->lines, line);
  return line;
}

/* Reads until LINE arrives (or has arrived since index FROM); returns its index. */
static guint
wait_line (Fixture    *f,
           guint       from,
           const char *line)
{
  for (guint i = from; i < f->lines->len; i++)
    if (g_str_equal (g_ptr_array_index (f->lines, i), line))
      return i;
  for (;;) {
    const char *got = read_line (f);

    if (got == NULL)
      g_error ("The connection closed before \"%s\"", line);
    if (g_str_equal (got, line))
      return f->lines->len - 1;
  }
}

/* Reads until a line starting with PREFIX arrives (or has arrived since
 * index FROM); returns it. */
static const char *
wait_prefix (Fixture    *f,
             guint       from,
             const char *prefix)
{
  for (guint i = from; i < f->lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (f->lines, i), prefix))
      return g_ptr_array_index (f->lines, i);
  for (;;) {
    const char *got = read_line (f);

    if (got == NULL)
      g_error ("The connection closed before a line \"%s…\"", prefix);
    if (g_str_has_prefix (got, prefix))
      return got;
  }
}

static gboolean
seen (Fixture    *f,
      guint       from,
      const char *line)
{
  for (guint i = from; i < f->lines->len; i++)
    if (g_str_equal (g_ptr_array_index (f->lines, i), line))
      return TRUE;
  return FALSE;
}

/* Sends COMMAND and returns its reply; event lines on the way are kept. */
static const char *
command (Fixture    *f,
         const char *text)
{
  send_line (f, text);
  for (;;) {
    const char *got = read_line (f);

    g_assert_nonnull (got);
    if (g_str_equal (got, "ok") || g_str_has_prefix (got, "ok ") || g_str_has_prefix (got, "error "))
      return got;
    g_assert_true (g_str_has_prefix (got, "event "));
  }
}

static char *
wiegand_command (guint facility,
                 guint number)
{
  g_autofree char *bits = lt_wiegand_encode (26, facility, number);

  g_assert_nonnull (bits);
  return g_strconcat ("wiegand ", bits, NULL);
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_state_at_start (Fixture      *f,
                     gconstpointer data)
{
  start_lintel (f);
  g_assert_cmpstr (command (f, "state"), ==, STATE_IDLE);
  /* Nothing happened by itself at start-up. */
  g_assert_cmpuint (f->lines->len, ==, 1);
}

static void
test_card_granted (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *frame = wiegand_command (FACILITY, NUMBER);
  g_autofree char *granted = g_strdup_printf ("event decision granted card %" G_GINT64_FORMAT, f->resident);
  guint            unlocked, locked;
  gint64           unlocked_at, elapsed_ms;

  start_lintel (f);
  g_assert_cmpstr (command (f, frame), ==, "ok");
  unlocked = wait_line (f, 0, "event lock unlocked");
  unlocked_at = g_get_monotonic_time ();
  wait_line (f, 0, granted);
  g_assert_false (seen (f, 0, "event lock locked"));

  /* Relocked by its own timer: this client sends nothing meanwhile. */
  locked = wait_line (f, unlocked, "event lock locked");
  elapsed_ms = (g_get_monotonic_time () - unlocked_at) / 1000;
  g_assert_cmpuint (locked, >, unlocked);
  g_assert_cmpint (elapsed_ms, >=, 700);
  g_assert_cmpint (elapsed_ms, <, lt_test_bound_ms (3000));
  g_assert_cmpstr (command (f, "state"), ==, STATE_IDLE);
}

static void
test_card_denied (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *frame = wiegand_command (FACILITY, NUMBER + 1);

  start_lintel (f);
  g_assert_cmpstr (command (f, frame), ==, "ok");
  wait_line (f, 0, "event decision denied card unknown-credential");
  g_assert_cmpstr (command (f, "state"), ==, STATE_IDLE);
  g_assert_false (seen (f, 0, "event lock unlocked"));
  for (guint i = 0; i < f->lines->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (f->lines, i), "event decision granted"));
}

/* Only whole frames of a configured length open: a 37-bit frame whose
 * first 34 bits are an enrolled 34-bit card, and a 60-bit burst holding a
 * 26-bit and a 34-bit card, are each one rejected frame. */
static void
test_wiegand_strict (Fixture      *f,
                     gconstpointer data)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->resident);
  g_autofree char *card34 = g_strdup_printf ("34:%u:%u", FACILITY, NUMBER);
  g_autofree char *bits26 = lt_wiegand_encode (26, FACILITY, NUMBER);
  g_autofree char *bits34 = lt_wiegand_encode (34, FACILITY, NUMBER);
  g_autofree char *frame37 = g_strconcat ("wiegand ", bits34, "101", NULL);
  g_autofree char *frame60 = g_strconcat ("wiegand ", bits26, bits34, NULL);
  g_autofree char *frame34 = g_strconcat ("wiegand ", bits34, NULL);
  guint            mark, rejects = 0;

  g_free (ctl (f, "card", "add", id, card34, NULL));
  start_lintel (f);
  g_assert_cmpstr (command (f, frame37), ==, "ok");
  mark = wait_line (f, 0, "event reader wiegand rejected length");
  g_assert_cmpstr (command (f, frame60), ==, "ok");
  wait_line (f, mark + 1, "event reader wiegand rejected length");
  /* A good frame after them still opens: the rejects were all there was. */
  g_assert_cmpstr (command (f, frame34), ==, "ok");
  wait_prefix (f, 0, "event decision granted card");
  for (guint i = 0; i < f->lines->len; i++) {
    const char *line = g_ptr_array_index (f->lines, i);
    g_assert_false (g_str_has_prefix (line, "event decision denied"));
    rejects += g_str_has_prefix (line, "event reader wiegand rejected");
  }
  g_assert_cmpuint (rejects, ==, 2);
  for (guint i = 0, granted = 0; i < f->lines->len; i++) {
    granted += g_str_has_prefix (g_ptr_array_index (f->lines, i), "event decision granted");
    g_assert_cmpuint (granted, <=, 1);
  }
}

static void
test_malformed (Fixture      *f,
                gconstpointer data)
{
  static const struct {
    const char *command;
    const char *reply;
  } cases[] = {
    { "open sesame", "error unknown-command" },
    { "STATE", "error unknown-command" },
    { "state now", "error unknown-command" },
    { "rex please", "error unknown-command" },
    { "door", "error unknown-command" },
    { "door ajar", "error unknown-command" },
    { "door open now", "error unknown-command" },
    { "tamper maybe", "error unknown-command" },
    { "wiegand", "error unknown-command" },
    { "wiegand 0120", "error bad-frame" },
    { "wiegand 11111111111111111111111111111111111111111111111111111111111111111", "error bad-frame" },
    { "card", "error unknown-command" },
    { "card 04A2-B3", "error bad-card" },
    { "card XYZ", "error bad-card" },
  };
  g_autofree char *long_line = g_strnfill (4097, 'x');
  g_autofree char *within = g_strnfill (4000, 'x');

  start_lintel (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_test_message ("> %s", cases[i].command);
    g_assert_cmpstr (command (f, cases[i].command), ==, cases[i].reply);
  }
  g_assert_cmpstr (command (f, long_line), ==, "error line-too-long");
  /* Up to 4 KiB a line is read whole, and answered for what it says. */
  g_assert_cmpstr (command (f, within), ==, "error unknown-command");

  /* Still serving, and nothing moved. */
  g_assert_cmpstr (command (f, "state"), ==, STATE_IDLE);
  for (guint i = 0; i < f->lines->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (f->lines, i), "event "));
}

static const char *
command_bytes (Fixture    *f,
               const char *bytes,
               gsize       length)
{
  g_autoptr (GError) error = NULL;
  const char *got;

  g_assert_true (g_output_stream_write_all (f->output, bytes, length, NULL, NULL, &error));
  g_assert_no_error (error);
  while ((got = read_line (f)) != NULL && g_str_has_prefix (got, "event "))
    ;
  g_assert_nonnull (got);
  return got;
}

/* A NUL never cuts a command short, invalid UTF-8 is answered, and a long
 * line is answered without being kept in memory. */
static void
test_strict_lines (Fixture      *f,
                   gconstpointer data)
{
  static const char with_nul[] = "card 04A1B2C3\0junk\n";
  static const char bad_utf8[] = "card \xff\xfe\n";
  gsize             huge_len = 8 * 1024 * 1024;
  g_autofree char  *huge = g_malloc (huge_len);

  memset (huge, 'x', huge_len - 1);
  huge[huge_len - 1] = '\n';
  start_lintel (f);
  g_assert_cmpstr (command_bytes (f, with_nul, sizeof with_nul - 1), ==, "error bad-encoding");
  g_assert_cmpstr (command_bytes (f, bad_utf8, sizeof bad_utf8 - 1), ==, "error bad-encoding");
  g_assert_cmpstr (command_bytes (f, huge, huge_len), ==, "error line-too-long");
  g_assert_cmpstr (command (f, "state"), ==, STATE_IDLE);
  for (guint i = 0; i < f->lines->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (f->lines, i), "event decision"));
}

/* 40 clients flood the socket with card lines; the door opened by a good
 * card still relocks on time: the relock never waits on the flood (the
 * USB pipe never blocks, one socket line per turn of the loop). */
static void
test_flood_relock (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GPtrArray) flood = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (f->socket_path);
  g_autoptr (GString) lines = g_string_new (NULL);
  g_autofree char *frame = wiegand_command (FACILITY, NUMBER);
  gint64           unlocked_at = 0, elapsed_ms;

  /* A timing test: the slow suite runs it (headless-timing, -m slow). */
  if (!g_test_slow ()) {
    g_test_skip ("a timing test, run by the slow suite");
    return;
  }
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (lines, "card %08X\n", 0x0A000000u + i);
  start_lintel (f);
  /* All connected first, then all flooding: the test reads its own
   * events from the moment the flood starts. */
  for (guint c = 0; c < 40; c++) {
    g_autoptr (GError) error = NULL;
    GSocketConnection *connection = NULL;
    gint64             deadline = g_get_monotonic_time () + START_TIMEOUT_MS * 1000;

    /* The listen queue is short: wait for the engine to accept. */
    while (connection == NULL) {
      g_clear_error (&error);
      connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
      if (connection == NULL && g_get_monotonic_time () > deadline)
        break;
      if (connection == NULL)
        g_usleep (10000);
    }
    g_assert_no_error (error);
    g_socket_set_blocking (g_socket_connection_get_socket (connection), FALSE);
    g_ptr_array_add (flood, connection);
  }
  for (guint c = 0; c < flood->len; c++) {
    GIOStream *stream = g_ptr_array_index (flood, c);

    /* As much as the socket takes at once; the rest is the flood's loss. */
    g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (stream)),
                                                lines->str, lines->len, NULL, NULL);
  }
  send_line (f, frame);
  for (;;) {
    const char *got = read_line (f);

    g_assert_nonnull (got);
    if (g_str_equal (got, "event lock unlocked") && unlocked_at == 0)
      unlocked_at = g_get_monotonic_time ();
    else if (g_str_equal (got, "event lock locked") && unlocked_at != 0)
      break;
  }
  elapsed_ms = (g_get_monotonic_time () - unlocked_at) / 1000;
  g_test_message ("relocked %" G_GINT64_FORMAT " ms after unlocking (unlock-seconds=1) under a flood of 40 clients",
                  elapsed_ms);
  g_assert_cmpint (elapsed_ms, >=, 900);
  g_assert_cmpint (elapsed_ms, <=, 1000 + (gint64)lt_test_bound_ms (100));
}

static void
test_rex (Fixture      *f,
          gconstpointer data)
{
  guint unlocked;

  start_lintel (f);
  g_assert_cmpstr (command (f, "rex"), ==, "ok");
  unlocked = wait_line (f, 0, "event lock unlocked");
  wait_line (f, 0, "event exit");
  wait_line (f, unlocked, "event lock locked");
  g_assert_false (seen (f, 0, "event alarm forced"));
  g_assert_cmpstr (command (f, "state"), ==, STATE_IDLE);
}

static void
test_door_forced (Fixture      *f,
                  gconstpointer data)
{
  guint mark;

  start_lintel (f);
  g_assert_cmpstr (command (f, "door open"), ==, "ok");
  wait_line (f, 0, "event alarm forced");
  wait_line (f, 0, "event door open");
  g_assert_cmpstr (command (f, "state"), ==, "ok lock=locked door=open alarm=forced");

  mark = f->lines->len;
  g_assert_cmpstr (command (f, "door close"), ==, "ok");
  wait_line (f, mark, "event alarm clear");
  wait_line (f, mark, "event door closed");
  g_assert_cmpstr (command (f, "state"), ==, STATE_IDLE);
  g_assert_false (seen (f, 0, "event lock unlocked"));
}

static void
test_tamper (Fixture      *f,
             gconstpointer data)
{
  guint mark;

  start_lintel (f);
  g_assert_cmpstr (command (f, "tamper on"), ==, "ok");
  wait_line (f, 0, "event alarm tamper");
  g_assert_cmpstr (command (f, "state"), ==, "ok lock=locked door=closed alarm=tamper");

  mark = f->lines->len;
  g_assert_cmpstr (command (f, "tamper off"), ==, "ok");
  wait_line (f, mark, "event alarm clear");
  g_assert_cmpstr (command (f, "state"), ==, STATE_IDLE);
  g_assert_false (seen (f, 0, "event lock unlocked"));
}

/* The camera belongs to the engine: `lintel --headless` scans a visitor
 * pass when asked (here by the simulator's `scan`), decides it like any
 * credential, and the camera is off again afterwards. */
static void
test_scan_pass (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *png = g_build_filename (f->dir, "pass.png", NULL);
  g_autofree char *camera = g_strdup_printf ("%s[camera]\nsource=file\nfile=%s\ntimeout-seconds=10\n",
                                             CONFIG_SHORT, png);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) before = g_date_time_add_hours (now, -1);
  g_autoptr (GDateTime) after = g_date_time_add_hours (now, 2);
  g_autofree char *from = g_date_time_format_iso8601 (before);
  g_autofree char *until = g_date_time_format_iso8601 (after);
  g_autofree char *from_arg = g_strconcat ("--valid-from=", from, NULL);
  g_autofree char *until_arg = g_strconcat ("--valid-until=", until, NULL);
  g_autofree char *png_arg = g_strconcat ("--png=", png, NULL);
  const char      *argv[] = { program ("LINTELCTL"), "--config", f->config_path, "pass", "issue", "--unit=3-1203",
                              from_arg, until_arg, "--uses=1", png_arg, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint            from_index;

  /* lintelctl init made the site's signing key already, or does not. */
  if (!lt_pass_key_exists (keys))
    g_assert_true (lt_pass_key_create (keys, &error));
  g_assert_no_error (error);
  write_config (f, keys, camera);
  g_assert_cmpint (run (argv, &out, &err), ==, 0);

  start_lintel (f);
  g_assert_cmpstr (command (f, "scan"), ==, "ok");
  from_index = wait_line (f, 0, "event scan decoded");
  g_assert_true (g_str_has_prefix (wait_prefix (f, from_index, "event decision "), "event decision granted qr "));
  wait_line (f, 0, "event lock unlocked");

  /* Used up: the same code again is refused, and the door stays shut. */
  wait_line (f, 0, "event lock locked");
  g_assert_cmpstr (command (f, "scan"), ==, "ok");
  wait_line (f, 0, "event decision denied qr used-up");
  g_assert_cmpstr (command (f, "state"), ==, STATE_IDLE);
}

/* Without a camera the command says so, and nothing starts. */
static void
test_scan_no_camera (Fixture      *f,
                     gconstpointer data)
{
  start_lintel (f);
  g_assert_cmpstr (command (f, "scan"), ==, "error no-camera");
  g_assert_cmpstr (command (f, "state"), ==, STATE_IDLE);
}

static void
test_sigterm_relocks (Fixture      *f,
                      gconstpointer data)
{
  guint  mark;
  gint64 sent_at;

  start_lintel (f);
  g_assert_cmpstr (command (f, "rex"), ==, "ok");
  wait_line (f, 0, "event lock unlocked");
  /* unlock-seconds=30: only the shutdown can relock it within this test. */
  g_assert_cmpstr (command (f, "state"), ==, "ok lock=unlocked door=closed alarm=none");
  g_assert_false (seen (f, 0, "event lock locked"));

  mark = f->lines->len;
  sent_at = g_get_monotonic_time ();
  g_subprocess_send_signal (f->lintel, SIGTERM);
  while (read_line (f) != NULL)
    ;
  g_assert_true (seen (f, mark, "event lock locked"));
  g_assert_cmpint ((g_get_monotonic_time () - sent_at) / 1000, <, lt_test_bound_ms (5000));

  g_assert_true (wait_exit (f->lintel, PROCESS_TIMEOUT_MS));
  g_assert_true (g_subprocess_get_if_exited (f->lintel));
  g_assert_cmpint (g_subprocess_get_exit_status (f->lintel), ==, 0);
  /* It cleans up its socket after itself. */
  g_assert_false (g_file_test (f->socket_path, G_FILE_TEST_EXISTS));
}

static void
test_missing_key_dir (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *keys = g_build_filename (f->dir, "no-keys", NULL);
  g_autofree char *db = g_build_filename (f->dir, "state", "lintel.db", NULL);
  const char      *argv[] = { program ("LINTEL"), "--headless", "--config", f->config_path,
                              "--sim-socket", f->socket_path, NULL };
  g_autofree char *err = NULL;
  int              status;

  write_config (f, keys, CONFIG_SHORT);
  status = run (argv, NULL, &err);
  g_assert_cmpint (status, !=, 0);
  g_assert_cmpint (status, !=, -1);
  g_assert_nonnull (strstr (err, "lintelctl init"));
  /* Nothing was left behind. */
  g_assert_false (g_file_test (f->socket_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (keys, G_FILE_TEST_EXISTS));
}

/* The engine never makes a database: a missing or empty one, a damaged
 * one, or one made under another device key is refused with what to do. */
static void
test_refuses_database (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "state", "lintel.db", NULL);
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *key = g_build_filename (keys, "device.key", NULL);
  g_autofree char *saved = g_build_filename (f->dir, "saved.db", NULL);
  g_autofree char *contents = NULL;
  const char      *argv[] = { program ("LINTEL"), "--headless", "--config", f->config_path,
                              "--sim-socket", f->socket_path, NULL };
  gsize            length = 0;

  /* The initialised terminal's database, kept for the cases below. */
  g_assert_true (g_file_get_contents (db, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8192);

  for (guint c = 0; c < 4; c++) {
    g_autofree char *err = NULL;
    const char      *expected;
    int              status;

    g_test_message ("case %u", c);
    g_assert_true (g_file_set_contents (db, contents, (gssize)length, NULL));
    if (c == 0) {
      g_assert_cmpint (g_unlink (db), ==, 0);
      expected = "lintelctl init";
    } else if (c == 1) {
      g_assert_true (g_file_set_contents (db, "", 0, NULL));
      expected = "lintelctl init";
    } else if (c == 2) {
      /* Inner pages overwritten; the header still reads. */
      g_autofree char *damaged = g_memdup2 (contents, length);
      memset (damaged + 4096, 0x5a, length - 4096);
      g_assert_true (g_file_set_contents (db, damaged, (gssize)length, NULL));
      expected = "damaged";
    } else {
      /* Another terminal's device key. */
      g_autofree char *other_dir = g_build_filename (f->dir, "other-keys", NULL);
      g_autofree char *other_key = g_build_filename (other_dir, "device.key", NULL);
      g_autofree char *bytes = NULL;
      gsize            n = 0;

      g_assert_true (lt_secret_create (other_dir, NULL));
      g_assert_true (g_file_get_contents (other_key, &bytes, &n, NULL));
      g_assert_true (g_file_set_contents (key, bytes, (gssize)n, NULL));
      g_assert_cmpint (g_chmod (key, 0600), ==, 0);
      expected = "another device key";
    }
    status = run (argv, NULL, &err);
    g_assert_cmpint (status, !=, 0);
    g_assert_cmpint (status, !=, -1);
    g_assert_nonnull (strstr (err, expected));
    /* Nothing was created in its place. */
    if (c == 0)
      g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (f->socket_path, G_FILE_TEST_EXISTS));
  }
}

static void
test_needs_headless (Fixture      *f,
                     gconstpointer data)
{
  /* The socket belongs to the headless engine; the kiosk has a window. */
  const char      *argv[] = { program ("LINTEL"), "--config", f->config_path, "--sim-socket", f->socket_path, NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (run (argv, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--headless"));
  g_assert_false (g_file_test (f->socket_path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (lt_test_skip_without_eviocgrab ())
    return 0;

#define ADD(path, config, func) \
  g_test_add (path, Fixture, config, fixture_setup, func, fixture_teardown)

  ADD ("/hw/headless/state-at-start", CONFIG_SHORT, test_state_at_start);
  ADD ("/hw/headless/card-granted", CONFIG_SHORT, test_card_granted);
  ADD ("/hw/headless/card-denied", CONFIG_SHORT, test_card_denied);
  ADD ("/hw/headless/malformed", CONFIG_SHORT, test_malformed);
  ADD ("/hw/headless/wiegand-strict", CONFIG_SHORT, test_wiegand_strict);
  ADD ("/hw/headless/strict-lines", CONFIG_SHORT, test_strict_lines);
  ADD ("/hw/headless/flood-relock", CONFIG_SHORT, test_flood_relock);
  ADD ("/hw/headless/rex", CONFIG_SHORT, test_rex);
  ADD ("/hw/headless/door-forced", CONFIG_SHORT, test_door_forced);
  ADD ("/hw/headless/tamper", CONFIG_SHORT, test_tamper);
  ADD ("/hw/headless/sigterm-relocks", CONFIG_LONG, test_sigterm_relocks);
  ADD ("/hw/headless/scan-pass", CONFIG_SHORT, test_scan_pass);
  ADD ("/hw/headless/scan-no-camera", CONFIG_SHORT, test_scan_no_camera);
  ADD ("/hw/headless/missing-key-dir", NULL, test_missing_key_dir);
  ADD ("/hw/headless/sim-socket-needs-headless", NULL, test_needs_headless);
  ADD ("/hw/headless/refuses-database", CONFIG_SHORT, test_refuses_database);

#undef ADD
  return g_test_run ();
}
