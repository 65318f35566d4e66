/* lt-pass-request.h: what is asked for when a visitor pass is issued
 *
 * On its own, with no store behind it, so that the views can fill one in
 * and hand it to the engine host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a guard or lintelctl asks for when issuing a pass. */
typedef struct {
  guint16     site_id;
  const char *unit;
  gint64      valid_from_us;
  gint64      valid_until_us;
  guint       max_uses;                        /* 0: unlimited within the window */
  gint64      guard_id;                        /* 0: nobody in particular */
  const char *visitor_name;                    /* NULL: not given */
  const char *phone_last4;                     /* the visitor's phone, last 4 digits; NULL: not given */
} LtPassRequest;

/* How long after a revocation it can be undone (lt_pass_restore()'s
 * window as the engine and the guard screen use it). */
#define LT_PASS_UNDO_SECONDS 5

/* TRUE for exactly four ASCII digits: how a guard names a visitor. */
static inline gboolean
lt_pass_phone_valid (const char *digits)
{
  if (digits == NULL)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;
  return digits[4] == '\0';
}

G_END_DECLS
