/* lt-staff.c: guards and technicians signing in at the terminal
 *
 * A staff PIN has no unit, so it is matched against every guard and
 * technician (a handful per building). Wrong tries count towards a
 * lockout of their own, like a unit's, and every attempt is an event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-staff"

#include "lt-staff.h"
#include "lt-card.h"
#include "lt-store-private.h"

#include <string.h>

static LtPerson *
match_pin (LtStore        *store,
           const LtSecret *secret,
           const char     *pin,
           GError        **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (store,
                                         "SELECT c.person_id, c.hash FROM credentials c"
                                         " JOIN people p ON p.id = c.person_id"
                                         " WHERE p.kind <> 'resident' AND c.kind = 'pin'", error);
  gint64 owner = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
    guint8 hash[LT_HASH_BYTES];
    gint64 candidate = sqlite3_column_int64 (stmt, 0);

    if (sqlite3_column_bytes (stmt, 1) != LT_HASH_BYTES)
      continue;
    lt_secret_hash (secret, "pin", candidate, pin, hash);
    if (lt_hash_equal (hash, sqlite3_column_blob (stmt, 1)) && owner == 0)
      owner = candidate;
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE || owner == 0)
    return NULL;
  return lt_store_get_person (store, owner, error);
}

LtStaffResult
lt_staff_identify (LtStore        *store,
                   const LtConfig *config,
                   const LtSecret *secret,
                   LtMethod        method,
                   const char     *credential,
                   const char     *reader,
                   LtPerson      **staff,
                   guint          *retry_after_s)
{
  g_autofree char *key = g_strdup_printf ("staff:%s", reader ? reader : "default");
  g_autoptr(LtPerson) person = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  LtStaffResult result = LT_STAFF_UNKNOWN;
  LtLockout lockout;
  LtEvent event = { 0 };

  *staff = NULL;
  *retry_after_s = 0;
  if (!lt_store_begin (store, &error) || !lt_store_get_lockout (store, key, &lockout, &error))
    goto fail;

  if (lockout.locked_until_us > now) {
    *retry_after_s = (guint) ((lockout.locked_until_us - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
    result = LT_STAFF_LOCKED_OUT;
  } else {
    if (method == LT_METHOD_PIN && credential != NULL && lt_pin_valid (credential, NULL))
      person = match_pin (store, secret, credential, &error);
    else if (method == LT_METHOD_CARD && credential != NULL)
      person = lt_store_find_card (store, secret, credential, NULL);
    if (error != NULL)
      goto fail;
    if (person != NULL && person->kind != LT_PERSON_RESIDENT && person->active) {
      result = LT_STAFF_OK;
      memset (&lockout, 0, sizeof lockout);
    } else {
      g_clear_pointer (&person, lt_person_free);
      if (++lockout.failures >= config->lockout_failures) {
        guint64 seconds = MIN ((guint64) config->lockout_seconds << MIN (lockout.level, 20u),
                               config->lockout_max_seconds);
        lockout.level++;
        lockout.failures = 0;
        lockout.locked_until_us = now + (gint64) seconds * G_USEC_PER_SEC;
      }
    }
    if (!lt_store_set_lockout (store, key, &lockout, &error))
      goto fail;
  }

  event.kind = LT_EVENT_KIND_STAFF;
  event.door = config->door;
  event.method = (char *) lt_method_to_string (method);
  event.result = result == LT_STAFF_OK ? LT_EVENT_RESULT_SIGNED_IN : LT_EVENT_RESULT_DENIED;
  event.reason = (char *) (result == LT_STAFF_OK ? lt_person_kind_to_string (person->kind)
                           : result == LT_STAFF_LOCKED_OUT ? "locked-out" : "unknown-credential");
  event.subject_id = person ? person->id : 0;
  if (lt_store_add_event (store, &event, &error) == 0 || !lt_store_commit (store, &error))
    goto fail;
  *staff = g_steal_pointer (&person);
  return result;

fail:
  g_warning ("Staff sign-in failed: %s", error ? error->message : "unknown error");
  lt_store_rollback (store);
  return LT_STAFF_ERROR;
}
