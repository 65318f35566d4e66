/* lt-card.c: card identifiers in the one normalised form the store uses
 *
 * Wiegand readers give a format, a facility code and a card number
 * ("26:12:34567"); keyboard-wedge and NFC readers give a hex UID
 * ("04A2B3C4D5"). Whatever reader or person typed it, the same card must
 * normalise to the same string, or its keyed hash would not match.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-card"

#include "lt-card.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_QUARK (lt - card - error - quark, lt_card_error)

static gboolean
parse_decimal (const char *text,
               guint64     max,
               guint64    *out)
{
  guint64 value = 0;

  if (*text == '\0' || strlen (text) > 10)
    return FALSE;
  for (const char *p = text; *p; p++) {
    if (!g_ascii_isdigit (*p))
      return FALSE;
    value = value * 10 + (guint64)(*p - '0');
  }
  if (value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

static char *
normalize_wiegand (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, ":", -1);
  guint64 facility, number, max_facility;

  if (g_strv_length (parts) != 3)
    return NULL;
  if (g_str_equal (parts[0], "26"))
    max_facility = 255;
  else if (g_str_equal (parts[0], "34"))
    max_facility = 65535;
  else
    return NULL;
  if (!parse_decimal (parts[1], max_facility, &facility) || !parse_decimal (parts[2], 65535, &number))
    return NULL;
  return g_strdup_printf ("%s:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                          parts[0], facility, number);
}

char *
lt_card_normalize (const char *text,
                   GError    **error)
{
  g_autofree char *trimmed = NULL;
  char            *card = NULL;
  gsize            len;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (strchr (trimmed, ':') != NULL)
    card = normalize_wiegand (trimmed);

  /* UIDs are 4, 7 or 10 bytes (ISO 14443); some wedge readers print the
   * 4-byte UID as 10 decimal digits instead, which is not accepted here
   * because it is ambiguous with hex. */
  len = strlen (trimmed);
  if (card == NULL && len >= 8 && len <= 20 && len % 2 == 0) {
    gboolean hex = TRUE;
    for (gsize i = 0; i < len; i++)
      hex = hex && g_ascii_isxdigit (trimmed[i]);
    if (hex)
      card = g_ascii_strup (trimmed, -1);
  }
  if (card != NULL)
    return card;

  g_set_error (error, LT_CARD_ERROR, LT_CARD_ERROR_INVALID,
               _ ("This is not a valid card: use 26:FACILITY:NUMBER (facility 0-255, number 0-65535), 34:FACILITY:NUMBER (both 0-65535) or a hex UID such as 04A2B3C4D5"));
  return NULL;
}

/* The error above does not repeat the input: card numbers stay out of logs. */

/* For screens a technician reads: all but the last four characters hidden. */
char *
lt_card_mask (const char *card)
{
  g_return_val_if_fail (card != NULL, NULL);

  gsize    len = strlen (card);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_c (out, (i + 4 < len && card[i] != ':') ? '*' : card[i]);
  return g_string_free (out, FALSE);
}
