/* lt-wiegand.c: Wiegand frames assembled from pulses and decoded to cards
 *
 * A Wiegand reader pulls D0 low for a 0 bit and D1 low for a 1 bit and
 * says nothing about where a frame ends: the silence after the last bit
 * does. The assembler here only sees (bit, kernel timestamp) pairs, so it
 * can be tested without a GPIO chip; the owner reads the line events and
 * runs a gap timer that calls lt_wiegand_flush().
 *
 * Frames are H10301 (26 bits: 8-bit facility, 16-bit number) and the
 * common 34-bit layout (16-bit facility, 16-bit number). In both the first
 * bit is even parity over the first half of the payload and the last bit
 * odd parity over the second half.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-wiegand"

#include "lt-wiegand.h"
#include "lt-card.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_QUARK (lt - wiegand - error - quark, lt_wiegand_error)

#define NUMBER_BITS 16

struct _LtWiegand {
  guint          gap_us;
  guint64        last_ns;
  LtWiegandFrame frame;
};

static guint
facility_bits_for (guint n_bits)
{
  switch (n_bits) {
  case 26:
    return 8;
  case 34:
    return 16;
  default:
    return 0;
  }
}

/* Bits first..last inclusive, most significant first. */
static guint
read_field (const guint8 *bits,
            guint         first,
            guint         last)
{
  guint value = 0;

  for (guint i = first; i <= last; i++)
    value = (value << 1) | (bits[i] != 0);
  return value;
}

static guint
count_ones (const guint8 *bits,
            guint         first,
            guint         last)
{
  guint ones = 0;

  for (guint i = first; i <= last; i++)
    ones += (bits[i] != 0);
  return ones;
}

/* The messages below never repeat the bits or the number: a card number
 * must stay out of logs even when its frame was damaged. */
gboolean
lt_wiegand_decode (const guint8 *bits,
                   guint         n_bits,
                   char        **card,
                   GError      **error)
{
  g_autofree char *text = NULL;
  guint            facility_bits, half, facility, number;

  g_return_val_if_fail (bits != NULL || n_bits == 0, FALSE);
  g_return_val_if_fail (card != NULL && *card == NULL, FALSE);

  facility_bits = facility_bits_for (n_bits);
  if (facility_bits == 0) {
    g_set_error (error, LT_WIEGAND_ERROR, LT_WIEGAND_ERROR_LENGTH,
                 _ ("The card reader sent a Wiegand frame of %u bits; only 26-bit and 34-bit cards are supported. Set the reader to 26- or 34-bit output, or check the D0/D1 wiring for loose contacts"),
                 n_bits);
    return FALSE;
  }

  half = (n_bits - 2) / 2;
  if (count_ones (bits, 0, half) % 2 != 0 || count_ones (bits, half + 1, n_bits - 1) % 2 != 1) {
    g_set_error (error, LT_WIEGAND_ERROR, LT_WIEGAND_ERROR_PARITY,
                 _ ("A %u-bit card read failed its parity check. Present the card again; if it keeps happening, check the reader's D0/D1 wiring and ground"),
                 n_bits);
    return FALSE;
  }

  facility = read_field (bits, 1, facility_bits);
  number = read_field (bits, facility_bits + 1, facility_bits + NUMBER_BITS);
  text = g_strdup_printf ("%u:%u:%u", n_bits, facility, number);
  /* Cannot fail for values that fit the fields; it keeps one definition of
   * the stored form. */
  *card = lt_card_normalize (text, error);
  return *card != NULL;
}

gboolean
lt_wiegand_decode_frame (const LtWiegandFrame *frame,
                         char                **card,
                         GError              **error)
{
  g_return_val_if_fail (frame != NULL, FALSE);

  if (frame->overflow) {
    g_set_error (error, LT_WIEGAND_ERROR, LT_WIEGAND_ERROR_LENGTH,
                 _ ("The card reader sent more than %u bits without a pause; only 26-bit and 34-bit cards are supported. Check the D0/D1 wiring for interference"),
                 (guint)LT_WIEGAND_MAX_BITS);
    return FALSE;
  }
  return lt_wiegand_decode (frame->bits, frame->n_bits, card, error);
}

/* For the simulator and the tests: the bits a reader would send. */
char *
lt_wiegand_encode (guint format,
                   guint facility,
                   guint number)
{
  guint  facility_bits = facility_bits_for (format);
  guint  half;
  guint8 bits[LT_WIEGAND_MAX_BITS] = { 0 };
  char  *out;

  if (facility_bits == 0 || number > 0xFFFF || facility >= (1u << facility_bits))
    return NULL;

  for (guint i = 0; i < facility_bits; i++)
    bits[1 + i] = (facility >> (facility_bits - 1 - i)) & 1;
  for (guint i = 0; i < NUMBER_BITS; i++)
    bits[1 + facility_bits + i] = (number >> (NUMBER_BITS - 1 - i)) & 1;
  half = (format - 2) / 2;
  bits[0] = count_ones (bits, 1, half) % 2;
  bits[format - 1] = 1 - count_ones (bits, half + 1, format - 2) % 2;

  out = g_malloc (format + 1);
  for (guint i = 0; i < format; i++)
    out[i] = bits[i] ? '1' : '0';
  out[format] = '\0';
  return out;
}

/* A stray pulse (a relay switching nearby, a reader powering up) is not a
 * failed read and must not count towards a reader lockout. */
gboolean
lt_wiegand_frame_is_noise (const LtWiegandFrame *frame)
{
  g_return_val_if_fail (frame != NULL, TRUE);

  return !frame->overflow && frame->n_bits < LT_WIEGAND_MIN_BITS;
}

LtWiegand *
lt_wiegand_new (guint gap_us)
{
  LtWiegand *w = g_new0 (LtWiegand, 1);

  w->gap_us = gap_us > 0 ? gap_us : LT_WIEGAND_DEFAULT_GAP_US;
  return w;
}

void
lt_wiegand_free (LtWiegand *w)
{
  if (w == NULL)
    return;
  /* The bits are a card number. */
  memset (w, 0, sizeof *w);
  g_free (w);
}

gboolean
lt_wiegand_pending (LtWiegand *w)
{
  g_return_val_if_fail (w != NULL, FALSE);

  return w->frame.n_bits > 0 || w->frame.overflow;
}

static void
take_frame (LtWiegand      *w,
            LtWiegandFrame *completed)
{
  *completed = w->frame;
  memset (&w->frame, 0, sizeof w->frame);
}

gboolean
lt_wiegand_push (LtWiegand      *w,
                 guint           bit,
                 guint64         timestamp_ns,
                 LtWiegandFrame *completed)
{
  gboolean done = FALSE;

  g_return_val_if_fail (w != NULL, FALSE);
  g_return_val_if_fail (completed != NULL, FALSE);
  g_return_val_if_fail (bit <= 1, FALSE);

  /* D0 and D1 events are read from two lines, so a timestamp a little
   * older than the last one is reordering inside a frame, not a gap. */
  if (lt_wiegand_pending (w) && timestamp_ns > w->last_ns && timestamp_ns - w->last_ns > (guint64)w->gap_us * 1000) {
    take_frame (w, completed);
    done = TRUE;
  }

  if (!lt_wiegand_pending (w) || timestamp_ns > w->last_ns)
    w->last_ns = timestamp_ns;

  if (w->frame.n_bits < LT_WIEGAND_MAX_BITS)
    w->frame.bits[w->frame.n_bits++] = (guint8)bit;
  else
    w->frame.overflow = TRUE;

  return done;
}

gboolean
lt_wiegand_flush (LtWiegand      *w,
                  LtWiegandFrame *completed)
{
  g_return_val_if_fail (w != NULL, FALSE);
  g_return_val_if_fail (completed != NULL, FALSE);

  if (!lt_wiegand_pending (w))
    return FALSE;
  take_frame (w, completed);
  return TRUE;
}

/* The owner's gap timer is due at lt_wiegand_last_ns() + gap. */
guint64
lt_wiegand_last_ns (LtWiegand *w)
{
  g_return_val_if_fail (w != NULL, 0);

  return w->last_ns;
}

guint
lt_wiegand_gap_us (LtWiegand *w)
{
  g_return_val_if_fail (w != NULL, 0);

  return w->gap_us;
}
