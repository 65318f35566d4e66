/* lt-lockout.c: how wrong tries lock a unit, a reader or the staff sign-in
 *
 * `threshold` failures lock for `base_seconds`; after that, while the
 * counters stand, every further failure locks again for twice as long as
 * the last time, capped at `max_seconds`. The counters decay only with
 * time: `forget_seconds` without a failure forget them. Nobody's success
 * resets a reader's or the staff entry's count (an attacker would show
 * their own card between guesses); only a unit's own PIN clears the
 * unit's.
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
  policy->forget_seconds = MAX (config->lockout_forget_seconds, config->lockout_max_seconds);
  if (scope == LT_LOCKOUT_STAFF) {
    policy->threshold = LT_STAFF_LOCKOUT_FAILURES;
    policy->base_seconds = LT_STAFF_LOCKOUT_SECONDS;
    policy->max_seconds = LT_STAFF_LOCKOUT_MAX_SECONDS;
    policy->forget_seconds = MAX (config->lockout_forget_seconds, LT_STAFF_LOCKOUT_MAX_SECONDS);
  }
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

/* One method at one reader: "reader:DOOR/READER/METHOD". A locked card
 * reader leaves the same reader's keypad and QR scanner working. */
char *
lt_lockout_reader_key (const char *door,
                       const char *reader,
                       LtMethod    method)
{
  g_return_val_if_fail (door != NULL, NULL);

  return g_strdup_printf ("reader:%s/%s/%s", door, reader ? reader : "default", lt_method_to_string (method));
}

/* Whole seconds still to wait, rounded up; 0 if not locked. */
guint
lt_lockout_remaining (const LtLockout *lockout,
                      gint64           now_us)
{
  g_return_val_if_fail (lockout != NULL, 0);

  if (lockout->locked_until_us <= now_us)
    return 0;
  return (guint)((lockout->locked_until_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/* TRUE when this failure started the first lockout of a series: the
 * moment to raise an alarm. */
gboolean
lt_lockout_add_failure (LtLockout             *lockout,
                        const LtLockoutPolicy *policy,
                        gint64                 now_us)
{
  guint64 seconds;

  g_return_val_if_fail (lockout != NULL, FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  if (lockout->last_failure_us != 0 && lockout->locked_until_us <= now_us && now_us - lockout->last_failure_us >= (gint64)policy->forget_seconds * G_USEC_PER_SEC) {
    lockout->failures = 0;
    lockout->level = 0;
  }
  lockout->last_failure_us = now_us;
  lockout->failures = MIN (lockout->failures + 1, (guint)G_MAXINT);
  if (lockout->level == 0 && lockout->failures < policy->threshold)
    return FALSE;
  seconds = MIN ((guint64)policy->base_seconds << MIN (lockout->level, 20u), policy->max_seconds);
  lockout->level = MIN (lockout->level + 1, 1000u);
  lockout->locked_until_us = now_us + (gint64)seconds * G_USEC_PER_SEC;
  return lockout->level == 1;
}

/* What a person may be told: while locked, no tries and the wait left;
 * otherwise how many more failures the counter takes before it locks
 * (the last of them locks), and how long that lockout will be. After a
 * first lockout, while the counters stand, the next failure locks again. */
void
lt_lockout_outlook (const LtLockout       *lockout,
                    const LtLockoutPolicy *policy,
                    gint64                 now_us,
                    guint                 *tries_left,
                    guint                 *wait_s)
{
  guint remaining;

  g_return_if_fail (lockout != NULL);
  g_return_if_fail (policy != NULL);
  g_return_if_fail (tries_left != NULL && wait_s != NULL);

  remaining = lt_lockout_remaining (lockout, now_us);
  if (remaining > 0) {
    *tries_left = 0;
    *wait_s = remaining;
  } else if (lockout->last_failure_us == 0 || now_us - lockout->last_failure_us >= (gint64)policy->forget_seconds * G_USEC_PER_SEC) {
    *tries_left = MAX (policy->threshold, 1u);
    *wait_s = policy->base_seconds;
  } else {
    *tries_left = lockout->level > 0 || lockout->failures >= policy->threshold ? 1 : policy->threshold - lockout->failures;
    *wait_s = (guint)MIN ((guint64)policy->base_seconds << MIN (lockout->level, 20u), policy->max_seconds);
  }
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
                 gboolean              *first_lockout,
                 GError               **error)
{
  LtLockout lockout;
  gboolean  first;

  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lt_store_get_lockout (store, key, &lockout, error))
    return FALSE;
  first = lt_lockout_add_failure (&lockout, policy, now_us);
  if (first_lockout != NULL)
    *first_lockout = first;
  return lt_store_set_lockout (store, key, &lockout, error);
}

gboolean
lt_lockout_outlook_at (LtStore               *store,
                       const LtLockoutPolicy *policy,
                       const char            *key,
                       gint64                 now_us,
                       guint                 *tries_left,
                       guint                 *wait_s,
                       GError               **error)
{
  LtLockout lockout;

  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (tries_left != NULL && wait_s != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lt_store_get_lockout (store, key, &lockout, error))
    return FALSE;
  lt_lockout_outlook (&lockout, policy, now_us, tries_left, wait_s);
  return TRUE;
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
