/* lt-secret.h: the device secret and the keyed hashes made with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_SECRET_ERROR (lt_secret_error_quark ())
GQuark lt_secret_error_quark (void);

typedef enum {
  LT_SECRET_ERROR_MISSING,
  LT_SECRET_ERROR_EXISTS,
  LT_SECRET_ERROR_INVALID,
  LT_SECRET_ERROR_IO,
  LT_SECRET_ERROR_CRYPTO,
  LT_SECRET_ERROR_UNSAFE,       /* not a regular file, or open to other users */
} LtSecretError;

#define LT_SECRET_BYTES 32
#define LT_HASH_BYTES 32
#define LT_SECRET_FILE "device.key"

typedef struct _LtSecret LtSecret;

gboolean  lt_crypto_init     (GError     **error);
gboolean  lt_secret_create   (const char  *key_dir,
                              GError     **error);
LtSecret *lt_secret_load     (const char  *key_dir,
                              GError     **error);
LtSecret *lt_secret_new_random (void);
void      lt_secret_free     (LtSecret    *secret);
void      lt_secret_hash     (const LtSecret *secret,
                              const char     *domain,
                              gint64          subject,
                              const char     *data,
                              guint8          out[LT_HASH_BYTES]);
/* A subkey for one purpose (crypto_kdf): @context is exactly 8 characters
 * naming it, so that no two uses ever share a key. */
void      lt_secret_derive   (const LtSecret *secret,
                              const char     *context,
                              guint8         *out,
                              gsize           out_len);
gboolean  lt_hash_equal      (const guint8 *a,
                              const guint8 *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtSecret, lt_secret_free)

/* Opens a key file for reading without ever blocking (a FIFO or a device
 * is refused, not waited on): it must be a regular file, not readable by
 * group or others when private, not writable by them when public. */
int       lt_key_file_open   (const char  *path,
                              gboolean     private_key,
                              GError     **error);

G_END_DECLS
