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

G_DEFINE_QUARK (lt-store-error-quark, lt_store_error)

struct _LtStore {
  GObject     parent_instance;
  char       *path;
  sqlite3    *db;
  GHashTable *statements;  /* SQL text → sqlite3_stmt*, prepared once */
};

G_DEFINE_FINAL_TYPE (LtStore, lt_store, G_TYPE_OBJECT)

/* Each entry upgrades the schema by one version; entry N-1 takes a
 * database from version N-1 to N. Never edit an entry that has shipped:
 * append a new one. */
static const char * const migrations[] = {
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

static gboolean
db_error (LtStore    *self,
          GError    **error,
          const char *what)
{
  g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
               _("Database error while %s in %s: %s"), what, self->path, sqlite3_errmsg (self->db));
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
                 _("Database error in %s: %s"), self->path, message ? message : "?");
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
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL) {
    sqlite3_reset (stmt);
    sqlite3_clear_bindings (stmt);
    return stmt;
  }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
    db_error (self, error, _("preparing a query"));
    return NULL;
  }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

sqlite3 *
lt_store_get_db (LtStore *self)
{
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
    return db_error (self, error, _("reading the schema version"));
  *version = (guint) sqlite3_column_int (stmt, 0);
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
      g_prefix_error (error, _("Upgrading the database to version %u failed: "), version + 1);
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

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL) {
    /* Fold the WAL back into the database so the file stands alone. */
    sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    sqlite3_close (self->db);
  }
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
}

LtStore *
lt_store_open (const char *path,
               GError    **error)
{
  g_autoptr(LtStore) self = g_object_new (LT_TYPE_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  guint version;
  int rc;

  self->path = g_strdup (path);
  if (g_mkdir_with_parents (dir, 0750) != 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _("Cannot create the directory %s for the database: %s"), dir, g_strerror (errno));
    return NULL;
  }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
                 _("Cannot open the database %s: %s"), path,
                 self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
    return NULL;
  }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* The version first: a database from a newer Lintel (or a file that is
   * no database) is refused before anything, WAL mode included, touches it. */
  if (!get_user_version (self, &version, error)) {
    g_prefix_error (error, _("The file is not a Lintel database or is damaged: "));
    return NULL;
  }
  if (version > G_N_ELEMENTS (migrations)) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_VERSION,
                 _("The database %s has schema version %u, newer than this Lintel understands (%u); install a newer Lintel or restore a matching backup"),
                 path, version, (guint) G_N_ELEMENTS (migrations));
    return NULL;
  }

  /* journal_mode answers with a row, so it is run through exec too. */
  if (!exec (self, "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = NORMAL;"
                   "PRAGMA foreign_keys = ON;"
                   "PRAGMA secure_delete = ON;", error)) {
    g_prefix_error (error, _("The file is not a Lintel database or is damaged: "));
    return NULL;
  }
  if (!migrate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* How long a write waits for another connection's lock (default 5 s). The
 * engine keeps it short: a door must not wait on an import. */
void
lt_store_set_busy_timeout (LtStore *self,
                           guint    milliseconds)
{
  sqlite3_busy_timeout (self->db, (int) milliseconds);
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
  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
lt_store_commit (LtStore *self,
                 GError **error)
{
  return exec (self, "COMMIT", error);
}

void
lt_store_rollback (LtStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    exec (self, "ROLLBACK", NULL);
}

/* ---- validation shared by every way in (CLI, CSV, UI) ---------------- */

gboolean
lt_pin_valid (const char *pin,
              GError    **error)
{
  gsize len = strlen (pin);
  gboolean digits = len >= LT_PIN_MIN_DIGITS && len <= LT_PIN_MAX_DIGITS;

  for (gsize i = 0; digits && i < len; i++)
    digits = g_ascii_isdigit (pin[i]);
  if (!digits) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _("A PIN is %d to %d digits (0-9) and nothing else"), LT_PIN_MIN_DIGITS, LT_PIN_MAX_DIGITS);
    return FALSE;
  }
  return TRUE;
}

gboolean
lt_name_valid (const char *name,
               GError    **error)
{
  if (!g_utf8_validate (name, -1, NULL)) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _("The name is not valid UTF-8 text; save the file as UTF-8"));
    return FALSE;
  }
  if (g_utf8_strlen (name, -1) > LT_NAME_MAX_CHARS || *name == '\0') {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _("A name must have 1 to %d characters"), LT_NAME_MAX_CHARS);
    return FALSE;
  }
  for (const char *p = name; *p; p = g_utf8_next_char (p)) {
    if (g_unichar_iscntrl (g_utf8_get_char (p))) {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                   _("A name must not contain control characters such as tabs or line breaks"));
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
lt_date_valid (const char *date,
               GError    **error)
{
  guint year = 0, month = 0, day = 0;
  gboolean shape = strlen (date) == 10 && date[4] == '-' && date[7] == '-';

  for (guint i = 0; shape && i < 10; i++)
    shape = i == 4 || i == 7 || g_ascii_isdigit (date[i]);
  if (shape) {
    year = (guint) g_ascii_strtoull (date, NULL, 10);
    month = (guint) g_ascii_strtoull (date + 5, NULL, 10);
    day = (guint) g_ascii_strtoull (date + 8, NULL, 10);
  }
  if (!shape || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year)) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _("“%s” is not a date; write it as YYYY-MM-DD, for example 2027-06-30"), date);
    return FALSE;
  }
  return TRUE;
}

static const char * const kind_names[] = { "resident", "guard", "technician", NULL };

const char *
lt_person_kind_to_string (LtPersonKind kind)
{
  g_return_val_if_fail (kind <= LT_PERSON_TECHNICIAN, "unknown");
  return kind_names[kind];
}

gboolean
lt_person_kind_from_string (const char   *text,
                            LtPersonKind *out)
{
  for (guint i = 0; kind_names[i] != NULL; i++) {
    if (g_strcmp0 (text, kind_names[i]) == 0) {
      *out = (LtPersonKind) i;
      return TRUE;
    }
  }
  return FALSE;
}

void
lt_person_free (LtPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->unit);
  g_free (person->name);
  g_free (person->valid_until);
  g_free (person);
}

void
lt_event_free (LtEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->kind);
  g_free (event->door);
  g_free (event->method);
  g_free (event->result);
  g_free (event->reason);
  g_free (event->detail);
  g_free (event);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* ---- units ------------------------------------------------------------- */

static gint64
unit_id (LtStore    *self,
         const char *unit,
         GError    **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self, "SELECT id FROM units WHERE name = ?", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, unit, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    id = (db_error (self, error, _("looking up a unit")), -1);
  sqlite3_reset (stmt);
  return id;
}

gboolean
lt_store_unit_exists (LtStore    *self,
                      const char *unit)
{
  return unit_id (self, unit, NULL) > 0;
}

gboolean
lt_store_add_unit (LtStore    *self,
                   const char *unit,
                   GError    **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self, "INSERT INTO units (name, created) VALUES (?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS,
                 _("Unit %s already exists"), unit);
    return FALSE;
  }
  if (rc != SQLITE_DONE)
    return db_error (self, error, _("adding a unit"));
  return TRUE;
}

GPtrArray *
lt_store_list_units (LtStore *self,
                     GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self, "SELECT name FROM units ORDER BY name", error);
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (units, column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    db_error (self, error, _("listing units"));
    return NULL;
  }
  return g_steal_pointer (&units);
}

/* ---- people -------------------------------------------------------------- */

#define PERSON_COLUMNS \
  "p.id, p.kind, u.name, p.name, p.active, p.valid_until, p.schedule_id," \
  " (SELECT count(*) FROM credentials c WHERE c.person_id = p.id AND c.kind = 'pin')," \
  " (SELECT count(*) FROM credentials c WHERE c.person_id = p.id AND c.kind = 'duress')," \
  " (SELECT count(*) FROM credentials c WHERE c.person_id = p.id AND c.kind = 'card')" \
  " FROM people p LEFT JOIN units u ON u.id = p.unit_id"

static LtPerson *
person_from_row (sqlite3_stmt *stmt)
{
  LtPerson *person = g_new0 (LtPerson, 1);

  person->id = sqlite3_column_int64 (stmt, 0);
  lt_person_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &person->kind);
  person->unit = column_dup (stmt, 2);
  person->name = column_dup (stmt, 3);
  person->active = sqlite3_column_int (stmt, 4) != 0;
  person->valid_until = column_dup (stmt, 5);
  person->schedule_id = sqlite3_column_int64 (stmt, 6);
  person->has_pin = sqlite3_column_int (stmt, 7) > 0;
  person->has_duress = sqlite3_column_int (stmt, 8) > 0;
  person->n_cards = (guint) sqlite3_column_int (stmt, 9);
  return person;
}

gint64
lt_store_add_person (LtStore     *self,
                     LtPersonKind kind,
                     const char  *unit,
                     const char  *name,
                     const char  *valid_until,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 unit_row = 0;
  int rc;

  g_return_val_if_fail ((kind == LT_PERSON_RESIDENT) == (unit != NULL), 0);

  if (!lt_name_valid (name, error) || (valid_until != NULL && !lt_date_valid (valid_until, error)))
    return 0;
  if (unit != NULL) {
    unit_row = unit_id (self, unit, error);
    if (unit_row < 0)
      return 0;
    if (unit_row == 0) {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                   _("Unit %s does not exist; add it first with 'lintelctl unit add %s'"), unit, unit);
      return 0;
    }
  }

  stmt = lt_store_prepare (self,
                           "INSERT INTO people (kind, unit_id, name, valid_until, created)"
                           " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, lt_person_kind_to_string (kind), -1, SQLITE_STATIC);
  if (unit_row > 0)
    sqlite3_bind_int64 (stmt, 2, unit_row);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 4, valid_until);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    db_error (self, error, _("adding a person"));
    return 0;
  }
  return sqlite3_last_insert_rowid (self->db);
}

LtPerson *
lt_store_get_person (LtStore *self,
                     gint64   id,
                     GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self, "SELECT " PERSON_COLUMNS " WHERE p.id = ?", error);
  LtPerson *person = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    person = person_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _("There is no resident or staff member with id %" PRId64 "; 'lintelctl resident list' shows the ids"),
                 id);
  else
    db_error (self, error, _("looking up a person"));
  sqlite3_reset (stmt);
  return person;
}

GPtrArray *
lt_store_list_people (LtStore    *self,
                      gboolean    staff,
                      const char *unit,
                      GError    **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         "SELECT " PERSON_COLUMNS
                                         " WHERE (p.kind = 'resident') = ?1"
                                         "   AND (?2 IS NULL OR u.name = ?2)"
                                         " ORDER BY u.name, p.id", error);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_person_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, !staff);
  bind_text_or_null (stmt, 2, unit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (people, person_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    db_error (self, error, _("listing people"));
    return NULL;
  }
  return g_steal_pointer (&people);
}

gboolean
lt_store_remove_person (LtStore *self,
                        gint64   id,
                        GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self, "DELETE FROM people WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return db_error (self, error, _("removing a person"));
  if (sqlite3_changes (self->db) == 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _("There is no resident or staff member with id %" PRId64 "; 'lintelctl resident list' shows the ids"),
                 id);
    return FALSE;
  }
  /* Their credential hashes were overwritten in the database pages by
   * secure_delete; the checkpoint removes the copies in the WAL. */
  lt_store_scrub (self);
  return TRUE;
}

void
lt_store_scrub (LtStore *self)
{
  if (sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
}

gboolean
lt_store_set_schedule (LtStore *self,
                       gint64   person_id,
                       gint64   schedule_id,
                       GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self, "UPDATE people SET schedule_id = ? WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (schedule_id > 0)
    sqlite3_bind_int64 (stmt, 1, schedule_id);
  sqlite3_bind_int64 (stmt, 2, person_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return db_error (self, error, _("setting a schedule"));
  if (sqlite3_changes (self->db) == 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _("There is no resident or staff member with id %" PRId64 "; 'lintelctl resident list' shows the ids"),
                 person_id);
    return FALSE;
  }
  return TRUE;
}

/* ---- credentials --------------------------------------------------------- */

static const char *
secret_kind (gboolean duress)
{
  return duress ? "duress" : "pin";
}

/* Every PIN of a unit, for matching: the hashes are salted with the owner's
 * id, so the candidate PIN is hashed once per resident of the unit. */
#define UNIT_PINS_SQL \
  "SELECT c.person_id, c.kind, c.hash FROM credentials c" \
  " JOIN people p ON p.id = c.person_id" \
  " WHERE p.unit_id = ? AND c.kind IN ('pin', 'duress')"

gboolean
lt_store_set_pin (LtStore        *self,
                  const LtSecret *secret,
                  gint64          person_id,
                  const char     *pin,
                  gboolean        duress,
                  GError        **error)
{
  g_autoptr(LtPerson) person = NULL;
  guint8 hash[LT_HASH_BYTES];
  sqlite3_stmt *stmt;
  int rc;

  if (!lt_pin_valid (pin, error))
    return FALSE;
  person = lt_store_get_person (self, person_id, error);
  if (person == NULL)
    return FALSE;

  /* A PIN must pick out one person of the unit; and a duress PIN equal to
   * the normal one would raise an alarm at every entry. */
  if (person->unit != NULL) {
    gint64 unit_row = unit_id (self, person->unit, error);

    if (unit_row < 0 || (stmt = lt_store_prepare (self, UNIT_PINS_SQL, error)) == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, unit_row);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
      gint64 owner = sqlite3_column_int64 (stmt, 0);
      gboolean same_slot = owner == person_id &&
                           g_str_equal ((const char *) sqlite3_column_text (stmt, 1), secret_kind (duress));

      if (same_slot || sqlite3_column_bytes (stmt, 2) != LT_HASH_BYTES)
        continue;
      lt_secret_hash (secret, "pin", owner, pin, hash);
      if (lt_hash_equal (hash, sqlite3_column_blob (stmt, 2))) {
        sqlite3_reset (stmt);
        g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS,
                     _("This PIN is already used in unit %s; choose another one"), person->unit);
        return FALSE;
      }
    }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      return db_error (self, error, _("checking PINs"));
  }

  lt_secret_hash (secret, "pin", person_id, pin, hash);
  stmt = lt_store_prepare (self,
                           "INSERT INTO credentials (person_id, kind, hash, created) VALUES (?1, ?2, ?3, ?4)"
                           " ON CONFLICT (person_id, kind) WHERE kind <> 'card'"
                           " DO UPDATE SET hash = ?3, created = ?4", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, person_id);
  sqlite3_bind_text (stmt, 2, secret_kind (duress), -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return db_error (self, error, _("storing a PIN"));
  lt_store_scrub (self);
  return TRUE;
}

static gboolean
card_hash (const LtSecret *secret,
           const char     *card,
           guint8          hash[LT_HASH_BYTES],
           GError        **error)
{
  g_autofree char *normal = lt_card_normalize (card, error);

  if (normal == NULL)
    return FALSE;
  lt_secret_hash (secret, "card", 0, normal, hash);
  return TRUE;
}

gboolean
lt_store_card_in_use (LtStore        *self,
                      const LtSecret *secret,
                      const char     *card)
{
  g_autoptr(LtPerson) person = lt_store_find_card (self, secret, card, NULL);

  return person != NULL;
}

gboolean
lt_store_add_card (LtStore        *self,
                   const LtSecret *secret,
                   gint64          person_id,
                   const char     *card,
                   GError        **error)
{
  g_autoptr(LtPerson) person = NULL;
  guint8 hash[LT_HASH_BYTES];
  sqlite3_stmt *stmt;
  int rc;

  if (!card_hash (secret, card, hash, error))
    return FALSE;
  person = lt_store_get_person (self, person_id, error);
  if (person == NULL)
    return FALSE;

  stmt = lt_store_prepare (self,
                           "INSERT INTO credentials (person_id, kind, hash, created) VALUES (?, 'card', ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, person_id);
  sqlite3_bind_blob (stmt, 2, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS,
                 _("This card is already registered; remove it from its holder first"));
    return FALSE;
  }
  if (rc != SQLITE_DONE)
    return db_error (self, error, _("storing a card"));
  return TRUE;
}

gboolean
lt_store_remove_card (LtStore        *self,
                      const LtSecret *secret,
                      gint64          person_id,
                      const char     *card,
                      GError        **error)
{
  guint8 hash[LT_HASH_BYTES];
  sqlite3_stmt *stmt;
  int rc;

  if (!card_hash (secret, card, hash, error))
    return FALSE;
  stmt = lt_store_prepare (self,
                           "DELETE FROM credentials WHERE kind = 'card' AND person_id = ? AND hash = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, person_id);
  sqlite3_bind_blob (stmt, 2, hash, sizeof hash, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return db_error (self, error, _("removing a card"));
  if (sqlite3_changes (self->db) == 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _("Person %" PRId64 " has no such card; nothing was removed"), person_id);
    return FALSE;
  }
  lt_store_scrub (self);
  return TRUE;
}

LtPerson *
lt_store_find_card (LtStore        *self,
                    const LtSecret *secret,
                    const char     *card,
                    GError        **error)
{
  guint8 hash[LT_HASH_BYTES];
  sqlite3_stmt *stmt;
  LtPerson *person = NULL;
  int rc;

  if (!card_hash (secret, card, hash, error))
    return NULL;
  stmt = lt_store_prepare (self,
                           "SELECT " PERSON_COLUMNS
                           " WHERE p.id = (SELECT person_id FROM credentials WHERE kind = 'card' AND hash = ?)",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    person = person_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND, _("Unknown card"));
  else
    db_error (self, error, _("looking up a card"));
  sqlite3_reset (stmt);
  return person;
}

LtPinMatch
lt_store_match_pin (LtStore        *self,
                    const LtSecret *secret,
                    const char     *unit,
                    const char     *pin,
                    LtPerson      **person,
                    GError        **error)
{
  gint64 unit_row = unit_id (self, unit, error);
  LtPinMatch match = LT_PIN_MATCH_NONE;
  gint64 owner = 0;
  sqlite3_stmt *stmt;
  int rc;

  *person = NULL;
  if (unit_row < 0)
    return LT_PIN_MATCH_NONE;
  if (unit_row == 0)
    return LT_PIN_MATCH_NO_UNIT;
  stmt = lt_store_prepare (self, UNIT_PINS_SQL, error);
  if (stmt == NULL)
    return LT_PIN_MATCH_NONE;
  sqlite3_bind_int64 (stmt, 1, unit_row);
  /* No early exit: the time taken does not say which resident matched. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    guint8 hash[LT_HASH_BYTES];
    gint64 candidate = sqlite3_column_int64 (stmt, 0);

    if (sqlite3_column_bytes (stmt, 2) != LT_HASH_BYTES)
      continue;
    lt_secret_hash (secret, "pin", candidate, pin, hash);
    if (lt_hash_equal (hash, sqlite3_column_blob (stmt, 2)) && match == LT_PIN_MATCH_NONE) {
      owner = candidate;
      match = g_str_equal ((const char *) sqlite3_column_text (stmt, 1), "duress")
              ? LT_PIN_MATCH_DURESS : LT_PIN_MATCH_NORMAL;
    }
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    db_error (self, error, _("checking a PIN"));
    return LT_PIN_MATCH_NONE;
  }
  if (match != LT_PIN_MATCH_NONE) {
    *person = lt_store_get_person (self, owner, error);
    if (*person == NULL)
      return LT_PIN_MATCH_NONE;
  }
  return match;
}

/* ---- schedules ----------------------------------------------------------- */

gint64
lt_store_add_schedule (LtStore    *self,
                       const char *name,
                       const char *windows,
                       GError    **error)
{
  g_autoptr(GArray) parsed = lt_schedule_parse (windows, error);
  sqlite3_stmt *stmt;
  gint64 id;
  int rc;

  if (parsed == NULL || !lt_name_valid (name, error) || !lt_store_begin (self, error))
    return 0;
  stmt = lt_store_prepare (self, "INSERT INTO schedules (name) VALUES (?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS, _("Schedule %s already exists"), name);
    goto fail;
  }
  if (rc != SQLITE_DONE) {
    db_error (self, error, _("adding a schedule"));
    goto fail;
  }
  id = sqlite3_last_insert_rowid (self->db);

  stmt = lt_store_prepare (self,
                           "INSERT INTO schedule_windows (schedule_id, day, start_minute, end_minute)"
                           " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < parsed->len; i++) {
    const LtWindow *w = &g_array_index (parsed, LtWindow, i);

    sqlite3_reset (stmt);
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int (stmt, 2, (int) w->day);
    sqlite3_bind_int (stmt, 3, (int) w->start_minute);
    sqlite3_bind_int (stmt, 4, (int) w->end_minute);
    if (sqlite3_step (stmt) != SQLITE_DONE) {
      sqlite3_reset (stmt);
      db_error (self, error, _("adding a schedule"));
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
  sqlite3_stmt *stmt = lt_store_prepare (self, "SELECT id FROM schedules WHERE name = ?", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _("There is no schedule called %s; 'lintelctl schedule list' shows them"), name);
  else
    db_error (self, error, _("looking up a schedule"));
  sqlite3_reset (stmt);
  return id;
}

/* Each element is "NAME\tWINDOWS", ready to print. */
GPtrArray *
lt_store_list_schedules (LtStore *self,
                         GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         "SELECT s.name, w.day, w.start_minute, w.end_minute"
                                         " FROM schedules s JOIN schedule_windows w ON w.schedule_id = s.id"
                                         " ORDER BY s.name, w.day, w.start_minute", error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (LtWindow));
  g_autofree char *current = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  for (;;) {
    const char *name;

    rc = sqlite3_step (stmt);
    name = rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : NULL;
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
      LtWindow w = { (guint) sqlite3_column_int (stmt, 1), (guint) sqlite3_column_int (stmt, 2),
                     (guint) sqlite3_column_int (stmt, 3) };
      g_array_append_val (windows, w);
    }
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    db_error (self, error, _("listing schedules"));
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
  int rc;

  if (!lt_date_valid (date, error))
    return FALSE;
  stmt = lt_store_prepare (self, "INSERT OR REPLACE INTO holidays (day, name) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 2, name);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return db_error (self, error, _("adding a holiday"));
  return TRUE;
}

gboolean
lt_store_schedule_allows (LtStore   *self,
                          gint64     schedule_id,
                          GDateTime *when,
                          GError   **error)
{
  g_autofree char *date = g_date_time_format (when, "%Y-%m-%d");
  guint minute = (guint) (g_date_time_get_hour (when) * 60 + g_date_time_get_minute (when));
  guint weekday = (guint) g_date_time_get_day_of_week (when) - 1;
  sqlite3_stmt *stmt;
  gboolean allowed = FALSE;
  int rc;

  if (schedule_id <= 0)
    return TRUE;
  /* On a holiday only the holiday windows apply. */
  stmt = lt_store_prepare (self,
                           "SELECT 1 FROM schedule_windows WHERE schedule_id = ?1"
                           " AND day = CASE WHEN EXISTS (SELECT 1 FROM holidays WHERE day = ?2) THEN 7 ELSE ?3 END"
                           " AND start_minute <= ?4 AND ?4 < end_minute", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, schedule_id);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, (int) weekday);
  sqlite3_bind_int (stmt, 4, (int) minute);
  rc = sqlite3_step (stmt);
  allowed = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_error (self, error, _("checking a schedule"));
  return allowed;
}

/* ---- lockouts ------------------------------------------------------------ */

gboolean
lt_store_get_lockout (LtStore    *self,
                      const char *key,
                      LtLockout  *out,
                      GError    **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         "SELECT failures, level, locked_until FROM lockouts WHERE key = ?",
                                         error);
  int rc;

  memset (out, 0, sizeof *out);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW) {
    out->failures = (guint) sqlite3_column_int (stmt, 0);
    out->level = (guint) sqlite3_column_int (stmt, 1);
    out->locked_until_us = sqlite3_column_int64 (stmt, 2);
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_error (self, error, _("reading a lockout"));
  return TRUE;
}

gboolean
lt_store_set_lockout (LtStore         *self,
                      const char      *key,
                      const LtLockout *lockout,
                      GError         **error)
{
  gboolean clear = lockout->failures == 0 && lockout->level == 0 && lockout->locked_until_us == 0;
  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         clear ? "DELETE FROM lockouts WHERE key = ?1"
                                               : "INSERT OR REPLACE INTO lockouts (key, failures, level, locked_until)"
                                                 " VALUES (?1, ?2, ?3, ?4)",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (!clear) {
    sqlite3_bind_int (stmt, 2, (int) lockout->failures);
    sqlite3_bind_int (stmt, 3, (int) lockout->level);
    sqlite3_bind_int64 (stmt, 4, lockout->locked_until_us);
  }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return db_error (self, error, _("storing a lockout"));
  return TRUE;
}

/* ---- events -------------------------------------------------------------- */

gint64
lt_store_add_event (LtStore       *self,
                    const LtEvent *event,
                    GError       **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         "INSERT INTO events (time, kind, door, method, result, reason, subject_id, detail)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, event->time_us ? event->time_us : g_get_real_time ());
  sqlite3_bind_text (stmt, 2, event->kind, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 3, event->door);
  bind_text_or_null (stmt, 4, event->method);
  bind_text_or_null (stmt, 5, event->result);
  bind_text_or_null (stmt, 6, event->reason);
  if (event->subject_id > 0)
    sqlite3_bind_int64 (stmt, 7, event->subject_id);
  bind_text_or_null (stmt, 8, event->detail);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    db_error (self, error, _("recording an event"));
    return 0;
  }
  return sqlite3_last_insert_rowid (self->db);
}

GPtrArray *
lt_store_list_events (LtStore *self,
                      gint64   since_us,
                      GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         "SELECT id, time, kind, door, method, result, reason, subject_id, detail"
                                         " FROM events WHERE time >= ? ORDER BY time, id", error);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_event_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since_us);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    LtEvent *event = g_new0 (LtEvent, 1);

    event->id = sqlite3_column_int64 (stmt, 0);
    event->time_us = sqlite3_column_int64 (stmt, 1);
    event->kind = column_dup (stmt, 2);
    event->door = column_dup (stmt, 3);
    event->method = column_dup (stmt, 4);
    event->result = column_dup (stmt, 5);
    event->reason = column_dup (stmt, 6);
    event->subject_id = sqlite3_column_int64 (stmt, 7);
    event->detail = column_dup (stmt, 8);
    g_ptr_array_add (events, event);
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    db_error (self, error, _("listing events"));
    return NULL;
  }
  return g_steal_pointer (&events);
}
