/* test-consent.c: the face opt-in's command line and configuration contracts
 *
 * lintelctl face list|withdraw, consent log|verify, resident set
 * --minor|--adult, resident add --minor; [face] liveness, unused-days and
 * controller. The privacy suite proves the requirements; this holds the
 * spellings and exit statuses scripts rely on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-consent.h"
#include "lt-face-store.h"
#include "lt-test-util.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define UNIT "3-1203"

static void
setup (LtFixture *f, gconstpointer data)
{
  lt_fixture_setup (f, "[face]\nenabled=true\ncontroller=Test Co.\n");
}

static void
enrol (LtFixture *f, gint64 id)
{
  float templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN] = { 0.5f };
  g_autoptr (GError) error = NULL;

  g_assert_true (lt_face_store_enrol (f->store, f->secret, id, templates, LT_FACE_MIN_TEMPLATES, "face-notice-x",
                                      "main", 0, &error));
  g_assert_no_error (error);
}

static JsonArray *
parse_array (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_array (json_parser_get_root (parser));
}

static void
test_face_list (LtFixture *f, gconstpointer data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gint64 id = lt_fixture_add_resident (f, UNIT, "Ada", "1111", NULL);
  g_auto (LtTestRun) run = { 0 };
  JsonObject *row;
  JsonArray  *rows;

  lt_test_lintelctl (f->config_path, NULL, &run, "face", "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (json_array_get_length (parse_array (parser, run.out)), ==, 0);
  lt_test_run_clear (&run);

  enrol (f, id);
  lt_test_lintelctl (f->config_path, NULL, &run, "face", "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  rows = parse_array (parser, run.out);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  row = json_array_get_object_element (rows, 0);
  /* Exactly these members: nothing of the templates. */
  g_assert_cmpuint (json_object_get_size (row), ==, 5);
  g_assert_cmpint (json_object_get_int_member (row, "resident_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (row, "unit"), ==, UNIT);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (row, "enrolled_at"), "20"));
  g_assert_true (json_object_get_null_member (row, "last_used"));
  g_assert_cmpstr (json_object_get_string_member (row, "notice_version"), ==, "face-notice-x");
  lt_test_run_clear (&run);

  lt_test_lintelctl (f->config_path, NULL, &run, "face", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, UNIT));
  g_assert_nonnull (strstr (run.out, "face-notice-x"));
  g_assert_nonnull (strstr (run.out, "never"));
}

static void
test_withdraw_errors (LtFixture *f, gconstpointer data)
{
  gint64           staff = lt_fixture_add_staff (f, LT_PERSON_GUARD, "Guard", "123456", NULL);
  g_autofree char *staff_id = g_strdup_printf ("%" G_GINT64_FORMAT, staff);
  g_auto (LtTestRun) run = { 0 };

  lt_test_lintelctl (f->config_path, NULL, &run, "face", "withdraw", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "is not an id"));
  lt_test_run_clear (&run);
  lt_test_lintelctl (f->config_path, NULL, &run, "face", "withdraw", "999", NULL);
  g_assert_cmpint (run.status, ==, 2);
  lt_test_run_clear (&run);
  lt_test_lintelctl (f->config_path, NULL, &run, "face", "withdraw", staff_id, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "staff member"));
}

static void
test_consent_log (LtFixture *f, gconstpointer data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gint64           id = lt_fixture_add_resident (f, UNIT, "Ada", "1111", NULL);
  g_autofree char *arg = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_auto (LtTestRun) run = { 0 };
  const char *actions[] = { "decline", "enrol", "withdraw" };
  JsonArray  *rows;

  g_assert_true (lt_face_store_decline (f->store, f->secret, id, "face-notice-x", "main", NULL));
  enrol (f, id);
  lt_test_lintelctl (f->config_path, NULL, &run, "face", "withdraw", arg, NULL);
  g_assert_cmpint (run.status, ==, 0);
  lt_test_run_clear (&run);

  lt_test_lintelctl (f->config_path, NULL, &run, "consent", "log", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  rows = parse_array (parser, run.out);
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  for (guint i = 0; i < 3; i++) {
    JsonObject *row = json_array_get_object_element (rows, i);
    g_assert_cmpint (json_object_get_int_member (row, "id"), ==, i + 1);
    g_assert_cmpstr (json_object_get_string_member (row, "action"), ==, actions[i]);
    g_assert_cmpint (json_object_get_int_member (row, "resident_id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (row, "unit"), ==, UNIT);
    g_assert_cmpstr (json_object_get_string_member (row, "terminal"), ==, "main");
    g_assert_cmpstr (json_object_get_string_member (row, "notice_version"), ==, "face-notice-x");
    g_assert_true (json_object_get_null_member (row, "guardian_id"));
  }
  lt_test_run_clear (&run);

  lt_test_lintelctl (f->config_path, NULL, &run, "consent", "verify", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "intact (3 entries)"));
}

static void
test_minor_flag (LtFixture *f, gconstpointer data)
{
  g_autoptr (LtPerson) person = NULL;
  g_auto (LtTestRun) run = { 0 };
  g_autofree char *id = NULL;

  lt_test_lintelctl (f->config_path, NULL, &run, "unit", "add", UNIT, NULL);
  lt_test_run_clear (&run);
  lt_test_lintelctl (f->config_path, NULL, &run, "resident", "add", "--unit", UNIT, "--name", "Kid", "--minor", NULL);
  g_assert_cmpint (run.status, ==, 0);
  id = g_strstrip (g_strdup (run.out));
  lt_test_run_clear (&run);
  person = lt_store_get_person (f->store, g_ascii_strtoll (id, NULL, 10), NULL);
  g_assert_true (person->minor);
  g_clear_pointer (&person, lt_person_free);

  lt_test_lintelctl (f->config_path, NULL, &run, "resident", "set", id, "--adult", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lt_test_run_clear (&run);
  person = lt_store_get_person (f->store, g_ascii_strtoll (id, NULL, 10), NULL);
  g_assert_false (person->minor);

  lt_test_lintelctl (f->config_path, NULL, &run, "resident", "set", id, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--minor and --adult"));
  lt_test_run_clear (&run);
  lt_test_lintelctl (f->config_path, NULL, &run, "resident", "set", id, "--minor", "--adult", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_config_keys (LtFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;
  g_autoptr (LtConfig) sim = NULL;

  /* Defaults. */
  config = lt_config_load_data ("", "test.conf", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->face_liveness, ==, "challenge");
  g_assert_cmpuint (config->face_unused_days, ==, 365);
  g_assert_cmpstr (config->face_controller, ==, "");
  g_clear_pointer (&config, lt_config_free);

  /* liveness=off only with the simulator. */
  config = lt_config_load_data ("[hardware]\nbackend=gpiod\n[face]\nliveness=off\n", "test.conf", &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "[face] liveness"));
  g_assert_nonnull (strstr (error->message, "backend=sim"));
  g_clear_error (&error);
  sim = lt_config_load_data ("[hardware]\nbackend=sim\n[face]\nliveness=off\n", "test.conf", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sim->face_liveness, ==, "off");

  config = lt_config_load_data ("[face]\nliveness=maybe\n", "test.conf", &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
  g_clear_error (&error);
  config = lt_config_load_data ("[face]\nunused-days=0\n", "test.conf", &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
  g_clear_error (&error);
  config = lt_config_load_data ("[face]\nunused-days=30\ncontroller=Test Co.\n", "test.conf", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->face_unused_days, ==, 30);
  g_assert_cmpstr (config->face_controller, ==, "Test Co.");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (lt_crypto_init (NULL));

#define ADD(path, func) g_test_add ("/core/consent/" path, LtFixture, NULL, setup, func, lt_fixture_teardown)
  ADD ("face-list", test_face_list);
  ADD ("withdraw-errors", test_withdraw_errors);
  ADD ("consent-log", test_consent_log);
  ADD ("minor-flag", test_minor_flag);
  ADD ("config-keys", test_config_keys);
  return g_test_run ();
}
