/* fuzz-wiegand.c: libFuzzer target for Wiegand frame assembly and decoding
 *
 * Each input byte is one pulse: bit 0 is the data line (D0/D1), the rest
 * the time since the last pulse in 0.25 ms steps (0-31.75 ms, across the
 * 25 ms gap). Frames must stay within LT_WIEGAND_MAX_BITS and a decoded
 * card must be of a supported length and encode back to the same bits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-wiegand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check (const LtWiegandFrame *frame)
{
  char   *card = NULL;
  GError *error = NULL;

  if (frame->n_bits > LT_WIEGAND_MAX_BITS)
    abort ();
  if (lt_wiegand_decode_frame (frame, &card, &error)) {
    guint format = 0, facility = 0, number = 0;
    char *again;

    if (sscanf (card, "%u:%u:%u", &format, &facility, &number) != 3 || format != frame->n_bits || (format != 26 && format != 34))
      abort ();
    again = lt_wiegand_encode (format, facility, number);
    for (guint i = 0; again == NULL || i < format; i++)
      if (again == NULL || (again[i] == '1') != (frame->bits[i] != 0))
        abort ();
    g_free (again);
    g_free (card);
  } else if (error == NULL) {
    abort ();
  }
  g_clear_error (&error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  LtWiegand     *w = lt_wiegand_new (25000);
  LtWiegandFrame frame;
  guint64        t = 1000000000;

  for (size_t i = 0; i < size; i++) {
    t += (guint64)(data[i] >> 1) * 250000;
    if (lt_wiegand_push (w, data[i] & 1, t, &frame))
      check (&frame);
  }
  if (lt_wiegand_flush (w, &frame))
    check (&frame);
  lt_wiegand_free (w);
  return 0;
}
