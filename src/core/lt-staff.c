/* lt-staff.c: guards and technicians signing in at the terminal
 *
 * A staff PIN has no unit, so it is matched against every guard and
 * technician (lt_store_match_staff_pin). Wrong tries count towards a
 * lockout of their own (lt-lockout.c, LT_LOCKOUT_STAFF: 5 failures lock for
 * 5 minutes, doubling), whose first lockout raises an alarm; every attempt
 * is an event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-staff"

#include "lt-staff.h"
#include "lt-lockout.h"

#include <glib/gi18n.h>
#include <string.h>

/* A new PIN for a guard or technician must have [access] staff-pin-length
 * digits at least: a staff PIN is tried against every staff member at
 * once. Residents' PINs are not concerned. */
gboolean
lt_staff_pin_check (const LtConfig *config,
                    const LtPerson *person,
                    const char     *pin,
                    GError        **error)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (person != NULL, FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (person->kind == LT_PERSON_RESIDENT || strlen (pin) >= config->staff_pin_length)
    return TRUE;
  g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
               _ ("A staff PIN must have at least %u digits ([access] staff-pin-length); choose a longer one"),
               config->staff_pin_length);
  return FALSE;
}

/* A staff PIN set before the rule, or of unknown length: it keeps working
 * until it is changed, and lintelctl staff list says so. */
gboolean
lt_staff_pin_short (const LtConfig *config,
                    const LtPerson *person)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (person != NULL, FALSE);

  return person->kind != LT_PERSON_RESIDENT && person->has_pin && person->pin_digits < config->staff_pin_length;
}

/* A guard or technician, active, who holds this PIN or card; NULL with no
 * error if there is none. */
static LtPerson *
find_staff (LtStore        *store,
            const LtSecret *secret,
            LtMethod        method,
            const char     *credential,
            GError        **error)
{
  g_autoptr (LtPerson) person = NULL;

  if (method == LT_METHOD_PIN && credential != NULL && lt_pin_valid (credential, NULL))
    person = lt_store_match_staff_pin (store, secret, credential, error);
  else if (method == LT_METHOD_CARD && credential != NULL)
    person = lt_store_find_card (store, secret, credential, NULL);
  if (person == NULL || person->kind == LT_PERSON_RESIDENT || !person->active)
    return NULL;
  return g_steal_pointer (&person);
}

static gboolean
record (LtStore        *store,
        const LtConfig *config,
        LtMethod        method,
        LtStaffResult   result,
        const LtPerson *person,
        gint64          time_us,
        gboolean        brute_force,
        GError        **error)
{
  LtEvent event = { 0 };

  event.time_us = time_us;
  event.kind = LT_EVENT_KIND_STAFF;
  event.door = config->door;
  event.method = (char *)lt_method_to_string (method);
  event.result = result == LT_STAFF_OK ? LT_EVENT_RESULT_SIGNED_IN : LT_EVENT_RESULT_DENIED;
  event.reason = (char *)(result == LT_STAFF_OK           ? lt_person_kind_to_string (person->kind)
                          : result == LT_STAFF_LOCKED_OUT ? "locked-out"
                                                          : "unknown-credential");
  event.subject_id = person ? person->id : 0;
  if (lt_store_add_event (store, &event, error) == 0)
    return FALSE;
  if (!brute_force)
    return TRUE;
  /* The Staff entry locked for the first time: a guard should know. */
  event.kind = LT_EVENT_KIND_ALARM;
  event.result = LT_EVENT_RESULT_RAISED;
  event.reason = (char *)LT_ALARM_BRUTE_FORCE;
  return lt_store_add_event (store, &event, error) != 0;
}

LtStaffResult
lt_staff_identify_at (LtStore        *store,
                      const LtConfig *config,
                      const LtSecret *secret,
                      LtMethod        method,
                      const char     *credential,
                      const char     *reader,
                      gint64          time_us,
                      LtPerson      **staff,
                      guint          *retry_after_s)
{
  g_autofree char *key = lt_lockout_key (LT_LOCKOUT_STAFF, NULL, reader);
  g_autoptr (LtPerson) person = NULL;
  g_autoptr (GError) error = NULL;
  gint64          now = time_us ? time_us : g_get_real_time ();
  LtStaffResult   result = LT_STAFF_UNKNOWN;
  gboolean        brute_force = FALSE;
  LtLockoutPolicy policy;

  g_return_val_if_fail (LT_IS_STORE (store), LT_STAFF_ERROR);
  g_return_val_if_fail (config != NULL && secret != NULL, LT_STAFF_ERROR);
  g_return_val_if_fail (staff != NULL && retry_after_s != NULL, LT_STAFF_ERROR);

  *staff = NULL;
  *retry_after_s = 0;
  lt_lockout_policy_init (&policy, config, LT_LOCKOUT_STAFF);
  if (!lt_store_begin (store, &error) || !lt_lockout_check (store, key, now, retry_after_s, &error))
    goto fail;

  if (*retry_after_s > 0) {
    result = LT_STAFF_LOCKED_OUT;
  } else {
    person = find_staff (store, secret, method, credential, &error);
    if (error != NULL)
      goto fail;
    result = person != NULL ? LT_STAFF_OK : LT_STAFF_UNKNOWN;
    /* A guard's own sign-in clears nothing: failures decay with time. */
    if (result != LT_STAFF_OK && !lt_lockout_fail (store, &policy, key, now, &brute_force, &error))
      goto fail;
  }

  if (!record (store, config, method, result, person, time_us, brute_force, &error) || !lt_store_commit (store, &error))
    goto fail;
  *staff = g_steal_pointer (&person);
  return result;

fail:
  g_warning ("Staff sign-in failed: %s", error ? error->message : "unknown error");
  lt_store_rollback (store);
  *retry_after_s = 0;
  return LT_STAFF_ERROR;
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
  g_return_val_if_fail (LT_IS_STORE (store), LT_STAFF_ERROR);
  g_return_val_if_fail (config != NULL, LT_STAFF_ERROR);
  g_return_val_if_fail (secret != NULL, LT_STAFF_ERROR);
  g_return_val_if_fail (staff != NULL, LT_STAFF_ERROR);
  g_return_val_if_fail (retry_after_s != NULL, LT_STAFF_ERROR);

  return lt_staff_identify_at (store, config, secret, method, credential, reader, 0, staff, retry_after_s);
}
