/* lt-lockout.c: how wrong tries lock a unit, a reader or the staff sign-in
 *
 * `threshold` failures lock for `base_seconds`, the next `threshold` for
 * twice that, then four times …, capped at `max_seconds`. The level is
 * kept after a lockout ends and only a success resets it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-lockout"

#include "lt-lockout.h"

void
lt_lockout_policy_init (LtLockoutPolicy *policy,
                        const LtConfig  *config,
                        LtLockoutScope   scope)
{
  g_return_if_fail (policy != NULL);
  g_return_if_fail (config != NULL);
  g_return_if_fail (scope <= LT_LOCKOUT_STAFF);

  policy->threshold = scope == LT_LOCKOUT_READER ? config->reader_lockout_failures : config->lockout_failures;
  policy->base_seconds = config->lockout_seconds;
  policy->max_seconds = config->lockout_max_seconds;
}

/* The row a counter is kept in: "unit:UNIT", "reader:DOOR/READER",
 * "staff:READER". A NULL reader is the door's default one. */
char *
lt_lockout_key (LtLockoutScope scope,
                const char    *door,
                const char    *name)
{
  g_return_val_if_fail (scope <= LT_LOCKOUT_STAFF, NULL);

  switch (scope) {
  case LT_LOCKOUT_UNIT:
    g_return_val_if_fail (name != NULL, NULL);
    return g_strdup_printf ("unit:%s", name);
  case LT_LOCKOUT_READER:
    g_return_val_if_fail (door != NULL, NULL);
    return g_strdup_printf ("reader:%s/%s", door, name ? name : "default");
  case LT_LOCKOUT_STAFF:
  default:
    return g_strdup_printf ("staff:%s", name ? name : "default");
  }
}

/* Whole seconds still to wait, rounded up; 0 if not locked. */
guint
lt_lockout_remaining (const LtLockout *lockout,
                      gint64           now_us)
{
  g_return_val_if_fail (lockout != NULL, 0);

  if (lockout->locked_until_us <= now_us)
    return 0;
  return (guint) ((lockout->locked_until_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

void
lt_lockout_add_failure (LtLockout             *lockout,
                        const LtLockoutPolicy *policy,
                        gint64                 now_us)
{
  guint64 seconds;

  g_return_if_fail (lockout != NULL);
  g_return_if_fail (policy != NULL);

  if (++lockout->failures < policy->threshold)
    return;
  seconds = MIN ((guint64) policy->base_seconds << MIN (lockout->level, 20u), policy->max_seconds);
  lockout->level++;
  lockout->failures = 0;
  lockout->locked_until_us = now_us + (gint64) seconds * G_USEC_PER_SEC;
}

gboolean
lt_lockout_check (LtStore    *store,
                  const char *key,
                  gint64      now_us,
                  guint      *retry_after_s,
                  GError    **error)
{
  LtLockout lockout;

  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (retry_after_s != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *retry_after_s = 0;
  if (!lt_store_get_lockout (store, key, &lockout, error))
    return FALSE;
  *retry_after_s = lt_lockout_remaining (&lockout, now_us);
  return TRUE;
}

gboolean
lt_lockout_fail (LtStore               *store,
                 const LtLockoutPolicy *policy,
                 const char            *key,
                 gint64                 now_us,
                 GError               **error)
{
  LtLockout lockout;

  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lt_store_get_lockout (store, key, &lockout, error))
    return FALSE;
  lt_lockout_add_failure (&lockout, policy, now_us);
  return lt_store_set_lockout (store, key, &lockout, error);
}

gboolean
lt_lockout_clear (LtStore    *store,
                  const char *key,
                  GError    **error)
{
  static const LtLockout cleared = { 0 };

  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return lt_store_set_lockout (store, key, &cleared, error);
}
