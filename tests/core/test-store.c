/* test-store.c: units, people, credentials, schedules, lockouts and events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-card.h"
#include "lt-schedule.h"
#include "lt-store-private.h"
#include "lt-time.h"

#include <string.h>

static gint64
count_rows (LtStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        count;

  g_assert_cmpint (sqlite3_prepare_v2 (lt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static guint
count_people (LtFixture *fixture,
              gboolean   staff)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) people = lt_store_list_people (fixture->store, staff, NULL, &error);

  g_assert_no_error (error);
  return people->len;
}

static void
add_unit (LtFixture  *fixture,
          const char *unit)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lt_store_add_unit (fixture->store, unit, &error));
  g_assert_no_error (error);
}

/* ---- units --------------------------------------------------------------- */

static void
test_units (LtFixture    *fixture,
            gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) units = NULL;

  units = lt_store_list_units (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (units->len, ==, 0);
  g_clear_pointer (&units, g_ptr_array_unref);

  g_assert_false (lt_store_unit_exists (fixture->store, "101"));
  add_unit (fixture, "2-1-301");
  add_unit (fixture, "101");
  add_unit (fixture, "1-1-101");
  g_assert_true (lt_store_unit_exists (fixture->store, "101"));
  g_assert_false (lt_store_unit_exists (fixture->store, "102"));

  g_assert_false (lt_store_add_unit (fixture->store, "101", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "101"));
  g_clear_error (&error);

  units = lt_store_list_units (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (units->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (units, 0), ==, "1-1-101");
  g_assert_cmpstr (g_ptr_array_index (units, 1), ==, "101");
  g_assert_cmpstr (g_ptr_array_index (units, 2), ==, "2-1-301");
}

/* ---- people -------------------------------------------------------------- */

static void
test_residents (LtFixture    *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) person = NULL;
  gint64 id;

  id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, "101", "王小明", NULL, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "101"));
  g_assert_nonnull (strstr (error->message, "lintelctl unit add 101"));
  g_clear_error (&error);
  g_assert_cmpuint (count_people (fixture, FALSE), ==, 0);

  add_unit (fixture, "101");
  id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, "101", "王小明", "2027-06-30", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  person = lt_store_get_person (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (person);
  g_assert_cmpint (person->id, ==, id);
  g_assert_cmpint (person->kind, ==, LT_PERSON_RESIDENT);
  g_assert_cmpstr (person->unit, ==, "101");
  g_assert_cmpstr (person->name, ==, "王小明");
  g_assert_true (person->active);
  g_assert_cmpstr (person->valid_until, ==, "2027-06-30");
  g_assert_cmpint (person->schedule_id, ==, 0);
  g_assert_false (person->has_pin);
  g_assert_false (person->has_duress);
  g_assert_cmpuint (person->n_cards, ==, 0);
  g_clear_pointer (&person, lt_person_free);

  person = lt_store_get_person (fixture->store, id + 100, &error);
  g_assert_null (person);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
}

static void
test_names (LtFixture    *fixture,
            gconstpointer data)
{
  static const char *const bad[] = {
    "",
    "Tab\there",
    "Line\nbreak",
    "Carriage\rreturn",
    "Bell\a",
    "Delete\x7f",
    "Next\xc2\x85line", /* U+0085, a C1 control */
    "Bad \xff byte",
    "Overlong \xc0\xaf slash",
    "Cut \xe7\x8e", /* a character missing its last byte */
    NULL,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) ascii = g_string_new (NULL);
  g_autoptr (GString) chinese = g_string_new (NULL);
  g_autoptr (LtPerson) person = NULL;
  gint64 id;

  add_unit (fixture, "101");
  for (guint i = 0; i < LT_NAME_MAX_CHARS; i++) {
    g_string_append_c (ascii, (char)('a' + i % 26));
    g_string_append (chinese, "王");
  }

  /* 64 characters: accepted, and kept whole. */
  id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, "101", ascii->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, "101", chinese->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  person = lt_store_get_person (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->name, ==, chinese->str);
  g_assert_cmpuint (count_people (fixture, FALSE), ==, 2);

  /* 65 characters: refused, whether one byte or three each. */
  g_string_append_c (ascii, 'z');
  g_string_append (chinese, "明");
  id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, "101", ascii->str, NULL, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "64"));
  g_clear_error (&error);
  id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, "101", chinese->str, NULL, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  id = lt_store_add_person (fixture->store, LT_PERSON_GUARD, NULL, ascii->str, NULL, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  for (guint i = 0; bad[i] != NULL; i++) {
    g_test_message ("name %u", i);
    id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, "101", bad[i], NULL, &error);
    g_assert_cmpint (id, ==, 0);
    g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (lt_name_valid (bad[i], NULL));
  }
  g_assert_cmpuint (count_people (fixture, FALSE), ==, 2);
  g_assert_cmpuint (count_people (fixture, TRUE), ==, 0);
}

static void
test_valid_until (LtFixture    *fixture,
                  gconstpointer data)
{
  static const char *const bad[] = {
    "2027-02-30",
    "2027-13-01",
    "2027-00-10",
    "2027-06-00",
    "2027-6-30",
    "27-06-30",
    "2027/06/30",
    "30-06-2027",
    "tomorrow",
    "",
    "2027-06-30x",
    "2027-06-3x",
    " 2027-06-30",
    NULL,
  };
  g_autoptr (GError) error = NULL;
  gint64 id;

  add_unit (fixture, "101");
  for (guint i = 0; bad[i] != NULL; i++) {
    g_test_message ("date “%s”", bad[i]);
    id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, "101", "Li Lei", bad[i], &error);
    g_assert_cmpint (id, ==, 0);
    g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "YYYY-MM-DD"));
    g_clear_error (&error);
  }
  g_assert_cmpuint (count_people (fixture, FALSE), ==, 0);

  id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, "101", "Li Lei", "2028-02-29", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (lt_date_valid ("2027-12-31", NULL));
  g_assert_false (lt_date_valid ("2027-02-29", NULL));
}

static void
test_list_people (LtFixture    *fixture,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) people = NULL;
  gint64       a, b, c, guard, tech;
  LtPerson    *p;
  LtPersonKind kind;

  b = lt_fixture_add_resident (fixture, "102", "B", NULL, NULL);
  a = lt_fixture_add_resident (fixture, "101", "A1", NULL, NULL);
  c = lt_fixture_add_resident (fixture, "101", "A2", NULL, NULL);
  add_unit (fixture, "103");
  guard = lt_store_add_person (fixture->store, LT_PERSON_GUARD, NULL, "Guard", NULL, &error);
  g_assert_no_error (error);
  tech = lt_store_add_person (fixture->store, LT_PERSON_TECHNICIAN, NULL, "Tech", "2027-01-01", &error);
  g_assert_no_error (error);

  people = lt_store_list_people (fixture->store, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (people->len, ==, 3);
  g_assert_cmpint (((LtPerson *)g_ptr_array_index (people, 0))->id, ==, a);
  g_assert_cmpint (((LtPerson *)g_ptr_array_index (people, 1))->id, ==, c);
  g_assert_cmpint (((LtPerson *)g_ptr_array_index (people, 2))->id, ==, b);
  g_clear_pointer (&people, g_ptr_array_unref);

  people = lt_store_list_people (fixture->store, FALSE, "101", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (people->len, ==, 2);
  for (guint i = 0; i < people->len; i++)
    g_assert_cmpstr (((LtPerson *)g_ptr_array_index (people, i))->unit, ==, "101");
  g_clear_pointer (&people, g_ptr_array_unref);

  people = lt_store_list_people (fixture->store, FALSE, "103", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (people->len, ==, 0);
  g_clear_pointer (&people, g_ptr_array_unref);

  people = lt_store_list_people (fixture->store, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (people->len, ==, 2);
  p = g_ptr_array_index (people, 0);
  g_assert_cmpint (p->id, ==, guard);
  g_assert_cmpint (p->kind, ==, LT_PERSON_GUARD);
  g_assert_null (p->unit);
  p = g_ptr_array_index (people, 1);
  g_assert_cmpint (p->id, ==, tech);
  g_assert_cmpint (p->kind, ==, LT_PERSON_TECHNICIAN);
  g_assert_cmpstr (p->valid_until, ==, "2027-01-01");

  g_assert_cmpstr (lt_person_kind_to_string (LT_PERSON_TECHNICIAN), ==, "technician");
  g_assert_true (lt_person_kind_from_string ("guard", &kind));
  g_assert_cmpint (kind, ==, LT_PERSON_GUARD);
  g_assert_false (lt_person_kind_from_string ("admin", &kind));
}

/* ---- PINs ---------------------------------------------------------------- */

static void
test_set_pin_validation (LtFixture    *fixture,
                         gconstpointer data)
{
  static const char *const bad[] = {
    "12a4",
    "123",
    "123456789",
    "",
    " 1234",
    "1234 ",
    "12 34",
    "-1234",
    "+1234",
    "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94", /* full-width digits */
    "١٢٣٤",                                             /* Arabic-Indic digits */
    NULL,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) person = NULL;
  gint64 id = lt_fixture_add_resident (fixture, "101", "A", NULL, NULL);

  for (guint i = 0; bad[i] != NULL; i++) {
    g_test_message ("PIN “%s”", bad[i]);
    g_assert_false (lt_store_set_pin (fixture->store, fixture->secret, id, bad[i], FALSE, &error));
    g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (lt_store_set_pin (fixture->store, fixture->secret, id, bad[i], TRUE, &error));
    g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  /* Nothing was written. */
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM credentials"), ==, 0);
  person = lt_store_get_person (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_false (person->has_pin);
  g_assert_false (person->has_duress);
  g_clear_pointer (&person, lt_person_free);

  /* The boundaries are accepted. */
  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, id, "0000", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, id, "98765432", TRUE, &error));
  g_assert_no_error (error);
  person = lt_store_get_person (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (person->has_pin);
  g_assert_true (person->has_duress);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM credentials"), ==, 2);

  /* A PIN for nobody. */
  g_assert_false (lt_store_set_pin (fixture->store, fixture->secret, id + 100, "1234", FALSE, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM credentials"), ==, 2);
}

static void
test_pin_unique_in_unit (LtFixture    *fixture,
                         gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) person = NULL;
  gint64 a = lt_fixture_add_resident (fixture, "101", "A", "1234", NULL);
  gint64 b = lt_fixture_add_resident (fixture, "101", "B", NULL, NULL);
  gint64 other = lt_fixture_add_resident (fixture, "102", "C", NULL, NULL);

  /* Another resident of the unit cannot take the same PIN... */
  g_assert_false (lt_store_set_pin (fixture->store, fixture->secret, b, "1234", FALSE, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "101"));
  g_assert_null (strstr (error->message, "1234"));
  g_clear_error (&error);
  g_assert_false (lt_store_set_pin (fixture->store, fixture->secret, b, "1234", TRUE, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  person = lt_store_get_person (fixture->store, b, &error);
  g_assert_false (person->has_pin);
  g_assert_false (person->has_duress);
  g_clear_pointer (&person, lt_person_free);

  /* ...but someone in another unit can. */
  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, other, "1234", FALSE, &error));
  g_assert_no_error (error);

  /* A duress PIN equal to one's own PIN would raise an alarm at every entry. */
  g_assert_false (lt_store_set_pin (fixture->store, fixture->secret, a, "1234", TRUE, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, a, "9999", TRUE, &error));
  g_assert_no_error (error);

  /* And the other way round: no normal PIN equal to one's duress PIN. */
  g_assert_false (lt_store_set_pin (fixture->store, fixture->secret, a, "9999", FALSE, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  /* Nor one equal to a neighbour's duress PIN. */
  g_assert_false (lt_store_set_pin (fixture->store, fixture->secret, b, "9999", FALSE, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* Setting one's PIN to what it already is, is fine. */
  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, a, "1234", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, b, "5678", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM credentials"), ==, 4);
}

static void
assert_match (LtFixture  *fixture,
              const char *unit,
              const char *pin,
              LtPinMatch  expected,
              gint64      expected_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) person = NULL;
  LtPinMatch match;

  match = lt_store_match_pin (fixture->store, fixture->secret, unit, pin, &person, &error);
  g_assert_no_error (error);
  g_assert_cmpint (match, ==, expected);
  if (expected_id > 0) {
    g_assert_nonnull (person);
    g_assert_cmpint (person->id, ==, expected_id);
    g_assert_cmpstr (person->unit, ==, unit);
  } else {
    g_assert_null (person);
  }
}

static void
test_match_pin (LtFixture    *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 a = lt_fixture_add_resident (fixture, "101", "A", "1234", NULL);
  gint64 b = lt_fixture_add_resident (fixture, "101", "B", "4321", NULL);
  gint64 c = lt_fixture_add_resident (fixture, "102", "C", "1234", NULL);

  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, a, "1111", TRUE, &error));
  g_assert_no_error (error);
  add_unit (fixture, "103");

  assert_match (fixture, "101", "1234", LT_PIN_MATCH_NORMAL, a);
  assert_match (fixture, "101", "4321", LT_PIN_MATCH_NORMAL, b);
  assert_match (fixture, "101", "1111", LT_PIN_MATCH_DURESS, a);
  assert_match (fixture, "102", "1234", LT_PIN_MATCH_NORMAL, c);
  assert_match (fixture, "102", "4321", LT_PIN_MATCH_NONE, 0);
  assert_match (fixture, "101", "12345", LT_PIN_MATCH_NONE, 0);
  assert_match (fixture, "103", "1234", LT_PIN_MATCH_NONE, 0);
  assert_match (fixture, "999", "1234", LT_PIN_MATCH_NO_UNIT, 0);

  /* A changed PIN: the old one no longer opens. */
  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, a, "2468", FALSE, &error));
  g_assert_no_error (error);
  assert_match (fixture, "101", "1234", LT_PIN_MATCH_NONE, 0);
  assert_match (fixture, "101", "2468", LT_PIN_MATCH_NORMAL, a);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM credentials WHERE kind = 'pin'"), ==, 3);
}

/* ---- cards --------------------------------------------------------------- */

static void
test_cards (LtFixture    *fixture,
            gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) person = NULL;
  gint64 a = lt_fixture_add_resident (fixture, "101", "A", NULL, "26:12:34567");
  gint64 b = lt_fixture_add_resident (fixture, "102", "B", NULL, NULL);

  person = lt_store_find_card (fixture->store, fixture->secret, "26:12:34567", &error);
  g_assert_no_error (error);
  g_assert_cmpint (person->id, ==, a);
  g_assert_cmpuint (person->n_cards, ==, 1);
  g_clear_pointer (&person, lt_person_free);

  /* Any spelling of the same card is the same card. */
  person = lt_store_find_card (fixture->store, fixture->secret, " 26:012:034567 ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (person->id, ==, a);
  g_clear_pointer (&person, lt_person_free);
  g_assert_true (lt_store_card_in_use (fixture->store, fixture->secret, "26:12:34567"));
  g_assert_false (lt_store_card_in_use (fixture->store, fixture->secret, "26:12:34568"));
  g_assert_false (lt_store_card_in_use (fixture->store, fixture->secret, "not a card"));

  /* One card, one holder: not the same person twice, nor anyone else. */
  g_assert_false (lt_store_add_card (fixture->store, fixture->secret, b, "26:012:34567", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS);
  g_assert_null (strstr (error->message, "34567"));
  g_clear_error (&error);
  g_assert_false (lt_store_add_card (fixture->store, fixture->secret, a, "26:12:34567", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* Invalid card text and unknown people. */
  g_assert_false (lt_store_add_card (fixture->store, fixture->secret, b, "26:256:1", &error));
  g_assert_error (error, LT_CARD_ERROR, LT_CARD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lt_store_add_card (fixture->store, fixture->secret, b + 100, "04A2B3C4D5", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM credentials"), ==, 1);

  /* A second card for A; a hex UID in lower case finds it. */
  g_assert_true (lt_store_add_card (fixture->store, fixture->secret, a, "04A2B3C4D5", &error));
  g_assert_no_error (error);
  person = lt_store_find_card (fixture->store, fixture->secret, "04a2b3c4d5", &error);
  g_assert_no_error (error);
  g_assert_cmpint (person->id, ==, a);
  g_assert_cmpuint (person->n_cards, ==, 2);
  g_clear_pointer (&person, lt_person_free);

  /* Removing: only from the person who holds it. */
  g_assert_false (lt_store_remove_card (fixture->store, fixture->secret, b, "26:12:34567", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (lt_store_remove_card (fixture->store, fixture->secret, a, "26:12:34567", &error));
  g_assert_no_error (error);
  person = lt_store_find_card (fixture->store, fixture->secret, "26:12:34567", &error);
  g_assert_null (person);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (lt_store_remove_card (fixture->store, fixture->secret, a, "26:12:34567", &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A freed card can be given to someone else. */
  g_assert_true (lt_store_add_card (fixture->store, fixture->secret, b, "26:12:34567", &error));
  g_assert_no_error (error);
  person = lt_store_find_card (fixture->store, fixture->secret, "26:12:34567", &error);
  g_assert_no_error (error);
  g_assert_cmpint (person->id, ==, b);
}

static void
test_remove_person (LtFixture    *fixture,
                    gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) person = NULL;
  gint64 a = lt_fixture_add_resident (fixture, "101", "A", "1234", "26:12:34567");
  gint64 b = lt_fixture_add_resident (fixture, "101", "B", "5678", "04A2B3C4D5");

  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, a, "1111", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM credentials"), ==, 5);

  g_assert_true (lt_store_remove_person (fixture->store, a, &error));
  g_assert_no_error (error);

  /* Every credential of A went with A; B's are untouched. */
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM credentials"), ==, 2);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM credentials WHERE person_id NOT IN (SELECT id FROM people)"), ==, 0);
  person = lt_store_get_person (fixture->store, a, &error);
  g_assert_null (person);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  person = lt_store_find_card (fixture->store, fixture->secret, "26:12:34567", &error);
  g_assert_null (person);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_match (fixture, "101", "1234", LT_PIN_MATCH_NONE, 0);
  assert_match (fixture, "101", "1111", LT_PIN_MATCH_NONE, 0);
  assert_match (fixture, "101", "5678", LT_PIN_MATCH_NORMAL, b);
  g_assert_true (lt_store_card_in_use (fixture->store, fixture->secret, "04A2B3C4D5"));

  /* Twice is an error. */
  g_assert_false (lt_store_remove_person (fixture->store, a, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The unit keeps its other resident and the card can be reissued. */
  g_assert_cmpuint (count_people (fixture, FALSE), ==, 1);
  g_assert_true (lt_store_add_card (fixture->store, fixture->secret, b, "26:12:34567", &error));
  g_assert_no_error (error);
  /* A's old PIN is free for B's neighbours again. */
  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, b, "1234", TRUE, &error));
  g_assert_no_error (error);
}

/* ---- what is left on disk ------------------------------------------------ */

static void
assert_store_files_lack (LtFixture    *fixture,
                         const guint8 *needle,
                         gsize         length,
                         const char   *what)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", NULL };

  for (guint i = 0; suffixes[i] != NULL; i++) {
    g_autofree char *path = g_strconcat (fixture->db_path, suffixes[i], NULL);

    if (lt_test_file_contains (path, needle, length))
      g_error ("%s still found in %s", what, path);
  }
}

static gboolean
store_files_contain (LtFixture    *fixture,
                     const guint8 *needle,
                     gsize         length)
{
  g_autofree char *wal = g_strconcat (fixture->db_path, "-wal", NULL);

  return lt_test_file_contains (fixture->db_path, needle, length) || lt_test_file_contains (wal, needle, length);
}

static void
assert_no_clear_text (LtFixture *fixture)
{
  static const char *const texts[] = {
    "73910482",
    "26:12:34567",
    "26:012:34567",
    "04A2B3C4D5",
    "04a2b3c4d5",
    "55550000",
    NULL,
  };

  for (guint i = 0; texts[i] != NULL; i++)
    assert_store_files_lack (fixture, (const guint8 *)texts[i], strlen (texts[i]), texts[i]);
}

static void
test_no_secrets_on_disk (LtFixture    *fixture,
                         gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint8 card_hash[LT_HASH_BYTES], uid_hash[LT_HASH_BYTES], pin_hash[LT_HASH_BYTES];
  guint8 duress_hash[LT_HASH_BYTES];
  gint64 a, b;

  lt_fixture_add_resident (fixture, "101", "Neighbour", "24681357", NULL);
  a = lt_fixture_add_resident (fixture, "101", "A", "73910482", "26:012:34567");
  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, a, "55550000", TRUE, &error));
  g_assert_no_error (error);
  b = lt_fixture_add_resident (fixture, "102", "B", NULL, "04a2b3c4d5");

  lt_secret_hash (fixture->secret, "card", 0, "26:12:34567", card_hash);
  lt_secret_hash (fixture->secret, "card", 0, "04A2B3C4D5", uid_hash);
  lt_secret_hash (fixture->secret, "pin", a, "73910482", pin_hash);
  lt_secret_hash (fixture->secret, "pin", a, "55550000", duress_hash);

  /* The clear text is never written, only the keyed hashes... */
  assert_no_clear_text (fixture);
  /* ...which are there: so the search below can find what it looks for. */
  g_assert_true (store_files_contain (fixture, card_hash, sizeof card_hash));
  g_assert_true (store_files_contain (fixture, uid_hash, sizeof uid_hash));
  g_assert_true (store_files_contain (fixture, pin_hash, sizeof pin_hash));
  g_assert_true (store_files_contain (fixture, duress_hash, sizeof duress_hash));

  /* R3: once removed, no copy lingers in the database, its WAL or its
   * shared memory file, while the store is still open. */
  g_assert_true (lt_store_remove_card (fixture->store, fixture->secret, b, "04A2B3C4D5", &error));
  g_assert_no_error (error);
  assert_store_files_lack (fixture, uid_hash, sizeof uid_hash, "the removed card's hash");

  g_assert_true (lt_store_remove_person (fixture->store, a, &error));
  g_assert_no_error (error);
  assert_store_files_lack (fixture, card_hash, sizeof card_hash, "the removed resident's card hash");
  assert_store_files_lack (fixture, pin_hash, sizeof pin_hash, "the removed resident's PIN hash");
  assert_store_files_lack (fixture, duress_hash, sizeof duress_hash, "the removed resident's duress PIN hash");
  assert_no_clear_text (fixture);

  /* And after the store is closed. */
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  assert_store_files_lack (fixture, card_hash, sizeof card_hash, "the removed resident's card hash");
  assert_store_files_lack (fixture, uid_hash, sizeof uid_hash, "the removed card's hash");
  assert_store_files_lack (fixture, pin_hash, sizeof pin_hash, "the removed resident's PIN hash");
  assert_store_files_lack (fixture, duress_hash, sizeof duress_hash, "the removed resident's duress PIN hash");
  assert_no_clear_text (fixture);
}

/* A connection reading while a credential is removed keeps the WAL from
 * being emptied: the store says so instead of reporting a clean removal,
 * and the next scrub, once the reader is done, removes the copy. */
static void
test_scrub_with_reader (LtFixture    *fixture,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) reader = NULL;
  guint8 pin_hash[LT_HASH_BYTES];
  gint64 a = lt_fixture_add_resident (fixture, "101", "A", "73910482", NULL);
  gint64 started;

  lt_secret_hash (fixture->secret, "pin", a, "73910482", pin_hash);
  g_assert_true (store_files_contain (fixture, pin_hash, sizeof pin_hash));

  /* A view's query in progress: a read transaction on the current snapshot. */
  reader = lt_store_open_reader (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (lt_store_get_db (reader), "BEGIN; SELECT count(*) FROM people;", NULL, NULL, NULL),
                   ==, SQLITE_OK);

  /* The wait is bounded by the busy timeout, then the failure is said. */
  lt_store_set_busy_timeout (fixture->store, 200);
  started = g_get_monotonic_time ();
  g_assert_false (lt_store_remove_person (fixture->store, a, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, fixture->db_path));
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 150 * G_TIME_SPAN_MILLISECOND);
  /* The removal itself took effect. */
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM people"), ==, 0);

  /* Once the reader is done, a scrub leaves no copy behind. */
  g_assert_cmpint (sqlite3_exec (lt_store_get_db (reader), "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (lt_store_scrub (fixture->store, &error));
  g_assert_no_error (error);
  assert_store_files_lack (fixture, pin_hash, sizeof pin_hash, "the removed resident's PIN hash");
}

static void
test_changed_pin_not_on_disk (LtFixture    *fixture,
                              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint8 old_hash[LT_HASH_BYTES], new_hash[LT_HASH_BYTES];
  gint64 a = lt_fixture_add_resident (fixture, "101", "A", "73910482", NULL);

  lt_secret_hash (fixture->secret, "pin", a, "73910482", old_hash);
  lt_secret_hash (fixture->secret, "pin", a, "64820371", new_hash);
  g_assert_true (store_files_contain (fixture, old_hash, sizeof old_hash));

  g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, a, "64820371", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (store_files_contain (fixture, new_hash, sizeof new_hash));
  assert_store_files_lack (fixture, old_hash, sizeof old_hash, "the replaced PIN's hash");
}

/* ---- schedules ----------------------------------------------------------- */

static gboolean
allows_at (LtFixture *fixture,
           gint64     schedule_id,
           int        month,
           int        day,
           int        hour,
           int        minute)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) when = lt_time_local (lt_test_local_time (2027, month, day, hour, minute));
  gboolean allowed = lt_store_schedule_allows (fixture->store, schedule_id, when, &error);

  g_assert_no_error (error);
  return allowed;
}

static void
test_schedules (LtFixture    *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (LtPerson) person = NULL;
  gint64 office, night, found, a;

  office = lt_store_add_schedule (fixture->store, "office", "mon-fri 08:00-18:00; holiday 10:00-12:00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (office, >, 0);
  night = lt_store_add_schedule (fixture->store, "night", "sun 22:00-24:00", &error);
  g_assert_no_error (error);
  g_assert_cmpint (night, >, 0);

  found = lt_store_find_schedule (fixture->store, "office", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found, ==, office);
  found = lt_store_find_schedule (fixture->store, "weekend", &error);
  g_assert_cmpint (found, ==, 0);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (lt_store_add_schedule (fixture->store, "office", "sat 08:00-09:00", &error), ==, 0);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (lt_store_add_schedule (fixture->store, "broken", "mon 18:00-08:00", &error), ==, 0);
  g_assert_error (error, LT_SCHEDULE_ERROR, LT_SCHEDULE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (lt_store_add_schedule (fixture->store, "bad\nname", "mon 08:00-09:00", &error), ==, 0);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* A refused schedule leaves nothing half-written. */
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM schedules"), ==, 2);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM schedule_windows"), ==, 7);

  list = lt_store_list_schedules (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (list, 0), ==, "night\tsun 22:00-24:00");
  g_assert_cmpstr (g_ptr_array_index (list, 1), ==,
                   "office\tmon 08:00-18:00; tue 08:00-18:00; wed 08:00-18:00; thu 08:00-18:00;"
                   " fri 08:00-18:00; holiday 10:00-12:00");

  /* 2027-06-07 is a Monday, 2027-06-12 a Saturday, 2027-06-13 a Sunday. */
  g_assert_true (allows_at (fixture, office, 6, 7, 8, 0));
  g_assert_true (allows_at (fixture, office, 6, 7, 17, 59));
  g_assert_false (allows_at (fixture, office, 6, 7, 7, 59));
  g_assert_false (allows_at (fixture, office, 6, 7, 18, 0)); /* the end is exclusive */
  g_assert_false (allows_at (fixture, office, 6, 12, 9, 0));
  g_assert_true (allows_at (fixture, night, 6, 13, 23, 59));
  g_assert_false (allows_at (fixture, night, 6, 13, 21, 59));
  g_assert_false (allows_at (fixture, night, 6, 14, 0, 0)); /* Monday now */
  /* No schedule: at any time. */
  g_assert_true (allows_at (fixture, 0, 6, 12, 3, 0));

  /* On a holiday only the holiday windows apply. */
  g_assert_true (lt_store_add_holiday (fixture->store, "2027-06-07", "Dragon Boat Festival", &error));
  g_assert_no_error (error);
  g_assert_false (allows_at (fixture, office, 6, 7, 9, 0));
  g_assert_true (allows_at (fixture, office, 6, 7, 10, 30));
  g_assert_false (allows_at (fixture, office, 6, 7, 12, 0));
  g_assert_true (allows_at (fixture, office, 6, 8, 9, 0)); /* the day after is normal */
  /* A Saturday holiday opens the holiday window too. */
  g_assert_true (lt_store_add_holiday (fixture->store, "2027-06-12", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (allows_at (fixture, office, 6, 12, 11, 0));
  g_assert_false (lt_store_add_holiday (fixture->store, "2027-06-31", NULL, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A person follows their schedule. */
  a = lt_fixture_add_resident (fixture, "101", "A", NULL, NULL);
  g_assert_true (lt_store_set_schedule (fixture->store, a, night, &error));
  g_assert_no_error (error);
  person = lt_store_get_person (fixture->store, a, &error);
  g_assert_cmpint (person->schedule_id, ==, night);
  g_clear_pointer (&person, lt_person_free);
  g_assert_true (lt_store_set_schedule (fixture->store, a, 0, &error));
  g_assert_no_error (error);
  person = lt_store_get_person (fixture->store, a, &error);
  g_assert_cmpint (person->schedule_id, ==, 0);
  g_assert_false (lt_store_set_schedule (fixture->store, a + 100, night, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND);
}

/* ---- lockouts and events ------------------------------------------------- */

static void
test_lockout (LtFixture    *fixture,
              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  LtLockout lockout = { 99, 99, 99 };
  LtLockout set = { 3, 2, lt_test_local_time (2027, 6, 7, 9, 30) };
  LtLockout other = { 1, 0, 0 };
  LtLockout clear = { 0, 0, 0 };

  g_assert_true (lt_store_get_lockout (fixture->store, "unit:101", &lockout, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lockout.failures, ==, 0);
  g_assert_cmpuint (lockout.level, ==, 0);
  g_assert_cmpint (lockout.locked_until_us, ==, 0);

  g_assert_true (lt_store_set_lockout (fixture->store, "unit:101", &set, &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_set_lockout (fixture->store, "reader", &other, &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_get_lockout (fixture->store, "unit:101", &lockout, &error));
  g_assert_cmpmem (&lockout, sizeof lockout, &set, sizeof set);
  g_assert_true (lt_store_get_lockout (fixture->store, "reader", &lockout, &error));
  g_assert_cmpmem (&lockout, sizeof lockout, &other, sizeof other);

  /* Overwrite, then clear: a cleared key leaves no row behind. */
  set.failures = 4;
  g_assert_true (lt_store_set_lockout (fixture->store, "unit:101", &set, &error));
  g_assert_true (lt_store_get_lockout (fixture->store, "unit:101", &lockout, &error));
  g_assert_cmpuint (lockout.failures, ==, 4);
  g_assert_true (lt_store_set_lockout (fixture->store, "unit:101", &clear, &error));
  g_assert_no_error (error);
  g_assert_true (lt_store_get_lockout (fixture->store, "unit:101", &lockout, &error));
  g_assert_cmpmem (&lockout, sizeof lockout, &clear, sizeof clear);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM lockouts"), ==, 1);
  g_assert_true (lt_store_get_lockout (fixture->store, "reader", &lockout, &error));
  g_assert_cmpuint (lockout.failures, ==, 1);
}

static void
test_events (LtFixture    *fixture,
             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  gint64   t1 = lt_test_local_time (2024, 6, 7, 9, 0);
  gint64   t2 = t1 + 1;
  gint64   t3 = lt_test_local_time (2024, 6, 7, 10, 0);
  LtEvent  late = { .time_us = t3, .kind = LT_EVENT_KIND_DOOR, .door = (char *)"main", .result = LT_EVENT_RESULT_OPEN };
  LtEvent  first = { .time_us = t1, .kind = LT_EVENT_KIND_DECISION, .door = (char *)"main", .method = (char *)"pin", .result = LT_EVENT_RESULT_GRANTED, .reason = (char *)"ok", .subject_id = 42, .unit = (char *)"101", .detail = (char *)"unit 101" };
  LtEvent  second = { .time_us = t2, .kind = LT_EVENT_KIND_ALARM, .reason = (char *)"duress", .subject_id = 7 };
  LtEvent  now = { .kind = LT_EVENT_KIND_ADMIN };
  gint64   id_late, id_first, id_second, id_now, before, after;
  LtEvent *e;

  /* Added out of order: listed by time. */
  id_late = lt_store_add_event (fixture->store, &late, &error);
  g_assert_no_error (error);
  id_first = lt_store_add_event (fixture->store, &first, &error);
  g_assert_no_error (error);
  id_second = lt_store_add_event (fixture->store, &second, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id_late, >, 0);
  g_assert_cmpint (id_first, >, id_late);
  g_assert_cmpint (id_second, >, id_first);

  events = lt_store_list_events (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  e = g_ptr_array_index (events, 0);
  g_assert_cmpint (e->id, ==, id_first);
  g_assert_cmpint (e->time_us, ==, t1);
  g_assert_cmpint (e->kind, ==, LT_EVENT_KIND_DECISION);
  g_assert_cmpstr (e->door, ==, "main");
  g_assert_cmpstr (e->method, ==, "pin");
  g_assert_cmpint (e->result, ==, LT_EVENT_RESULT_GRANTED);
  g_assert_cmpstr (e->reason, ==, "ok");
  g_assert_cmpint (e->subject_id, ==, 42);
  g_assert_cmpstr (e->unit, ==, "101");
  g_assert_cmpint (e->pass_id, ==, 0);
  g_assert_cmpstr (e->detail, ==, "unit 101");
  e = g_ptr_array_index (events, 1);
  g_assert_cmpint (e->id, ==, id_second);
  g_assert_cmpint (e->time_us, ==, t2);
  g_assert_null (e->door);
  g_assert_null (e->method);
  g_assert_cmpint (e->result, ==, LT_EVENT_RESULT_NONE);
  g_assert_null (e->unit);
  g_assert_cmpstr (e->reason, ==, "duress");
  g_assert_null (e->detail);
  e = g_ptr_array_index (events, 2);
  g_assert_cmpint (e->id, ==, id_late);
  g_assert_cmpint (e->subject_id, ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* since is inclusive, to the microsecond. */
  events = lt_store_list_events (fixture->store, t2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((LtEvent *)g_ptr_array_index (events, 0))->id, ==, id_second);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = lt_store_list_events (fixture->store, t3 + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* No time given: stamped now. */
  before = g_get_real_time ();
  id_now = lt_store_add_event (fixture->store, &now, &error);
  after = g_get_real_time ();
  g_assert_no_error (error);
  events = lt_store_list_events (fixture->store, before, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  e = g_ptr_array_index (events, 0);
  g_assert_cmpint (e->id, ==, id_now);
  g_assert_cmpint (e->time_us, >=, before);
  g_assert_cmpint (e->time_us, <=, after);
}

/* ---- opening ------------------------------------------------------------- */

static void
test_reopen_keeps_data (LtFixture    *fixture,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtPerson) person = NULL;
  gint64 a = lt_fixture_add_resident (fixture, "101", "A", "1234", "26:12:34567");

  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  fixture->store = lt_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lt_store_get_path (fixture->store), ==, fixture->db_path);
  g_assert_true (lt_store_unit_exists (fixture->store, "101"));
  person = lt_store_find_card (fixture->store, fixture->secret, "26:12:34567", &error);
  g_assert_no_error (error);
  g_assert_cmpint (person->id, ==, a);
  assert_match (fixture, "101", "1234", LT_PIN_MATCH_NORMAL, a);
}

static void
test_open_garbage (LtFixture    *fixture,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "garbage.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize            before_size = 0, after_size = 0;
  GString         *text = g_string_new (NULL);

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (text, "not a database, line %u\n", i);
  g_assert_true (g_file_set_contents (path, text->str, (gssize)text->len, &error));
  g_assert_no_error (error);
  g_string_free (text, TRUE);
  g_assert_true (g_file_get_contents (path, &before, &before_size, &error));

  store = lt_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "not a Lintel database"));
  g_clear_error (&error);

  /* The file is left as it was. */
  g_assert_true (g_file_get_contents (path, &after, &after_size, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (before, before_size, after, after_size);

  /* A directory where the file should be. */
  store = lt_store_open (fixture->dir, &error);
  g_assert_null (store);
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, fixture->dir));
}

static void
test_status_and_backup (LtFixture    *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "backup.db", NULL);
  g_autoptr (LtStore) restored = NULL;
  g_autoptr (GPtrArray) units = NULL;
  LtEvent event = { 0 };
  gint64  before;

  lt_fixture_add_resident (f, "3-1203", "Wang", "246810", NULL);
  event.kind = LT_EVENT_KIND_DECISION;
  g_assert_cmpint (lt_store_add_event (f->store, &event, &error), >, 0);

  integrity = lt_store_check_integrity (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (integrity, ==, "ok");
  before = lt_store_count_events (f->store, &error);
  g_assert_cmpint (before, >=, 1);
  g_assert_cmpint (lt_store_last_backup (f->store, &error), ==, 0);

  g_assert_true (lt_store_backup (f->store, copy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lt_store_count_events (f->store, NULL), ==, before + 1);
  g_assert_cmpint (lt_store_last_backup (f->store, NULL), >, 0);

  /* The copy is a whole, working store; an existing file is never replaced. */
  restored = lt_store_open (copy, &error);
  g_assert_no_error (error);
  units = lt_store_list_units (restored, &error);
  g_assert_cmpuint (units->len, ==, 1);
  g_assert_false (lt_store_backup (f->store, copy, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_EXISTS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/store/" path, LtFixture, NULL, lt_fixture_setup, func, lt_fixture_teardown)

  ADD ("units", test_units);
  ADD ("residents", test_residents);
  ADD ("names", test_names);
  ADD ("valid-until", test_valid_until);
  ADD ("list-people", test_list_people);
  ADD ("set-pin-validation", test_set_pin_validation);
  ADD ("pin-unique-in-unit", test_pin_unique_in_unit);
  ADD ("match-pin", test_match_pin);
  ADD ("cards", test_cards);
  ADD ("remove-person", test_remove_person);
  ADD ("no-secrets-on-disk", test_no_secrets_on_disk);
  ADD ("changed-pin-not-on-disk", test_changed_pin_not_on_disk);
  ADD ("scrub-with-reader", test_scrub_with_reader);
  ADD ("schedules", test_schedules);
  ADD ("lockout", test_lockout);
  ADD ("events", test_events);
  ADD ("reopen-keeps-data", test_reopen_keeps_data);
  ADD ("open-garbage", test_open_garbage);

#undef ADD

  g_test_add ("/core/store/status-and-backup", LtFixture, NULL, lt_fixture_setup, test_status_and_backup,
              lt_fixture_teardown);
  return g_test_run ();
}
