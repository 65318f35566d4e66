/* lt-secret.c: the device secret and the keyed hashes made with it
 *
 * PINs live in a space of 10^6 or so, so an unkeyed hash of one is
 * recovered by brute force in well under a second. Every PIN and card
 * identifier is therefore hashed with BLAKE2b keyed by a device secret that
 * is kept in its own file, outside the database: a stolen database alone
 * gives nothing away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-secret"

#include "lt-secret.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (lt - secret - error - quark, lt_secret_error)

struct _LtSecret {
  guint8 key[LT_SECRET_BYTES];
};

gboolean
lt_crypto_init (GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sodium_init () < 0) {
    g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_CRYPTO,
                 _ ("The cryptography library could not start; check that libsodium is installed correctly"));
    return FALSE;
  }
  return TRUE;
}

static LtSecret *
secret_alloc (void)
{
  /* sodium_malloc gives guarded, mlock()ed pages that are wiped on free. */
  LtSecret *secret = sodium_malloc (sizeof (LtSecret));

  if (secret == NULL)
    g_error ("out of memory for the device secret");
  return secret;
}

LtSecret *
lt_secret_new_random (void)
{
  LtSecret *secret;

  g_assert (sodium_init () >= 0);
  secret = secret_alloc ();
  randombytes_buf (secret->key, sizeof secret->key);
  return secret;
}

void
lt_secret_free (LtSecret *secret)
{
  if (secret != NULL)
    sodium_free (secret);
}

gboolean
lt_secret_create (const char *key_dir,
                  GError    **error)
{
  g_return_val_if_fail (key_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *path = g_build_filename (key_dir, LT_SECRET_FILE, NULL);
  g_autofree char *tmp = NULL;
  guint8           key[LT_SECRET_BYTES];
  ssize_t          written;
  int              fd;

  if (!lt_crypto_init (error))
    return FALSE;

  if (g_file_test (path, G_FILE_TEST_EXISTS)) {
    g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_EXISTS,
                 _ ("A device secret already exists at %s; it was left untouched (replacing it would make every stored PIN and card unusable)"),
                 path);
    return FALSE;
  }

  if (g_mkdir_with_parents (key_dir, 0700) != 0) {
    int saved = errno;
    g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_IO,
                 _ ("Cannot create the key directory %s: %s"), key_dir, g_strerror (saved));
    return FALSE;
  }

  /* Write to a temporary file and link it into place so that a crash never
   * leaves a short key behind, and so that two racing inits cannot both win. */
  tmp = g_strdup_printf ("%s.%d.tmp", path, (int)getpid ());
  fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int saved = errno;
    g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_IO,
                 _ ("Cannot write the device secret %s: %s"), tmp, g_strerror (saved));
    return FALSE;
  }
  randombytes_buf (key, sizeof key);
  written = write (fd, key, sizeof key);
  sodium_memzero (key, sizeof key);
  if (written != (ssize_t)sizeof key || fsync (fd) != 0) {
    int saved = errno;
    close (fd);
    g_unlink (tmp);
    g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_IO,
                 _ ("Cannot write the device secret %s: %s"), tmp, g_strerror (saved));
    return FALSE;
  }
  close (fd);

  if (link (tmp, path) != 0) {
    int saved = errno;
    g_unlink (tmp);
    g_set_error (error, LT_SECRET_ERROR,
                 saved == EEXIST ? LT_SECRET_ERROR_EXISTS : LT_SECRET_ERROR_IO,
                 _ ("Cannot install the device secret %s: %s"), path, g_strerror (saved));
    return FALSE;
  }
  g_unlink (tmp);
  return TRUE;
}

int
lt_key_file_open (const char *path,
                  gboolean    private_key,
                  GError    **error)
{
  struct stat st;
  int         fd, flags;

  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  /* O_NONBLOCK: opening a FIFO for reading must not wait for a writer. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    return -1; /* errno is the caller's to report */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)) {
    close (fd);
    g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_UNSAFE,
                 _ ("The key file %s is not a regular file; replace it with the real key file (restore it from a backup) and start again"),
                 path);
    return -1;
  }
  if (private_key && (st.st_mode & 0077) != 0) {
    close (fd);
    g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_UNSAFE,
                 _ ("The key file %s can be read or changed by other users; run 'chmod 600 %s' (and make it owned by the lintel user), then start again"),
                 path, path);
    return -1;
  }
  if (!private_key && (st.st_mode & 0022) != 0) {
    close (fd);
    g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_UNSAFE,
                 _ ("The key file %s can be changed by other users, who could then forge passes; run 'chmod 644 %s', then start again"),
                 path, path);
    return -1;
  }
  /* Back to blocking reads of a regular file. */
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

LtSecret *
lt_secret_load (const char *key_dir,
                GError    **error)
{
  g_return_val_if_fail (key_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autofree char *path = g_build_filename (key_dir, LT_SECRET_FILE, NULL);
  g_autoptr (LtSecret) secret = NULL;
  g_autoptr (GError) unsafe = NULL;
  struct stat st;
  ssize_t     got;
  int         fd;

  if (!lt_crypto_init (error))
    return NULL;

  fd = lt_key_file_open (path, TRUE, &unsafe);
  if (fd < 0) {
    int saved = errno;
    if (unsafe != NULL) {
      g_propagate_error (error, g_steal_pointer (&unsafe));
      return NULL;
    }
    if (saved == ENOENT)
      g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_MISSING,
                   _ ("The device secret %s is missing; run 'lintelctl init' to create it, or fix [store] key-dir in the configuration"),
                   path);
    else
      g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_IO,
                   _ ("Cannot read the device secret %s: %s"), path, g_strerror (saved));
    return NULL;
  }

  if (fstat (fd, &st) != 0 || st.st_size != LT_SECRET_BYTES) {
    close (fd);
    g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_INVALID,
                 _ ("The device secret %s is damaged (it must be exactly %d bytes); restore it from a backup"),
                 path, LT_SECRET_BYTES);
    return NULL;
  }

  secret = secret_alloc ();
  got = read (fd, secret->key, sizeof secret->key);
  close (fd);
  if (got != (ssize_t)sizeof secret->key) {
    g_set_error (error, LT_SECRET_ERROR, LT_SECRET_ERROR_IO,
                 _ ("Cannot read the device secret %s"), path);
    return NULL;
  }
  return g_steal_pointer (&secret);
}

/* The domain keeps a PIN hash from ever matching a card hash, and the
 * subject binds a PIN to its owner, so two residents with the same PIN have
 * different hashes and a copied row is useless for anyone else. */
void
lt_secret_hash (const LtSecret *secret,
                const char     *domain,
                gint64          subject,
                const char     *data,
                guint8          out[LT_HASH_BYTES])
{
  g_return_if_fail (secret != NULL);
  g_return_if_fail (domain != NULL);
  g_return_if_fail (data != NULL);
  g_return_if_fail (out != NULL);

  crypto_generichash_state state;
  guint64                  le_subject = GUINT64_TO_LE ((guint64)subject);

  crypto_generichash_init (&state, secret->key, sizeof secret->key, LT_HASH_BYTES);
  crypto_generichash_update (&state, (const guint8 *)domain, strlen (domain) + 1);
  crypto_generichash_update (&state, (const guint8 *)&le_subject, sizeof le_subject);
  crypto_generichash_update (&state, (const guint8 *)data, strlen (data));
  crypto_generichash_final (&state, out, LT_HASH_BYTES);
  sodium_memzero (&state, sizeof state);
}

void
lt_secret_derive (const LtSecret *secret,
                  const char     *context,
                  guint8         *out,
                  gsize           out_len)
{
  g_return_if_fail (secret != NULL);
  g_return_if_fail (context != NULL && strlen (context) == crypto_kdf_CONTEXTBYTES);
  g_return_if_fail (out != NULL);
  g_return_if_fail (out_len >= crypto_kdf_BYTES_MIN && out_len <= crypto_kdf_BYTES_MAX);

  crypto_kdf_derive_from_key (out, out_len, 1, context, secret->key);
}

gboolean
lt_hash_equal (const guint8 *a,
               const guint8 *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return sodium_memcmp (a, b, LT_HASH_BYTES) == 0;
}
