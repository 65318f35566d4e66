/* lt-pass-keys.c: the site's pass signing key and its public half on disk
 *
 * site.key (the Ed25519 seed, 0600) stays on the terminal that issues
 * passes; site.pub goes to every terminal that checks them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-pass"

#include "lt-pass-private.h"
#include "lt-secret.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

gboolean
lt_pass_key_exists (const char *key_dir)
{
  g_return_val_if_fail (key_dir != NULL, FALSE);

  g_autofree char *path = g_build_filename (key_dir, LT_PASS_KEY_FILE, NULL);
  g_autofree char *public_path = g_build_filename (key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (public_path, G_FILE_TEST_EXISTS);
}

/* Writes a new file next to its place and links it in: never a short key,
 * and never a key replaced, even by two racing commands. */
static gboolean
write_new_file (const char   *path,
                const guint8 *data,
                gsize         length,
                int           mode,
                GError      **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.%d.tmp", path, (int)getpid ());
  ssize_t          written;
  int              fd;

  fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    int saved = errno;
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_IO,
                 _ ("Cannot write the key file %s: %s"), tmp, g_strerror (saved));
    return FALSE;
  }
  written = write (fd, data, length);
  if (written != (ssize_t)length || fchmod (fd, mode) != 0 || fsync (fd) != 0) {
    int saved = errno;
    close (fd);
    g_unlink (tmp);
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_IO,
                 _ ("Cannot write the key file %s: %s"), tmp, g_strerror (saved));
    return FALSE;
  }
  close (fd);
  if (link (tmp, path) != 0) {
    int saved = errno;
    g_unlink (tmp);
    g_set_error (error, LT_PASS_ERROR, saved == EEXIST ? LT_PASS_ERROR_EXISTS : LT_PASS_ERROR_IO,
                 _ ("Cannot install the key file %s: %s"), path, g_strerror (saved));
    return FALSE;
  }
  g_unlink (tmp);
  return TRUE;
}

gboolean
lt_pass_key_create (const char *key_dir,
                    GError    **error)
{
  g_return_val_if_fail (key_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *path = g_build_filename (key_dir, LT_PASS_KEY_FILE, NULL);
  g_autofree char *public_path = g_build_filename (key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autoptr (LtPassKey) key = NULL;
  guint8   seed[LT_PASS_SEED_BYTES];
  gboolean ok;

  if (!lt_crypto_init (error))
    return FALSE;
  if (g_file_test (path, G_FILE_TEST_EXISTS)) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_EXISTS,
                 _ ("A pass signing key already exists at %s; it was left untouched (replacing it would invalidate every pass issued with it)"),
                 path);
    return FALSE;
  }
  if (g_file_test (public_path, G_FILE_TEST_EXISTS)) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_EXISTS,
                 _ ("A site public key already exists at %s, so this terminal checks the passes of another terminal's key; remove it first only if this terminal is to issue passes of a new site key"),
                 public_path);
    return FALSE;
  }
  if (g_mkdir_with_parents (key_dir, 0700) != 0) {
    int saved = errno;
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_IO,
                 _ ("Cannot create the key directory %s: %s"), key_dir, g_strerror (saved));
    return FALSE;
  }

  randombytes_buf (seed, sizeof seed);
  key = lt_pass_key_new_from_seed (seed);
  ok = write_new_file (path, seed, sizeof seed, 0600, error);
  sodium_memzero (seed, sizeof seed);
  if (!ok)
    return FALSE;
  if (!write_new_file (public_path, key->public_key, sizeof key->public_key, 0644, error)) {
    /* No signing key without its public half: the next attempt starts clean. */
    g_unlink (path);
    return FALSE;
  }
  return TRUE;
}

static gboolean
read_key_file (const char *path,
               guint8     *out,
               gsize       length,
               gboolean    secret,
               GError    **error)
{
  struct stat st;
  ssize_t     got;
  int         fd;

  g_autoptr (GError) unsafe = NULL;

  fd = lt_key_file_open (path, secret, &unsafe);
  if (fd < 0) {
    int saved = errno;
    if (unsafe != NULL) {
      g_set_error_literal (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID, unsafe->message);
      return FALSE;
    }
    if (saved == ENOENT)
      g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_MISSING,
                   secret ? _ ("The pass signing key %s is missing; run 'lintelctl pass keygen' on the terminal that issues passes, or fix [store] key-dir in the configuration")
                          : _ ("The site public key %s is missing; copy site.pub from the terminal that issues passes (or run 'lintelctl pass keygen' there), or fix [store] key-dir in the configuration"),
                   path);
    else
      g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_IO,
                   _ ("Cannot read the key file %s: %s"), path, g_strerror (saved));
    return FALSE;
  }
  if (fstat (fd, &st) != 0 || st.st_size != (off_t)length) {
    close (fd);
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("The key file %s is damaged (it must be exactly %u bytes); restore it from a backup"),
                 path, (guint)length);
    return FALSE;
  }
  got = read (fd, out, length);
  close (fd);
  if (got != (ssize_t)length) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_IO, _ ("Cannot read the key file %s"), path);
    return FALSE;
  }
  return TRUE;
}

/* The signing key, for issuing; the public key file, when present, must
 * be its other half. */
LtPassKey *
lt_pass_key_load (const char *key_dir,
                  GError    **error)
{
  g_return_val_if_fail (key_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autofree char *path = g_build_filename (key_dir, LT_PASS_KEY_FILE, NULL);
  g_autofree char *public_path = g_build_filename (key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autoptr (LtPassKey) key = NULL;
  guint8 seed[LT_PASS_SEED_BYTES];
  guint8 public_key[LT_PASS_PUBLIC_KEY_BYTES];

  if (!lt_crypto_init (error))
    return NULL;
  if (!read_key_file (path, seed, sizeof seed, TRUE, error)) {
    sodium_memzero (seed, sizeof seed);
    return NULL;
  }
  key = lt_pass_key_new_from_seed (seed);
  sodium_memzero (seed, sizeof seed);

  if (g_file_test (public_path, G_FILE_TEST_EXISTS)) {
    if (!read_key_file (public_path, public_key, sizeof public_key, FALSE, error))
      return NULL;
    if (sodium_memcmp (public_key, key->public_key, sizeof public_key) != 0) {
      g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                   _ ("The site public key %s does not belong to the signing key %s; restore both from the same backup"),
                   public_path, path);
      return NULL;
    }
  }
  return g_steal_pointer (&key);
}

/* All a verifying terminal needs. */
LtPassKey *
lt_pass_key_load_public (const char *key_dir,
                         GError    **error)
{
  g_return_val_if_fail (key_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autofree char *public_path = g_build_filename (key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autoptr (LtPassKey) key = NULL;

  if (!lt_crypto_init (error))
    return NULL;
  key = lt_pass_key_alloc ();
  if (!read_key_file (public_path, key->public_key, sizeof key->public_key, FALSE, error))
    return NULL;
  return g_steal_pointer (&key);
}
