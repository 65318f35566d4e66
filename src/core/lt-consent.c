/* lt-consent.c: the face consent ledger, append-only and hash-chained
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-consent"

#include "lt-consent.h"
#include "lt-store-private.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

G_DEFINE_QUARK (lt - consent - error - quark, lt_consent_error)

#define CHAIN_CONTEXT "ltledger"
#define HEAD_SETTING  "consent-head"

static const char *const action_names[] = { "enrol", "decline", "withdraw", "purge" };

const char *
lt_consent_action_to_string (LtConsentAction action)
{
  g_return_val_if_fail ((guint)action < G_N_ELEMENTS (action_names), NULL);

  return action_names[action];
}

gboolean
lt_consent_action_from_string (const char      *text,
                               LtConsentAction *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (action_names); i++)
    if (g_str_equal (text, action_names[i])) {
      *out = (LtConsentAction)i;
      return TRUE;
    }
  return FALSE;
}

void
lt_consent_entry_free (LtConsentEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->unit);
  g_free (entry->notice_version);
  g_free (entry->terminal);
  g_free (entry);
}

static void
update_int (crypto_generichash_state *state,
            gint64                    value)
{
  guint64 le = GUINT64_TO_LE ((guint64)value);

  crypto_generichash_update (state, (const guint8 *)&le, sizeof le);
}

static void
update_text (crypto_generichash_state *state,
             const char               *text)
{
  crypto_generichash_update (state, (const guint8 *)text, strlen (text) + 1);
}

/* The link: keyed BLAKE2b over the previous hash and every field. */
static void
chain_hash (const LtSecret       *secret,
            const guint8          previous[LT_HASH_BYTES],
            const LtConsentEntry *entry,
            guint8                out[LT_HASH_BYTES])
{
  guint8                   key[crypto_generichash_KEYBYTES];
  crypto_generichash_state state;

  lt_secret_derive (secret, CHAIN_CONTEXT, key, sizeof key);
  crypto_generichash_init (&state, key, sizeof key, LT_HASH_BYTES);
  crypto_generichash_update (&state, previous, LT_HASH_BYTES);
  update_int (&state, entry->id);
  update_int (&state, entry->time_us);
  update_int (&state, entry->person_id);
  update_text (&state, entry->unit);
  update_text (&state, lt_consent_action_to_string (entry->action));
  update_text (&state, entry->notice_version);
  update_text (&state, entry->terminal);
  update_int (&state, entry->guardian_id);
  crypto_generichash_final (&state, out, LT_HASH_BYTES);
  sodium_memzero (key, sizeof key);
  sodium_memzero (&state, sizeof state);
}

/* The newest hash, kept apart from the rows: all zeros for an empty ledger. */
static gboolean
read_head (LtStore *store,
           guint8   head[LT_HASH_BYTES],
           GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (store, "SELECT value FROM settings WHERE name = '" HEAD_SETTING "'", error);
  int           rc;

  memset (head, 0, LT_HASH_BYTES);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == LT_HASH_BYTES)
    memcpy (head, sqlite3_column_blob (stmt, 0), LT_HASH_BYTES);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lt_store_db_error (store, error, _ ("reading the consent ledger"));
  return TRUE;
}

static gboolean
insert_entry (LtStore        *store,
              LtConsentEntry *entry,
              const guint8    hash[LT_HASH_BYTES],
              GError        **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (store,
                                         "INSERT INTO consent_ledger (id, time, person_id, unit, action,"
                                         " notice_version, terminal, guardian_id, hash)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                         error);
  int           rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->id);
  sqlite3_bind_int64 (stmt, 2, entry->time_us);
  sqlite3_bind_int64 (stmt, 3, entry->person_id);
  sqlite3_bind_text (stmt, 4, entry->unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, lt_consent_action_to_string (entry->action), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, entry->notice_version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, entry->terminal, -1, SQLITE_TRANSIENT);
  if (entry->guardian_id > 0)
    sqlite3_bind_int64 (stmt, 8, entry->guardian_id);
  else
    sqlite3_bind_null (stmt, 8);
  sqlite3_bind_blob (stmt, 9, hash, LT_HASH_BYTES, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (store, error, _ ("writing the consent ledger"));

  stmt = lt_store_prepare (store, "INSERT OR REPLACE INTO settings (name, value) VALUES ('" HEAD_SETTING "', ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, hash, LT_HASH_BYTES, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (store, error, _ ("writing the consent ledger"));
  return TRUE;
}

static gint64
next_id (LtStore *store,
         GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (store, "SELECT coalesce(max(id), 0) + 1 FROM consent_ledger", error);
  gint64        id = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id == 0)
    lt_store_db_error (store, error, _ ("reading the consent ledger"));
  return id;
}

gboolean
lt_consent_append (LtStore        *store,
                   const LtSecret *secret,
                   LtConsentEntry *entry,
                   GError        **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (entry != NULL && entry->unit != NULL, FALSE);
  g_return_val_if_fail (entry->notice_version != NULL && entry->terminal != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gboolean own = sqlite3_get_autocommit (lt_store_get_db (store)) != 0;
  guint8   head[LT_HASH_BYTES], hash[LT_HASH_BYTES];

  if (own && !lt_store_begin (store, error))
    return FALSE;
  if (entry->time_us == 0)
    entry->time_us = g_get_real_time ();
  if (!read_head (store, head, error) || (entry->id = next_id (store, error)) == 0)
    goto fail;
  chain_hash (secret, head, entry, hash);
  if (!insert_entry (store, entry, hash, error))
    goto fail;
  if (own && !lt_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  if (own)
    lt_store_rollback (store);
  return FALSE;
}

static LtConsentEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  LtConsentEntry *entry = g_new0 (LtConsentEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->time_us = sqlite3_column_int64 (stmt, 1);
  entry->person_id = sqlite3_column_int64 (stmt, 2);
  entry->unit = lt_store_column_dup (stmt, 3);
  /* An unknown action name makes the entry fail verification through
   * its hash; listed, it shows as the first action. */
  lt_consent_action_from_string ((const char *)sqlite3_column_text (stmt, 4), &entry->action);
  entry->notice_version = lt_store_column_dup (stmt, 5);
  entry->terminal = lt_store_column_dup (stmt, 6);
  entry->guardian_id = sqlite3_column_int64 (stmt, 7);
  if (entry->unit == NULL)
    entry->unit = g_strdup ("");
  if (entry->notice_version == NULL)
    entry->notice_version = g_strdup ("");
  if (entry->terminal == NULL)
    entry->terminal = g_strdup ("");
  return entry;
}

#define ENTRY_COLUMNS "id, time, person_id, unit, action, notice_version, terminal, guardian_id, hash"

GPtrArray *
lt_consent_list (LtStore *store,
                 gint64   person_id,
                 GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_consent_entry_free);
  sqlite3_stmt *stmt = lt_store_prepare (store,
                                         "SELECT " ENTRY_COLUMNS " FROM consent_ledger"
                                         " WHERE ?1 = 0 OR person_id = ?1 ORDER BY id",
                                         error);
  int           rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, person_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    lt_store_db_error (store, error, _ ("reading the consent ledger"));
    return NULL;
  }
  return g_steal_pointer (&entries);
}

static gboolean
broken (gint64  *first_bad,
        gint64   id,
        GError **error)
{
  *first_bad = id;
  if (id > 0)
    g_set_error (error, LT_CONSENT_ERROR, LT_CONSENT_ERROR_BROKEN,
                 _ ("The consent ledger was altered: entry %" PRId64 " does not match its hash chain; restore the database from a backup and keep this copy as evidence"),
                 id);
  else
    g_set_error (error, LT_CONSENT_ERROR, LT_CONSENT_ERROR_BROKEN,
                 _ ("The consent ledger was altered: its newest entries are missing; restore the database from a backup and keep this copy as evidence"));
  return FALSE;
}

gboolean
lt_consent_verify (LtStore        *store,
                   const LtSecret *secret,
                   gint64         *first_bad,
                   GError        **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (first_bad != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sqlite3_stmt *stmt = lt_store_prepare (store, "SELECT " ENTRY_COLUMNS " FROM consent_ledger ORDER BY id", error);
  guint8        previous[LT_HASH_BYTES] = { 0 }, expected[LT_HASH_BYTES], head[LT_HASH_BYTES];
  gint64        bad = 0;
  int           rc = SQLITE_DONE;

  *first_bad = 0;
  if (stmt == NULL || !read_head (store, head, error))
    return FALSE;
  while (bad == 0 && (rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    g_autoptr (LtConsentEntry) entry = entry_from_row (stmt);
    const char     *action = (const char *)sqlite3_column_text (stmt, 4);
    LtConsentAction parsed;

    chain_hash (secret, previous, entry, expected);
    if (!lt_consent_action_from_string (action, &parsed) || sqlite3_column_type (stmt, 3) != SQLITE_TEXT || sqlite3_column_bytes (stmt, 8) != LT_HASH_BYTES || !lt_hash_equal (expected, sqlite3_column_blob (stmt, 8)))
      bad = entry->id;
    memcpy (previous, expected, LT_HASH_BYTES);
  }
  sqlite3_reset (stmt);
  if (bad != 0)
    return broken (first_bad, bad, error);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (store, error, _ ("reading the consent ledger"));
  if (!lt_hash_equal (previous, head))
    return broken (first_bad, -1, error);
  return TRUE;
}
