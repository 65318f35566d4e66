/* lt-store-status.c: the store's health, its size in events, and backups
 *
 * For the maintenance screen and `lintelctl backup`. The backup is an
 * online copy through SQLite's backup API (consistent while the door keeps
 * writing events) into a new file, moved into place only when complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-store"

#include "lt-store-private.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

/* "ok", or SQLite's first complaint. quick_check reads every page: run it
 * off the UI thread. */
char *
lt_store_check_integrity (LtStore *self,
                          GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sqlite3_stmt *stmt = lt_store_prepare (self, "PRAGMA quick_check(1)", error);
  char         *result = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _ ("The integrity check of %s could not run: %s"), lt_store_get_path (self),
                 sqlite3_errmsg (lt_store_get_db (self)));
  sqlite3_reset (stmt);
  return result;
}

gint64
lt_store_count_events (LtStore *self,
                       GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  sqlite3_stmt *stmt = lt_store_prepare (self, "SELECT count(*) FROM events", error);
  gint64        count = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _ ("Cannot count the events in %s: %s"), lt_store_get_path (self),
                 sqlite3_errmsg (lt_store_get_db (self)));
  sqlite3_reset (stmt);
  return count;
}

/* When the last backup was made (µs), 0 if never. */
gint64
lt_store_last_backup (LtStore *self,
                      GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         "SELECT max(time) FROM events WHERE kind = 'backup' AND result = 'ok'",
                                         error);
  gint64        time = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    time = sqlite3_column_int64 (stmt, 0);
  else
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _ ("Cannot read the backup history of %s: %s"), lt_store_get_path (self),
                 sqlite3_errmsg (lt_store_get_db (self)));
  sqlite3_reset (stmt);
  return time;
}

gboolean
lt_store_backup (LtStore    *self,
                 const char *destination,
                 GError    **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *partial = g_strconcat (destination, ".partial", NULL);
  sqlite3         *target = NULL;
  sqlite3_backup  *backup;
  LtEvent          event = { 0 };
  int              rc;

  if (g_file_test (destination, G_FILE_TEST_EXISTS)) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS,
                 _ ("%s already exists; choose a new file name for the backup"), destination);
    return FALSE;
  }
  g_unlink (partial);
  rc = sqlite3_open_v2 (partial, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK) {
    backup = sqlite3_backup_init (target, "main", lt_store_get_db (self), "main");
    if (backup != NULL) {
      sqlite3_backup_step (backup, -1);
      sqlite3_backup_finish (backup);
    }
    rc = sqlite3_errcode (target);
    /* Face templates never leave the terminal (R10): the copy keeps the
     * consent ledger, and VACUUM rebuilds it without the deleted pages. */
    if (rc == SQLITE_OK)
      rc = sqlite3_exec (target, "PRAGMA secure_delete = ON; DELETE FROM face_templates;"
                                 " DELETE FROM face_enrolments; VACUUM;",
                         NULL, NULL, NULL);
  }
  if (rc != SQLITE_OK) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _ ("Cannot write the backup %s: %s"), destination,
                 target ? sqlite3_errmsg (target) : sqlite3_errstr (rc));
    sqlite3_close (target);
    g_unlink (partial);
    return FALSE;
  }
  sqlite3_close (target);
  g_chmod (partial, 0600);
  if (g_rename (partial, destination) != 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _ ("Cannot move the backup into place at %s: %s"), destination, g_strerror (errno));
    g_unlink (partial);
    return FALSE;
  }
  event.kind = LT_EVENT_KIND_BACKUP;
  event.result = LT_EVENT_RESULT_OK;
  event.detail = (char *)destination;
  return lt_store_add_event (self, &event, error) != 0;
}

/* ---- start-up integrity --------------------------------------------------- */

/* The quick check reads every page: on a large store on slow flash it is
 * cut short rather than hold the door's start-up. */
#define QUICK_CHECK_MS 3000

static int
on_progress (void *data)
{
  return g_get_monotonic_time () > *(gint64 *)data;
}

static gboolean
quick_check (LtStore *self,
             GError **error)
{
  sqlite3         *db = lt_store_get_db (self);
  gint64           deadline = g_get_monotonic_time () + (gint64)QUICK_CHECK_MS * 1000;
  sqlite3_stmt    *stmt = NULL;
  g_autofree char *answer = NULL;
  int              rc;

  sqlite3_progress_handler (db, 1000, on_progress, &deadline);
  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    answer = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_progress_handler (db, 0, NULL, NULL);
  if (rc == SQLITE_INTERRUPT) {
    g_message ("The integrity check of %s was cut short after %u ms", lt_store_get_path (self), QUICK_CHECK_MS);
    return TRUE;
  }
  if (answer != NULL && g_str_equal (answer, "ok"))
    return TRUE;
  g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DAMAGED,
               _ ("The database %s is damaged (%s); restore it from a backup ('lintelctl backup' makes one) and start again"),
               lt_store_get_path (self), answer ? answer : sqlite3_errmsg (db));
  return FALSE;
}

/* What the terminal and lintelctl open in service: the database must be
 * there (only 'lintelctl init' creates one), pass a quick integrity check
 * and, given the device secret, have been made under it. */
LtStore *
lt_store_open_existing (const char     *path,
                        const LtSecret *secret,
                        GError        **error)
{
  g_autoptr (LtStore) self = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size == 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_MISSING,
                 _ ("There is no database at %s (or the file is empty); run 'lintelctl init' to create one, or restore it from a backup"),
                 path);
    return NULL;
  }
  self = lt_store_open (path, error);
  if (self == NULL || !quick_check (self, error))
    return NULL;
  if (secret != NULL && !lt_store_check_key (self, secret, FALSE, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* A value only the device secret gives, kept in the database: a database
 * copied to a terminal with another key is refused at once, instead of
 * answering every card "unknown" and locking residents out. Written the
 * first time (lintelctl init, or a database from before the check), or
 * when replace is set (lintelctl init giving the database a new key). */
gboolean
lt_store_check_key (LtStore        *self,
                    const LtSecret *secret,
                    gboolean        replace,
                    GError        **error)
{
  guint8        check[LT_HASH_BYTES];
  sqlite3_stmt *stmt;
  gboolean      found, same = FALSE;
  int           rc;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lt_secret_hash (secret, "key-check", 0, "lintel", check);
  stmt = lt_store_prepare (self, "SELECT value FROM settings WHERE name = 'key-check'", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  found = rc == SQLITE_ROW;
  if (found)
    same = sqlite3_column_bytes (stmt, 0) == LT_HASH_BYTES && lt_hash_equal (sqlite3_column_blob (stmt, 0), check);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("reading the key check"));
  if (same)
    return TRUE;
  if (found && !replace) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_OTHER_KEY,
                 _ ("The database %s was made under another device key than this terminal's: it was copied from another terminal, or the key in [store] key-dir was replaced. Put back this terminal's own device.key, or restore this terminal's own database"),
                 lt_store_get_path (self));
    return FALSE;
  }
  stmt = lt_store_prepare (self, "INSERT OR REPLACE INTO settings (name, value) VALUES ('key-check', ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, check, sizeof check, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("storing the key check"));
  return TRUE;
}
