/* test-card.c: card identifiers normalised to the one form the store hashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-card.h"

#include <string.h>

typedef struct {
  const char *input;
  const char *expected;
} CardCase;

static void
assert_normalizes (const CardCase *cases,
                   gsize           n_cases)
{
  for (gsize i = 0; i < n_cases; i++) {
    g_autoptr (GError) error = NULL;
    g_autofree char *card = lt_card_normalize (cases[i].input, &error);

    g_test_message ("card “%s”", cases[i].input);
    g_assert_no_error (error);
    g_assert_cmpstr (card, ==, cases[i].expected);
  }
}

static void
assert_invalid (const char *const *inputs)
{
  for (guint i = 0; inputs[i] != NULL; i++) {
    g_autoptr (GError) error = NULL;
    g_autofree char *card = lt_card_normalize (inputs[i], &error);
    g_autofree char *stripped = g_strstrip (g_strdup (inputs[i]));

    g_test_message ("card “%s”", inputs[i]);
    g_assert_null (card);
    g_assert_error (error, LT_CARD_ERROR, LT_CARD_ERROR_INVALID);
    g_assert_cmpstr (error->message, !=, "");
    /* Card numbers stay out of messages, and so out of logs. */
    if (strlen (stripped) >= 4)
      g_assert_null (strstr (error->message, stripped));
  }
}

static void
test_wiegand26 (void)
{
  static const CardCase cases[] = {
    { "26:12:34567", "26:12:34567" },
    { "26:0:0", "26:0:0" },
    { "26:255:65535", "26:255:65535" },
    { "26:012:00042", "26:12:42" },
    { "26:1:1", "26:1:1" },
  };
  static const char *const invalid[] = {
    "26:256:1",
    "26:1:65536",
    "26:-1:5",
    "26:1:",
    "26::1",
    "26:1",
    "26:1:2:3",
    "26:0x1F:1",
    "26:1 :1",
    "26:99999999999:1",
    NULL,
  };

  assert_normalizes (cases, G_N_ELEMENTS (cases));
  assert_invalid (invalid);
}

static void
test_wiegand34 (void)
{
  static const CardCase cases[] = {
    { "34:65535:65535", "34:65535:65535" },
    { "34:256:1", "34:256:1" },
    { "34:0:0", "34:0:0" },
    { "34:00300:7", "34:300:7" },
  };
  static const char *const invalid[] = {
    "34:1:65536",
    "34:65536:1",
    "27:1:1",
    "35:1:1",
    "034:1:1",
    ":1:1",
    NULL,
  };

  assert_normalizes (cases, G_N_ELEMENTS (cases));
  assert_invalid (invalid);
}

static void
test_hex_uid (void)
{
  static const CardCase cases[] = {
    { "04A2B3C4D5", "04A2B3C4D5" },
    { "04a2b3c4d5", "04A2B3C4D5" },
    { "04a2B3c4D5", "04A2B3C4D5" },
    { "deadbeef", "DEADBEEF" },                         /* 4 bytes */
    { "04a1b2c3d4e5f6", "04A1B2C3D4E5F6" },             /* 7 bytes */
    { "0102030405060708090a", "0102030405060708090A" }, /* 10 bytes */
  };
  static const char *const invalid[] = {
    "0477B3C4E", /* odd length */
    "0477B3C4E5F",
    "04A2B3C4G5", /* not hex */
    "04A2-B3C4D5",
    "04 A2 B3 C4",
    "0xDEADBEEF",
    "ABCDEF",                 /* too short */
    "0102030405060708090A0B", /* too long */
    "卡片卡片卡片卡片",
    NULL,
  };

  assert_normalizes (cases, G_N_ELEMENTS (cases));
  assert_invalid (invalid);
}

static void
test_whitespace (void)
{
  static const CardCase cases[] = {
    { "  26:12:34567  ", "26:12:34567" },
    { "\t34:1:2\n", "34:1:2" },
    { " 04a2b3c4d5\r\n", "04A2B3C4D5" },
  };

  assert_normalizes (cases, G_N_ELEMENTS (cases));
}

static void
test_empty (void)
{
  static const char *const invalid[] = { "", " ", "\t\n", ":", "::", NULL };

  assert_invalid (invalid);
}

static void
test_same_card_same_form (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = lt_card_normalize ("26:012:034567", &error);
  g_autofree char *b = lt_card_normalize (" 26:12:34567", &error);
  g_autofree char *c = lt_card_normalize ("04a2b3c4d5", &error);
  g_autofree char *d = lt_card_normalize ("04A2B3C4D5 ", &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (c, ==, d);

  /* Normalising is idempotent. */
  again = lt_card_normalize (a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, a);
}

static void
test_mask (void)
{
  static const CardCase cases[] = {
    { "26:12:34567", "**:**:*4567" },
    { "04A2B3C4D5", "******C4D5" },
    { "34:65535:65535", "**:*****:*5535" },
    { "26:1:5", "**:1:5" }, /* the last four always show */
    { "ABCD", "ABCD" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *masked = lt_card_mask (cases[i].input);

    g_assert_cmpstr (masked, ==, cases[i].expected);
    g_assert_cmpuint (strlen (masked), ==, strlen (cases[i].input));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/card/wiegand26", test_wiegand26);
  g_test_add_func ("/core/card/wiegand34", test_wiegand34);
  g_test_add_func ("/core/card/hex-uid", test_hex_uid);
  g_test_add_func ("/core/card/whitespace", test_whitespace);
  g_test_add_func ("/core/card/empty", test_empty);
  g_test_add_func ("/core/card/same-card-same-form", test_same_card_same_form);
  g_test_add_func ("/core/card/mask", test_mask);

  return g_test_run ();
}
