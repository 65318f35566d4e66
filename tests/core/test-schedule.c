/* test-schedule.c: parsing and formatting weekly access windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-schedule.h"

#include <string.h>

static GArray *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  GArray *windows = lt_schedule_parse (text, &error);

  g_test_message ("schedule “%s”", text);
  g_assert_no_error (error);
  g_assert_nonnull (windows);
  return windows;
}

static void
assert_window (GArray *windows,
               guint   i,
               guint   day,
               guint   start,
               guint   end)
{
  const LtWindow *w;

  g_assert_cmpuint (i, <, windows->len);
  w = &g_array_index (windows, LtWindow, i);
  g_assert_cmpuint (w->day, ==, day);
  g_assert_cmpuint (w->start_minute, ==, start);
  g_assert_cmpuint (w->end_minute, ==, end);
}

static void
test_parse_example (void)
{
  g_autoptr (GArray) windows = parse_ok ("mon-fri 07:00-22:00; sat,sun 09:00-18:00; holiday 10:00-12:00");

  g_assert_cmpuint (windows->len, ==, 8);
  for (guint d = 0; d < 5; d++)
    assert_window (windows, d, d, 7 * 60, 22 * 60);
  assert_window (windows, 5, 5, 9 * 60, 18 * 60);
  assert_window (windows, 6, 6, 9 * 60, 18 * 60);
  assert_window (windows, 7, LT_SCHEDULE_HOLIDAY, 10 * 60, 12 * 60);
}

static void
test_parse_forms (void)
{
  g_autoptr (GArray) upper = parse_ok ("MON-Wed 00:00-24:00");
  g_autoptr (GArray) blanks = parse_ok ("  tue \t 08:30-09:45 ;; ; thu 23:59-24:00 ;");
  g_autoptr (GArray) single = parse_ok ("sun 00:00-00:01");
  g_autoptr (GArray) list = parse_ok ("mon,wed,fri-sun 12:00-13:00");

  g_assert_cmpuint (upper->len, ==, 3);
  assert_window (upper, 0, 0, 0, 24 * 60);
  assert_window (upper, 2, 2, 0, 24 * 60);

  g_assert_cmpuint (blanks->len, ==, 2);
  assert_window (blanks, 0, 1, 8 * 60 + 30, 9 * 60 + 45);
  assert_window (blanks, 1, 3, 23 * 60 + 59, 24 * 60);

  g_assert_cmpuint (single->len, ==, 1);
  assert_window (single, 0, 6, 0, 1);

  g_assert_cmpuint (list->len, ==, 5);
  assert_window (list, 0, 0, 12 * 60, 13 * 60);
  assert_window (list, 1, 2, 12 * 60, 13 * 60);
  assert_window (list, 2, 4, 12 * 60, 13 * 60);
  assert_window (list, 3, 5, 12 * 60, 13 * 60);
  assert_window (list, 4, 6, 12 * 60, 13 * 60);
}

static void
assert_invalid (const char *const *inputs)
{
  for (guint i = 0; inputs[i] != NULL; i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (GArray) windows = lt_schedule_parse (inputs[i], &error);

    g_test_message ("schedule “%s”", inputs[i]);
    g_assert_null (windows);
    g_assert_error (error, LT_SCHEDULE_ERROR, LT_SCHEDULE_ERROR_INVALID);
    /* The message shows how to write it. */
    g_assert_nonnull (strstr (error->message, "mon-fri 07:00-22:00"));
  }
}

static void
test_bad_days (void)
{
  static const char *const inputs[] = {
    "monday 07:00-22:00",
    "mo 07:00-22:00",
    "fri-mon 07:00-22:00",     /* reversed range */
    "mon-holiday 07:00-22:00", /* holiday is not a weekday */
    "mon- 07:00-22:00",
    "-fri 07:00-22:00",
    "mon;fri 07:00-22:00",
    "07:00-22:00", /* no days */
    "mon-fri 07:00-22:00; weekend 09:00-18:00",
    NULL,
  };

  assert_invalid (inputs);
}

static void
test_bad_times (void)
{
  static const char *const inputs[] = {
    "mon 7:00-22:00", /* two-digit hours */
    "mon 07:0-22:00",
    "mon 07:00-22:60",
    "mon 25:00-26:00",
    "mon 07:00-24:01", /* 24:00 is the last boundary */
    "mon 24:00-24:00",
    "mon 22:00-07:00", /* reversed */
    "mon 09:00-09:00", /* empty */
    "mon 07:00",
    "mon 07:00-",
    "mon 07:00-22:00-23:00",
    "mon 07.00-22.00",
    "mon 07:00 -22:00",
    "mon 0700-2200",
    "mon 07:00-22:00x",
    "mon 07:00-22:00 extra",
    NULL,
  };

  assert_invalid (inputs);
}

static void
test_strict_digits (void)
{
  /* Times are exactly HH:MM in digits; sscanf would let a sign through. */
  static const char *const inputs[] = {
    "mon +7:00-22:00",
    "mon 07:+5-22:00",
    NULL,
  };

  assert_invalid (inputs);
}

static void
test_empty_day_item (void)
{
  /* An empty item in a day list reaches parse_day() as NULL: GLib warns,
   * g_ascii_strcasecmp() answers "equal" and range[1] is read past the end
   * of the vector. It must be refused like any other bad day. */
  static const char *const inputs[] = {
    "mon,,fri 07:00-22:00",
    "mon, 07:00-22:00",
    ",mon 07:00-22:00",
    NULL,
  };

  assert_invalid (inputs);
}

static void
test_empty (void)
{
  static const char *const inputs[] = { "", "   ", ";", " ; ;\t", NULL };

  for (guint i = 0; inputs[i] != NULL; i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (GArray) windows = lt_schedule_parse (inputs[i], &error);

    g_assert_null (windows);
    g_assert_error (error, LT_SCHEDULE_ERROR, LT_SCHEDULE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "at least one"));
  }
}

static void
test_format (void)
{
  g_autoptr (GArray) windows = parse_ok ("sat,sun 09:00-18:00; holiday 10:00-12:00; mon 00:00-24:00");
  g_autoptr (GArray) again = NULL;
  g_autoptr (GArray) empty = g_array_new (FALSE, FALSE, sizeof (LtWindow));
  g_autofree char *text = lt_schedule_format (windows);
  g_autofree char *text_again = NULL;
  g_autofree char *empty_text = lt_schedule_format (empty);

  g_assert_cmpstr (text, ==, "sat 09:00-18:00; sun 09:00-18:00; holiday 10:00-12:00; mon 00:00-24:00");

  /* What format writes, parse reads back to the same windows. */
  again = parse_ok (text);
  g_assert_cmpuint (again->len, ==, windows->len);
  g_assert_cmpmem (again->data, again->len * sizeof (LtWindow),
                   windows->data, windows->len * sizeof (LtWindow));
  text_again = lt_schedule_format (again);
  g_assert_cmpstr (text_again, ==, text);

  g_assert_cmpstr (empty_text, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/schedule/parse-example", test_parse_example);
  g_test_add_func ("/core/schedule/parse-forms", test_parse_forms);
  g_test_add_func ("/core/schedule/bad-days", test_bad_days);
  g_test_add_func ("/core/schedule/bad-times", test_bad_times);
  g_test_add_func ("/core/schedule/empty", test_empty);
  g_test_add_func ("/core/schedule/format", test_format);
  /* Last: these two fail against the current lt-schedule.c (see the
   * comments in each), and a failed assertion ends the program. */
  g_test_add_func ("/core/schedule/strict-digits", test_strict_digits);
  g_test_add_func ("/core/schedule/empty-day-item", test_empty_day_item);

  return g_test_run ();
}
