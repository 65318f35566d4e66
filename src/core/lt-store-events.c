/* lt-store-events.c: the event log and the lockout counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-store"

#include "lt-store-private.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

/* ---- lockouts ------------------------------------------------------------ */

gboolean
lt_store_get_lockout (LtStore    *self,
                      const char *key,
                      LtLockout  *out,
                      GError    **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         "SELECT failures, level, locked_until, last_failure FROM lockouts WHERE key = ?",
                                         error);
  int           rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW) {
    out->failures = (guint)sqlite3_column_int (stmt, 0);
    out->level = (guint)sqlite3_column_int (stmt, 1);
    out->locked_until_us = sqlite3_column_int64 (stmt, 2);
    out->last_failure_us = sqlite3_column_int64 (stmt, 3);
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("reading a lockout"));
  return TRUE;
}

gboolean
lt_store_set_lockout (LtStore         *self,
                      const char      *key,
                      const LtLockout *lockout,
                      GError         **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (lockout != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gboolean      clear = lockout->failures == 0 && lockout->level == 0 && lockout->locked_until_us == 0 && lockout->last_failure_us == 0;
  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         clear ? "DELETE FROM lockouts WHERE key = ?1"
                                               : "INSERT OR REPLACE INTO lockouts (key, failures, level, locked_until, last_failure)"
                                                 " VALUES (?1, ?2, ?3, ?4, ?5)",
                                         error);
  int           rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (!clear) {
    sqlite3_bind_int (stmt, 2, (int)lockout->failures);
    sqlite3_bind_int (stmt, 3, (int)lockout->level);
    sqlite3_bind_int64 (stmt, 4, lockout->locked_until_us);
    sqlite3_bind_int64 (stmt, 5, lockout->last_failure_us);
  }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("storing a lockout"));
  return TRUE;
}

/* ---- events -------------------------------------------------------------- */

static gint64
insert_event (LtStore       *self,
              const LtEvent *event,
              GError       **error)
{
  sqlite3_stmt *stmt;
  int           rc;

  stmt = lt_store_prepare (self,
                           "INSERT INTO events (time, kind, door, method, result, reason, subject_id, unit, pass_id, detail)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, event->time_us ? event->time_us : g_get_real_time ());
  sqlite3_bind_text (stmt, 2, lt_event_kind_to_string (event->kind), -1, SQLITE_STATIC);
  lt_store_bind_text_or_null (stmt, 3, event->door);
  lt_store_bind_text_or_null (stmt, 4, event->method);
  lt_store_bind_text_or_null (stmt, 5, lt_event_result_to_string (event->result));
  lt_store_bind_text_or_null (stmt, 6, event->reason);
  if (event->subject_id > 0)
    sqlite3_bind_int64 (stmt, 7, event->subject_id);
  lt_store_bind_text_or_null (stmt, 8, event->unit);
  if (event->pass_id > 0)
    sqlite3_bind_int64 (stmt, 9, event->pass_id);
  lt_store_bind_text_or_null (stmt, 10, event->detail);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    lt_store_db_error (self, error, _ ("recording an event"));
    return 0;
  }
  return sqlite3_last_insert_rowid (lt_store_get_db (self));
}

static gboolean
is_busy (LtStore *self)
{
  int code = sqlite3_errcode (lt_store_get_db (self)) & 0xff;

  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

/* Events kept because another writer (an import, lintelctl) held the lock,
 * written in their order with their own times. Only outside a transaction:
 * a caller's rollback must not take them. */
gboolean
lt_store_flush_events (LtStore *self,
                       GError **error)
{
  GPtrArray *pending;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pending = lt_store_get_pending (self);
  if (pending->len == 0 || !sqlite3_get_autocommit (lt_store_get_db (self)))
    return TRUE;
  if (sqlite3_exec (lt_store_get_db (self), "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return lt_store_db_error (self, error, _ ("recording an event"));
  for (guint i = 0; i < pending->len; i++)
    if (insert_event (self, g_ptr_array_index (pending, i), error) == 0) {
      sqlite3_exec (lt_store_get_db (self), "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (sqlite3_exec (lt_store_get_db (self), "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    sqlite3_exec (lt_store_get_db (self), "ROLLBACK", NULL, NULL, NULL);
    return lt_store_db_error (self, error, _ ("recording an event"));
  }
  g_ptr_array_set_size (pending, 0);
  return TRUE;
}

guint
lt_store_pending_events (LtStore *self)
{
  g_return_val_if_fail (LT_IS_STORE (self), 0);

  return lt_store_get_pending (self)->len;
}

/* An event that cannot be written yet because another connection holds
 * the write lock is kept and written at the next chance (the next commit
 * or event, or when the store closes): never lost. It then returns 0 with
 * LT_STORE_ERROR_BUSY. */
gint64
lt_store_add_event (LtStore       *self,
                    const LtEvent *event,
                    GError       **error)
{
  g_autoptr (GError) local_error = NULL;
  LtEvent *kept;
  gint64   id;

  g_return_val_if_fail (LT_IS_STORE (self), 0);
  g_return_val_if_fail (event != NULL, 0);
  g_return_val_if_fail (event->kind > LT_EVENT_KIND_UNKNOWN && event->kind < LT_N_EVENT_KINDS, 0);
  g_return_val_if_fail (event->result < LT_EVENT_RESULT_UNKNOWN, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (sqlite3_get_autocommit (lt_store_get_db (self)) && lt_store_get_pending (self)->len > 0)
    lt_store_flush_events (self, NULL);
  id = insert_event (self, event, &local_error);
  if (id != 0 || !is_busy (self) || !sqlite3_get_autocommit (lt_store_get_db (self))) {
    if (local_error != NULL)
      g_propagate_error (error, g_steal_pointer (&local_error));
    return id;
  }
  kept = lt_event_copy (event);
  if (kept->time_us == 0)
    kept->time_us = g_get_real_time ();
  g_ptr_array_add (lt_store_get_pending (self), kept);
  g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY,
               _ ("The event was kept to be written once another program lets go of %s"), lt_store_get_path (self));
  return 0;
}

/* The subject's name and kind come with the row, so that a list of events
 * needs no query per person. */
#define EVENT_COLUMNS                                                                            \
  "e.id, e.time, e.kind, e.door, e.method, e.result, e.reason, e.subject_id, e.unit, e.pass_id," \
  " e.detail, p.name, p.kind"                                                                    \
  " FROM events e LEFT JOIN people p ON p.id = e.subject_id WHERE e.time >= ?1"

static LtEvent *
event_from_row (sqlite3_stmt *stmt)
{
  LtEvent *event = g_new0 (LtEvent, 1);

  event->id = sqlite3_column_int64 (stmt, 0);
  event->time_us = sqlite3_column_int64 (stmt, 1);
  lt_event_kind_from_string ((const char *)sqlite3_column_text (stmt, 2), &event->kind);
  event->door = lt_store_column_dup (stmt, 3);
  event->method = lt_store_column_dup (stmt, 4);
  lt_event_result_from_string ((const char *)sqlite3_column_text (stmt, 5), &event->result);
  event->reason = lt_store_column_dup (stmt, 6);
  event->subject_id = sqlite3_column_int64 (stmt, 7);
  event->unit = lt_store_column_dup (stmt, 8);
  event->pass_id = sqlite3_column_int64 (stmt, 9);
  event->detail = lt_store_column_dup (stmt, 10);
  event->subject_name = lt_store_column_dup (stmt, 11);
  if (event->subject_name != NULL)
    lt_person_kind_from_string ((const char *)sqlite3_column_text (stmt, 12), &event->subject_kind);
  return event;
}

/* Newest first unless query->oldest_first; at most query->limit rows
 * (0: all of them). */
GPtrArray *
lt_store_query_events (LtStore            *self,
                       const LtEventQuery *query,
                       GError            **error)
{
  g_autoptr (GPtrArray) events = NULL;
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = lt_store_prepare (self,
                           query->oldest_first
                             ? "SELECT " EVENT_COLUMNS " AND (?3 = 0 OR e.subject_id = ?3) ORDER BY e.time, e.id LIMIT ?2"
                             : "SELECT " EVENT_COLUMNS
                               " AND (?3 = 0 OR e.subject_id = ?3) ORDER BY e.time DESC, e.id DESC LIMIT ?2",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->since_us);
  sqlite3_bind_int64 (stmt, 2, query->limit > 0 ? (gint64)query->limit : -1);
  sqlite3_bind_int64 (stmt, 3, query->subject_id);
  events = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_event_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (events, event_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    lt_store_db_error (self, error, _ ("listing events"));
    return NULL;
  }
  return g_steal_pointer (&events);
}

/* Every event since since_us, oldest first: the whole log, for export. */
GPtrArray *
lt_store_list_events (LtStore *self,
                      gint64   since_us,
                      GError **error)
{
  LtEventQuery query = { .since_us = since_us, .oldest_first = TRUE };

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return lt_store_query_events (self, &query, error);
}

/* The log is bounded: events older than before_us go, then the oldest
 * beyond max_rows. Lockout rows nobody has failed at since before_us go
 * too. Deleted in bounded steps, each its own transaction, so that the
 * door never waits long behind the pruning. */
#define PRUNE_STEP 5000

static gboolean
prune_step (LtStore    *self,
            const char *sql,
            gint64      value,
            guint      *n_pruned,
            gboolean   *more,
            GError    **error)
{
  sqlite3_stmt *stmt;
  int           rc, changes;

  if (!lt_store_begin (self, error))
    return FALSE;
  stmt = lt_store_prepare (self, sql, error);
  if (stmt == NULL) {
    lt_store_rollback (self);
    return FALSE;
  }
  sqlite3_bind_int64 (stmt, 1, value);
  sqlite3_bind_int (stmt, 2, PRUNE_STEP);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  changes = sqlite3_changes (lt_store_get_db (self));
  if (rc != SQLITE_DONE) {
    lt_store_db_error (self, error, _ ("pruning the event log"));
    lt_store_rollback (self);
    return FALSE;
  }
  if (!lt_store_commit (self, error))
    return FALSE;
  *n_pruned += (guint)changes;
  *more = changes == PRUNE_STEP;
  return TRUE;
}

gboolean
lt_store_prune_events (LtStore *self,
                       gint64   before_us,
                       guint    max_rows,
                       guint   *n_pruned,
                       GError **error)
{
  gboolean more = TRUE;
  guint    pruned = 0, lockouts = 0;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (more)
    if (!prune_step (self, "DELETE FROM events WHERE id IN"
                           " (SELECT id FROM events WHERE time < ?1 ORDER BY id LIMIT ?2)",
                     before_us, &pruned, &more, error))
      return FALSE;
  more = TRUE;
  while (more)
    if (!prune_step (self, "DELETE FROM events WHERE id IN"
                           " (SELECT id FROM events ORDER BY id"
                           "  LIMIT min(?2, max(0, (SELECT count(*) FROM events) - ?1)))",
                     max_rows, &pruned, &more, error))
      return FALSE;
  more = TRUE;
  while (more)
    if (!prune_step (self, "DELETE FROM lockouts WHERE rowid IN"
                           " (SELECT rowid FROM lockouts WHERE last_failure < ?1 AND locked_until < ?1 LIMIT ?2)",
                     before_us, &lockouts, &more, error))
      return FALSE;
  if (n_pruned != NULL)
    *n_pruned = pruned;
  return TRUE;
}
