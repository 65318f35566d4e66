/* test-contention.c: admin writes never cost a resident the door
 *
 * While lintelctl imports a large file, adds residents and lists the event
 * log in a loop, the door decides 20 valid cards a second through a store
 * that waits on other writers no longer than the engine's does. No valid
 * card may be denied and every decision must be in the log.
 * LT_CONTENTION_ROWS sets the size of the import (default 20,000; the
 * issue's figure is 100,000).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-access.h"

#include <gio/gio.h>
#include <string.h>

/* As the engine's (src/engine/lt-engine.c). */
#define ENGINE_BUSY_TIMEOUT_MS 200
/* Under qemu's user mode (the arm64 build's tests) every program runs tens
 * of times slower, lintelctl's transactions included: the engine's wait is
 * stretched by as much, so that the test still checks that admin writes
 * come in short transactions, not the emulator's speed. */
#define EMULATION_SLOWDOWN 25
#define N_CARDS            50

typedef struct {
  LtFixture *fixture;
  LtAccess  *access;
  guint      decisions, denied;
  guint      import_done;
  guint      admin_commands;
  gboolean   import_ok;
  GPtrArray *running; /* GSubprocess* of the loops */
} Contention;

static GSubprocess *
spawn (Contention *c,
       const char *first,
       ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GSubprocess *process;
  va_list      args;

  g_ptr_array_add (argv, (gpointer)g_getenv ("LINTELCTL"));
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, c->fixture->config_path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  return process;
}

static gboolean
on_decide (gpointer data)
{
  Contention      *c = data;
  g_autofree char *card = g_strdup_printf ("26:50:%u", 1000 + c->decisions % N_CARDS);
  gint64           start = g_get_monotonic_time ();
  LtDecision       decision;

  lt_test_present (c->access, LT_METHOD_CARD, NULL, "wiegand", NULL, card, 0, &decision);
  c->decisions++;
  if (!decision.granted) {
    g_test_message ("valid card denied after %" G_GINT64_FORMAT " ms: %s", (g_get_monotonic_time () - start) / 1000,
                    lt_reason_to_string (decision.reason));
    c->denied++;
  }
  return G_SOURCE_CONTINUE;
}

static void on_loop_done (GObject *source, GAsyncResult *result, gpointer data);

/* The admin loops: an events listing and a resident edit, over and over
 * until the import is done. */
static void
start_loop (Contention *c,
            guint       which)
{
  g_autofree char *name = g_strdup_printf ("Edit %u", c->admin_commands);
  GSubprocess     *process = which == 0 ? spawn (c, "events", NULL)
                                        : spawn (c, "resident", "add", "--unit", "9-1", "--name", name, NULL);

  c->admin_commands++;
  g_ptr_array_add (c->running, process);
  g_subprocess_wait_async (process, NULL, on_loop_done, c);
  g_object_set_data (G_OBJECT (process), "which", GUINT_TO_POINTER (which));
}

static void
on_loop_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Contention *c = data;
  guint       which = GPOINTER_TO_UINT (g_object_get_data (source, "which"));

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  g_ptr_array_remove (c->running, source);
  if (!c->import_done)
    start_loop (c, which);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Contention *c = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  c->import_ok = g_subprocess_get_if_exited (G_SUBPROCESS (source)) && g_subprocess_get_exit_status (G_SUBPROCESS (source)) == 0;
  c->import_done = TRUE;
}

static char *
write_csv (LtFixture *fixture,
           guint      rows)
{
  g_autoptr (GString) csv = g_string_new ("unit,name,pin,card\n");
  char *path = g_build_filename (fixture->dir, "import.csv", NULL);

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (csv, "%u-%u,Resident %u,%06u,34:%u:%u\n", 10 + i % (rows / 50 + 1) / 1000,
                            i % (rows / 50 + 1) % 1000, i,
                            100000 + (i * 7919) % 900000, 1 + i / 60000, i % 60000);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize)csv->len, NULL));
  return path;
}

static void
test_admin_writes (LtFixture    *fixture,
                   gconstpointer data)
{
  const char      *rows_env = g_getenv ("LT_CONTENTION_ROWS");
  guint            rows = rows_env ? (guint)g_ascii_strtoull (rows_env, NULL, 10) : 20000;
  g_autofree char *csv = write_csv (fixture, rows);
  g_autoptr (GSubprocess) import = NULL;
  g_autoptr (GPtrArray) events = NULL;
  Contention c = { fixture };
  guint      logged = 0, source;
  gint64     start;

  for (guint i = 0; i < N_CARDS; i++) {
    g_autofree char *card = g_strdup_printf ("26:50:%u", 1000 + i);
    lt_fixture_add_resident (fixture, "3-1203", "张伟", NULL, card);
  }
  g_assert_true (lt_store_add_unit (fixture->store, "9-1", NULL));
  /* 50 residents a unit, as in a building. */
  g_assert_true (lt_store_begin (fixture->store, NULL));
  for (guint i = 0; i < rows / 50 + 1; i++) {
    g_autofree char *unit = g_strdup_printf ("%u-%u", 10 + i / 1000, i % 1000);
    g_assert_true (lt_store_add_unit (fixture->store, unit, NULL));
  }
  g_assert_true (lt_store_commit (fixture->store, NULL));
  lt_store_set_busy_timeout (fixture->store,
                             ENGINE_BUSY_TIMEOUT_MS * (lt_test_under_qemu_user () ? EMULATION_SLOWDOWN : 1));
  c.access = lt_access_new (fixture->store, fixture->config, fixture->secret);
  c.running = g_ptr_array_new_with_free_func (g_object_unref);

  start = g_get_monotonic_time ();
  import = spawn (&c, "import", "residents", csv, NULL);
  g_subprocess_wait_async (import, NULL, on_import_done, &c);
  start_loop (&c, 0);
  start_loop (&c, 1);
  source = g_timeout_add (50, on_decide, &c);
  while (!c.import_done || c.running->len > 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);

  g_test_message ("import of %u rows took %.1f s; %u admin commands; %u decisions, %u valid cards denied", rows,
                  (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC, c.admin_commands, c.decisions, c.denied);
  g_assert_true (c.import_ok);
  g_assert_cmpuint (c.decisions, >, 20);
  g_assert_cmpuint (c.denied, ==, 0);

  /* Every decision is in the log. */
  g_assert_true (lt_store_flush_events (fixture->store, NULL));
  events = lt_test_list_events (fixture->store);
  for (guint i = 0; i < events->len; i++)
    if (((const LtEvent *)g_ptr_array_index (events, i))->kind == LT_EVENT_KIND_DECISION)
      logged++;
  g_assert_cmpuint (logged, ==, c.decisions);

  g_clear_object (&c.access);
  g_ptr_array_unref (c.running);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/slow/contention/admin-writes", LtFixture, "", lt_fixture_setup,
              test_admin_writes, lt_fixture_teardown);
  return g_test_run ();
}
