/* lt-lockout.h: how wrong tries lock a unit, a reader or the staff sign-in
 *
 * One policy for every rule: the arithmetic lives here, the counters in
 * the store (table lockouts), and each caller names only what it locks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-config.h"
#include "lt-method.h"
#include "lt-store.h"

G_BEGIN_DECLS

typedef enum {
  LT_LOCKOUT_UNIT,              /* wrong PINs for one unit, at any reader */
  LT_LOCKOUT_READER,            /* refusals at one reader of one door */
  LT_LOCKOUT_STAFF,             /* refused staff sign-ins at one reader */
} LtLockoutScope;

typedef struct {
  guint threshold;              /* failures that start the first lockout */
  guint base_seconds;           /* the first lockout; each next one doubles */
  guint max_seconds;            /* the cap */
  guint forget_seconds;         /* quiet time after which the counters are forgotten */
} LtLockoutPolicy;

/* The Staff entry's own policy: 5 failures lock it for 5 minutes, each
 * further failure for twice as long, up to an hour. */
#define LT_STAFF_LOCKOUT_FAILURES 5
#define LT_STAFF_LOCKOUT_SECONDS 300
#define LT_STAFF_LOCKOUT_MAX_SECONDS 3600

void     lt_lockout_policy_init   (LtLockoutPolicy       *policy,
                                   const LtConfig        *config,
                                   LtLockoutScope         scope);
char    *lt_lockout_key           (LtLockoutScope         scope,
                                   const char            *door,
                                   const char            *name);
char    *lt_lockout_reader_key    (const char            *door,
                                   const char            *reader,
                                   LtMethod               method);

/* The arithmetic alone, on a counter in memory. */
guint    lt_lockout_remaining     (const LtLockout       *lockout,
                                   gint64                 now_us);
gboolean lt_lockout_add_failure   (LtLockout             *lockout,
                                   const LtLockoutPolicy *policy,
                                   gint64                 now_us);
void     lt_lockout_outlook       (const LtLockout       *lockout,
                                   const LtLockoutPolicy *policy,
                                   gint64                 now_us,
                                   guint                 *tries_left,
                                   guint                 *wait_s);

/* The same on the store's counters, inside the caller's transaction. */
gboolean lt_lockout_check         (LtStore               *store,
                                   const char            *key,
                                   gint64                 now_us,
                                   guint                 *retry_after_s,
                                   GError               **error);
gboolean lt_lockout_fail          (LtStore               *store,
                                   const LtLockoutPolicy *policy,
                                   const char            *key,
                                   gint64                 now_us,
                                   gboolean              *first_lockout,
                                   GError               **error);
gboolean lt_lockout_outlook_at    (LtStore               *store,
                                   const LtLockoutPolicy *policy,
                                   const char            *key,
                                   gint64                 now_us,
                                   guint                 *tries_left,
                                   guint                 *wait_s,
                                   GError               **error);
gboolean lt_lockout_clear         (LtStore               *store,
                                   const char            *key,
                                   GError               **error);

G_END_DECLS
