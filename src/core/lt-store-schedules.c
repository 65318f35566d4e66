/* lt-store-schedules.c: weekly access windows and holidays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-store"

#include "lt-store-private.h"
#include "lt-schedule.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

/* ---- schedules ----------------------------------------------------------- */

gint64
lt_store_add_schedule (LtStore    *self,
                       const char *name,
                       const char *windows,
                       GError    **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (windows != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  g_autoptr (GArray) parsed = lt_schedule_parse (windows, error);
  sqlite3_stmt *stmt;
  gint64        id;
  int           rc;

  if (parsed == NULL || !lt_name_valid (name, error) || !lt_store_begin (self, error))
    return 0;
  stmt = lt_store_prepare (self, "INSERT INTO schedules (name) VALUES (?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS, _ ("Schedule %s already exists"), name);
    goto fail;
  }
  if (rc != SQLITE_DONE) {
    lt_store_db_error (self, error, _ ("adding a schedule"));
    goto fail;
  }
  id = sqlite3_last_insert_rowid (lt_store_get_db (self));

  stmt = lt_store_prepare (self,
                           "INSERT INTO schedule_windows (schedule_id, day, start_minute, end_minute)"
                           " VALUES (?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < parsed->len; i++) {
    const LtWindow *w = &g_array_index (parsed, LtWindow, i);

    sqlite3_reset (stmt);
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int (stmt, 2, (int)w->day);
    sqlite3_bind_int (stmt, 3, (int)w->start_minute);
    sqlite3_bind_int (stmt, 4, (int)w->end_minute);
    if (sqlite3_step (stmt) != SQLITE_DONE) {
      sqlite3_reset (stmt);
      lt_store_db_error (self, error, _ ("adding a schedule"));
      goto fail;
    }
  }
  sqlite3_reset (stmt);
  if (!lt_store_commit (self, error))
    goto fail;
  return id;

fail:
  lt_store_rollback (self);
  return 0;
}

gint64
lt_store_find_schedule (LtStore    *self,
                        const char *name,
                        GError    **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  sqlite3_stmt *stmt = lt_store_prepare (self, "SELECT id FROM schedules WHERE name = ?", error);
  gint64        id = 0;
  int           rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _ ("There is no schedule called %s; 'lintelctl schedule list' shows them"), name);
  else
    lt_store_db_error (self, error, _ ("looking up a schedule"));
  sqlite3_reset (stmt);
  return id;
}

/* Each element is "NAME\tWINDOWS", ready to print. */
GPtrArray *
lt_store_list_schedules (LtStore *self,
                         GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         "SELECT s.name, w.day, w.start_minute, w.end_minute"
                                         " FROM schedules s JOIN schedule_windows w ON w.schedule_id = s.id"
                                         " ORDER BY s.name, w.day, w.start_minute",
                                         error);
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) windows = g_array_new (FALSE, FALSE, sizeof (LtWindow));
  g_autofree char *current = NULL;
  int              rc;

  if (stmt == NULL)
    return NULL;
  for (;;) {
    const char *name;

    rc = sqlite3_step (stmt);
    name = rc == SQLITE_ROW ? (const char *)sqlite3_column_text (stmt, 0) : NULL;
    if (current != NULL && g_strcmp0 (name, current) != 0) {
      g_autofree char *text = lt_schedule_format (windows);
      g_ptr_array_add (out, g_strdup_printf ("%s\t%s", current, text));
      g_array_set_size (windows, 0);
    }
    if (rc != SQLITE_ROW)
      break;
    if (g_strcmp0 (name, current) != 0) {
      g_free (current);
      current = g_strdup (name);
    }
    {
      LtWindow w = { (guint)sqlite3_column_int (stmt, 1), (guint)sqlite3_column_int (stmt, 2),
                     (guint)sqlite3_column_int (stmt, 3) };
      g_array_append_val (windows, w);
    }
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    lt_store_db_error (self, error, _ ("listing schedules"));
    return NULL;
  }
  return g_steal_pointer (&out);
}

gboolean
lt_store_add_holiday (LtStore    *self,
                      const char *date,
                      const char *name,
                      GError    **error)
{
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lt_date_valid (date, error))
    return FALSE;
  stmt = lt_store_prepare (self, "INSERT OR REPLACE INTO holidays (day, name) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  lt_store_bind_text_or_null (stmt, 2, name);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("adding a holiday"));
  return TRUE;
}

gboolean
lt_store_schedule_allows (LtStore   *self,
                          gint64     schedule_id,
                          GDateTime *when,
                          GError   **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (when != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *date = g_date_time_format (when, "%Y-%m-%d");
  guint            minute = (guint)(g_date_time_get_hour (when) * 60 + g_date_time_get_minute (when));
  guint            weekday = (guint)g_date_time_get_day_of_week (when) - 1;
  sqlite3_stmt    *stmt;
  gboolean         allowed = FALSE;
  int              rc;

  if (schedule_id <= 0)
    return TRUE;
  /* On a holiday only the holiday windows apply. */
  stmt = lt_store_prepare (self,
                           "SELECT 1 FROM schedule_windows WHERE schedule_id = ?1"
                           " AND day = CASE WHEN EXISTS (SELECT 1 FROM holidays WHERE day = ?2) THEN 7 ELSE ?3 END"
                           " AND start_minute <= ?4 AND ?4 < end_minute",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, schedule_id);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, (int)weekday);
  sqlite3_bind_int (stmt, 4, (int)minute);
  rc = sqlite3_step (stmt);
  allowed = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("checking a schedule"));
  return allowed;
}
