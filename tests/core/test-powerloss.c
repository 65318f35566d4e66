/* test-powerloss.c: a power cut at any point loses no decision whose relay moved
 *
 * The store runs on lt-powerloss-vfs: the real files hold only what was
 * synced. Just before every sync (the last moment of each durable state)
 * the real files are copied, as a power cut would leave them, opened with
 * the plain VFS and checked against every decision that had returned by
 * then: its event is there, a one-use pass it used stays used, a
 * revocation stays, a lockout step stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-access.h"
#include "lt-lockout.h"
#include "lt-powerloss-vfs.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define SECONDS(s) ((gint64)(s)*G_USEC_PER_SEC)
#define N_OPS      1100

typedef struct {
  LtFixture base;
  char     *snapshot; /* the copy a power cut leaves */
  /* What had returned before the cut: */
  guint       decisions; /* decisions with an event */
  gint64      last_event_id;
  GHashTable *used_passes; /* one-use passes granted: id → id */
  GHashTable *revoked;     /* revoked passes: id → id */
  GHashTable *lockouts;    /* key → LtLockout as stored after the step */
  /* Results: */
  guint    cuts;       /* cut points: every write and sync */
  guint    checked;    /* distinct (durable state, returned decisions) pairs opened */
  guint    generation; /* bumped by every returned decision */
  guint    checked_generation;
  gboolean synced; /* the durable state changed since the last check */
  guint    lost_events, reused_passes, lost_revocations, lost_lockout_steps;
} Power;

static GHashTable *
query_ids (sqlite3    *db,
           const char *sql)
{
  GHashTable   *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (ids, g_memdup2 (&(gint64){ sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));
  sqlite3_finalize (stmt);
  return ids;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  g_unlink (to);
  if (!g_file_get_contents (from, &contents, &length, NULL))
    return;
  g_assert_true (g_file_set_contents (to, contents, (gssize)length, NULL));
}

static guint
missing (GHashTable *expected,
         GHashTable *present)
{
  GHashTableIter iter;
  gpointer       key;
  guint          n = 0;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      n++;
  return n;
}

static void
check_lockouts (Power   *power,
                sqlite3 *db)
{
  GHashTableIter iter;
  gpointer       key, value;
  sqlite3_stmt  *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT failures, level FROM lockouts WHERE key = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_hash_table_iter_init (&iter, power->lockouts);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    const LtLockout *expected = value;
    guint            failures = 0, level = 0;

    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW) {
      failures = (guint)sqlite3_column_int (stmt, 0);
      level = (guint)sqlite3_column_int (stmt, 1);
    }
    sqlite3_reset (stmt);
    if (level < expected->level || (level == expected->level && failures < expected->failures))
      power->lost_lockout_steps++;
  }
  sqlite3_finalize (stmt);
}

/* A power cut now: copy what is durable, open it as the next start would. */
static void
on_cut (gpointer data,
        gboolean sync)
{
  Power           *power = data;
  g_autofree char *db_path = g_build_filename (power->snapshot, "lintel.db", NULL);
  g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *shm_path = g_strconcat (db_path, "-shm", NULL);
  g_autofree char *real_wal = g_strconcat (power->base.db_path, "-wal", NULL);
  g_autoptr (GHashTable) used = NULL, revoked = NULL;
  sqlite3 *db = NULL;

  power->cuts++;
  /* A cut where neither the durable files nor what had returned changed
   * since the last one checked is that same cut again. */
  if (!power->synced && power->checked_generation == power->generation) {
    power->synced = power->synced || sync;
    return;
  }
  power->checked++;
  power->checked_generation = power->generation;
  power->synced = sync;
  copy_file (power->base.db_path, db_path);
  copy_file (real_wal, wal_path);
  g_unlink (shm_path);
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return;
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, lt_powerloss_vfs_real_name ()), ==,
                   SQLITE_OK);
  if (power->decisions > 0) {
    if (query_int (db, "SELECT count(*) FROM events WHERE kind = 'decision'") < (gint64)power->decisions || query_int (db, "SELECT max(id) FROM events") < power->last_event_id)
      power->lost_events++;
    used = query_ids (db, "SELECT id FROM passes WHERE uses >= 1");
    revoked = query_ids (db, "SELECT id FROM passes WHERE revoked_at IS NOT NULL");
    power->reused_passes += missing (power->used_passes, used);
    power->lost_revocations += missing (power->revoked, revoked);
    check_lockouts (power, db);
  }
  sqlite3_close (db);
}

static void
returned (Power            *power,
          const LtDecision *decision)
{
  g_assert_cmpint (decision->event_id, >, 0);
  power->decisions++;
  power->generation++;
  power->last_event_id = MAX (power->last_event_id, decision->event_id);
}

static void
remember_lockout (Power      *power,
                  const char *key)
{
  g_autoptr (GError) error = NULL;
  LtLockout lockout;

  g_assert_true (lt_store_get_lockout (power->base.store, key, &lockout, &error));
  g_assert_no_error (error);
  g_hash_table_insert (power->lockouts, g_strdup (key), g_memdup2 (&lockout, sizeof lockout));
}

static void
present (Power      *power,
         LtAccess   *access,
         LtMethod    method,
         const char *reader,
         const char *unit,
         const char *secret,
         gint64      t,
         LtReason    expected)
{
  LtDecision decision;

  lt_test_present (access, method, NULL, reader, unit, secret, t, &decision);
  g_assert_cmpstr (lt_reason_to_string (decision.reason), ==, lt_reason_to_string (expected));
  returned (power, &decision);
}

static gint64
issue_pass (Power     *power,
            LtPassKey *key,
            gint64     t,
            char     **token)
{
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  *token = lt_pass_issue (power->base.store, key,
                          &(LtPassRequest){ 1, "3-1203", t - SECONDS (60), t + SECONDS (3600), 1, 0, NULL },
                          &id, &error);
  g_assert_no_error (error);
  return id;
}

/* One step of the mixed workload: grants, unknown cards and wrong PINs
 * (lockout steps), one-use passes used and shown again, revocations. */
static void
step (Power     *power,
      LtAccess  *access,
      LtPassKey *key,
      guint      i,
      gint64     t)
{
  g_autofree char *card = g_strdup_printf ("26:7:%u", 100 + i % 20);
  g_autofree char *unknown = g_strdup_printf ("26:9:%u", i);
  g_autofree char *token = NULL;
  g_autofree char *reader_key = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  switch (i % 5) {
  case 0:
    present (power, access, LT_METHOD_CARD, "wiegand", NULL, card, t, LT_REASON_OK);
    break;
  case 1:
    /* Spread over readers and time so that steps keep being counted. */
    present (power, access, LT_METHOD_CARD, "usb", NULL, unknown, t, LT_REASON_UNKNOWN_CREDENTIAL);
    reader_key = lt_lockout_reader_key ("main", "usb", LT_METHOD_CARD);
    remember_lockout (power, reader_key);
    break;
  case 2:
    id = issue_pass (power, key, t, &token);
    present (power, access, LT_METHOD_QR, "camera", NULL, token, t, LT_REASON_OK);
    g_hash_table_add (power->used_passes, g_memdup2 (&id, sizeof id));
    present (power, access, LT_METHOD_QR, "camera", NULL, token, t + 1, LT_REASON_USED_UP);
    break;
  case 3:
    id = issue_pass (power, key, t, &token);
    g_assert_true (lt_pass_revoke (power->base.store, id, t, &error));
    g_assert_no_error (error);
    g_hash_table_add (power->revoked, g_memdup2 (&id, sizeof id));
    present (power, access, LT_METHOD_QR, "camera", NULL, token, t + 1, LT_REASON_REVOKED);
    break;
  default:
    present (power, access, LT_METHOD_PIN, "keypad", "3-1204", "000000", t, LT_REASON_WRONG_PIN);
    remember_lockout (power, "unit:3-1204");
    break;
  }
}

static void
test_power_cuts (void)
{
  Power power = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LtAccess) access = NULL;
  g_autoptr (LtPassKey) key = NULL;
  gint64  t = lt_test_local_time (2026, 6, 1, 10, 0);
  guint64 writes, syncs;

  lt_powerloss_vfs_install (NULL, NULL);
  /* Lockouts short and forgotten quickly, so steps keep being taken. */
  lt_fixture_setup (&power.base, "[access]\nlockout-seconds=1\nlockout-max-seconds=60\nlockout-forget-seconds=60\n"
                                 "reader-lockout-failures=3\nlockout-failures=3\n");
  power.snapshot = g_build_filename (power.base.dir, "cut", NULL);
  g_assert_cmpint (g_mkdir (power.snapshot, 0700), ==, 0);
  power.used_passes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  power.revoked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  power.lockouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  lt_fixture_add_resident (&power.base, "3-1204", "李娜", "135791", NULL);
  for (guint i = 0; i < 20; i++) {
    g_autofree char *card = g_strdup_printf ("26:7:%u", 100 + i);
    g_autofree char *name = g_strdup_printf ("Resident %u", i);
    lt_fixture_add_resident (&power.base, "3-1203", name, NULL, card);
  }
  g_assert_true (lt_pass_key_create (power.base.key_dir, &error));
  g_assert_no_error (error);
  key = lt_pass_key_load (power.base.key_dir, &error);
  g_assert_no_error (error);
  access = lt_access_new (power.base.store, power.base.config, power.base.secret);

  lt_powerloss_vfs_install (on_cut, &power);
  for (guint i = 0; i < N_OPS; i++)
    step (&power, access, key, i, t + SECONDS (20) * i);
  lt_powerloss_vfs_install (NULL, NULL);

  lt_powerloss_vfs_counts (&writes, &syncs);
  g_test_message ("%u power cuts (%u distinct ones opened and checked; %" G_GUINT64_FORMAT " writes and %" G_GUINT64_FORMAT " syncs in all), "
                  "%u decisions: %u lost events, %u reused one-use passes, %u lost revocations, %u lost lockout steps",
                  power.cuts, power.checked, writes, syncs, power.decisions, power.lost_events, power.reused_passes,
                  power.lost_revocations, power.lost_lockout_steps);
  g_assert_cmpuint (power.cuts, >=, 1000);
  g_assert_cmpuint (power.checked, >=, 1000);
  g_assert_cmpuint (power.lost_events, ==, 0);
  g_assert_cmpuint (power.reused_passes, ==, 0);
  g_assert_cmpuint (power.lost_revocations, ==, 0);
  g_assert_cmpuint (power.lost_lockout_steps, ==, 0);

  g_clear_object (&access);
  g_hash_table_unref (power.used_passes);
  g_hash_table_unref (power.revoked);
  g_hash_table_unref (power.lockouts);
  g_free (power.snapshot);
  lt_fixture_teardown (&power.base, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The model does not depend on the medium: what is durable is what was
   * synced. Memory keeps 2,000 real syncs from taking half a minute. */
  lt_test_use_memory_tmpdir ();

  g_test_add_func ("/core/powerloss/cuts", test_power_cuts);
  return g_test_run ();
}
