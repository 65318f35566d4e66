/* lt-method.h: the ways a person can present themselves at a door
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LT_METHOD_PIN,
  LT_METHOD_CARD,
  LT_METHOD_QR,
  LT_METHOD_FACE,
  LT_N_ENTRY_METHODS,
  /* Not entry credentials: they never go through the method list of a door. */
  LT_METHOD_EXIT = LT_N_ENTRY_METHODS,
  LT_METHOD_REMOTE,
  LT_METHOD_ADMIN,
  LT_N_METHODS,
} LtMethod;

#define LT_METHOD_BIT(m) (1u << (m))

const char *lt_method_to_string   (LtMethod    method);
gboolean    lt_method_from_string (const char *text,
                                   LtMethod   *out);

G_END_DECLS
