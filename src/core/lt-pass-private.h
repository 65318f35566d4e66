/* lt-pass-private.h: the pass key's insides, shared by lt-pass*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sodium.h>

#include "lt-pass.h"

G_BEGIN_DECLS

struct _LtPassKey {
  gboolean has_secret;
  guint8   public_key[crypto_sign_PUBLICKEYBYTES];
  guint8   secret_key[crypto_sign_SECRETKEYBYTES];
};

LtPassKey *lt_pass_key_alloc   (void);
gboolean   lt_pass_unit_valid  (const char *unit,
                                gsize       length);

G_END_DECLS
