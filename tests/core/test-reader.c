/* test-reader.c: the read-only connection the views' queries run on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-pass.h"
#include "lt-store-private.h"

#include <glib/gstdio.h>
#include <string.h>

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64)st.st_size : -1;
}

static void
test_sees_writes (LtFixture    *f,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) reader = lt_store_open_reader (f->db_path, &error);
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (LtPerson) person = NULL;
  LtEvent      event = { .kind = LT_EVENT_KIND_DECISION, .result = LT_EVENT_RESULT_GRANTED, .unit = (char *)"3-1203" };
  LtEventQuery query = { .limit = 10 };
  gint64       id;

  g_assert_no_error (error);
  g_assert_true (lt_store_is_reader (reader));
  g_assert_false (lt_store_is_reader (f->store));

  /* What the writer commits after the reader opened, the reader sees. */
  id = lt_fixture_add_resident (f, "3-1203", "Li Na", "246810", NULL);
  event.subject_id = id;
  g_assert_cmpint (lt_store_add_event (f->store, &event, &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (lt_store_unit_exists (reader, "3-1203"));
  person = lt_store_get_person (reader, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->name, ==, "Li Na");
  events = lt_store_query_events (reader, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (((LtEvent *)g_ptr_array_index (events, 0))->subject_name, ==, "Li Na");
  g_assert_cmpint (lt_store_count_events (reader, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (lt_store_last_backup (reader, &error), ==, 0);
  g_assert_no_error (error);
  {
    g_autofree char *integrity = lt_store_check_integrity (reader, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (integrity, ==, "ok");
  }
  {
    g_autoptr (GPtrArray) passes = lt_pass_list (reader, TRUE, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (passes->len, ==, 0);
  }
}

static void
test_never_writes (LtFixture    *f,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) reader = lt_store_open_reader (f->db_path, &error);
  g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);
  LtEvent          event = { .kind = LT_EVENT_KIND_ADMIN };
  gint64           wal_size;

  g_assert_no_error (error);
  g_assert_false (lt_store_add_unit (reader, "9-1", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_cmpint (lt_store_add_event (reader, &event, &error), ==, 0);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_false (lt_store_unit_exists (f->store, "9-1"));

  /* Closing the reader leaves the WAL to the writer: no checkpoint. */
  g_assert_true (lt_store_add_unit (f->store, "9-2", &error));
  g_assert_no_error (error);
  wal_size = file_size (wal);
  g_assert_cmpint (wal_size, >, 0);
  g_assert_finalize_object (g_steal_pointer (&reader));
  g_assert_cmpint (file_size (wal), ==, wal_size);
}

/* A database that needs upgrading, or one from a newer Lintel, is refused
 * as it is: the reader never migrates. */
static void
assert_version_refused (const char *dir,
                        guint       version,
                        const char *word)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "other.db", NULL);
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", version);
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *number = g_strdup_printf ("%u", version);
  gsize            before_size, after_size;
  g_autoptr (LtStore) reader = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint v = 1; v <= version && v <= lt_store_latest_version (); v++)
    g_assert_cmpint (sqlite3_exec (db, lt_store_migration_sql (v), NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_true (g_file_get_contents (path, &before, &before_size, NULL));

  reader = lt_store_open_reader (path, &error);
  g_assert_null (reader);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, number));
  g_assert_nonnull (strstr (error->message, word));
  g_assert_true (g_file_get_contents (path, &after, &after_size, NULL));
  g_assert_cmpmem (before, before_size, after, after_size);
  g_remove (path);
}

static void
test_versions (LtFixture    *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "nowhere", "lintel.db", NULL);
  g_autoptr (LtStore) reader = NULL;

  for (guint v = 1; v < lt_store_latest_version (); v++)
    assert_version_refused (f->dir, v, "older");
  assert_version_refused (f->dir, lt_store_latest_version () + 1, "newer");

  /* No file is made where there was none. */
  reader = lt_store_open_reader (missing, &error);
  g_assert_null (reader);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* A reader opened while no writer is: the WAL files are gone. The reader
 * may make the empty ones WAL mode needs to read, but writes nothing into
 * them, and the next writer removes them. */
static void
test_alone (LtFixture    *f,
            gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) reader = NULL;
  g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);

  lt_fixture_add_resident (f, "3-1203", "Li Na", "246810", NULL);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  reader = lt_store_open_reader (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (lt_store_unit_exists (reader, "3-1203"));
  g_assert_finalize_object (g_steal_pointer (&reader));
  g_assert_cmpint (file_size (wal), <=, 0);

  f->store = lt_store_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (lt_store_unit_exists (f->store, "3-1203"));
  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/reader/" path, LtFixture, NULL, lt_fixture_setup, func, lt_fixture_teardown)

  ADD ("sees-writes", test_sees_writes);
  ADD ("never-writes", test_never_writes);
  ADD ("versions", test_versions);
  ADD ("alone", test_alone);

#undef ADD

  return g_test_run ();
}
