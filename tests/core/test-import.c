/* test-import.c: residents from a spreadsheet, all or nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-import.h"

#include <string.h>

static void
add_units (LtFixture *fixture)
{
  static const char *const units[] = { "3-1203", "3-1204", "5-0101" };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++) {
    g_autoptr (GError) error = NULL;
    g_assert_true (lt_store_add_unit (fixture->store, units[i], &error));
    g_assert_no_error (error);
  }
}

static void
import_setup (LtFixture    *fixture,
              gconstpointer data)
{
  lt_fixture_setup (fixture, data);
  add_units (fixture);
}

static guint
count_residents (LtFixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) people = lt_store_list_people (fixture->store, FALSE, NULL, &error);

  g_assert_no_error (error);
  return people->len;
}

static gboolean
import_len (LtFixture  *fixture,
            const char *text,
            gsize       length,
            guint      *n,
            GError    **error)
{
  return lt_import_residents (fixture->store, fixture->config, fixture->secret, text, length, n, error);
}

static gboolean
import (LtFixture  *fixture,
        const char *text,
        guint      *n,
        GError    **error)
{
  return import_len (fixture, text, strlen (text), n, error);
}

/* Imports text that must be refused as a whole, and returns the message. */
static char *
import_refused (LtFixture  *fixture,
                const char *text,
                gboolean    import_domain)
{
  g_autoptr (GError) error = NULL;
  guint before = count_residents (fixture);
  guint n = 42;

  g_assert_false (import (fixture, text, &n, &error));
  g_assert_nonnull (error);
  if (import_domain)
    g_assert_error (error, LT_IMPORT_ERROR, LT_IMPORT_ERROR_INVALID);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (count_residents (fixture), ==, before);
  g_test_message ("%s", error->message);
  return g_strdup (error->message);
}

static char *
import_fails (LtFixture  *fixture,
              const char *text)
{
  return import_refused (fixture, text, TRUE);
}

static void
assert_lines (const char *message,
              const char *lines)
{
  g_auto (GStrv) numbers = g_strsplit (lines, ",", -1);

  for (guint i = 0; numbers[i] != NULL; i++) {
    g_autofree char *needle = g_strdup_printf ("line %s:", numbers[i]);
    if (strstr (message, needle) == NULL)
      g_test_message ("the message does not name %s", needle);
    g_assert_nonnull (strstr (message, needle));
  }
}

static void
assert_not_line (const char *message,
                 guint       line)
{
  g_autofree char *needle = g_strdup_printf ("line %u:", line);

  g_assert_null (strstr (message, needle));
}

static LtPerson *
find_resident (LtFixture  *fixture,
               const char *unit,
               const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) people = lt_store_list_people (fixture->store, FALSE, unit, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < people->len; i++) {
    LtPerson *person = g_ptr_array_index (people, i);
    if (g_strcmp0 (person->name, name) == 0)
      return g_ptr_array_steal_index (people, i);
  }
  return NULL;
}

static void
assert_pin (LtFixture  *fixture,
            const char *unit,
            const char *pin,
            gint64      id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) person = NULL;

  g_assert_cmpint (lt_store_match_pin (fixture->store, fixture->secret, unit, pin, &person, &error),
                   ==, LT_PIN_MATCH_NORMAL);
  g_assert_no_error (error);
  g_assert_nonnull (person);
  g_assert_cmpint (person->id, ==, id);
}

static void
test_good (LtFixture    *fixture,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) zhang = NULL;
  g_autoptr (LtPerson) wang = NULL;
  g_autoptr (LtPerson) chen = NULL;
  g_autoptr (LtPerson) by_card = NULL;
  g_autoptr (LtPerson) nobody = NULL;
  const char *csv = "\xEF\xBB\xBF"
                    "unit,name,pin,card\r\n"
                    "3-1203,张伟,864297,26:12:34567\r\n"
                    "3-1204,\"Wang, \"\"Lily\"\" 王丽\",4321,\r\n"
                    "\r\n"
                    " 5-0101 , 陈小明 ,,04a2b3c4d5\r\n";
  guint       n = 0;

  g_assert_true (import (fixture, csv, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (count_residents (fixture), ==, 3);

  zhang = find_resident (fixture, "3-1203", "张伟");
  wang = find_resident (fixture, "3-1204", "Wang, \"Lily\" 王丽");
  chen = find_resident (fixture, "5-0101", "陈小明");
  g_assert_nonnull (zhang);
  g_assert_nonnull (wang);
  g_assert_nonnull (chen);
  g_assert_true (zhang->has_pin);
  g_assert_cmpuint (zhang->n_cards, ==, 1);
  g_assert_true (wang->has_pin);
  g_assert_cmpuint (wang->n_cards, ==, 0);
  g_assert_false (chen->has_pin);
  g_assert_cmpuint (chen->n_cards, ==, 1);
  g_assert_cmpint (zhang->kind, ==, LT_PERSON_RESIDENT);
  g_assert_true (zhang->active);

  /* The PINs and cards imported really work. */
  assert_pin (fixture, "3-1203", "864297", zhang->id);
  assert_pin (fixture, "3-1204", "4321", wang->id);
  by_card = lt_store_find_card (fixture->store, fixture->secret, "04A2B3C4D5", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_card->id, ==, chen->id);
  g_clear_pointer (&by_card, lt_person_free);
  by_card = lt_store_find_card (fixture->store, fixture->secret, "26:12:34567", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_card->id, ==, zhang->id);
  g_assert_cmpint (lt_store_match_pin (fixture->store, fixture->secret, "3-1203", "4321", &nobody, &error),
                   ==, LT_PIN_MATCH_NONE);
  g_assert_no_error (error);
}

static void
test_no_header (LtFixture    *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) li = NULL;
  guint n = 0;

  /* No header, LF endings, no final newline, two-column rows. */
  g_assert_true (import (fixture, "3-1203,李娜\n3-1203,李雷,5555\n3-1204,\"Unit\"", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  li = find_resident (fixture, "3-1203", "李雷");
  g_assert_nonnull (li);
  assert_pin (fixture, "3-1203", "5555", li->id);
  g_assert_cmpuint (count_residents (fixture), ==, 3);
}

static void
test_all_or_nothing (LtFixture    *fixture,
                     gconstpointer data)
{
  g_autofree char *message = NULL;

  lt_fixture_add_resident (fixture, "3-1203", "已有住户", "111111", NULL);
  message = import_fails (fixture,
                          "unit,name,pin,card\n"
                          "3-1203,张伟,864297\n"
                          "3-1204,王丽,12a4\n"
                          "5-0101,陈小明\n"
                          "8-0808,赵六\n"
                          "3-1204,孙七,7777\n");
  assert_lines (message, "3,5");
  assert_not_line (message, 1);
  assert_not_line (message, 2);
  assert_not_line (message, 4);
  assert_not_line (message, 6);
  g_assert_nonnull (strstr (message, "8-0808"));
  g_assert_cmpuint (count_residents (fixture), ==, 1);
}

static void
test_unclosed_quote (LtFixture    *fixture,
                     gconstpointer data)
{
  g_autofree char *message = import_fails (fixture, "3-1203,张伟\n3-1204,\"王丽,1234\n");

  assert_lines (message, "2");
  assert_not_line (message, 1);

  g_free (g_steal_pointer (&message));
  message = import_fails (fixture, "3-1203,张\"伟\"\n3-1204,王丽\n");
  assert_lines (message, "1");
}

static void
test_bad_pins (LtFixture    *fixture,
               gconstpointer data)
{
  g_autofree char *message = import_fails (fixture,
                                           "3-1203,A,12a4\n"
                                           "3-1203,B,123\n"
                                           "3-1203,C,123456789\n"
                                           "3-1203,D,１２３４\n" /* full-width digits */
                                           "3-1203,E,-1234\n"
                                           "3-1204,F,12345678\n");

  assert_lines (message, "1,2,3,4,5");
  assert_not_line (message, 6);
  /* The message says what a PIN is, and never repeats the bad one. */
  g_assert_nonnull (strstr (message, "digits"));
  g_assert_null (strstr (message, "12a4"));
  g_assert_null (strstr (message, "123456789"));
}

static void
test_long_name (LtFixture    *fixture,
                gconstpointer data)
{
  g_autoptr (GString) long_name = g_string_new (NULL);
  g_autoptr (GString) max_name = g_string_new (NULL);
  g_autofree char *bad = NULL;
  g_autofree char *good = NULL;
  g_autofree char *message = NULL;
  g_autoptr (GError) error = NULL;
  guint n = 0;

  for (guint i = 0; i < 65; i++)
    g_string_append (long_name, "张");
  for (guint i = 0; i < 64; i++)
    g_string_append (max_name, "王");
  bad = g_strdup_printf ("3-1203,短名\n3-1203,%s\n", long_name->str);
  message = import_fails (fixture, bad);
  assert_lines (message, "2");
  assert_not_line (message, 1);

  /* 64 characters (192 bytes) are allowed: characters count, not bytes. */
  good = g_strdup_printf ("3-1203,%s\n", max_name->str);
  g_assert_true (import (fixture, good, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);

  g_free (g_steal_pointer (&message));
  message = import_fails (fixture, "3-1203,\"tab\there\"\n3-1203,\"\"\n3-1203,   \n");
  assert_lines (message, "1,2,3");
}

static void
test_unknown_unit (LtFixture    *fixture,
                   gconstpointer data)
{
  g_autofree char *message = import_fails (fixture,
                                           "3-1203,张伟\n"
                                           "9-9999,王丽\n"
                                           "not a unit,陈小明\n"
                                           ",赵六\n");

  assert_lines (message, "2,3,4");
  assert_not_line (message, 1);
  g_assert_nonnull (strstr (message, "9-9999"));
  g_assert_nonnull (strstr (message, "lintelctl unit add"));
}

static void
test_duplicate_card (LtFixture    *fixture,
                     gconstpointer data)
{
  /* The same card, written two ways. */
  g_autofree char *message = import_fails (fixture,
                                           "3-1203,张伟,,26:12:345\n"
                                           "3-1204,王丽,,04A2B3C4D5\n"
                                           "5-0101,陈小明,,26:012:00345\n"
                                           "5-0101,赵六,,04a2b3c4d5\n");

  assert_lines (message, "3,4");
  assert_not_line (message, 1);
  assert_not_line (message, 2);
  /* Card numbers stay out of messages. */
  g_assert_null (strstr (message, "345"));
  g_assert_null (strstr (message, "A2B3C4"));
}

static void
test_card_registered (LtFixture    *fixture,
                      gconstpointer data)
{
  g_autofree char *message = NULL;

  lt_fixture_add_resident (fixture, "3-1203", "已有住户", NULL, "34:1000:40000");
  message = import_fails (fixture,
                          "3-1204,王丽,,26:1:1\n"
                          "5-0101,陈小明,,34:01000:40000\n"
                          "5-0101,赵六,,34:1000:99999\n");
  assert_lines (message, "2,3");
  assert_not_line (message, 1);
  g_assert_cmpuint (count_residents (fixture), ==, 1);
}

static void
test_columns (LtFixture    *fixture,
              gconstpointer data)
{
  g_autofree char *message = import_fails (fixture,
                                           "3-1203\n"
                                           "3-1203,张伟,1234,26:1:1,extra\n"
                                           "3-1204,王丽\n"
                                           "3-1204,\"a,b\",5678,26:1:2,\n");

  assert_lines (message, "1,2,4");
  assert_not_line (message, 3);
  g_assert_nonnull (strstr (message, "unit,name"));
}

static void
test_not_utf8 (LtFixture    *fixture,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  /* 张伟 in GB18030, as an old spreadsheet saves it. */
  const char gbk[] = "3-1203,\xD5\xC5\xCE\xB0\n3-1204,王丽\n";
  const char with_nul[] = "3-1203,张伟\n3-1204,王\0丽\n";
  guint      n = 42;

  g_assert_false (import_len (fixture, gbk, sizeof gbk - 1, &n, &error));
  g_assert_error (error, LT_IMPORT_ERROR, LT_IMPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_assert_cmpuint (n, ==, 0);
  g_clear_error (&error);

  g_assert_false (import_len (fixture, with_nul, sizeof with_nul - 1, &n, &error));
  g_assert_error (error, LT_IMPORT_ERROR, LT_IMPORT_ERROR_INVALID);
  g_assert_cmpuint (count_residents (fixture), ==, 0);
}

static void
test_empty (LtFixture    *fixture,
            gconstpointer data)
{
  g_autofree char *message = NULL;

  message = import_fails (fixture, "");
  g_assert_nonnull (strstr (message, "unit,name"));
  g_free (g_steal_pointer (&message));
  message = import_fails (fixture, "\xEF\xBB\xBF");
  g_free (g_steal_pointer (&message));
  message = import_fails (fixture, "unit,name,pin,card\r\n");
  g_free (g_steal_pointer (&message));
  message = import_fails (fixture, "\n\n\r\n");
}

static void
test_duplicate_pin (LtFixture    *fixture,
                    gconstpointer data)
{
  g_autofree char *message = NULL;

  /* Two residents of a unit cannot share a PIN: the door could not tell them apart. */
  message = import_refused (fixture, "3-1203,张伟,1234\n3-1204,王丽,1234\n3-1203,李娜,1234\n", FALSE);
  assert_lines (message, "3");
  g_free (g_steal_pointer (&message));

  lt_fixture_add_resident (fixture, "3-1204", "已有住户", "9876", NULL);
  message = import_refused (fixture, "3-1203,张伟,9876\n3-1204,王丽,9876\n", FALSE);
  assert_lines (message, "2");
  g_assert_cmpuint (count_residents (fixture), ==, 1);
}

/* A PIN clash is a fault of the file like any other: found before writing,
 * reported for every row it affects, in the import's own error domain. */
static void
test_duplicate_pins_each_line (LtFixture    *fixture,
                               gconstpointer data)
{
  g_autofree char *message = NULL;

  g_test_set_nonfatal_assertions ();
  message = import_fails (fixture,
                          "3-1203,张伟,1234\n"
                          "3-1203,李娜,1234\n"
                          "3-1204,王丽,5555\n"
                          "3-1204,王芳,5555\n");
  assert_lines (message, "2,4");
  assert_not_line (message, 1);
  assert_not_line (message, 3);
}

static void
test_multiline_field (LtFixture    *fixture,
                      gconstpointer data)
{
  g_autofree char *message = NULL;

  /* A quoted line break is one record over two lines; the lines after it
   * keep their own numbers. */
  message = import_fails (fixture,
                          "unit,name\n"
                          "3-1203,\"张\n伟\"\n"
                          "3-1204,王丽\n"
                          "9-9999,陈小明\n");
  assert_lines (message, "2,5");
  assert_not_line (message, 3);
  assert_not_line (message, 4);
}

static void
test_many_errors (LtFixture    *fixture,
                  gconstpointer data)
{
  g_autoptr (GString) csv = g_string_new (NULL);
  g_autofree char *message = NULL;

  for (guint i = 0; i < 25; i++)
    g_string_append (csv, "3-1203,张伟,12\n");
  message = import_fails (fixture, csv->str);
  assert_lines (message, "1,20");
  assert_not_line (message, 21);
  g_assert_nonnull (strstr (message, "25"));
  g_assert_nonnull (strstr (message, "5 more"));
}

/* The length given is where the file ends, whatever follows in memory. */
static void
test_respects_length (LtFixture    *fixture,
                      gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) cut = NULL;
  const char *buffer = "3-1203,张伟,1234\n3-1203,王丽,5678\n";
  /* Up to and including "12": a two-digit PIN, which is not a PIN. */
  gsize length = strstr (buffer, "1234") + 2 - buffer;
  guint n = 42;

  g_test_set_nonfatal_assertions ();
  g_assert_false (import_len (fixture, buffer, length, &n, &error));
  g_assert_error (error, LT_IMPORT_ERROR, LT_IMPORT_ERROR_INVALID);
  g_assert_cmpuint (count_residents (fixture), ==, 0);
  g_clear_error (&error);

  /* Cut inside a name, the name ends at the cut (another unit, so that
   * this half stands on its own). */
  buffer = "3-1204,李娜,4321\n3-1204,王丽,5678\n";
  length = strstr (buffer, "王丽") + strlen ("王") - buffer;
  g_assert_true (import_len (fixture, buffer, length, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  cut = find_resident (fixture, "3-1204", "王");
  g_assert_nonnull (cut);
  g_clear_pointer (&cut, lt_person_free);
  cut = find_resident (fixture, "3-1204", "王丽");
  g_assert_null (cut);
}

typedef struct {
  const char *input;
  gboolean    ok;
  const char *fields; /* joined with | */
  const char *rest;   /* what the cursor points at afterwards */
} CsvCase;

static void
test_csv_parse_line (void)
{
  static const CsvCase cases[] = {
    { "a,b,c", TRUE, "a|b|c", "" },
    { "a,b\nnext", TRUE, "a|b", "next" },
    { "a,b\r\nnext", TRUE, "a|b", "next" },
    { "a,b\rnext", TRUE, "a|b", "next" },
    { "a,,c,\n", TRUE, "a||c|", "" },
    { "\n", TRUE, "", "" },
    { "", TRUE, "", "" },
    { "\"a,b\",\"c\"\"d\"\"\"\n", TRUE, "a,b|c\"d\"", "" },
    { "\"\",x", TRUE, "|x", "" },
    { "\"line\nbreak\",2\nnext", TRUE, "line\nbreak|2", "next" },
    { "\"line\r\nbreak\"\r\n", TRUE, "line\r\nbreak", "" },
    { " a , b ", TRUE, " a | b ", "" },
    { "张伟,王丽", TRUE, "张伟|王丽", "" },
    { "\"open", FALSE, NULL, "" },
    { "\"closed\"x,y", FALSE, NULL, NULL },
    { "ab\"c\",d", FALSE, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    const char *cursor = cases[i].input;
    gboolean    ok = !cases[i].ok;
    g_autoptr (GPtrArray) fields = lt_csv_parse_line (&cursor, cursor + strlen (cursor), &ok);

    g_test_message ("case %u: %s", i, cases[i].input);
    g_assert_nonnull (fields);
    g_assert_cmpint (ok, ==, cases[i].ok);
    g_assert_true (cursor >= cases[i].input && cursor <= cases[i].input + strlen (cases[i].input));
    if (cases[i].fields != NULL) {
      g_autofree char *joined = NULL;
      g_ptr_array_add (fields, NULL);
      joined = g_strjoinv ("|", (char **)fields->pdata);
      g_assert_cmpstr (joined, ==, cases[i].fields);
    }
    if (cases[i].rest != NULL)
      g_assert_cmpstr (cursor, ==, cases[i].rest);
  }
}

static void
test_csv_records (void)
{
  const char *text = "unit,name\r\n3-1203,\"张\n伟\"\r\n\r\nlast";
  const char *cursor = text;
  guint       records = 0;

  /* Record by record to the end, never stuck and never past it. */
  while (*cursor != '\0') {
    gboolean    ok;
    const char *before = cursor;
    g_autoptr (GPtrArray) fields = lt_csv_parse_line (&cursor, cursor + strlen (cursor), &ok);

    g_assert_true (ok);
    g_assert_true (cursor > before);
    records++;
    g_assert_cmpuint (records, <=, 4);
    if (records == 2)
      g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, "张\n伟");
  }
  g_assert_cmpuint (records, ==, 4);
}

#define ADD(path, func) \
  g_test_add (path, LtFixture, NULL, import_setup, func, lt_fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/import/csv-parse-line", test_csv_parse_line);
  g_test_add_func ("/core/import/csv-records", test_csv_records);
  ADD ("/core/import/good", test_good);
  ADD ("/core/import/no-header", test_no_header);
  ADD ("/core/import/all-or-nothing", test_all_or_nothing);
  ADD ("/core/import/unclosed-quote", test_unclosed_quote);
  ADD ("/core/import/bad-pins", test_bad_pins);
  ADD ("/core/import/long-name", test_long_name);
  ADD ("/core/import/unknown-unit", test_unknown_unit);
  ADD ("/core/import/duplicate-card", test_duplicate_card);
  ADD ("/core/import/card-registered", test_card_registered);
  ADD ("/core/import/columns", test_columns);
  ADD ("/core/import/not-utf8", test_not_utf8);
  ADD ("/core/import/empty", test_empty);
  ADD ("/core/import/duplicate-pin", test_duplicate_pin);
  ADD ("/core/import/multiline-field", test_multiline_field);
  ADD ("/core/import/many-errors", test_many_errors);
  /* Last: these fail against lt-import.c as it stands, and make assertions
   * non-fatal so that each of them reports. */
  ADD ("/core/import/duplicate-pins-each-line", test_duplicate_pins_each_line);
  ADD ("/core/import/respects-length", test_respects_length);

  return g_test_run ();
}
