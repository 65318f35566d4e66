/* lt-pass-token.h: the signed token of a visitor pass, and its keys in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_PASS_ERROR (lt_pass_error_quark ())
GQuark lt_pass_error_quark (void);

typedef enum {
  LT_PASS_ERROR_MISSING,
  LT_PASS_ERROR_EXISTS,
  LT_PASS_ERROR_INVALID,
  LT_PASS_ERROR_IO,
  LT_PASS_ERROR_CRYPTO,
} LtPassError;

#define LT_PASS_KEY_FILE "site.key"
#define LT_PASS_PUBLIC_KEY_FILE "site.pub"
#define LT_PASS_SEED_BYTES 32
#define LT_PASS_PUBLIC_KEY_BYTES 32

#define LT_PASS_VERSION 1
#define LT_PASS_PREFIX "LT1:"
#define LT_PASS_UNIT_MAX_BYTES 16
#define LT_PASS_MAX_USES 255
/* The longest token text: prefix + base32 of (21 + 16 + 64) bytes. */
#define LT_PASS_TOKEN_MAX_CHARS 166

typedef struct _LtPassKey LtPassKey;

/* What a token says, once its signature is checked. */
typedef struct {
  guint8  version;
  guint32 id;
  guint16 site_id;
  gint64  valid_from_us;
  gint64  valid_until_us;
  guint   max_uses;                            /* 0: unlimited within the window */
  guint32 guard_id;                            /* 0: nobody in particular */
  char    unit[LT_PASS_UNIT_MAX_BYTES + 1];
} LtPassToken;

typedef enum {
  LT_PASS_PARSE_OK,
  LT_PASS_PARSE_MALFORMED,
  LT_PASS_PARSE_BAD_SIGNATURE,
} LtPassParse;

LtPassKey  *lt_pass_key_new_from_seed (const guint8     seed[LT_PASS_SEED_BYTES]);
LtPassKey  *lt_pass_key_new_random   (void);
LtPassKey  *lt_pass_key_dup_public   (const LtPassKey   *key);
gboolean    lt_pass_key_can_sign     (const LtPassKey   *key);
void        lt_pass_key_free         (LtPassKey         *key);

char       *lt_pass_token_encode     (const LtPassToken *token,
                                      const LtPassKey   *key,
                                      GError           **error);
LtPassParse lt_pass_token_parse      (const guint8      *data,
                                      gsize              length,
                                      const LtPassKey   *key,
                                      LtPassToken       *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtPassKey, lt_pass_key_free)

G_END_DECLS
