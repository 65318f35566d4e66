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

/* "ok", or SQLite's first complaint. quick_check reads every page: run it
 * off the UI thread. */
char *
lt_store_check_integrity (LtStore *self,
                          GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sqlite3_stmt *stmt = lt_store_prepare (self, "PRAGMA quick_check(1)", error);
  char *result = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _("The integrity check of %s could not run: %s"), lt_store_get_path (self),
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
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _("Cannot count the events in %s: %s"), lt_store_get_path (self),
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
  gint64 time = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    time = sqlite3_column_int64 (stmt, 0);
  else
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _("Cannot read the backup history of %s: %s"), lt_store_get_path (self),
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
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  LtEvent event = { 0 };
  int rc;

  if (g_file_test (destination, G_FILE_TEST_EXISTS)) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS,
                 _("%s already exists; choose a new file name for the backup"), destination);
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
                         " DELETE FROM face_enrolments; VACUUM;", NULL, NULL, NULL);
  }
  if (rc != SQLITE_OK) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _("Cannot write the backup %s: %s"), destination,
                 target ? sqlite3_errmsg (target) : sqlite3_errstr (rc));
    sqlite3_close (target);
    g_unlink (partial);
    return FALSE;
  }
  sqlite3_close (target);
  g_chmod (partial, 0600);
  if (g_rename (partial, destination) != 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _("Cannot move the backup into place at %s: %s"), destination, g_strerror (errno));
    g_unlink (partial);
    return FALSE;
  }
  event.kind = LT_EVENT_KIND_BACKUP;
  event.result = LT_EVENT_RESULT_OK;
  event.detail = (char *) destination;
  return lt_store_add_event (self, &event, error) != 0;
}
