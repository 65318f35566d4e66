/* lt-store.c: residents, credentials, schedules and events in SQLite
 *
 * One database file in WAL mode. secure_delete is on so that deleted rows
 * (a removed resident's PIN hash, later a withdrawn face template) are
 * overwritten rather than left in free pages, and deletions checkpoint the
 * WAL so no old copy lingers there either (COMPLIANCE.md R3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-store"

#include "lt-store-private.h"
#include "lt-card.h"
#include "lt-schedule.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <string.h>

G_DEFINE_QUARK (lt - store - error - quark, lt_store_error)

struct _LtStore {
  GObject     parent_instance;
  char       *path;
  sqlite3    *db;
  GHashTable *statements; /* SQL text → sqlite3_stmt*, prepared once */
  gboolean    reader;     /* opened by lt_store_open_reader() */
  GPtrArray  *pending;    /* LtEvent*: events another writer's lock kept out, to retry */
  guint       busy_ms;    /* how long a write waits for another connection's lock */
  gint64      busy_since; /* monotonic time of the current wait */
};

G_DEFINE_FINAL_TYPE (LtStore, lt_store, G_TYPE_OBJECT)

/* Each entry upgrades the schema by one version; entry N-1 takes a
 * database from version N-1 to N. Never edit an entry that has shipped:
 * append a new one. */
static const char *const migrations[] = {
  /* 1: the foundation */
  "CREATE TABLE units ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  created INTEGER NOT NULL);"
  "CREATE TABLE schedules ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE schedule_windows ("
  "  schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,"
  "  day INTEGER NOT NULL CHECK (day BETWEEN 0 AND 7),"
  "  start_minute INTEGER NOT NULL,"
  "  end_minute INTEGER NOT NULL,"
  "  CHECK (start_minute >= 0 AND start_minute < end_minute AND end_minute <= 1440));"
  "CREATE TABLE holidays ("
  "  day TEXT PRIMARY KEY,"
  "  name TEXT);"
  "CREATE TABLE people ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('resident', 'guard', 'technician')),"
  "  unit_id INTEGER REFERENCES units(id),"
  "  name TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  valid_until TEXT,"
  "  schedule_id INTEGER REFERENCES schedules(id) ON DELETE SET NULL,"
  "  created INTEGER NOT NULL,"
  "  CHECK ((kind = 'resident') = (unit_id IS NOT NULL)));"
  "CREATE INDEX people_unit ON people(unit_id);"
  "CREATE TABLE credentials ("
  "  id INTEGER PRIMARY KEY,"
  "  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('pin', 'duress', 'card')),"
  "  hash BLOB NOT NULL CHECK (length(hash) = 32),"
  "  created INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX credentials_card ON credentials(hash) WHERE kind = 'card';"
  "CREATE UNIQUE INDEX credentials_secret ON credentials(person_id, kind) WHERE kind <> 'card';"
  "CREATE INDEX credentials_person ON credentials(person_id);"
  "CREATE TABLE lockouts ("
  "  key TEXT PRIMARY KEY,"
  "  failures INTEGER NOT NULL,"
  "  level INTEGER NOT NULL,"
  "  locked_until INTEGER NOT NULL);"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  time INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  door TEXT,"
  "  method TEXT,"
  "  result TEXT,"
  "  reason TEXT,"
  "  subject_id INTEGER,"
  "  detail TEXT);"
  "CREATE INDEX events_time ON events(time);",
  /* 2: signed visitor passes. The pass itself is the signed token; a row
   * holds what a terminal must remember about it: its uses and whether it
   * was revoked. A pass issued on another terminal gets a row on its first
   * use here, with issued_at NULL. Times are microseconds. */
  "CREATE TABLE passes ("
  "  id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 4294967295),"
  "  unit TEXT NOT NULL,"
  "  visitor_name TEXT,"
  "  valid_from INTEGER NOT NULL,"
  "  valid_until INTEGER NOT NULL,"
  "  max_uses INTEGER NOT NULL CHECK (max_uses BETWEEN 0 AND 255),"
  "  uses INTEGER NOT NULL DEFAULT 0,"
  "  issued_by INTEGER,"
  "  issued_at INTEGER,"
  "  revoked_at INTEGER,"
  "  CHECK (valid_from < valid_until));"
  "CREATE INDEX passes_valid_until ON passes(valid_until);",
  /* 3: typed events. The unit and the pass an event is about get columns
   * of their own, so that nobody parses them out of the detail text; the
   * rows written before are filled in from their detail. */
  "ALTER TABLE events ADD COLUMN unit TEXT;"
  "ALTER TABLE events ADD COLUMN pass_id INTEGER;"
  "UPDATE events SET unit = substr(detail, 6) WHERE detail LIKE 'unit=%';"
  "UPDATE events SET pass_id = CAST(substr(detail, 6) AS INTEGER) WHERE detail LIKE 'pass=%';"
  "UPDATE events SET unit = substr(detail, instr(detail, ' unit=') + 6) WHERE detail LIKE 'pass=% unit=%';",
  /* 4: lockout counters decay with time, so the last failure's time is
   * kept; a PIN's length is kept (not the PIN) so that staff PINs shorter
   * than [access] staff-pin-length can be named; settings hold the device key's check value (a database copied
   * to a terminal with another key is refused). */
  "ALTER TABLE lockouts ADD COLUMN last_failure INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE credentials ADD COLUMN digits INTEGER;"
  "CREATE TABLE settings ("
  "  name TEXT PRIMARY KEY,"
  "  value BLOB NOT NULL);",
  /* 5: face opt-in (issue 11). Templates are sealed with XChaCha20-Poly1305
   * under a subkey of the device secret, the resident's id as associated
   * data (R15); they go with their resident (ON DELETE CASCADE, and
   * secure_delete overwrites them). The consent ledger is append-only and
   * hash-chained; it names people by id and unit, holds no biometric data
   * (R12) and outlives the residents it names. */
  "ALTER TABLE people ADD COLUMN minor INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE face_enrolments ("
  "  person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,"
  "  enrolled_at INTEGER NOT NULL,"
  "  last_used INTEGER,"
  "  notice_version TEXT NOT NULL);"
  "CREATE TABLE face_templates ("
  "  id INTEGER PRIMARY KEY,"
  "  person_id INTEGER NOT NULL REFERENCES face_enrolments(person_id) ON DELETE CASCADE,"
  "  nonce BLOB NOT NULL CHECK (length(nonce) = 24),"
  "  sealed BLOB NOT NULL);"
  "CREATE INDEX face_templates_person ON face_templates(person_id);"
  "CREATE TABLE consent_ledger ("
  "  id INTEGER PRIMARY KEY,"
  "  time INTEGER NOT NULL,"
  "  person_id INTEGER NOT NULL,"
  "  unit TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  notice_version TEXT NOT NULL,"
  "  terminal TEXT NOT NULL,"
  "  guardian_id INTEGER,"
  "  hash BLOB NOT NULL);",
  /* 6: a guard names a visitor by the last 4 digits of their phone
   * (issue 13), not a typed name. */
  "ALTER TABLE passes ADD COLUMN phone_last4 TEXT"
  "  CHECK (phone_last4 IS NULL OR (length(phone_last4) = 4 AND phone_last4 NOT GLOB '*[^0-9]*'));",
};

guint
lt_store_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
lt_store_migration_sql (guint version)
{
  g_return_val_if_fail (version >= 1 && version <= G_N_ELEMENTS (migrations), NULL);

  return migrations[version - 1];
}

gboolean
lt_store_db_error (LtStore    *self,
                   GError    **error,
                   const char *what)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);

  g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
               _ ("Database error while %s in %s: %s"), what, self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (LtStore    *self,
      const char *sql,
      GError    **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _ ("Database error in %s: %s"), self->path, message ? message : "?");
    sqlite3_free (message);
    return FALSE;
  }
  return TRUE;
}

/* Statements are prepared once and kept; callers reset them when done. */
sqlite3_stmt *
lt_store_prepare (LtStore    *self,
                  const char *sql,
                  GError    **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL) {
    sqlite3_reset (stmt);
    sqlite3_clear_bindings (stmt);
    return stmt;
  }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
    lt_store_db_error (self, error, _ ("preparing a query"));
    return NULL;
  }
  g_hash_table_insert (self->statements, (gpointer)sql, stmt);
  return stmt;
}

GPtrArray *
lt_store_get_pending (LtStore *self)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);

  return self->pending;
}

sqlite3 *
lt_store_get_db (LtStore *self)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);

  return self->db;
}

static gboolean
get_user_version (LtStore *self,
                  guint   *version,
                  GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self, "PRAGMA user_version", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return lt_store_db_error (self, error, _ ("reading the schema version"));
  *version = (guint)sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
migrate (LtStore *self,
         GError **error)
{
  guint version;

  if (!get_user_version (self, &version, error))
    return FALSE;
  for (; version < G_N_ELEMENTS (migrations); version++) {
    g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", version + 1);

    /* Each step is its own transaction: a failure leaves the last good version. */
    if (!exec (self, "BEGIN IMMEDIATE", error))
      return FALSE;
    if (!exec (self, migrations[version], error) || !exec (self, bump, error)) {
      exec (self, "ROLLBACK", NULL);
      g_prefix_error (error, _ ("Upgrading the database to version %u failed: "), version + 1);
      return FALSE;
    }
    if (!exec (self, "COMMIT", error))
      return FALSE;
  }
  return TRUE;
}

static void
lt_store_finalize (GObject *object)
{
  LtStore *self = LT_STORE (object);

  if (self->db != NULL) {
    /* Fold what this connection wrote back into the database, PASSIVE:
     * it never makes the door's writer wait, as a TRUNCATE checkpoint
     * would. A connection that changed nothing (lintelctl events, list,
     * check) leaves the WAL alone. Pending events get a last try. */
    if (!self->reader) {
      if (self->pending->len > 0) {
        lt_store_set_busy_timeout (self, 5000);
        lt_store_flush_events (self, NULL);
      }
      if (sqlite3_total_changes (self->db) > 0)
        sqlite3_exec (self->db, "PRAGMA wal_checkpoint(PASSIVE)", NULL, NULL, NULL);
    }
  }
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  if (self->pending->len > 0)
    g_warning ("%u events could not be written to %s", self->pending->len, self->path);
  g_ptr_array_unref (self->pending);
  g_free (self->path);

  G_OBJECT_CLASS (lt_store_parent_class)->finalize (object);
}

static void
lt_store_class_init (LtStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
lt_store_init (LtStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_event_free);
}

static LtStore *
open_connection (const char *path,
                 int         flags,
                 guint      *version,
                 GError    **error)
{
  g_autoptr (LtStore) self = g_object_new (LT_TYPE_STORE, NULL);
  int rc;

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _ ("Cannot open the database %s: %s"), path,
                 self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
    return NULL;
  }
  sqlite3_extended_result_codes (self->db, 1);
  lt_store_set_busy_timeout (self, 5000);

  /* The version first: a database from a newer Lintel (or a file that is
   * no database) is refused before anything, WAL mode included, touches it. */
  if (!get_user_version (self, version, error)) {
    g_prefix_error (error, _ ("The file is not a Lintel database or is damaged: "));
    return NULL;
  }
  return g_steal_pointer (&self);
}

LtStore *
lt_store_open (const char *path,
               GError    **error)
{
  g_autoptr (LtStore) self = NULL;
  g_autofree char *dir = NULL;
  guint            version;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0750) != 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _ ("Cannot create the directory %s for the database: %s"), dir, g_strerror (errno));
    return NULL;
  }
  self = open_connection (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &version, error);
  if (self == NULL)
    return NULL;
  if (version > G_N_ELEMENTS (migrations)) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_VERSION,
                 _ ("The database %s has schema version %u, newer than this Lintel understands (%u); install a newer Lintel or restore a matching backup"),
                 path, version, (guint)G_N_ELEMENTS (migrations));
    return NULL;
  }

  /* journal_mode answers with a row, so it is run through exec too.
   * synchronous = FULL: every commit syncs the WAL before it returns, so a
   * decision (a pass use, a lockout step, its event) or a revocation is on
   * disk before the relay is driven; a power cut undoes nothing that was
   * acted upon (tests/core/test-powerloss.c). */
  if (!exec (self, "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = FULL;"
                   "PRAGMA foreign_keys = ON;"
                   "PRAGMA secure_delete = ON;",
             error)) {
    g_prefix_error (error, _ ("The file is not a Lintel database or is damaged: "));
    return NULL;
  }
  if (!migrate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* A second connection for queries, e.g. the views' off the UI thread while
 * the engine's connection writes. It never creates, migrates, writes or
 * checkpoints: the database must exist, at exactly this Lintel's version. */
LtStore *
lt_store_open_reader (const char *path,
                      GError    **error)
{
  g_autoptr (LtStore) self = NULL;
  guint version;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = open_connection (path, SQLITE_OPEN_READONLY, &version, error);
  if (self == NULL)
    return NULL;
  self->reader = TRUE;
  if (version != G_N_ELEMENTS (migrations)) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_VERSION,
                 version < G_N_ELEMENTS (migrations)
                   ? _ ("The database %s has schema version %u, older than this Lintel's (%u); a reader does not upgrade it: start the terminal or run lintelctl once to upgrade it")
                   : _ ("The database %s has schema version %u, newer than this Lintel understands (%u); install a newer Lintel or restore a matching backup"),
                 path, version, (guint)G_N_ELEMENTS (migrations));
    return NULL;
  }
  /* query_only too: a write through this connection is an error, never a
   * second writer. */
  if (!exec (self, "PRAGMA query_only = ON;", error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
lt_store_is_reader (LtStore *self)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);

  return self->reader;
}

/* Polls every millisecond: SQLite's own handler sleeps up to 100 ms
 * between tries and misses the short gaps an import leaves between its
 * transactions, so the door's writer would starve behind it. */
static int
on_busy (void *data,
         int   count)
{
  LtStore *self = data;
  gint64   now = g_get_monotonic_time ();

  if (count == 0)
    self->busy_since = now;
  if (now - self->busy_since >= (gint64)self->busy_ms * 1000)
    return 0;
  g_usleep (1000);
  return 1;
}

/* How long a write waits for another connection's lock (default 5 s). The
 * engine keeps it short: a door must not wait on an import. */
void
lt_store_set_busy_timeout (LtStore *self,
                           guint    milliseconds)
{
  g_return_if_fail (LT_IS_STORE (self));

  self->busy_ms = milliseconds;
  sqlite3_busy_handler (self->db, on_busy, self);
}

/* A bulk writer (an import) commits without waiting for the disk: its
 * transactions then hold the write lock for their work alone, never for a
 * slow flash's sync, and the door's writer gets in between. Leaving bulk
 * mode syncs everything written so far at once. */
void
lt_store_set_bulk (LtStore *self,
                   gboolean bulk)
{
  g_return_if_fail (LT_IS_STORE (self));

  exec (self, bulk ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", NULL);
  /* A PASSIVE checkpoint syncs the WAL first, and never blocks a writer. */
  if (!bulk)
    sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

const char *
lt_store_get_path (LtStore *self)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);

  return self->path;
}

gboolean
lt_store_begin (LtStore *self,
                GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
lt_store_commit (LtStore *self,
                 GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!exec (self, "COMMIT", error))
    return FALSE;
  /* The lock is free again: a good moment for events kept waiting. */
  if (self->pending->len > 0)
    lt_store_flush_events (self, NULL);
  return TRUE;
}

void
lt_store_rollback (LtStore *self)
{
  g_return_if_fail (LT_IS_STORE (self));

  if (!sqlite3_get_autocommit (self->db))
    exec (self, "ROLLBACK", NULL);
}

char *
lt_store_column_dup (sqlite3_stmt *stmt,
                     int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

void
lt_store_bind_text_or_null (sqlite3_stmt *stmt,
                            int           index,
                            const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Empties the WAL, so that no old copy of a deleted row lingers there
 * (secure_delete already overwrote it in the database pages). A reader in
 * the middle of a query holds the WAL: the checkpoint waits for it as long
 * as the busy timeout allows, then the failure is said, never hidden. Inside
 * a transaction there is nothing to do yet: the commit's caller scrubs. */
gboolean
lt_store_scrub (LtStore *self,
                GError **error)
{
  int      log_frames = -1, done_frames = -1;
  gboolean busy;
  int      rc;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->reader, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sqlite3_get_autocommit (self->db))
    return TRUE;
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &done_frames);
  busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
  if (rc != SQLITE_OK && !busy)
    return lt_store_db_error (self, error, _ ("emptying the write-ahead log"));
  /* TRUNCATE leaves an empty log, 0 frames of 0, and a database not in WAL
   * mode has none (-1); anything else is a copy left behind. */
  if (busy || log_frames > 0 || done_frames > 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY,
                 _ ("The change was saved, but another program kept reading %s, so an old copy of the deleted credential is still in its write-ahead log; it is removed at the next change or when Lintel closes the database"),
                 self->path);
    return FALSE;
  }
  return TRUE;
}
