/* test-migrations.c: every old schema upgrades; a newer one is refused untouched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-store-private.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  char *dir;
  char *path;
} MigrationFixture;

static void
migration_setup (MigrationFixture *fixture,
                 gconstpointer     data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("lintel-migrations-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "lintel.db", NULL);
}

static void
migration_teardown (MigrationFixture *fixture,
                    gconstpointer     data)
{
  lt_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char         *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* The schema as SQLite records it, one statement a line. */
static char *
dump_schema (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  GString      *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %s %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

/* A database as a Lintel of schema version `version` left it, built with
 * sqlite3 alone; in the default rollback-journal mode unless wal is set. */
static void
build_raw (const char *path,
           guint       version,
           gboolean    wal)
{
  sqlite3         *db = NULL;
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", version);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (wal)
    exec_sql (db, "PRAGMA journal_mode = WAL");
  for (guint v = 1; v <= version && v <= lt_store_latest_version (); v++)
    exec_sql (db, lt_store_migration_sql (v));
  exec_sql (db, bump);
  /* Data in the tables this version has. */
  if (version >= 1) {
    exec_sql (db, "INSERT INTO units (name, created) VALUES ('M-101', 1)");
    exec_sql (db, "INSERT INTO people (kind, unit_id, name, created)"
                  " VALUES ('resident', (SELECT id FROM units WHERE name = 'M-101'), 'Old Resident', 1)");
    exec_sql (db, "INSERT INTO events (time, kind) VALUES (1000000, 'admin')");
  }
  /* Events whose unit and pass were only in their detail text. */
  if (version >= 1 && version < 3) {
    exec_sql (db, "INSERT INTO events (time, kind, result, detail) VALUES (2000000, 'decision', 'granted', 'unit=M-101')");
    exec_sql (db, "INSERT INTO events (time, kind, result, detail)"
                  " VALUES (3000000, 'decision', 'denied', 'pass=4000000001 unit=M-102')");
    exec_sql (db, "INSERT INTO events (time, kind, result, detail) VALUES (4000000, 'pass', 'revoked', 'pass=77')");
    exec_sql (db, "INSERT INTO events (time, kind, result, detail) VALUES (5000000, 'decision', 'denied', 'format=26')");
  }
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, version);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_upgrade (MigrationFixture *fixture,
              gconstpointer     data)
{
  guint version = GPOINTER_TO_UINT (data);
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = NULL;
  g_autoptr (LtStore) fresh = NULL;
  g_autofree char *fresh_path = g_build_filename (fixture->dir, "fresh.db", NULL);
  g_autofree char *schema = NULL;
  g_autofree char *fresh_schema = NULL;
  sqlite3         *db;

  g_assert_cmpuint (version, <, lt_store_latest_version ());
  build_raw (fixture->path, version, FALSE);

  store = lt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  db = lt_store_get_db (store);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, lt_store_latest_version ());

  /* What was there is still there. */
  if (version >= 1) {
    g_autoptr (GPtrArray) people = NULL;

    g_assert_true (lt_store_unit_exists (store, "M-101"));
    people = lt_store_list_people (store, FALSE, "M-101", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (people->len, ==, 1);
    g_assert_cmpstr (((LtPerson *)g_ptr_array_index (people, 0))->name, ==, "Old Resident");
    /* Version 5: residents from before are adults, not enrolled in face. */
    g_assert_false (((LtPerson *)g_ptr_array_index (people, 0))->minor);
    g_assert_false (((LtPerson *)g_ptr_array_index (people, 0))->face_enrolled);
    g_assert_cmpint (query_int (db, "SELECT count(*) FROM consent_ledger"), ==, 0);
    g_assert_cmpint (query_int (db, "SELECT count(*) FROM events"), ==, version < 3 ? 5 : 1);
  }
  /* The unit and the pass of older events are filled in from their detail. */
  if (version >= 1 && version < 3) {
    g_autoptr (GPtrArray) events = lt_store_list_events (store, 0, &error);
    const LtEvent *e;

    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, 5);
    e = g_ptr_array_index (events, 0);
    g_assert_cmpint (e->kind, ==, LT_EVENT_KIND_ADMIN);
    g_assert_null (e->unit);
    g_assert_cmpint (e->pass_id, ==, 0);
    e = g_ptr_array_index (events, 1);
    g_assert_cmpint (e->result, ==, LT_EVENT_RESULT_GRANTED);
    g_assert_cmpstr (e->unit, ==, "M-101");
    g_assert_cmpint (e->pass_id, ==, 0);
    e = g_ptr_array_index (events, 2);
    g_assert_cmpstr (e->unit, ==, "M-102");
    g_assert_cmpint (e->pass_id, ==, 4000000001);
    e = g_ptr_array_index (events, 3);
    g_assert_cmpint (e->kind, ==, LT_EVENT_KIND_PASS);
    g_assert_cmpint (e->result, ==, LT_EVENT_RESULT_REVOKED);
    g_assert_null (e->unit);
    g_assert_cmpint (e->pass_id, ==, 77);
    e = g_ptr_array_index (events, 4);
    g_assert_null (e->unit);
    g_assert_cmpint (e->pass_id, ==, 0);
    g_assert_cmpstr (e->detail, ==, "format=26");
  }

  /* The upgraded schema is the one a new database gets. */
  fresh = lt_store_open (fresh_path, &error);
  g_assert_no_error (error);
  schema = dump_schema (db);
  fresh_schema = dump_schema (lt_store_get_db (fresh));
  g_assert_cmpstr (schema, ==, fresh_schema);

  /* And it works. */
  g_assert_true (lt_store_add_unit (store, "N-1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (lt_store_add_person (store, LT_PERSON_RESIDENT, "N-1", "New", NULL, &error), >, 0);
  g_assert_no_error (error);

  /* Reopening an up-to-date database changes nothing. */
  g_assert_finalize_object (g_steal_pointer (&store));
  store = lt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (lt_store_get_db (store), "PRAGMA user_version"), ==, lt_store_latest_version ());
  g_assert_true (lt_store_unit_exists (store, "N-1"));
}

static void
test_new_database (MigrationFixture *fixture,
                   gconstpointer     data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = NULL;
  g_autofree char *nested = g_build_filename (fixture->dir, "var", "lib", "lintel", "lintel.db", NULL);

  g_assert_cmpuint (lt_store_latest_version (), >=, 1);
  for (guint v = 1; v <= lt_store_latest_version (); v++)
    g_assert_nonnull (lt_store_migration_sql (v));

  /* The directories are made on the way. */
  store = lt_store_open (nested, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (query_int (lt_store_get_db (store), "PRAGMA user_version"), ==, lt_store_latest_version ());
}

static void
test_pragmas (MigrationFixture *fixture,
              gconstpointer     data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = lt_store_open (fixture->path, &error);
  g_autofree char *journal = NULL;
  sqlite3         *db;

  g_assert_no_error (error);
  db = lt_store_get_db (store);
  journal = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA secure_delete"), ==, 1);

  /* foreign_keys is really enforced: no person in a unit that is not there. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO people (kind, unit_id, name, created)"
                                     " VALUES ('resident', 999, 'Ghost', 1)",
                                 NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_FOREIGNKEY);
}

static void
assert_newer_refused (MigrationFixture *fixture,
                      gboolean          wal)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *newer = g_strdup_printf ("%u", lt_store_latest_version () + 1);
  g_autofree char *wal_path = g_strconcat (fixture->path, "-wal", NULL);
  gsize            before_size = 0, after_size = 0;
  sqlite3         *db = NULL;

  build_raw (fixture->path, lt_store_latest_version () + 1, wal);
  g_assert_true (g_file_get_contents (fixture->path, &before, &before_size, &error));
  g_assert_no_error (error);

  store = lt_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, newer));
  g_clear_error (&error);

  /* Left as it was: same version, same data, same bytes. */
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, lt_store_latest_version () + 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM units WHERE name = 'M-101'"), ==, 1);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (fixture->path, &after, &after_size, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (before, before_size, after, after_size);
}

static void
test_newer_refused_wal (MigrationFixture *fixture,
                        gconstpointer     data)
{
  assert_newer_refused (fixture, TRUE);
}

static void
test_newer_refused_rollback (MigrationFixture *fixture,
                             gconstpointer     data)
{
  /* A database in rollback-journal mode: refusing it must not switch it
   * to WAL on the way (which rewrites bytes 18-19 of its header). */
  assert_newer_refused (fixture, FALSE);
}

static void
test_failed_step_rolls_back (MigrationFixture *fixture,
                             gconstpointer     data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = NULL;
  sqlite3 *db = NULL;

  /* Version 0 says "empty", but a table of the first migration is in the
   * way: step 1 fails and must leave the file at version 0, as it was. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  exec_sql (db, "CREATE TABLE events (x INTEGER); INSERT INTO events VALUES (7)");
  sqlite3_close (db);

  store = lt_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "version 1"));
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'units'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT x FROM events"), ==, 7);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint v = 0; v < lt_store_latest_version (); v++) {
    g_autofree char *path = g_strdup_printf ("/core/migrations/upgrade-from-%u", v);

    g_test_add (path, MigrationFixture, GUINT_TO_POINTER (v),
                migration_setup, test_upgrade, migration_teardown);
  }
#define ADD(path, func) \
  g_test_add ("/core/migrations/" path, MigrationFixture, NULL, migration_setup, func, migration_teardown)

  ADD ("new-database", test_new_database);
  ADD ("pragmas", test_pragmas);
  ADD ("failed-step-rolls-back", test_failed_step_rolls_back);
  ADD ("newer-refused-wal", test_newer_refused_wal);
  ADD ("newer-refused-rollback", test_newer_refused_rollback);

#undef ADD

  return g_test_run ();
}
