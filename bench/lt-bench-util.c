/* lt-bench-util.c: large stores and latency statistics for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-bench-util.h"

#include <stdio.h>

char *
lt_bench_unit (guint resident)
{
  /* Two residents to a flat, 40 floors of 10 flats a building. */
  guint flat = resident / 2;
  return g_strdup_printf ("%u-%u%02u", flat / 400 + 1, (flat / 10) % 40 + 1, flat % 10 + 1);
}

char *
lt_bench_pin (guint resident)
{
  return g_strdup_printf ("%06u", (resident * 7919u + 13u) % 1000000u);
}

char *
lt_bench_card (guint resident,
               guint which)
{
  guint n = resident * 2 + which;
  return g_strdup_printf ("34:%u:%u", n / 65536u, n % 65536u);
}

void
lt_bench_fill_store (LtStore        *store,
                     const LtSecret *secret,
                     guint           n_residents,
                     guint           cards_per_resident)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (lt_store_begin (store, &error));
  for (guint i = 0; i < n_residents; i++) {
    g_autofree char *unit = lt_bench_unit (i);
    g_autofree char *pin = lt_bench_pin (i);
    g_autofree char *name = g_strdup_printf ("Resident %u", i);
    gint64           id;

    if (i % 2 == 0)
      g_assert_true (lt_store_add_unit (store, unit, &error));
    id = lt_store_add_person (store, LT_PERSON_RESIDENT, unit, name, NULL, &error);
    g_assert_no_error (error);
    /* Two residents of one flat could draw the same PIN; the second keeps none. */
    if (!lt_store_set_pin (store, secret, id, pin, FALSE, &error))
      g_clear_error (&error);
    for (guint c = 0; c < cards_per_resident; c++) {
      g_autofree char *card = lt_bench_card (i, c);
      g_assert_true (lt_store_add_card (store, secret, id, card, &error));
    }
  }
  g_assert_true (lt_store_commit (store, &error));
  printf ("filled store: %u residents, %u cards in %.1f s\n", n_residents,
          n_residents * cards_per_resident, (g_get_monotonic_time () - start) / 1e6);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

void
lt_bench_report_unit (const char *name,
                      GArray     *samples,
                      const char *unit)
{
  guint n = samples->len;

  g_array_sort (samples, compare_double);
  printf ("%-28s n=%-6u p50=%7.1f %s  p99=%7.1f %s  max=%8.1f %s\n", name, n,
          g_array_index (samples, double, n / 2), unit,
          g_array_index (samples, double, (n * 99) / 100), unit,
          g_array_index (samples, double, n - 1), unit);
  fflush (stdout);
}

void
lt_bench_report (const char *name,
                 GArray     *samples_us)
{
  lt_bench_report_unit (name, samples_us, "us");
}
