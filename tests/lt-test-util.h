/* lt-test-util.h: scratch directories, configs and stores for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-access.h"
#include "lt-config.h"
#include "lt-secret.h"
#include "lt-store.h"

G_BEGIN_DECLS

typedef struct {
  char     *dir;          /* a fresh directory, removed at the end */
  char     *config_path;  /* dir/lintel.conf */
  char     *db_path;      /* dir/state/lintel.db */
  char     *key_dir;      /* dir/keys */
  LtConfig *config;
  LtSecret *secret;
  LtStore  *store;
} LtFixture;

void     lt_fixture_setup      (LtFixture     *fixture,
                                gconstpointer  extra_config);
void     lt_fixture_teardown   (LtFixture     *fixture,
                                gconstpointer  extra_config);
void     lt_fixture_write_config (LtFixture   *fixture,
                                  const char  *extra);
gint64   lt_fixture_add_resident (LtFixture   *fixture,
                                  const char  *unit,
                                  const char  *name,
                                  const char  *pin,
                                  const char  *card);
gint64   lt_fixture_add_staff  (LtFixture   *fixture,
                                LtPersonKind kind,
                                const char  *name,
                                const char  *pin,
                                const char  *card);
gboolean lt_test_file_contains (const char    *path,
                                const guint8  *needle,
                                gsize          length);
void     lt_test_rm_rf         (const char    *path);
/* Scratch directories in /dev/shm, for tests whose every decision is
 * synced: call before the first fixture. */
void     lt_test_use_memory_tmpdir (void);
gint64   lt_test_local_time    (int            year,
                                int            month,
                                int            day,
                                int            hour,
                                int            minute);

/* ---- main loops ---------------------------------------------------------- */

/* Runs the default main context for ms, whatever happens. */
void     lt_test_iterate_for   (guint          ms);
/* A timeout on the default main context that sets *expired. */
guint    lt_test_deadline_add  (guint          ms,
                                gboolean      *expired);

/* An upper time bound: MS as given under `-m slow` (the 'slow' suite,
 * where the timing tests run again), else widened so that it holds under
 * ASan on a loaded 2-core machine. Lower bounds are never widened. */
guint    lt_test_bound_ms      (guint          ms);

/* Runs the default main context until cond holds or ms pass, then asserts
 * cond: a test fails rather than hangs. Give bounds that hold under ASan
 * on a loaded 2-core machine (seconds, not milliseconds). */
#define LT_TEST_ITERATE_UNTIL(cond, ms)                               \
  G_STMT_START {                                                      \
    gboolean lt_expired_ = FALSE;                                     \
    guint lt_deadline_ = lt_test_deadline_add ((ms), &lt_expired_);   \
    while (!(cond) && !lt_expired_)                                   \
      g_main_context_iteration (NULL, TRUE);                          \
    if (!lt_expired_)                                                 \
      g_source_remove (lt_deadline_);                                 \
    g_assert_true (cond);                                             \
  } G_STMT_END

/* ---- commands --------------------------------------------------------------- */

typedef struct {
  int   status;               /* the exit status */
  char *out;
  char *err;
} LtTestRun;

#define LT_TEST_RUN_TIMEOUT_MS 60000

void     lt_test_run_clear     (LtTestRun     *run);
void     lt_test_run           (const char * const *argv,
                                const char    *input,
                                guint          timeout_ms,
                                LtTestRun     *result);
void     lt_test_lintelctl_argv (const char * const *args,
                                 const char   *input,
                                 LtTestRun    *result);
void     lt_test_lintelctl     (const char    *config_path,
                                const char    *input,
                                LtTestRun     *result,
                                const char    *first,
                                ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LtTestRun, lt_test_run_clear)

/* ---- the store -------------------------------------------------------------- */

gint64   lt_fixture_add_resident_until (LtFixture  *fixture,
                                        const char *unit,
                                        const char *name,
                                        const char *valid_until,
                                        const char *pin,
                                        const char *card);
void     lt_test_present       (LtAccess      *access,
                                LtMethod       method,
                                const char    *door,
                                const char    *reader,
                                const char    *unit,
                                const char    *secret,
                                gint64         time_us,
                                LtDecision    *decision);
GPtrArray *lt_test_list_events (LtStore       *store);
LtEvent  *lt_test_find_event   (LtStore       *store,
                                gint64         id);

G_END_DECLS
