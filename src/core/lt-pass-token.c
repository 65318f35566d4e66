/* lt-pass-token.c: the signed token of a visitor pass, and the keys in memory that sign it
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
 * Pure: no file, no database. This is all that fuzz/fuzz-pass.c links.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-pass"

#include "lt-pass-private.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

G_DEFINE_QUARK (lt - pass - error - quark, lt_pass_error)

#define HEADER_BYTES    21
#define SIGNATURE_BYTES crypto_sign_BYTES
#define TOKEN_MAX_BYTES (HEADER_BYTES + LT_PASS_UNIT_MAX_BYTES + SIGNATURE_BYTES)
#define PREFIX_CHARS    (sizeof LT_PASS_PREFIX - 1)

G_STATIC_ASSERT (SIGNATURE_BYTES == 64);
G_STATIC_ASSERT (LT_PASS_TOKEN_MAX_CHARS == PREFIX_CHARS + (TOKEN_MAX_BYTES * 8 + 4) / 5);

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* ---- keys in memory ---------------------------------------------------------------- */

LtPassKey *
lt_pass_key_alloc (void)
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

  g_return_val_if_fail (seed != NULL, NULL);

  g_assert (sodium_init () >= 0);
  key = lt_pass_key_alloc ();
  crypto_sign_seed_keypair (key->public_key, key->secret_key, seed);
  key->has_secret = TRUE;
  return key;
}

LtPassKey *
lt_pass_key_new_random (void)
{
  guint8     seed[LT_PASS_SEED_BYTES];
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
  g_return_val_if_fail (key != NULL, NULL);

  LtPassKey *copy = lt_pass_key_alloc ();

  memcpy (copy->public_key, key->public_key, sizeof copy->public_key);
  return copy;
}

gboolean
lt_pass_key_can_sign (const LtPassKey *key)
{
  return key != NULL && key->has_secret;
}

/* ---- tokens -------------------------------------------------------------- */

static void
put_u32 (guint8 *p,
         guint32 value)
{
  p[0] = (guint8)(value >> 24);
  p[1] = (guint8)(value >> 16);
  p[2] = (guint8)(value >> 8);
  p[3] = (guint8)value;
}

static guint32
get_u32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static void
base32_append (GString      *out,
               const guint8 *data,
               gsize         length)
{
  guint32 buffer = 0;
  guint   bits = 0;

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
  guint   bits = 0;
  gsize   n = 0;

  if ((length * 5) % 8 >= 5 || (length * 5) / 8 > out_size)
    return -1;
  for (gsize i = 0; i < length; i++) {
    guint8 c = text[i];
    guint  value;

    if (c >= 'A' && c <= 'Z')
      value = (guint)(c - 'A');
    else if (c >= '2' && c <= '7')
      value = (guint)(c - '2') + 26;
    else
      return -1;
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (guint8)(buffer >> bits);
    }
  }
  if ((buffer & ((1u << bits) - 1)) != 0)
    return -1;
  return (gssize)n;
}

gboolean
lt_pass_unit_valid (const char *unit,
                    gsize       length)
{
  g_return_val_if_fail (unit != NULL, FALSE);

  if (length < 1 || length > LT_PASS_UNIT_MAX_BYTES || !g_utf8_validate (unit, (gssize)length, NULL))
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
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  guint8   data[TOKEN_MAX_BYTES];
  gsize    unit_length = strlen (token->unit);
  gint64   from_s = token->valid_from_us / G_USEC_PER_SEC;
  gint64   until_s = token->valid_until_us / G_USEC_PER_SEC;
  gsize    n = HEADER_BYTES + unit_length;
  GString *out;

  if (!lt_pass_key_can_sign (key)) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_MISSING,
                 _ ("Issuing a pass needs the site's signing key, and only its public key is loaded; issue passes on the terminal that holds site.key"));
    return NULL;
  }
  if (!lt_pass_unit_valid (token->unit, unit_length) || token->id == 0 || from_s < 0 || until_s > G_MAXUINT32 || from_s >= until_s || token->max_uses > LT_PASS_MAX_USES) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("The pass cannot be encoded: it needs a unit of 1 to %d bytes, a validity ending after it starts (between 1970 and 2106) and at most %d uses"),
                 LT_PASS_UNIT_MAX_BYTES, LT_PASS_MAX_USES);
    return NULL;
  }

  data[0] = LT_PASS_VERSION;
  put_u32 (data + 1, token->id);
  data[5] = (guint8)(token->site_id >> 8);
  data[6] = (guint8)token->site_id;
  put_u32 (data + 7, (guint32)from_s);
  put_u32 (data + 11, (guint32)until_s);
  data[15] = (guint8)token->max_uses;
  put_u32 (data + 16, token->guard_id);
  data[20] = (guint8)unit_length;
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

  g_return_val_if_fail (data != NULL || length == 0, LT_PASS_PARSE_MALFORMED);
  g_return_val_if_fail (key != NULL, LT_PASS_PARSE_MALFORMED);
  g_return_val_if_fail (out != NULL, LT_PASS_PARSE_MALFORMED);

  gsize   n, unit_length;
  guint32 from_s, until_s;

  memset (out, 0, sizeof *out);
  if (data == NULL || length <= PREFIX_CHARS || length > LT_PASS_TOKEN_MAX_CHARS || memcmp (data, LT_PASS_PREFIX, PREFIX_CHARS) != 0)
    return LT_PASS_PARSE_MALFORMED;
  decoded = base32_decode (data + PREFIX_CHARS, length - PREFIX_CHARS, bytes, sizeof bytes);
  if (decoded < (gssize)(HEADER_BYTES + 1 + SIGNATURE_BYTES))
    return LT_PASS_PARSE_MALFORMED;
  n = (gsize)decoded - SIGNATURE_BYTES;
  unit_length = bytes[20];
  if (bytes[0] != LT_PASS_VERSION || unit_length != n - HEADER_BYTES)
    return LT_PASS_PARSE_MALFORMED;

  if (crypto_sign_verify_detached (bytes + n, bytes, n, key->public_key) != 0)
    return LT_PASS_PARSE_BAD_SIGNATURE;

  /* Signed, but still checked: a signed mistake is no pass either. */
  from_s = get_u32 (bytes + 7);
  until_s = get_u32 (bytes + 11);
  if (get_u32 (bytes + 1) == 0 || from_s >= until_s || !lt_pass_unit_valid ((const char *)bytes + HEADER_BYTES, unit_length))
    return LT_PASS_PARSE_MALFORMED;

  out->version = bytes[0];
  out->id = get_u32 (bytes + 1);
  out->site_id = (guint16)((bytes[5] << 8) | bytes[6]);
  out->valid_from_us = (gint64)from_s * G_USEC_PER_SEC;
  out->valid_until_us = (gint64)until_s * G_USEC_PER_SEC;
  out->max_uses = bytes[15];
  out->guard_id = get_u32 (bytes + 16);
  memcpy (out->unit, bytes + HEADER_BYTES, unit_length);
  out->unit[unit_length] = '\0';
  return LT_PASS_PARSE_OK;
}
