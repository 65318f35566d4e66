/* lt-store-face.c: face templates, sealed at rest, and who enrolled
 *
 * Part of LtStore (see lt-face-store.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-store"

#include "lt-face-store.h"
#include "lt-store-private.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#define TEMPLATE_CONTEXT "ltfacetp"
#define TEMPLATE_BYTES   (LT_FACE_TEMPLATE_LEN * sizeof (float))
#define SEALED_BYTES     (TEMPLATE_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)

void
lt_face_enrolment_free (LtFaceEnrolment *enrolment)
{
  if (enrolment == NULL)
    return;
  g_free (enrolment->unit);
  g_free (enrolment->name);
  g_free (enrolment->notice_version);
  g_free (enrolment);
}

static gboolean
step_done (LtStore      *store,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (store, error, what);
  return TRUE;
}

#define ENROLMENT_COLUMNS                                                                   \
  "f.person_id, u.name, p.name, f.enrolled_at, coalesce(f.last_used, 0), f.notice_version," \
  " (SELECT count(*) FROM face_templates t WHERE t.person_id = f.person_id)"                \
  " FROM face_enrolments f JOIN people p ON p.id = f.person_id LEFT JOIN units u ON u.id = p.unit_id"

static LtFaceEnrolment *
enrolment_from_row (sqlite3_stmt *stmt)
{
  LtFaceEnrolment *enrolment = g_new0 (LtFaceEnrolment, 1);

  enrolment->person_id = sqlite3_column_int64 (stmt, 0);
  enrolment->unit = lt_store_column_dup (stmt, 1);
  enrolment->name = lt_store_column_dup (stmt, 2);
  enrolment->enrolled_at_us = sqlite3_column_int64 (stmt, 3);
  enrolment->last_used_us = sqlite3_column_int64 (stmt, 4);
  enrolment->notice_version = lt_store_column_dup (stmt, 5);
  enrolment->n_templates = (guint)sqlite3_column_int (stmt, 6);
  return enrolment;
}

GPtrArray *
lt_face_store_list (LtStore *store,
                    GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_face_enrolment_free);
  sqlite3_stmt *stmt = lt_store_prepare (store, "SELECT " ENROLMENT_COLUMNS " ORDER BY f.person_id", error);
  int           rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, enrolment_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    lt_store_db_error (store, error, _ ("listing face enrolments"));
    return NULL;
  }
  return g_steal_pointer (&list);
}

LtFaceEnrolment *
lt_face_store_get (LtStore *store,
                   gint64   person_id,
                   GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sqlite3_stmt    *stmt = lt_store_prepare (store, "SELECT " ENROLMENT_COLUMNS " WHERE f.person_id = ?", error);
  LtFaceEnrolment *enrolment = NULL;
  int              rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, person_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    enrolment = enrolment_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    lt_store_db_error (store, error, _ ("reading a face enrolment"));
  return enrolment;
}

guint
lt_face_store_count (LtStore *store,
                     GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), 0);

  sqlite3_stmt *stmt = lt_store_prepare (store, "SELECT count(*) FROM face_enrolments", error);
  guint         count = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint)sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static void
associated_data (gint64 person_id,
                 guint8 out[8])
{
  guint64 le = GUINT64_TO_LE ((guint64)person_id);

  memcpy (out, &le, 8);
}

static gboolean
insert_template (LtStore     *store,
                 const guint8 key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES],
                 gint64       person_id,
                 const float *descriptor,
                 GError     **error)
{
  guint8             nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  guint8             sealed[SEALED_BYTES];
  guint8             ad[8];
  unsigned long long sealed_len = 0;
  sqlite3_stmt      *stmt = lt_store_prepare (store,
                                              "INSERT INTO face_templates (person_id, nonce, sealed) VALUES (?, ?, ?)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  randombytes_buf (nonce, sizeof nonce);
  associated_data (person_id, ad);
  crypto_aead_xchacha20poly1305_ietf_encrypt (sealed, &sealed_len, (const guint8 *)descriptor, TEMPLATE_BYTES,
                                              ad, sizeof ad, NULL, nonce, key);
  sqlite3_bind_int64 (stmt, 1, person_id);
  sqlite3_bind_blob (stmt, 2, nonce, sizeof nonce, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, sealed, (int)sealed_len, SQLITE_TRANSIENT);
  return step_done (store, stmt, _ ("saving a face template"), error);
}

static gboolean
delete_face (LtStore *store,
             gint64   person_id,
             GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (store, "DELETE FROM face_templates WHERE person_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, person_id);
  if (!step_done (store, stmt, _ ("deleting face templates"), error))
    return FALSE;
  stmt = lt_store_prepare (store, "DELETE FROM face_enrolments WHERE person_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, person_id);
  return step_done (store, stmt, _ ("deleting face templates"), error);
}

/* A resident the ledger can name; staff never enrol. */
static LtPerson *
get_resident (LtStore *store,
              gint64   person_id,
              GError **error)
{
  g_autoptr (LtPerson) person = lt_store_get_person (store, person_id, error);

  if (person == NULL)
    return NULL;
  if (person->kind != LT_PERSON_RESIDENT) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _ ("%s is a staff member; only residents can use face entry"), person->name);
    return NULL;
  }
  return g_steal_pointer (&person);
}

static gboolean
append_entry (LtStore        *store,
              const LtSecret *secret,
              const LtPerson *person,
              LtConsentAction action,
              const char     *notice_version,
              const char     *terminal,
              gint64          guardian_id,
              GError        **error)
{
  LtConsentEntry entry = {
    .person_id = person->id,
    .unit = person->unit,
    .action = action,
    .notice_version = (char *)notice_version,
    .terminal = (char *)terminal,
    .guardian_id = guardian_id,
  };

  return lt_consent_append (store, secret, &entry, error);
}

gboolean
lt_face_store_enrol (LtStore        *store,
                     const LtSecret *secret,
                     gint64          person_id,
                     const float    *descriptors,
                     guint           n,
                     const char     *notice_version,
                     const char     *terminal,
                     gint64          guardian_id,
                     GError        **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (secret != NULL && descriptors != NULL, FALSE);
  g_return_val_if_fail (n >= LT_FACE_MIN_TEMPLATES && n <= LT_FACE_MAX_TEMPLATES, FALSE);
  g_return_val_if_fail (notice_version != NULL && terminal != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autoptr (LtPerson) person = get_resident (store, person_id, error);
  guint8        key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  sqlite3_stmt *stmt;
  gboolean      ok;

  if (person == NULL)
    return FALSE;
  if (person->minor && guardian_id <= 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _ ("%s is a minor: an adult resident of unit %s must enter their own PIN to consent"),
                 person->name, person->unit);
    return FALSE;
  }
  if (!lt_store_begin (store, error))
    return FALSE;
  lt_secret_derive (secret, TEMPLATE_CONTEXT, key, sizeof key);
  ok = delete_face (store, person_id, error) && (stmt = lt_store_prepare (store, "INSERT INTO face_enrolments (person_id, enrolled_at, notice_version)"
                                                                                 " VALUES (?, ?, ?)",
                                                                          error))
                                                  != NULL;
  if (ok) {
    sqlite3_bind_int64 (stmt, 1, person_id);
    sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
    sqlite3_bind_text (stmt, 3, notice_version, -1, SQLITE_TRANSIENT);
    ok = step_done (store, stmt, _ ("saving a face enrolment"), error);
  }
  for (guint i = 0; ok && i < n; i++)
    ok = insert_template (store, key, person_id, descriptors + (gsize)i * LT_FACE_TEMPLATE_LEN, error);
  sodium_memzero (key, sizeof key);
  ok = ok && append_entry (store, secret, person, LT_CONSENT_ENROL, notice_version, terminal, guardian_id, error) && lt_store_commit (store, error);
  if (!ok) {
    lt_store_rollback (store);
    return FALSE;
  }
  /* A re-enrolment overwrote older templates: no copy stays in the WAL. */
  return lt_store_scrub (store, error);
}

gboolean
lt_face_store_decline (LtStore        *store,
                       const LtSecret *secret,
                       gint64          person_id,
                       const char     *notice_version,
                       const char     *terminal,
                       GError        **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (notice_version != NULL && terminal != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autoptr (LtPerson) person = get_resident (store, person_id, error);

  if (person == NULL)
    return FALSE;
  return append_entry (store, secret, person, LT_CONSENT_DECLINE, notice_version, terminal, 0, error);
}

gboolean
lt_face_store_remove (LtStore        *store,
                      const LtSecret *secret,
                      gint64          person_id,
                      LtConsentAction action,
                      const char     *terminal,
                      GError        **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (secret != NULL && terminal != NULL, FALSE);
  g_return_val_if_fail (action == LT_CONSENT_WITHDRAW || action == LT_CONSENT_PURGE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autoptr (LtPerson) person = get_resident (store, person_id, error);
  g_autoptr (LtFaceEnrolment) enrolment = NULL;
  g_autoptr (GError) local_error = NULL;

  if (person == NULL)
    return FALSE;
  enrolment = lt_face_store_get (store, person_id, &local_error);
  if (enrolment == NULL) {
    if (local_error != NULL)
      g_propagate_error (error, g_steal_pointer (&local_error));
    else
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                   _ ("%s (id %" PRId64 ") has not enrolled in face entry; 'lintelctl face list' shows who has"),
                   person->name, person_id);
    return FALSE;
  }
  if (!lt_store_begin (store, error))
    return FALSE;
  if (!delete_face (store, person_id, error) || !append_entry (store, secret, person, action, enrolment->notice_version, terminal, 0, error) || !lt_store_commit (store, error)) {
    lt_store_rollback (store);
    return FALSE;
  }
  /* secure_delete overwrote the rows; this empties the WAL and says so
   * when a reader kept it from being emptied. */
  return lt_store_scrub (store, error);
}

gboolean
lt_face_store_open_all (LtStore           *store,
                        const LtSecret    *secret,
                        LtFaceTemplateFunc func,
                        gpointer           user_data,
                        GError           **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (secret != NULL && func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sqlite3_stmt *stmt = lt_store_prepare (store, "SELECT person_id, nonce, sealed FROM face_templates ORDER BY id", error);
  guint8        key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  float         plain[LT_FACE_TEMPLATE_LEN];
  gboolean      ok = TRUE;
  int           rc = SQLITE_DONE;

  if (stmt == NULL)
    return FALSE;
  lt_secret_derive (secret, TEMPLATE_CONTEXT, key, sizeof key);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    gint64             person_id = sqlite3_column_int64 (stmt, 0);
    unsigned long long plain_len = 0;
    guint8             ad[8];

    associated_data (person_id, ad);
    ok = sqlite3_column_bytes (stmt, 1) == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES && sqlite3_column_bytes (stmt, 2) == SEALED_BYTES && crypto_aead_xchacha20poly1305_ietf_decrypt ((guint8 *)plain, &plain_len, NULL, sqlite3_column_blob (stmt, 2), SEALED_BYTES, ad, sizeof ad, sqlite3_column_blob (stmt, 1), key) == 0;
    if (ok)
      func (person_id, plain, user_data);
    else
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                   _ ("A face template of resident %" PRId64 " does not open with this terminal's device key; withdraw it with 'lintelctl face withdraw %" PRId64 "' and enrol again"),
                   person_id, person_id);
    sodium_memzero (plain, sizeof plain);
  }
  sqlite3_reset (stmt);
  sodium_memzero (key, sizeof key);
  if (ok && rc != SQLITE_DONE)
    return lt_store_db_error (store, error, _ ("reading face templates"));
  return ok;
}

gboolean
lt_face_store_touch (LtStore *store,
                     gint64   person_id,
                     gint64   time_us,
                     GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sqlite3_stmt *stmt = lt_store_prepare (store, "UPDATE face_enrolments SET last_used = ? WHERE person_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, time_us);
  sqlite3_bind_int64 (stmt, 2, person_id);
  return step_done (store, stmt, _ ("saving when face entry was used"), error);
}

gboolean
lt_face_store_purge_due (LtStore        *store,
                         const LtSecret *secret,
                         const char     *terminal,
                         const char     *today,
                         guint           unused_days,
                         gint64          now_us,
                         guint          *purged,
                         GError        **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (secret != NULL && terminal != NULL && today != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autoptr (GArray) due = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = lt_store_prepare (store,
                                         "SELECT f.person_id FROM face_enrolments f JOIN people p ON p.id = f.person_id"
                                         " WHERE p.active = 0 OR (p.valid_until IS NOT NULL AND p.valid_until < ?)"
                                         " OR coalesce(f.last_used, f.enrolled_at) < ?",
                                         error);
  int           rc;

  if (purged != NULL)
    *purged = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now_us - (gint64)unused_days * 86400 * G_USEC_PER_SEC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    gint64 id = sqlite3_column_int64 (stmt, 0);
    g_array_append_val (due, id);
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return lt_store_db_error (store, error, _ ("finding face templates past their retention"));
  for (guint i = 0; i < due->len; i++) {
    if (!lt_face_store_remove (store, secret, g_array_index (due, gint64, i), LT_CONSENT_PURGE, terminal, error))
      return FALSE;
    if (purged != NULL)
      (*purged)++;
  }
  return TRUE;
}

gboolean
lt_store_set_minor (LtStore *store,
                    gint64   person_id,
                    gboolean minor,
                    GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autoptr (LtPerson) person = get_resident (store, person_id, error);
  sqlite3_stmt *stmt;

  if (person == NULL)
    return FALSE;
  stmt = lt_store_prepare (store, "UPDATE people SET minor = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, minor ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, person_id);
  return step_done (store, stmt, _ ("saving the minor flag"), error);
}
