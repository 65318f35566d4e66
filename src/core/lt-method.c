/* lt-method.c: the ways a person can present themselves at a door
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-method"

#include "lt-method.h"

/* These strings are written to the event log and config files: never
 * rename one, only add. */
static const char *const method_names[LT_N_METHODS] = {
  [LT_METHOD_PIN] = "pin",
  [LT_METHOD_CARD] = "card",
  [LT_METHOD_QR] = "qr",
  [LT_METHOD_FACE] = "face",
  [LT_METHOD_EXIT] = "exit",
  [LT_METHOD_REMOTE] = "remote",
  [LT_METHOD_ADMIN] = "admin",
};

const char *
lt_method_to_string (LtMethod method)
{
  g_return_val_if_fail (method < LT_N_METHODS, "unknown");

  return method_names[method];
}

gboolean
lt_method_from_string (const char *text,
                       LtMethod   *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < LT_N_METHODS; i++) {
    if (g_strcmp0 (text, method_names[i]) == 0) {
      *out = (LtMethod)i;
      return TRUE;
    }
  }
  return FALSE;
}
