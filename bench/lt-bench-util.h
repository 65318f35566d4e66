/* lt-bench-util.h: large stores and latency statistics for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-secret.h"
#include "lt-store.h"

G_BEGIN_DECLS

/* Resident i lives in unit "B-R" and has PIN lt_bench_pin (i) and the cards
 * lt_bench_card (i, 0) and lt_bench_card (i, 1). */
void    lt_bench_fill_store (LtStore        *store,
                             const LtSecret *secret,
                             guint           n_residents,
                             guint           cards_per_resident);
char   *lt_bench_unit       (guint           resident);
char   *lt_bench_pin        (guint           resident);
char   *lt_bench_card       (guint           resident,
                             guint           which);
void    lt_bench_report     (const char     *name,
                             GArray         *samples_us);
void    lt_bench_report_unit (const char    *name,
                              GArray        *samples,
                              const char    *unit);

G_END_DECLS
