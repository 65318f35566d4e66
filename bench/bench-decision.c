/* bench-decision.c: access decision latency on a building-sized store
 *
 * 100,000 residents and 200,000 cards; decisions by card and by unit+PIN,
 * each written to the event log and synced as in service, on the disk and
 * on a tmpfs. Prints p50/p99 in µs. Target: p99 < 1 ms on tmpfs; on a disk
 * the sync is what costs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-access.h"
#include "lt-bench-util.h"

#include <stdio.h>
#include <stdlib.h>

#define N_RESIDENTS 100000
#define N_DECISIONS 5000

static void
measure (LtAccess   *access,
         const char *name,
         LtMethod    method,
         gboolean    known)
{
  g_autoptr (GArray) samples = g_array_sized_new (FALSE, FALSE, sizeof (double), N_DECISIONS);
  GRand *rand = g_rand_new_with_seed (42);
  guint  granted = 0;

  for (guint i = 0; i < N_DECISIONS; i++) {
    guint            r = (guint)g_rand_int_range (rand, 0, N_RESIDENTS);
    g_autofree char *unit = lt_bench_unit (r);
    g_autofree char *secret = method == LT_METHOD_CARD
                                ? (known ? lt_bench_card (r, i % 2) : g_strdup_printf ("34:%u:%u", 60000 + i % 5000, i % 65536))
                                : lt_bench_pin (r);
    /* Each reader of its own so wrong guesses never reach a lockout. */
    g_autofree char *reader = g_strdup_printf ("bench-%u", i);
    LtPresentation   p = { method, NULL, reader, unit, secret, 0 };
    LtDecision       d;
    gint64           start = g_get_monotonic_time ();
    double           elapsed;

    lt_access_decide (access, &p, &d);
    elapsed = (double)(g_get_monotonic_time () - start);
    g_array_append_val (samples, elapsed);
    granted += d.granted;
  }
  g_rand_free (rand);
  lt_bench_report (name, samples);
  printf ("  granted %u of %u\n", granted, N_DECISIONS);
}

/* The whole run on one medium: every decision is synced before it returns
 * (synchronous = FULL), so the medium's sync time is part of the latency. */
static int
run_on (const char *parent,
        const char *medium)
{
  g_autofree char *template = g_build_filename (parent, "lintel-bench-XXXXXX", NULL);
  g_autofree char *dir = g_mkdtemp (g_steal_pointer (&template));
  g_autofree char *db = NULL;
  g_autofree char *conf_text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;
  g_autoptr (LtSecret) secret = lt_secret_new_random ();
  g_autoptr (LtStore) store = NULL;
  g_autoptr (LtAccess) access = NULL;
  g_autofree char *cmd = NULL;

  if (dir == NULL) {
    printf ("%s: cannot create a directory in %s\n", medium, parent);
    return 1;
  }
  db = g_build_filename (dir, "lintel.db", NULL);
  conf_text = g_strdup_printf ("[store]\ndatabase=%s\nkey-dir=%s\n", db, dir);
  config = lt_config_load_data (conf_text, "bench.conf", &error);
  g_assert_no_error (error);
  store = lt_store_open (db, &error);
  g_assert_no_error (error);
  printf ("== %s (%s), every decision synced before it returns\n", medium, parent);
  lt_bench_fill_store (store, secret, N_RESIDENTS, 2);
  access = lt_access_new (store, config, secret);

  measure (access, "card (known)", LT_METHOD_CARD, TRUE);
  measure (access, "card (unknown)", LT_METHOD_CARD, FALSE);
  measure (access, "unit+PIN (right PIN)", LT_METHOD_PIN, TRUE);

  g_clear_object (&access);
  g_clear_object (&store);
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  return system (cmd) != 0;
}

/* Both media when there are both: the disk where the database lives in
 * service (LT_BENCH_DISK_DIR, default the build directory's filesystem)
 * and a tmpfs (/dev/shm). */
int
main (int    argc,
      char **argv)
{
  const char      *disk = g_getenv ("LT_BENCH_DISK_DIR");
  g_autofree char *cwd = g_get_current_dir ();
  int              status = 0;

  status |= run_on (disk ? disk : cwd, "disk");
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    status |= run_on ("/dev/shm", "tmpfs");
  return status;
}
