/* lt-pass.c: signed visitor passes, their keys and their rows in the store
 *
 * A pass is a token signed with the site's Ed25519 key, so that any
 * terminal of the compound can check it with the public key alone, offline.
 * The token is small enough for a QR code of version 7 at level M:
 *
 *   byte  0      version (1)
 *         1-4    pass id, u32 big-endian, never 0
 *         5-6    site id, u16
 *         7-10   valid from, u32 seconds since 1970-01-01 UTC
 *         11-14  valid until (exclusive), u32 seconds
 *         15     maximum uses, 0: unlimited within the window
 *         16-19  id of the issuing guard, u32, 0: nobody in particular
 *         20     length of the unit, 1-16
 *         21-    the unit, UTF-8
 *         then   64-byte Ed25519 signature of everything before it
 *
 * written as "LT1:" and RFC 4648 base32 without padding: every character is
 * in the QR alphanumeric set. At most 101 bytes, 166 characters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-pass"

#include "lt-pass.h"
#include "lt-secret.h"
#include "lt-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (lt-pass-error-quark, lt_pass_error)

#define HEADER_BYTES 21
#define SIGNATURE_BYTES crypto_sign_BYTES
#define TOKEN_MAX_BYTES (HEADER_BYTES + LT_PASS_UNIT_MAX_BYTES + SIGNATURE_BYTES)
#define PREFIX_CHARS (sizeof LT_PASS_PREFIX - 1)

G_STATIC_ASSERT (SIGNATURE_BYTES == 64);
G_STATIC_ASSERT (LT_PASS_TOKEN_MAX_CHARS == PREFIX_CHARS + (TOKEN_MAX_BYTES * 8 + 4) / 5);

struct _LtPassKey {
  gboolean has_secret;
  guint8   public_key[crypto_sign_PUBLICKEYBYTES];
  guint8   secret_key[crypto_sign_SECRETKEYBYTES];
};

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* ---- keys ---------------------------------------------------------------- */

static LtPassKey *
key_alloc (void)
{
  /* Guarded, mlock()ed pages that are wiped on free, like the device secret. */
  LtPassKey *key = sodium_malloc (sizeof (LtPassKey));

  if (key == NULL)
    g_error ("out of memory for the pass signing key");
  memset (key, 0, sizeof *key);
  return key;
}

void
lt_pass_key_free (LtPassKey *key)
{
  if (key != NULL)
    sodium_free (key);
}

LtPassKey *
lt_pass_key_new_from_seed (const guint8 seed[LT_PASS_SEED_BYTES])
{
  LtPassKey *key;

  g_assert (sodium_init () >= 0);
  key = key_alloc ();
  crypto_sign_seed_keypair (key->public_key, key->secret_key, seed);
  key->has_secret = TRUE;
  return key;
}

LtPassKey *
lt_pass_key_new_random (void)
{
  guint8 seed[LT_PASS_SEED_BYTES];
  LtPassKey *key;

  g_assert (sodium_init () >= 0);
  randombytes_buf (seed, sizeof seed);
  key = lt_pass_key_new_from_seed (seed);
  sodium_memzero (seed, sizeof seed);
  return key;
}

LtPassKey *
lt_pass_key_dup_public (const LtPassKey *key)
{
  LtPassKey *copy = key_alloc ();

  memcpy (copy->public_key, key->public_key, sizeof copy->public_key);
  return copy;
}

gboolean
lt_pass_key_can_sign (const LtPassKey *key)
{
  return key != NULL && key->has_secret;
}

gboolean
lt_pass_key_exists (const char *key_dir)
{
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
  g_autofree char *tmp = g_strdup_printf ("%s.%d.tmp", path, (int) getpid ());
  ssize_t written;
  int fd;

  fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    int saved = errno;
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_IO,
                 _("Cannot write the key file %s: %s"), tmp, g_strerror (saved));
    return FALSE;
  }
  written = write (fd, data, length);
  if (written != (ssize_t) length || fchmod (fd, mode) != 0 || fsync (fd) != 0) {
    int saved = errno;
    close (fd);
    g_unlink (tmp);
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_IO,
                 _("Cannot write the key file %s: %s"), tmp, g_strerror (saved));
    return FALSE;
  }
  close (fd);
  if (link (tmp, path) != 0) {
    int saved = errno;
    g_unlink (tmp);
    g_set_error (error, LT_PASS_ERROR, saved == EEXIST ? LT_PASS_ERROR_EXISTS : LT_PASS_ERROR_IO,
                 _("Cannot install the key file %s: %s"), path, g_strerror (saved));
    return FALSE;
  }
  g_unlink (tmp);
  return TRUE;
}

gboolean
lt_pass_key_create (const char *key_dir,
                    GError    **error)
{
  g_autofree char *path = g_build_filename (key_dir, LT_PASS_KEY_FILE, NULL);
  g_autofree char *public_path = g_build_filename (key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autoptr(LtPassKey) key = NULL;
  guint8 seed[LT_PASS_SEED_BYTES];
  gboolean ok;

  if (!lt_crypto_init (error))
    return FALSE;
  if (g_file_test (path, G_FILE_TEST_EXISTS)) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_EXISTS,
                 _("A pass signing key already exists at %s; it was left untouched (replacing it would invalidate every pass issued with it)"),
                 path);
    return FALSE;
  }
  if (g_file_test (public_path, G_FILE_TEST_EXISTS)) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_EXISTS,
                 _("A site public key already exists at %s, so this terminal checks the passes of another terminal's key; remove it first only if this terminal is to issue passes of a new site key"),
                 public_path);
    return FALSE;
  }
  if (g_mkdir_with_parents (key_dir, 0700) != 0) {
    int saved = errno;
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_IO,
                 _("Cannot create the key directory %s: %s"), key_dir, g_strerror (saved));
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
  ssize_t got;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) {
    int saved = errno;
    if (saved == ENOENT)
      g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_MISSING,
                   secret ? _("The pass signing key %s is missing; run 'lintelctl pass keygen' on the terminal that issues passes, or fix [store] key-dir in the configuration")
                          : _("The site public key %s is missing; copy site.pub from the terminal that issues passes (or run 'lintelctl pass keygen' there), or fix [store] key-dir in the configuration"),
                   path);
    else
      g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_IO,
                   _("Cannot read the key file %s: %s"), path, g_strerror (saved));
    return FALSE;
  }
  if (fstat (fd, &st) != 0 || st.st_size != (off_t) length) {
    close (fd);
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _("The key file %s is damaged (it must be exactly %u bytes); restore it from a backup"),
                 path, (guint) length);
    return FALSE;
  }
  if (secret && (st.st_mode & 0077) != 0)
    g_warning ("The pass signing key %s can be read by other users; run 'chmod 600 %s'", path, path);
  got = read (fd, out, length);
  close (fd);
  if (got != (ssize_t) length) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_IO, _("Cannot read the key file %s"), path);
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
  g_autofree char *path = g_build_filename (key_dir, LT_PASS_KEY_FILE, NULL);
  g_autofree char *public_path = g_build_filename (key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autoptr(LtPassKey) key = NULL;
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
                   _("The site public key %s does not belong to the signing key %s; restore both from the same backup"),
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
  g_autofree char *public_path = g_build_filename (key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autoptr(LtPassKey) key = NULL;

  if (!lt_crypto_init (error))
    return NULL;
  key = key_alloc ();
  if (!read_key_file (public_path, key->public_key, sizeof key->public_key, FALSE, error))
    return NULL;
  return g_steal_pointer (&key);
}

/* ---- tokens -------------------------------------------------------------- */

static void
put_u32 (guint8 *p,
         guint32 value)
{
  p[0] = (guint8) (value >> 24);
  p[1] = (guint8) (value >> 16);
  p[2] = (guint8) (value >> 8);
  p[3] = (guint8) value;
}

static guint32
get_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
base32_append (GString      *out,
               const guint8 *data,
               gsize         length)
{
  guint32 buffer = 0;
  guint bits = 0;

  for (gsize i = 0; i < length; i++) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      g_string_append_c (out, base32_alphabet[(buffer >> bits) & 31]);
    }
  }
  if (bits > 0)
    g_string_append_c (out, base32_alphabet[(buffer << (5 - bits)) & 31]);
}

/* Only the canonical form: no padding, no lower case, unused bits zero,
 * so that one pass has exactly one text. Returns the bytes decoded, or -1. */
static gssize
base32_decode (const guint8 *text,
               gsize         length,
               guint8       *out,
               gsize         out_size)
{
  guint32 buffer = 0;
  guint bits = 0;
  gsize n = 0;

  if ((length * 5) % 8 >= 5 || (length * 5) / 8 > out_size)
    return -1;
  for (gsize i = 0; i < length; i++) {
    guint8 c = text[i];
    guint value;

    if (c >= 'A' && c <= 'Z')
      value = (guint) (c - 'A');
    else if (c >= '2' && c <= '7')
      value = (guint) (c - '2') + 26;
    else
      return -1;
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (guint8) (buffer >> bits);
    }
  }
  if ((buffer & ((1u << bits) - 1)) != 0)
    return -1;
  return (gssize) n;
}

static gboolean
pass_unit_valid (const char *unit,
                 gsize       length)
{
  if (length < 1 || length > LT_PASS_UNIT_MAX_BYTES || !g_utf8_validate (unit, (gssize) length, NULL))
    return FALSE;
  for (const char *p = unit; p < unit + length; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
lt_pass_token_encode (const LtPassToken *token,
                      const LtPassKey   *key,
                      GError           **error)
{
  guint8 data[TOKEN_MAX_BYTES];
  gsize unit_length = strlen (token->unit);
  gint64 from_s = token->valid_from_us / G_USEC_PER_SEC;
  gint64 until_s = token->valid_until_us / G_USEC_PER_SEC;
  gsize n = HEADER_BYTES + unit_length;
  GString *out;

  if (!lt_pass_key_can_sign (key)) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_MISSING,
                 _("Issuing a pass needs the site's signing key, and only its public key is loaded; issue passes on the terminal that holds site.key"));
    return NULL;
  }
  if (!pass_unit_valid (token->unit, unit_length) || token->id == 0 ||
      from_s < 0 || until_s > G_MAXUINT32 || from_s >= until_s || token->max_uses > LT_PASS_MAX_USES) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _("The pass cannot be encoded: it needs a unit of 1 to %d bytes, a validity ending after it starts (between 1970 and 2106) and at most %d uses"),
                 LT_PASS_UNIT_MAX_BYTES, LT_PASS_MAX_USES);
    return NULL;
  }

  data[0] = LT_PASS_VERSION;
  put_u32 (data + 1, token->id);
  data[5] = (guint8) (token->site_id >> 8);
  data[6] = (guint8) token->site_id;
  put_u32 (data + 7, (guint32) from_s);
  put_u32 (data + 11, (guint32) until_s);
  data[15] = (guint8) token->max_uses;
  put_u32 (data + 16, token->guard_id);
  data[20] = (guint8) unit_length;
  memcpy (data + HEADER_BYTES, token->unit, unit_length);
  crypto_sign_detached (data + n, NULL, data, n, key->secret_key);

  out = g_string_new (LT_PASS_PREFIX);
  base32_append (out, data, n + SIGNATURE_BYTES);
  return g_string_free (out, FALSE);
}

/* Takes any bytes at all: what a camera or a person hands over. Nothing of
 * a token is believed before its signature is checked, and the shape is
 * checked before the signature only to find where the signature is. */
LtPassParse
lt_pass_token_parse (const guint8    *data,
                     gsize            length,
                     const LtPassKey *key,
                     LtPassToken     *out)
{
  guint8 bytes[TOKEN_MAX_BYTES];
  gssize decoded;
  gsize n, unit_length;
  guint32 from_s, until_s;

  memset (out, 0, sizeof *out);
  if (data == NULL || length <= PREFIX_CHARS || length > LT_PASS_TOKEN_MAX_CHARS ||
      memcmp (data, LT_PASS_PREFIX, PREFIX_CHARS) != 0)
    return LT_PASS_PARSE_MALFORMED;
  decoded = base32_decode (data + PREFIX_CHARS, length - PREFIX_CHARS, bytes, sizeof bytes);
  if (decoded < (gssize) (HEADER_BYTES + 1 + SIGNATURE_BYTES))
    return LT_PASS_PARSE_MALFORMED;
  n = (gsize) decoded - SIGNATURE_BYTES;
  unit_length = bytes[20];
  if (bytes[0] != LT_PASS_VERSION || unit_length != n - HEADER_BYTES)
    return LT_PASS_PARSE_MALFORMED;

  if (crypto_sign_verify_detached (bytes + n, bytes, n, key->public_key) != 0)
    return LT_PASS_PARSE_BAD_SIGNATURE;

  /* Signed, but still checked: a signed mistake is no pass either. */
  from_s = get_u32 (bytes + 7);
  until_s = get_u32 (bytes + 11);
  if (get_u32 (bytes + 1) == 0 || from_s >= until_s ||
      !pass_unit_valid ((const char *) bytes + HEADER_BYTES, unit_length))
    return LT_PASS_PARSE_MALFORMED;

  out->version = bytes[0];
  out->id = get_u32 (bytes + 1);
  out->site_id = (guint16) ((bytes[5] << 8) | bytes[6]);
  out->valid_from_us = (gint64) from_s * G_USEC_PER_SEC;
  out->valid_until_us = (gint64) until_s * G_USEC_PER_SEC;
  out->max_uses = bytes[15];
  out->guard_id = get_u32 (bytes + 16);
  memcpy (out->unit, bytes + HEADER_BYTES, unit_length);
  out->unit[unit_length] = '\0';
  return LT_PASS_PARSE_OK;
}

/* ---- the store ----------------------------------------------------------- */

static gboolean
pass_db_error (LtStore    *store,
               GError    **error,
               const char *what)
{
  g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
               _("Database error while %s in %s: %s"), what, lt_store_get_path (store),
               sqlite3_errmsg (lt_store_get_db (store)));
  return FALSE;
}

static gboolean
check_guard (LtStore *store,
             gint64   guard_id,
             GError **error)
{
  g_autoptr(LtPerson) person = NULL;

  if (guard_id == 0)
    return TRUE;
  if (guard_id < 0 || guard_id > G_MAXUINT32 ||
      (person = lt_store_get_person (store, guard_id, NULL)) == NULL || person->kind != LT_PERSON_GUARD) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _("%" PRId64 " is not the id of a guard; 'lintelctl staff list' shows the guards"),
                 guard_id);
    return FALSE;
  }
  return TRUE;
}

char *
lt_pass_issue (LtStore         *store,
               const LtPassKey *signing_key,
               guint16          site_id,
               const char      *unit,
               gint64           valid_from_us,
               gint64           valid_until_us,
               guint            max_uses,
               gint64           guard_id,
               const char      *visitor_name,
               gint64          *pass_id,
               GError         **error)
{
  LtPassToken token = { LT_PASS_VERSION };
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  int rc = SQLITE_CONSTRAINT_PRIMARYKEY;

  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  g_return_val_if_fail (unit != NULL, NULL);

  if (!lt_pass_key_can_sign (signing_key))
    return lt_pass_token_encode (&token, signing_key, error);
  if (!pass_unit_valid (unit, strlen (unit))) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _("“%s” cannot go on a pass: a unit on a pass is 1 to %d bytes of text"),
                 unit, LT_PASS_UNIT_MAX_BYTES);
    return NULL;
  }
  if (!lt_store_unit_exists (store, unit)) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _("Unit %s does not exist; add it first with 'lintelctl unit add %s'"), unit, unit);
    return NULL;
  }
  /* Whole seconds: the row must say exactly what the token says. */
  valid_from_us -= valid_from_us % G_USEC_PER_SEC;
  valid_until_us -= valid_until_us % G_USEC_PER_SEC;
  if (valid_from_us < 0 || valid_until_us / G_USEC_PER_SEC > G_MAXUINT32) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _("A pass must be valid between 1970 and 2106; check the dates"));
    return NULL;
  }
  if (valid_from_us >= valid_until_us) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _("A pass must end after it starts; check --valid-from and --valid-until"));
    return NULL;
  }
  if (max_uses > LT_PASS_MAX_USES) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _("A pass allows at most %d uses (0: unlimited within its validity), not %u"),
                 LT_PASS_MAX_USES, max_uses);
    return NULL;
  }
  if (!check_guard (store, guard_id, error) ||
      (visitor_name != NULL && !lt_name_valid (visitor_name, error)))
    return NULL;

  g_strlcpy (token.unit, unit, sizeof token.unit);
  token.site_id = site_id;
  token.valid_from_us = valid_from_us;
  token.valid_until_us = valid_until_us;
  token.max_uses = max_uses;
  token.guard_id = (guint32) guard_id;

  if (!lt_store_begin (store, error))
    return NULL;
  stmt = lt_store_prepare (store,
                           "INSERT INTO passes (id, unit, visitor_name, valid_from, valid_until, max_uses, uses,"
                           " issued_by, issued_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  /* Ids are random, so that terminals issuing on their own rarely meet. */
  for (guint attempt = 0; attempt < 16 && rc == SQLITE_CONSTRAINT_PRIMARYKEY; attempt++) {
    token.id = randombytes_uniform (G_MAXUINT32) + 1;
    sqlite3_reset (stmt);
    sqlite3_bind_int64 (stmt, 1, token.id);
    sqlite3_bind_text (stmt, 2, unit, -1, SQLITE_TRANSIENT);
    if (visitor_name != NULL)
      sqlite3_bind_text (stmt, 3, visitor_name, -1, SQLITE_TRANSIENT);
    else
      sqlite3_bind_null (stmt, 3);
    sqlite3_bind_int64 (stmt, 4, valid_from_us);
    sqlite3_bind_int64 (stmt, 5, valid_until_us);
    sqlite3_bind_int (stmt, 6, (int) max_uses);
    if (guard_id > 0)
      sqlite3_bind_int64 (stmt, 7, guard_id);
    else
      sqlite3_bind_null (stmt, 7);
    sqlite3_bind_int64 (stmt, 8, g_get_real_time ());
    rc = sqlite3_step (stmt);
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    pass_db_error (store, error, _("issuing a pass"));
    goto fail;
  }
  text = lt_pass_token_encode (&token, signing_key, error);
  if (text == NULL || !lt_store_commit (store, error))
    goto fail;
  if (pass_id != NULL)
    *pass_id = token.id;
  return g_steal_pointer (&text);

fail:
  lt_store_rollback (store);
  return NULL;
}

gboolean
lt_pass_revoke (LtStore *store,
                gint64   pass_id,
                gint64   time_us,
                GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (store,
                                         "UPDATE passes SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, time_us ? time_us : g_get_real_time ());
  sqlite3_bind_int64 (stmt, 2, pass_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pass_db_error (store, error, _("revoking a pass"));
  if (sqlite3_changes (lt_store_get_db (store)) == 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _("This terminal knows no pass %" PRId64 "; 'lintelctl pass list' shows the passes (one issued elsewhere is known here after its first use)"),
                 pass_id);
    return FALSE;
  }
  return TRUE;
}

/* Called inside the decision's transaction: the first use of a pass from
 * another terminal adds its row, and a use is counted only while one is
 * left, in one statement, so two doors cannot both take the last one. */
LtPassUse
lt_pass_use (LtStore           *store,
             const LtPassToken *token,
             GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean same, revoked;
  int rc;

  stmt = lt_store_prepare (store,
                           "INSERT OR IGNORE INTO passes (id, unit, valid_from, valid_until, max_uses, uses, issued_by)"
                           " VALUES (?, ?, ?, ?, ?, 0, ?)", error);
  if (stmt == NULL)
    return LT_PASS_USE_ERROR;
  sqlite3_bind_int64 (stmt, 1, token->id);
  sqlite3_bind_text (stmt, 2, token->unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, token->valid_from_us);
  sqlite3_bind_int64 (stmt, 4, token->valid_until_us);
  sqlite3_bind_int (stmt, 5, (int) token->max_uses);
  if (token->guard_id > 0)
    sqlite3_bind_int64 (stmt, 6, token->guard_id);
  else
    sqlite3_bind_null (stmt, 6);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    pass_db_error (store, error, _("recording a pass"));
    return LT_PASS_USE_ERROR;
  }

  stmt = lt_store_prepare (store,
                           "SELECT unit = ?2 AND valid_from = ?3 AND valid_until = ?4 AND max_uses = ?5"
                           " AND coalesce(issued_by, 0) = ?6, revoked_at IS NOT NULL FROM passes WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return LT_PASS_USE_ERROR;
  sqlite3_bind_int64 (stmt, 1, token->id);
  sqlite3_bind_text (stmt, 2, token->unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, token->valid_from_us);
  sqlite3_bind_int64 (stmt, 4, token->valid_until_us);
  sqlite3_bind_int (stmt, 5, (int) token->max_uses);
  sqlite3_bind_int64 (stmt, 6, token->guard_id);
  rc = sqlite3_step (stmt);
  same = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  revoked = rc == SQLITE_ROW && sqlite3_column_int (stmt, 1) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW) {
    pass_db_error (store, error, _("reading a pass"));
    return LT_PASS_USE_ERROR;
  }
  if (!same)
    return LT_PASS_USE_CONFLICT;
  if (revoked)
    return LT_PASS_USE_REVOKED;

  stmt = lt_store_prepare (store,
                           "UPDATE passes SET uses = uses + 1 WHERE id = ? AND (max_uses = 0 OR uses < max_uses)",
                           error);
  if (stmt == NULL)
    return LT_PASS_USE_ERROR;
  sqlite3_bind_int64 (stmt, 1, token->id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    pass_db_error (store, error, _("counting a pass's use"));
    return LT_PASS_USE_ERROR;
  }
  return sqlite3_changes (lt_store_get_db (store)) == 0 ? LT_PASS_USE_USED_UP : LT_PASS_USE_OK;
}

#define PASS_COLUMNS \
  "id, unit, visitor_name, valid_from, valid_until, max_uses, uses, issued_by, issued_at, revoked_at FROM passes"

static LtPass *
pass_from_row (sqlite3_stmt *stmt)
{
  LtPass *pass = g_new0 (LtPass, 1);

  pass->id = sqlite3_column_int64 (stmt, 0);
  pass->unit = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  pass->visitor_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  pass->valid_from_us = sqlite3_column_int64 (stmt, 3);
  pass->valid_until_us = sqlite3_column_int64 (stmt, 4);
  pass->max_uses = (guint) sqlite3_column_int (stmt, 5);
  pass->uses = (guint) sqlite3_column_int (stmt, 6);
  pass->issued_by = sqlite3_column_int64 (stmt, 7);
  pass->issued_at_us = sqlite3_column_int64 (stmt, 8);
  pass->revoked_at_us = sqlite3_column_int64 (stmt, 9);
  return pass;
}

LtPass *
lt_pass_get (LtStore *store,
             gint64   pass_id,
             GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (store, "SELECT " PASS_COLUMNS " WHERE id = ?", error);
  LtPass *pass = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pass_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    pass = pass_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _("This terminal knows no pass %" PRId64 "; 'lintelctl pass list' shows the passes"),
                 pass_id);
  else
    pass_db_error (store, error, _("reading a pass"));
  sqlite3_reset (stmt);
  return pass;
}

/* Active: not revoked, not over, a use left. */
GPtrArray *
lt_pass_list (LtStore *store,
              gboolean active_only,
              gint64   now_us,
              GError **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (store,
                                         "SELECT " PASS_COLUMNS
                                         " WHERE NOT ?1 OR (revoked_at IS NULL AND valid_until > ?2"
                                         "   AND (max_uses = 0 OR uses < max_uses))"
                                         " ORDER BY valid_from, id", error);
  g_autoptr(GPtrArray) passes = g_ptr_array_new_with_free_func ((GDestroyNotify) lt_pass_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, active_only);
  sqlite3_bind_int64 (stmt, 2, now_us ? now_us : g_get_real_time ());
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (passes, pass_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    pass_db_error (store, error, _("listing passes"));
    return NULL;
  }
  return g_steal_pointer (&passes);
}

void
lt_pass_free (LtPass *pass)
{
  if (pass == NULL)
    return;
  g_free (pass->unit);
  g_free (pass->visitor_name);
  g_free (pass);
}
