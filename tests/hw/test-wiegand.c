/* test-wiegand.c: Wiegand decoding, encoding and frame assembly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-wiegand.h"

#include <string.h>

#define GAP_US 20000
#define BIT_NS G_GUINT64_CONSTANT (2000000) /* 2 ms between pulses */
#define MS_NS  G_GUINT64_CONSTANT (1000000)

/* Frames worked out by hand; spaces mark parity | facility | number | parity.
 *
 * 26:1:1     facility 00000001, number 0000000000000001.
 *            bits 1-12 hold one 1 -> even parity bit 1;
 *            bits 13-24 hold one 1 -> already odd, parity bit 0.
 * 26:255:65535  bits 1-12 hold twelve 1s -> even bit 0;
 *            bits 13-24 hold twelve 1s -> odd bit 1.
 * 26:0:0     no 1s: even bit 0, odd bit 1.
 * 26:12:34567  12 = 00001100, 34567 = 0x8707 = 1000011100000111;
 *            bits 1-12 = 00001100 1000 hold three 1s -> even bit 1;
 *            bits 13-24 = 0111 0000 0111 hold six 1s -> odd bit 1.
 * 34:65535:65535  bits 1-16 sixteen 1s -> even bit 0; bits 17-32 -> odd 1.
 * 34:1:2     facility 0000000000000001 (one 1 -> even bit 1),
 *            number 0000000000000010 (one 1 -> odd bit 0).
 */
static const struct {
  const char *frame;
  const char *card;
  guint       format, facility, number;
} known[] = {
  { "1 00000001 0000000000000001 0", "26:1:1", 26, 1, 1 },
  { "0 11111111 1111111111111111 1", "26:255:65535", 26, 255, 65535 },
  { "0 00000000 0000000000000000 1", "26:0:0", 26, 0, 0 },
  { "1 00001100 1000011100000111 1", "26:12:34567", 26, 12, 34567 },
  { "0 1111111111111111 1111111111111111 1", "34:65535:65535", 34, 65535, 65535 },
  { "1 0000000000000001 0000000000000010 0", "34:1:2", 34, 1, 2 },
  { "0 0000000000000000 0000000000000000 1", "34:0:0", 34, 0, 0 },
};

/* "1 0 1" -> {1, 0, 1}; spaces are ignored. */
static guint
bits_from_string (const char *text,
                  guint8     *bits)
{
  guint n = 0;

  for (const char *p = text; *p; p++) {
    if (*p == ' ')
      continue;
    g_assert_true (*p == '0' || *p == '1');
    g_assert_cmpuint (n, <, LT_WIEGAND_MAX_BITS);
    bits[n++] = (guint8)(*p - '0');
  }
  return n;
}

static char *
strip_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (*p != ' ')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
assert_decodes (const guint8 *bits,
                guint         n_bits,
                const char   *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *card = NULL;

  g_assert_true (lt_wiegand_decode (bits, n_bits, &card, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (card, ==, expected);
}

static void
assert_fails (const guint8 *bits,
              guint         n_bits,
              int           code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *card = NULL;

  g_assert_false (lt_wiegand_decode (bits, n_bits, &card, &error));
  g_assert_error (error, LT_WIEGAND_ERROR, code);
  g_assert_null (card);
}

static void
test_decode_known (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++) {
    guint8 bits[LT_WIEGAND_MAX_BITS];
    guint  n = bits_from_string (known[i].frame, bits);

    g_assert_cmpuint (n, ==, known[i].format);
    assert_decodes (bits, n, known[i].card);
  }
}

static void
test_encode_known (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++) {
    g_autofree char *expected = strip_spaces (known[i].frame);
    g_autofree char *frame = lt_wiegand_encode (known[i].format,
                                                known[i].facility,
                                                known[i].number);

    g_assert_cmpstr (frame, ==, expected);
  }
}

static void
round_trip (guint format,
            guint facility,
            guint number)
{
  g_autofree char *frame = lt_wiegand_encode (format, facility, number);
  g_autofree char *expected = g_strdup_printf ("%u:%u:%u", format, facility, number);
  guint8           bits[LT_WIEGAND_MAX_BITS];
  guint            n;

  g_assert_nonnull (frame);
  g_assert_cmpuint (strlen (frame), ==, format);
  n = bits_from_string (frame, bits);
  assert_decodes (bits, n, expected);
}

static void
test_round_trip (void)
{
  static const guint edge_numbers[] = { 0, 1, 2, 255, 256, 32767, 32768, 65534, 65535 };
  static const guint edge_facilities_34[] = { 0, 1, 255, 256, 32768, 65535 };

  for (guint facility = 0; facility <= 255; facility++)
    for (gsize i = 0; i < G_N_ELEMENTS (edge_numbers); i++)
      round_trip (26, facility, edge_numbers[i]);
  for (guint number = 0; number <= 65535; number += 7)
    round_trip (26, number % 256, number);
  for (gsize f = 0; f < G_N_ELEMENTS (edge_facilities_34); f++)
    for (guint number = 0; number <= 65535; number += 251)
      round_trip (34, edge_facilities_34[f], number);
  for (gsize f = 0; f < G_N_ELEMENTS (edge_facilities_34); f++)
    for (gsize i = 0; i < G_N_ELEMENTS (edge_numbers); i++)
      round_trip (34, edge_facilities_34[f], edge_numbers[i]);
}

static void
test_encode_out_of_range (void)
{
  g_assert_null (lt_wiegand_encode (26, 256, 0));
  g_assert_null (lt_wiegand_encode (26, 0, 65536));
  g_assert_null (lt_wiegand_encode (34, 65536, 0));
  g_assert_null (lt_wiegand_encode (34, 0, 65536));
  g_assert_null (lt_wiegand_encode (25, 0, 0));
  g_assert_null (lt_wiegand_encode (35, 0, 0));
  g_assert_null (lt_wiegand_encode (0, 0, 0));
  g_assert_null (lt_wiegand_encode (G_MAXUINT, G_MAXUINT, G_MAXUINT));
}

static void
test_parity (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++) {
    guint8 bits[LT_WIEGAND_MAX_BITS];
    guint  n = bits_from_string (known[i].frame, bits);
    /* Each parity bit, and one data bit under each parity. */
    guint flips[] = { 0, n - 1, 1, n / 2 - 1, n / 2 + 1, n - 2 };

    for (gsize f = 0; f < G_N_ELEMENTS (flips); f++) {
      bits[flips[f]] ^= 1;
      assert_fails (bits, n, LT_WIEGAND_ERROR_PARITY);
      bits[flips[f]] ^= 1;
    }
    /* Both parity bits wrong at once is still wrong. */
    bits[0] ^= 1;
    bits[n - 1] ^= 1;
    assert_fails (bits, n, LT_WIEGAND_ERROR_PARITY);
  }
}

static void
test_length (void)
{
  static const guint lengths[] = { 0, 1, 2, 8, 24, 25, 27, 32, 33, 35, 37, 63, 64 };
  guint8             bits[LT_WIEGAND_MAX_BITS];

  for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++) {
    /* Bits that would pass both parity checks at 26 or 34 bits. */
    memset (bits, 0, sizeof bits);
    bits[lengths[i] > 0 ? lengths[i] - 1 : 0] = 1;
    assert_fails (bits, lengths[i], LT_WIEGAND_ERROR_LENGTH);
  }

  /* A good 26-bit frame one bit short or one bit long. */
  {
    guint n = bits_from_string (known[3].frame, bits);

    assert_fails (bits, n - 1, LT_WIEGAND_ERROR_LENGTH);
    bits[n] = 0;
    assert_fails (bits, n + 1, LT_WIEGAND_ERROR_LENGTH);
  }
  /* The same for 34 bits. */
  {
    guint n = bits_from_string (known[5].frame, bits);

    assert_fails (bits, n - 1, LT_WIEGAND_ERROR_LENGTH);
    bits[n] = 1;
    assert_fails (bits, n + 1, LT_WIEGAND_ERROR_LENGTH);
  }
}

static void
test_message_private (void)
{
  g_autofree char *frame = lt_wiegand_encode (26, 123, 54321);
  g_autofree char *frame34 = lt_wiegand_encode (34, 4321, 54321);
  guint8           bits[LT_WIEGAND_MAX_BITS];
  guint            n = bits_from_string (frame, bits);
  struct {
    guint n_bits;
    guint flip;
  } cases[] = { { n, 0 }, { n, n - 1 }, { n - 1, G_MAXUINT }, { n + 1, G_MAXUINT } };

  bits[n] = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    g_autofree char *card = NULL;
    guint8           copy[LT_WIEGAND_MAX_BITS];

    memcpy (copy, bits, sizeof copy);
    if (cases[i].flip != G_MAXUINT)
      copy[cases[i].flip] ^= 1;
    g_assert_false (lt_wiegand_decode (copy, cases[i].n_bits, &card, &error));
    g_assert_nonnull (error);
    g_assert_null (strstr (error->message, "54321"));
    g_assert_null (strstr (error->message, "123"));
    g_assert_null (strstr (error->message, "1101010000110001")); /* 54321 */
    g_assert_cmpuint (strlen (error->message), >, 20);
  }

  n = bits_from_string (frame34, bits);
  bits[0] ^= 1;
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *card = NULL;

    g_assert_false (lt_wiegand_decode (bits, n, &card, &error));
    g_assert_error (error, LT_WIEGAND_ERROR, LT_WIEGAND_ERROR_PARITY);
    g_assert_null (strstr (error->message, "54321"));
    g_assert_null (strstr (error->message, "4321"));
  }
}

/* Assembler */

/* Pushes a '0'/'1' frame starting at start_ns with the given spacing;
 * asserts that no frame completes on the way and returns the time after
 * the last bit. */
static guint64
push_frame (LtWiegand  *w,
            const char *frame,
            guint64     start_ns,
            guint64     spacing_ns)
{
  guint64 t = start_ns;

  for (const char *p = frame; *p; p++) {
    LtWiegandFrame done = { { 0 } };

    if (*p == ' ')
      continue;
    g_assert_false (lt_wiegand_push (w, (guint)(*p - '0'), t, &done));
    g_assert_true (lt_wiegand_pending (w));
    g_assert_cmpuint (lt_wiegand_last_ns (w), ==, t);
    t += spacing_ns;
  }
  return t - spacing_ns;
}

static void
assert_frame_decodes (const LtWiegandFrame *frame,
                      const char           *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *card = NULL;

  g_assert_false (lt_wiegand_frame_is_noise (frame));
  g_assert_true (lt_wiegand_decode_frame (frame, &card, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (card, ==, expected);
}

static void
test_assembler_single (void)
{
  g_autoptr (LtWiegand) w = lt_wiegand_new (GAP_US);
  LtWiegandFrame frame = { { 0 } };

  g_assert_cmpuint (lt_wiegand_gap_us (w), ==, GAP_US);
  g_assert_false (lt_wiegand_pending (w));
  g_assert_false (lt_wiegand_flush (w, &frame));

  push_frame (w, known[3].frame, 5 * MS_NS, BIT_NS);
  g_assert_true (lt_wiegand_flush (w, &frame));
  g_assert_cmpuint (frame.n_bits, ==, 26);
  g_assert_false (frame.overflow);
  assert_frame_decodes (&frame, "26:12:34567");

  g_assert_false (lt_wiegand_pending (w));
  g_assert_false (lt_wiegand_flush (w, &frame));
}

static void
test_assembler_noise (void)
{
  g_autoptr (LtWiegand) w = lt_wiegand_new (GAP_US);
  g_autofree char *bits = lt_wiegand_encode (26, 7, 4242);
  LtWiegandFrame   frame = { { 0 } };
  guint64          start = 200 * MS_NS;

  /* A stray pulse, then a card 200 ms later: the pulse comes out alone
   * as noise when the card's first bit arrives. */
  g_assert_false (lt_wiegand_push (w, 1, 0, &frame));
  g_assert_true (lt_wiegand_push (w, (guint)(bits[0] - '0'), start, &frame));
  g_assert_cmpuint (frame.n_bits, ==, 1);
  g_assert_true (lt_wiegand_frame_is_noise (&frame));

  push_frame (w, bits + 1, start + BIT_NS, BIT_NS);
  g_assert_true (lt_wiegand_flush (w, &frame));
  assert_frame_decodes (&frame, "26:7:4242");

  /* Three pulses are noise, four are a (bad) frame worth reporting. */
  push_frame (w, "101", start * 2, BIT_NS);
  g_assert_true (lt_wiegand_flush (w, &frame));
  g_assert_true (lt_wiegand_frame_is_noise (&frame));
  push_frame (w, "1010", start * 3, BIT_NS);
  g_assert_true (lt_wiegand_flush (w, &frame));
  g_assert_false (lt_wiegand_frame_is_noise (&frame));
}

static void
test_assembler_truncated (void)
{
  g_autoptr (LtWiegand) w = lt_wiegand_new (GAP_US);
  g_autofree char *bits = lt_wiegand_encode (26, 99, 31337);
  g_autoptr (GError) error = NULL;
  g_autofree char *card = NULL;
  LtWiegandFrame   frame = { { 0 } };

  /* The reader was unplugged after 20 bits. */
  bits[20] = '\0';
  push_frame (w, bits, 0, BIT_NS);
  g_assert_true (lt_wiegand_flush (w, &frame));
  g_assert_cmpuint (frame.n_bits, ==, 20);
  g_assert_false (lt_wiegand_frame_is_noise (&frame));
  g_assert_false (lt_wiegand_decode_frame (&frame, &card, &error));
  g_assert_error (error, LT_WIEGAND_ERROR, LT_WIEGAND_ERROR_LENGTH);
  g_assert_null (card);
}

static void
test_assembler_back_to_back (void)
{
  g_autoptr (LtWiegand) w = lt_wiegand_new (GAP_US);
  g_autofree char *first = lt_wiegand_encode (26, 1, 1000);
  g_autofree char *second = lt_wiegand_encode (34, 300, 2000);
  LtWiegandFrame   frame = { { 0 } };
  guint64          end, start;

  end = push_frame (w, first, 0, BIT_NS);
  /* 25 ms of silence: more than the gap. */
  start = end + 25 * MS_NS;
  g_assert_true (lt_wiegand_push (w, (guint)(second[0] - '0'), start, &frame));
  g_assert_cmpuint (frame.n_bits, ==, 26);
  assert_frame_decodes (&frame, "26:1:1000");

  memset (&frame, 0, sizeof frame);
  push_frame (w, second + 1, start + BIT_NS, BIT_NS);
  g_assert_true (lt_wiegand_flush (w, &frame));
  g_assert_cmpuint (frame.n_bits, ==, 34);
  assert_frame_decodes (&frame, "34:300:2000");
}

static void
test_assembler_jitter (void)
{
  g_autoptr (LtWiegand) w = lt_wiegand_new (GAP_US);
  g_autofree char *bits = lt_wiegand_encode (26, 200, 60000);
  /* Spacings in microseconds; all at most the gap, one exactly the gap,
   * and one pulse stamped before its predecessor (D0 and D1 are read from
   * separate lines). */
  static const gint64 spacing_us[] = {
    1000,
    500,
    2100,
    19999,
    20000,
    1500,
    -300,
    900,
    3000,
    18000,
    1000,
    1000,
    50,
    7000,
    1000,
    1000,
    12000,
    1000,
    1000,
    1000,
    1000,
    1000,
    1000,
    1000,
    1000,
  };
  LtWiegandFrame frame = { { 0 } };
  guint64        t = 10 * MS_NS;

  g_assert_cmpuint (G_N_ELEMENTS (spacing_us), ==, 25);
  for (guint i = 0; i < 26; i++) {
    if (i > 0)
      t = (guint64)((gint64)t + spacing_us[i - 1] * 1000);
    g_assert_false (lt_wiegand_push (w, (guint)(bits[i] - '0'), t, &frame));
  }
  g_assert_true (lt_wiegand_flush (w, &frame));
  g_assert_cmpuint (frame.n_bits, ==, 26);
  assert_frame_decodes (&frame, "26:200:60000");
}

static void
test_assembler_overflow (void)
{
  g_autoptr (LtWiegand) w = lt_wiegand_new (GAP_US);
  g_autoptr (GError) error = NULL;
  g_autofree char *card = NULL;
  LtWiegandFrame   frame = { { 0 } };
  guint64          t = 0;

  for (guint i = 0; i < 70; i++, t += BIT_NS)
    g_assert_false (lt_wiegand_push (w, i % 2, t, &frame));
  g_assert_true (lt_wiegand_flush (w, &frame));
  g_assert_true (frame.overflow);
  g_assert_cmpuint (frame.n_bits, ==, LT_WIEGAND_MAX_BITS);
  g_assert_false (lt_wiegand_frame_is_noise (&frame));
  g_assert_false (lt_wiegand_decode_frame (&frame, &card, &error));
  g_assert_error (error, LT_WIEGAND_ERROR, LT_WIEGAND_ERROR_LENGTH);
  g_assert_null (card);

  /* Exactly 64 bits is not an overflow, but still no card. */
  g_clear_error (&error);
  for (guint i = 0; i < 64; i++, t += BIT_NS)
    lt_wiegand_push (w, 0, t + 100 * MS_NS, &frame);
  g_assert_true (lt_wiegand_flush (w, &frame));
  g_assert_false (frame.overflow);
  g_assert_cmpuint (frame.n_bits, ==, 64);
  g_assert_false (lt_wiegand_decode_frame (&frame, &card, &error));
  g_assert_error (error, LT_WIEGAND_ERROR, LT_WIEGAND_ERROR_LENGTH);

  /* The next frame starts clean. */
  push_frame (w, known[0].frame, t + 200 * MS_NS, BIT_NS);
  g_assert_true (lt_wiegand_flush (w, &frame));
  g_assert_false (frame.overflow);
  assert_frame_decodes (&frame, "26:1:1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hw/wiegand/decode/known", test_decode_known);
  g_test_add_func ("/hw/wiegand/encode/known", test_encode_known);
  g_test_add_func ("/hw/wiegand/encode/round-trip", test_round_trip);
  g_test_add_func ("/hw/wiegand/encode/out-of-range", test_encode_out_of_range);
  g_test_add_func ("/hw/wiegand/decode/parity", test_parity);
  g_test_add_func ("/hw/wiegand/decode/length", test_length);
  g_test_add_func ("/hw/wiegand/decode/message-private", test_message_private);
  g_test_add_func ("/hw/wiegand/assembler/single", test_assembler_single);
  g_test_add_func ("/hw/wiegand/assembler/noise", test_assembler_noise);
  g_test_add_func ("/hw/wiegand/assembler/truncated", test_assembler_truncated);
  g_test_add_func ("/hw/wiegand/assembler/back-to-back", test_assembler_back_to_back);
  g_test_add_func ("/hw/wiegand/assembler/jitter", test_assembler_jitter);
  g_test_add_func ("/hw/wiegand/assembler/overflow", test_assembler_overflow);

  return g_test_run ();
}
