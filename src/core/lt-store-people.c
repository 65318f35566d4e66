/* lt-store-people.c: units, residents, staff and their credentials
 *
 * Credentials are kept only as keyed hashes (lt-secret.c); deleting one
 * scrubs the WAL so that no old copy lingers (COMPLIANCE.md R3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-store"

#include "lt-store-private.h"
#include "lt-card.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

/* ---- units ------------------------------------------------------------- */

static gint64
unit_id (LtStore    *self,
         const char *unit,
         GError    **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (self, "SELECT id FROM units WHERE name = ?", error);
  gint64        id = 0;
  int           rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, unit, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    id = (lt_store_db_error (self, error, _ ("looking up a unit")), -1);
  sqlite3_reset (stmt);
  return id;
}

gboolean
lt_store_unit_exists (LtStore    *self,
                      const char *unit)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (unit != NULL, FALSE);

  return unit_id (self, unit, NULL) > 0;
}

gboolean
lt_store_add_unit (LtStore    *self,
                   const char *unit,
                   GError    **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (unit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sqlite3_stmt *stmt = lt_store_prepare (self, "INSERT INTO units (name, created) VALUES (?, ?)", error);
  int           rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS,
                 _ ("Unit %s already exists"), unit);
    return FALSE;
  }
  if (rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("adding a unit"));
  return TRUE;
}

GPtrArray *
lt_store_list_units (LtStore *self,
                     GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sqlite3_stmt *stmt = lt_store_prepare (self, "SELECT name FROM units ORDER BY name", error);
  g_autoptr (GPtrArray) units = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (units, lt_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    lt_store_db_error (self, error, _ ("listing units"));
    return NULL;
  }
  return g_steal_pointer (&units);
}

/* ---- people -------------------------------------------------------------- */

#define PERSON_COLUMNS                                                                                   \
  "p.id, p.kind, u.name, p.name, p.active, p.valid_until, p.schedule_id,"                                \
  " (SELECT count(*) FROM credentials c WHERE c.person_id = p.id AND c.kind = 'pin'),"                   \
  " (SELECT count(*) FROM credentials c WHERE c.person_id = p.id AND c.kind = 'duress'),"                \
  " (SELECT count(*) FROM credentials c WHERE c.person_id = p.id AND c.kind = 'card'),"                  \
  " (SELECT min(coalesce(c.digits, 0)) FROM credentials c WHERE c.person_id = p.id AND c.kind = 'pin')," \
  " p.minor, EXISTS (SELECT 1 FROM face_enrolments f WHERE f.person_id = p.id)"                          \
  " FROM people p LEFT JOIN units u ON u.id = p.unit_id"

static LtPerson *
person_from_row (sqlite3_stmt *stmt)
{
  LtPerson *person = g_new0 (LtPerson, 1);

  person->id = sqlite3_column_int64 (stmt, 0);
  lt_person_kind_from_string ((const char *)sqlite3_column_text (stmt, 1), &person->kind);
  person->unit = lt_store_column_dup (stmt, 2);
  person->name = lt_store_column_dup (stmt, 3);
  person->active = sqlite3_column_int (stmt, 4) != 0;
  person->valid_until = lt_store_column_dup (stmt, 5);
  person->schedule_id = sqlite3_column_int64 (stmt, 6);
  person->has_pin = sqlite3_column_int (stmt, 7) > 0;
  person->has_duress = sqlite3_column_int (stmt, 8) > 0;
  person->n_cards = (guint)sqlite3_column_int (stmt, 9);
  person->pin_digits = (guint)sqlite3_column_int (stmt, 10);
  person->minor = sqlite3_column_int (stmt, 11) != 0;
  person->face_enrolled = sqlite3_column_int (stmt, 12) != 0;
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
  gint64        unit_row = 0;
  int           rc;

  g_return_val_if_fail ((kind == LT_PERSON_RESIDENT) == (unit != NULL), 0);

  if (!lt_name_valid (name, error) || (valid_until != NULL && !lt_date_valid (valid_until, error)))
    return 0;
  if (unit != NULL) {
    unit_row = unit_id (self, unit, error);
    if (unit_row < 0)
      return 0;
    if (unit_row == 0) {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                   _ ("Unit %s does not exist; add it first with 'lintelctl unit add %s'"), unit, unit);
      return 0;
    }
  }

  stmt = lt_store_prepare (self,
                           "INSERT INTO people (kind, unit_id, name, valid_until, created)"
                           " VALUES (?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, lt_person_kind_to_string (kind), -1, SQLITE_STATIC);
  if (unit_row > 0)
    sqlite3_bind_int64 (stmt, 2, unit_row);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  lt_store_bind_text_or_null (stmt, 4, valid_until);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    lt_store_db_error (self, error, _ ("adding a person"));
    return 0;
  }
  return sqlite3_last_insert_rowid (lt_store_get_db (self));
}

LtPerson *
lt_store_get_person (LtStore *self,
                     gint64   id,
                     GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sqlite3_stmt *stmt = lt_store_prepare (self, "SELECT " PERSON_COLUMNS " WHERE p.id = ?", error);
  LtPerson     *person = NULL;
  int           rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    person = person_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _ ("There is no resident or staff member with id %" PRId64 "; 'lintelctl resident list' shows the ids"),
                 id);
  else
    lt_store_db_error (self, error, _ ("looking up a person"));
  sqlite3_reset (stmt);
  return person;
}

GPtrArray *
lt_store_list_people (LtStore    *self,
                      gboolean    staff,
                      const char *unit,
                      GError    **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sqlite3_stmt *stmt = lt_store_prepare (self,
                                         "SELECT " PERSON_COLUMNS
                                         " WHERE (p.kind = 'resident') = ?1"
                                         "   AND (?2 IS NULL OR u.name = ?2)"
                                         " ORDER BY u.name, p.id",
                                         error);
  g_autoptr (GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_person_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, !staff);
  lt_store_bind_text_or_null (stmt, 2, unit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (people, person_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    lt_store_db_error (self, error, _ ("listing people"));
    return NULL;
  }
  return g_steal_pointer (&people);
}

gboolean
lt_store_remove_person (LtStore *self,
                        gint64   id,
                        GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sqlite3_stmt *stmt = lt_store_prepare (self, "DELETE FROM people WHERE id = ?", error);
  int           rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("removing a person"));
  if (sqlite3_changes (lt_store_get_db (self)) == 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _ ("There is no resident or staff member with id %" PRId64 "; 'lintelctl resident list' shows the ids"),
                 id);
    return FALSE;
  }
  /* Their credential hashes were overwritten in the database pages by
   * secure_delete; the checkpoint removes the copies in the WAL. */
  if (!lt_store_scrub (self, error))
    return FALSE;
  return TRUE;
}

gboolean
lt_store_set_schedule (LtStore *self,
                       gint64   person_id,
                       gint64   schedule_id,
                       GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sqlite3_stmt *stmt = lt_store_prepare (self, "UPDATE people SET schedule_id = ? WHERE id = ?", error);
  int           rc;

  if (stmt == NULL)
    return FALSE;
  if (schedule_id > 0)
    sqlite3_bind_int64 (stmt, 1, schedule_id);
  sqlite3_bind_int64 (stmt, 2, person_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("setting a schedule"));
  if (sqlite3_changes (lt_store_get_db (self)) == 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _ ("There is no resident or staff member with id %" PRId64 "; 'lintelctl resident list' shows the ids"),
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

/* Every PIN of a unit, and every staff PIN: the rows the matcher hashes. */
#define UNIT_PINS_SQL                                     \
  "SELECT c.person_id, c.kind, c.hash FROM credentials c" \
  " JOIN people p ON p.id = c.person_id"                  \
  " WHERE p.unit_id = ? AND c.kind IN ('pin', 'duress')"
#define STAFF_PINS_SQL                                    \
  "SELECT c.person_id, c.kind, c.hash FROM credentials c" \
  " JOIN people p ON p.id = c.person_id"                  \
  " WHERE p.kind <> 'resident' AND c.kind = 'pin'"

/* The one PIN matcher. Hashes are salted with their owner's id, so the PIN
 * is hashed once for every row (person_id, kind, hash) of stmt, bound and
 * ready; no early exit, so the time taken does not say which row matched.
 * The slot (skip_owner, skip_kind) is passed over. *owner is 0 if no row
 * matched. */
static gboolean
match_pin_rows (LtStore        *self,
                sqlite3_stmt   *stmt,
                const LtSecret *secret,
                const char     *pin,
                gint64          skip_owner,
                const char     *skip_kind,
                gint64         *owner,
                gboolean       *duress,
                GError        **error)
{
  int rc;

  *owner = 0;
  *duress = FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    guint8      hash[LT_HASH_BYTES];
    gint64      candidate = sqlite3_column_int64 (stmt, 0);
    const char *kind = (const char *)sqlite3_column_text (stmt, 1);

    if ((candidate == skip_owner && g_strcmp0 (kind, skip_kind) == 0) || sqlite3_column_bytes (stmt, 2) != LT_HASH_BYTES)
      continue;
    lt_secret_hash (secret, "pin", candidate, pin, hash);
    if (lt_hash_equal (hash, sqlite3_column_blob (stmt, 2)) && *owner == 0) {
      *owner = candidate;
      *duress = g_strcmp0 (kind, "duress") == 0;
    }
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("checking a PIN"));
  return TRUE;
}

/* Whether a PIN other than the slot (person_id, kind) already opens for
 * the unit. */
static gboolean
pin_taken_in_unit (LtStore        *self,
                   const LtSecret *secret,
                   const char     *unit,
                   const char     *pin,
                   gint64          person_id,
                   const char     *kind,
                   gboolean       *taken,
                   GError        **error)
{
  gint64        unit_row = unit_id (self, unit, error), owner;
  sqlite3_stmt *stmt;
  gboolean      duress;

  if (unit_row < 0 || (stmt = lt_store_prepare (self, UNIT_PINS_SQL, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, unit_row);
  if (!match_pin_rows (self, stmt, secret, pin, person_id, kind, &owner, &duress, error))
    return FALSE;
  *taken = owner != 0;
  return TRUE;
}

gboolean
lt_store_set_pin (LtStore        *self,
                  const LtSecret *secret,
                  gint64          person_id,
                  const char     *pin,
                  gboolean        duress,
                  GError        **error)
{
  g_autoptr (LtPerson) person = NULL;
  guint8        hash[LT_HASH_BYTES];
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lt_pin_valid (pin, error))
    return FALSE;
  person = lt_store_get_person (self, person_id, error);
  if (person == NULL)
    return FALSE;

  /* A PIN must pick out one person of the unit; and a duress PIN equal to
   * the normal one would raise an alarm at every entry. */
  if (person->unit != NULL) {
    gboolean taken = FALSE;

    if (!pin_taken_in_unit (self, secret, person->unit, pin, person_id, secret_kind (duress), &taken, error))
      return FALSE;
    if (taken) {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS,
                   _ ("This PIN is already used in unit %s; choose another one"), person->unit);
      return FALSE;
    }
  }

  lt_secret_hash (secret, "pin", person_id, pin, hash);
  stmt = lt_store_prepare (self,
                           "INSERT INTO credentials (person_id, kind, hash, created, digits) VALUES (?1, ?2, ?3, ?4, ?5)"
                           " ON CONFLICT (person_id, kind) WHERE kind <> 'card'"
                           " DO UPDATE SET hash = ?3, created = ?4, digits = ?5",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, person_id);
  sqlite3_bind_text (stmt, 2, secret_kind (duress), -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  sqlite3_bind_int (stmt, 5, (int)strlen (pin));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("storing a PIN"));
  if (!lt_store_scrub (self, error))
    return FALSE;
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
  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (card != NULL, FALSE);

  g_autoptr (LtPerson) person = lt_store_find_card (self, secret, card, NULL);

  return person != NULL;
}

gboolean
lt_store_add_card (LtStore        *self,
                   const LtSecret *secret,
                   gint64          person_id,
                   const char     *card,
                   GError        **error)
{
  g_autoptr (LtPerson) person = NULL;
  guint8        hash[LT_HASH_BYTES];
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (card != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

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
                 _ ("This card is already registered; remove it from its holder first"));
    return FALSE;
  }
  if (rc != SQLITE_DONE)
    return lt_store_db_error (self, error, _ ("storing a card"));
  return TRUE;
}

gboolean
lt_store_remove_card (LtStore        *self,
                      const LtSecret *secret,
                      gint64          person_id,
                      const char     *card,
                      GError        **error)
{
  guint8        hash[LT_HASH_BYTES];
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (LT_IS_STORE (self), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (card != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

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
    return lt_store_db_error (self, error, _ ("removing a card"));
  if (sqlite3_changes (lt_store_get_db (self)) == 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _ ("Person %" PRId64 " has no such card; nothing was removed"), person_id);
    return FALSE;
  }
  if (!lt_store_scrub (self, error))
    return FALSE;
  return TRUE;
}

LtPerson *
lt_store_find_card (LtStore        *self,
                    const LtSecret *secret,
                    const char     *card,
                    GError        **error)
{
  guint8        hash[LT_HASH_BYTES];
  sqlite3_stmt *stmt;
  LtPerson     *person = NULL;
  int           rc;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (card != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

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
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND, _ ("Unknown card"));
  else
    lt_store_db_error (self, error, _ ("looking up a card"));
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
  gint64        unit_row, owner;
  sqlite3_stmt *stmt;
  gboolean      duress;

  g_return_val_if_fail (LT_IS_STORE (self), LT_PIN_MATCH_NONE);
  g_return_val_if_fail (secret != NULL && unit != NULL && pin != NULL, LT_PIN_MATCH_NONE);
  g_return_val_if_fail (person != NULL, LT_PIN_MATCH_NONE);
  g_return_val_if_fail (error == NULL || *error == NULL, LT_PIN_MATCH_NONE);

  *person = NULL;
  unit_row = unit_id (self, unit, error);
  if (unit_row < 0)
    return LT_PIN_MATCH_NONE;
  if (unit_row == 0)
    return LT_PIN_MATCH_NO_UNIT;
  stmt = lt_store_prepare (self, UNIT_PINS_SQL, error);
  if (stmt == NULL)
    return LT_PIN_MATCH_NONE;
  sqlite3_bind_int64 (stmt, 1, unit_row);
  if (!match_pin_rows (self, stmt, secret, pin, 0, NULL, &owner, &duress, error) || owner == 0)
    return LT_PIN_MATCH_NONE;
  *person = lt_store_get_person (self, owner, error);
  if (*person == NULL)
    return LT_PIN_MATCH_NONE;
  return duress ? LT_PIN_MATCH_DURESS : LT_PIN_MATCH_NORMAL;
}

/* A staff PIN has no unit: it is matched against every guard and
 * technician (a handful per building). NULL, no error, if none matches. */
LtPerson *
lt_store_match_staff_pin (LtStore        *self,
                          const LtSecret *secret,
                          const char     *pin,
                          GError        **error)
{
  sqlite3_stmt *stmt;
  gboolean      duress;
  gint64        owner;

  g_return_val_if_fail (LT_IS_STORE (self), NULL);
  g_return_val_if_fail (secret != NULL && pin != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = lt_store_prepare (self, STAFF_PINS_SQL, error);
  if (stmt == NULL || !match_pin_rows (self, stmt, secret, pin, 0, NULL, &owner, &duress, error) || owner == 0)
    return NULL;
  return lt_store_get_person (self, owner, error);
}
