/* test-config.c: loading and validating lintel.conf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-build-config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

typedef struct {
  char *dir;
  char *path;
} ConfigFixture;

static void
config_setup (ConfigFixture *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("lintel-config-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "lintel.conf", NULL);
  g_unsetenv (LT_CONFIG_ENV);
}

static void
config_teardown (ConfigFixture *fixture,
                 gconstpointer  data)
{
  g_unsetenv (LT_CONFIG_ENV);
  lt_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Writes text to the fixture's file and loads it. */
static LtConfig *
load_text (ConfigFixture *fixture,
           const char    *text,
           GError       **error)
{
  g_autoptr (GError) write_error = NULL;

  g_assert_true (g_file_set_contents (fixture->path, text, -1, &write_error));
  g_assert_no_error (write_error);
  return lt_config_load (fixture->path, error);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

/* The file must be refused with a message that names the file and every
 * one of the NULL-terminated strings that follow. */
G_GNUC_NULL_TERMINATED
static void
assert_refused (ConfigFixture *fixture,
                const char    *text,
                int            code,
                ...)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = load_text (fixture, text, &error);
  const char *needle;
  va_list     args;

  g_test_message ("config:\n%s", text);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, code);
  assert_contains (error->message, fixture->path);
  va_start (args, code);
  while ((needle = va_arg (args, const char *)) != NULL)
    assert_contains (error->message, needle);
  va_end (args);
}

static void
assert_defaults (const LtConfig *config)
{
  const LtDoorConfig *door;

  g_assert_cmpstr (config->database, ==, LT_DEFAULT_DATABASE);
  g_assert_cmpstr (config->key_dir, ==, LT_DEFAULT_KEY_DIR);
  g_assert_cmpstr (config->backend, ==, "gpiod");
  g_assert_cmpstr (config->door, ==, "main");
  g_assert_cmpstr (config->building, ==, "");
  g_assert_cmpstr (config->language, ==, "zh_CN");
  g_assert_cmpuint (config->lockout_failures, ==, 5);
  g_assert_cmpuint (config->lockout_seconds, ==, 30);
  g_assert_cmpuint (config->lockout_max_seconds, ==, 900);
  g_assert_cmpuint (config->reader_lockout_failures, ==, 6);
  g_assert_cmpuint (config->lockout_forget_seconds, ==, 3600);
  g_assert_cmpuint (config->staff_pin_length, ==, 6);
  g_assert_false (config->face_enabled);

  g_assert_nonnull (config->doors);
  g_assert_cmpuint (config->doors->len, ==, 1);
  door = g_ptr_array_index (config->doors, 0);
  g_assert_true (door == lt_config_get_door (config, "main"));
  g_assert_cmpstr (door->name, ==, "main");
  g_assert_cmpuint (door->unlock_seconds, ==, 5);
  g_assert_cmpuint (door->held_open_seconds, ==, 30);
  g_assert_cmphex (door->methods, ==, LT_METHOD_BIT (LT_METHOD_PIN) | LT_METHOD_BIT (LT_METHOD_CARD) | LT_METHOD_BIT (LT_METHOD_QR));
  g_assert_true (door->relock_on_close);
  g_assert_cmpint (door->lock_type, ==, LT_LOCK_FAIL_SECURE);
}

static void
test_defaults (ConfigFixture *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;
  g_autoptr (LtConfig) empty = NULL;

  /* An empty file is the defaults too. */
  empty = load_text (fixture, "# nothing set\n", &error);
  g_assert_no_error (error);
  g_assert_nonnull (empty);
  g_assert_cmpstr (empty->path, ==, fixture->path);
  assert_defaults (empty);

  if (g_file_test (LT_DEFAULT_CONFIG, G_FILE_TEST_EXISTS)) {
    g_test_skip ("a configuration file is installed at " LT_DEFAULT_CONFIG);
    return;
  }
  g_assert_cmpstr (lt_config_default_path (), ==, LT_DEFAULT_CONFIG);
  config = lt_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_null (config->path);
  assert_defaults (config);
}

static void
test_contract_keys (ConfigFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;

  config = load_text (fixture,
                      "[store]\n"
                      "database=/srv/lintel/state/lintel.db\n"
                      "key-dir = /srv/lintel/keys \n"
                      "\n"
                      "[door]\n"
                      "unlock-seconds=12\n"
                      "\n"
                      "[hardware]\n"
                      "backend=sim\n",
                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpstr (config->path, ==, fixture->path);
  g_assert_cmpstr (config->database, ==, "/srv/lintel/state/lintel.db");
  g_assert_cmpstr (config->key_dir, ==, "/srv/lintel/keys");
  g_assert_cmpstr (config->backend, ==, "sim");
  g_assert_cmpuint (lt_config_get_door (config, "main")->unlock_seconds, ==, 12);
  g_clear_pointer (&config, lt_config_free);

  config = load_text (fixture, "[hardware]\nbackend=gpiod\n[door]\nunlock-seconds=1\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->backend, ==, "gpiod");
  g_assert_cmpuint (lt_config_get_door (config, "main")->unlock_seconds, ==, 1);
  g_clear_pointer (&config, lt_config_free);

  config = load_text (fixture, "[door]\nunlock-seconds=30\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lt_config_get_door (config, "main")->unlock_seconds, ==, 30);
  g_clear_pointer (&config, lt_config_free);

  assert_refused (fixture, "[hardware]\nbackend=serial\n", LT_CONFIG_ERROR_INVALID,
                  "[hardware] backend", "gpiod|sim", "serial", NULL);
  assert_refused (fixture, "[hardware]\nbackend=\n", LT_CONFIG_ERROR_INVALID,
                  "[hardware] backend", NULL);
  assert_refused (fixture, "[store]\ndatabase=\n", LT_CONFIG_ERROR_INVALID,
                  "[store] database", NULL);
}

static void
test_unlock_seconds_range (ConfigFixture *fixture,
                           gconstpointer  data)
{
  static const char *const bad[] = { "0", "31", "abc", "-1", "5s", "", "4294967301", NULL };

  for (guint i = 0; bad[i] != NULL; i++) {
    g_autofree char *text = g_strdup_printf ("[door]\nunlock-seconds=%s\n", bad[i]);

    assert_refused (fixture, text, LT_CONFIG_ERROR_INVALID, "[door]", "unlock-seconds", "1 to 30", NULL);
  }
  /* The per-door groups have the same range. */
  assert_refused (fixture, "[door:garage]\nunlock-seconds=31\n", LT_CONFIG_ERROR_INVALID,
                  "[door:garage]", "unlock-seconds", NULL);
}

static void
test_unknown_names (ConfigFixture *fixture,
                    gconstpointer  data)
{
  assert_refused (fixture, "[doors]\nunlock-seconds=5\n", LT_CONFIG_ERROR_INVALID,
                  "[doors]", "unknown group", NULL);
  assert_refused (fixture, "[door]\nunlock-secs=5\n", LT_CONFIG_ERROR_INVALID,
                  "[door]", "unlock-secs", "unknown key", NULL);
  assert_refused (fixture, "[store]\ndatabse=/var/lib/lintel/lintel.db\n", LT_CONFIG_ERROR_INVALID,
                  "[store]", "databse", NULL);
  assert_refused (fixture, "[door:garage]\nbackend=sim\n", LT_CONFIG_ERROR_INVALID,
                  "[door:garage]", "backend", NULL);
  assert_refused (fixture, "[door:]\nunlock-seconds=5\n", LT_CONFIG_ERROR_INVALID,
                  "[door:]", NULL);
  assert_refused (fixture, "[terminal]\ndoor=lobby\n[door:lobby]\nunlock-seconds=5\n",
                  LT_CONFIG_ERROR_INVALID, "[door:lobby]", NULL);
}

static void
test_corrupt (ConfigFixture *fixture,
              gconstpointer  data)
{
  assert_refused (fixture, "this is not a configuration file\n", LT_CONFIG_ERROR_SYNTAX, NULL);
  assert_refused (fixture, "[store\ndatabase=/x.db\n", LT_CONFIG_ERROR_SYNTAX, NULL);
  assert_refused (fixture, "database=/x.db\n[store]\n", LT_CONFIG_ERROR_SYNTAX, NULL);
  assert_refused (fixture, "\x7f"
                           "ELF\x02\x01\x01",
                  LT_CONFIG_ERROR_SYNTAX, NULL);
}

static void
test_face_alone_refused (ConfigFixture *fixture,
                         gconstpointer  data)
{
  /* R6: face may be offered, never required; even with face switched on. */
  assert_refused (fixture, "[door]\nmethods=face\n", LT_CONFIG_ERROR_INVALID,
                  "[door] methods", "face cannot be the only way in", NULL);
  assert_refused (fixture, "[face]\nenabled=true\n[door]\nmethods=face\n", LT_CONFIG_ERROR_INVALID,
                  "[door] methods", "face cannot be the only way in", NULL);
  assert_refused (fixture, "[face]\nenabled=true\n[door]\nmethods=face;\n", LT_CONFIG_ERROR_INVALID,
                  "[door] methods", "face cannot be the only way in", NULL);

  /* R13: every other door is held to the same rule. */
  assert_refused (fixture, "[door:garage]\nmethods=face\n", LT_CONFIG_ERROR_INVALID,
                  "[door:garage] methods", "face cannot be the only way in", NULL);
  assert_refused (fixture, "[face]\nenabled=true\n[door:garage]\nmethods=face\n", LT_CONFIG_ERROR_INVALID,
                  "[door:garage] methods", "face cannot be the only way in", NULL);

  assert_refused (fixture, "[door]\nmethods=\n", LT_CONFIG_ERROR_INVALID,
                  "[door] methods", "no entry method", NULL);
  assert_refused (fixture, "[door]\nmethods=pin;iris\n", LT_CONFIG_ERROR_INVALID,
                  "[door] methods", "iris", NULL);
  assert_refused (fixture, "[door]\nmethods=pin;exit\n", LT_CONFIG_ERROR_INVALID,
                  "[door] methods", "exit", NULL);
}

static void
test_face_models (ConfigFixture *fixture,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) defaults = load_text (fixture, "", &error);
  g_autoptr (LtConfig) config = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (defaults->face_models, ==, LT_DEFAULT_FACE_MODELS);
  g_assert_cmpfloat_with_epsilon (defaults->face_threshold, 0.45, 1e-9);
  config = load_text (fixture, "[face]\nmodels=/opt/face\nthreshold=0.4\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->face_models, ==, "/opt/face");
  g_assert_cmpfloat_with_epsilon (config->face_threshold, 0.4, 1e-9);
  assert_refused (fixture, "[face]\nmodels=face\n", LT_CONFIG_ERROR_INVALID,
                  "[face] models", "absolute path", NULL);
  assert_refused (fixture, "[face]\nthreshold=0.6\n", LT_CONFIG_ERROR_INVALID,
                  "[face] threshold", "0.2 to 0.5", NULL);
  assert_refused (fixture, "[face]\nthreshold=near\n", LT_CONFIG_ERROR_INVALID,
                  "[face] threshold", "near", NULL);
}

static void
test_face_needs_enabled (ConfigFixture *fixture,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;
  const LtDoorConfig *main_door, *garage;

  assert_refused (fixture, "[door]\nmethods=pin;face\n", LT_CONFIG_ERROR_INVALID,
                  "[door] methods", "[face] enabled=true", NULL);
  assert_refused (fixture, "[face]\nenabled=false\n[door]\nmethods=pin;face\n", LT_CONFIG_ERROR_INVALID,
                  "[door] methods", "[face] enabled=true", NULL);
  assert_refused (fixture, "[door:garage]\nmethods=card;face\n", LT_CONFIG_ERROR_INVALID,
                  "[door:garage] methods", "[face] enabled=true", NULL);
  assert_refused (fixture, "[face]\nenabled=yes\n", LT_CONFIG_ERROR_INVALID,
                  "[face] enabled", "true or false", NULL);

  config = load_text (fixture,
                      "[face]\nenabled=true\n"
                      "[door]\nmethods=pin;face\n"
                      "[door:garage]\nmethods=card;face\n"
                      "[door:side]\nunlock-seconds=3\n",
                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_true (config->face_enabled);
  g_assert_cmpuint (config->doors->len, ==, 3);
  main_door = lt_config_get_door (config, "main");
  g_assert_cmphex (main_door->methods, ==, LT_METHOD_BIT (LT_METHOD_PIN) | LT_METHOD_BIT (LT_METHOD_FACE));
  garage = lt_config_get_door (config, "garage");
  g_assert_nonnull (garage);
  g_assert_cmphex (garage->methods, ==, LT_METHOD_BIT (LT_METHOD_CARD) | LT_METHOD_BIT (LT_METHOD_FACE));
  /* A door without methods takes [door]'s. */
  g_assert_cmphex (lt_config_get_door (config, "side")->methods, ==, main_door->methods);
}

static void
test_door_defaults_inherited (ConfigFixture *fixture,
                              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;
  const LtDoorConfig *garage;

  config = load_text (fixture,
                      "[terminal]\ndoor=lobby\n"
                      "[door]\nunlock-seconds=9\nlock-type=fail-safe\nrelock-on-close=false\nmethods=card\n"
                      "[door:garage]\nheld-open-seconds=120\n",
                      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->door, ==, "lobby");
  g_assert_cmpstr (((LtDoorConfig *)g_ptr_array_index (config->doors, 0))->name, ==, "lobby");
  g_assert_null (lt_config_get_door (config, "main"));
  garage = lt_config_get_door (config, "garage");
  g_assert_nonnull (garage);
  g_assert_cmpuint (garage->unlock_seconds, ==, 9);
  g_assert_cmpuint (garage->held_open_seconds, ==, 120);
  g_assert_cmpint (garage->lock_type, ==, LT_LOCK_FAIL_SAFE);
  g_assert_false (garage->relock_on_close);
  g_assert_cmphex (garage->methods, ==, LT_METHOD_BIT (LT_METHOD_CARD));
  g_assert_cmpuint (lt_config_get_door (config, "lobby")->held_open_seconds, ==, 30);
}

static void
test_relative_paths_refused (ConfigFixture *fixture,
                             gconstpointer  data)
{
  assert_refused (fixture, "[store]\ndatabase=lintel.db\n", LT_CONFIG_ERROR_INVALID,
                  "[store] database", "absolute", "lintel.db", NULL);
  assert_refused (fixture, "[store]\ndatabase=./state/lintel.db\n", LT_CONFIG_ERROR_INVALID,
                  "[store] database", "absolute", NULL);
  assert_refused (fixture, "[store]\nkey-dir=keys\n", LT_CONFIG_ERROR_INVALID,
                  "[store] key-dir", "absolute", NULL);
}

static void
test_other_checks (ConfigFixture *fixture,
                   gconstpointer  data)
{
  assert_refused (fixture, "[access]\nlockout-seconds=600\nlockout-max-seconds=60\n",
                  LT_CONFIG_ERROR_INVALID, "[access] lockout-max-seconds", NULL);
  assert_refused (fixture, "[access]\nlockout-failures=0\n",
                  LT_CONFIG_ERROR_INVALID, "[access] lockout-failures", NULL);
  assert_refused (fixture, "[terminal]\nlanguage=fr\n",
                  LT_CONFIG_ERROR_INVALID, "[terminal] language", NULL);
  assert_refused (fixture, "[terminal]\nunit-pattern=^([0-9]+$\n",
                  LT_CONFIG_ERROR_INVALID, "[terminal] unit-pattern", NULL);
  assert_refused (fixture, "[door]\nlock-type=magnetic\n",
                  LT_CONFIG_ERROR_INVALID, "[door] lock-type", "fail-secure|fail-safe", NULL);
}

static void
test_env_var (ConfigFixture *fixture,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.conf", NULL);

  g_assert_true (g_file_set_contents (fixture->path,
                                      "[store]\ndatabase=/from/env/lintel.db\n[hardware]\nbackend=sim\n",
                                      -1, &error));
  g_assert_no_error (error);

  g_setenv (LT_CONFIG_ENV, fixture->path, TRUE);
  g_assert_cmpstr (lt_config_default_path (), ==, fixture->path);
  config = lt_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpstr (config->path, ==, fixture->path);
  g_assert_cmpstr (config->database, ==, "/from/env/lintel.db");
  g_assert_cmpstr (config->backend, ==, "sim");
  g_clear_pointer (&config, lt_config_free);

  /* A file named by the environment is asked for: missing is an error,
   * not a silent fall back to the defaults. */
  g_setenv (LT_CONFIG_ENV, missing, TRUE);
  config = lt_config_load (NULL, &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_READ);
  assert_contains (error->message, missing);
  g_unsetenv (LT_CONFIG_ENV);
}

static void
test_explicit_missing (ConfigFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "nowhere", "lintel.conf", NULL);

  config = lt_config_load (missing, &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_READ);
  assert_contains (error->message, missing);

  /* A directory is not a file either. */
  g_clear_error (&error);
  config = lt_config_load (fixture->dir, &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_READ);
}

static void
test_unit_valid (ConfigFixture *fixture,
                 gconstpointer  data)
{
  static const char *const good[] = { "101", "A12", "3-2-1601", "B-12", "abcdef", "1-2-3", NULL };
  static const char *const bad[] = { "", "1-2-3-4", "1234567", "12 3", "-101", "101-", "1--2",
                                     "一单元", "\xff\xfe", "101\t", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;

  config = lt_config_load_data ("", "empty.conf", &error);
  g_assert_no_error (error);
  for (guint i = 0; good[i] != NULL; i++) {
    g_test_message ("unit “%s”", good[i]);
    g_assert_true (lt_config_unit_valid (config, good[i]));
  }
  for (guint i = 0; bad[i] != NULL; i++) {
    {
      /* Escaped: some bad units are not valid UTF-8, and TAP output must be. */
      g_autofree char *shown = g_strescape (bad[i], NULL);
      g_test_message ("unit “%s”", shown);
    }
    g_assert_false (lt_config_unit_valid (config, bad[i]));
  }
  g_clear_pointer (&config, lt_config_free);

  config = load_text (fixture, "[terminal]\nunit-pattern=^[0-9]{3}$\n", &error);
  g_assert_no_error (error);
  g_assert_true (lt_config_unit_valid (config, "101"));
  g_assert_false (lt_config_unit_valid (config, "A01"));
  g_assert_false (lt_config_unit_valid (config, "1011"));
}

static void
test_unit_valid_trailing_newline (ConfigFixture *fixture,
                                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = lt_config_load_data ("", "empty.conf", &error);

  g_assert_no_error (error);
  /* "$" in a PCRE pattern also matches before a final newline; a unit
   * name with a line break in it must still be refused. */
  g_assert_false (lt_config_unit_valid (config, "101\n"));
}

static char *
sample_value (const char *text,
              const char *key)
{
  g_autofree char *prefix = g_strdup_printf ("#%s=", key);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++) {
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i] + strlen (prefix));
  }
  g_error ("data/lintel.conf has no %s line", prefix);
}

/* The keys live next to the database, in the state directory, as README
 * and data/lintel.conf say: not under sysconfdir. */
static void
test_default_key_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("LT_TEST_SRCDIR"), "..", "data", "lintel.conf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *sample_db = NULL, *sample_keys = NULL;
  g_autofree char *sample_db_dir = NULL, *sample_keys_dir = NULL;
  g_autofree char *db_dir = g_path_get_dirname (LT_DEFAULT_DATABASE);
  g_autofree char *keys_dir = g_path_get_dirname (LT_DEFAULT_KEY_DIR);
  g_autofree char *keys_name = g_path_get_basename (LT_DEFAULT_KEY_DIR);

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  sample_db = sample_value (text, "database");
  sample_keys = sample_value (text, "key-dir");
  sample_db_dir = g_path_get_dirname (sample_db);
  sample_keys_dir = g_path_get_dirname (sample_keys);
  g_assert_cmpstr (sample_keys_dir, ==, sample_db_dir);
  g_assert_cmpstr (sample_keys, ==, "/var/lib/lintel/keys");

  g_assert_cmpstr (keys_dir, ==, db_dir);
  g_assert_cmpstr (keys_name, ==, "keys");
  g_assert_true (g_str_has_suffix (LT_DEFAULT_KEY_DIR, "/lib/lintel/keys"));
}

/* [terminal] voice: spoken prompts, on unless turned off; a yes/no. */
static void
test_voice (ConfigFixture *fixture,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = load_text (fixture, "[terminal]\nlanguage=en\n", &error);

  g_assert_no_error (error);
  g_assert_true (config->voice);
  g_clear_pointer (&config, lt_config_free);
  config = load_text (fixture, "[terminal]\nvoice=false\n", &error);
  g_assert_no_error (error);
  g_assert_false (config->voice);
  assert_refused (fixture, "[terminal]\nvoice=loud\n", LT_CONFIG_ERROR_INVALID, "[terminal] voice", NULL);
  /* [guard] show-names: names in the guard's list unless turned off. */
  g_clear_pointer (&config, lt_config_free);
  config = load_text (fixture, "[terminal]\nlanguage=en\n", &error);
  g_assert_no_error (error);
  g_assert_true (config->guard_show_names);
  g_clear_pointer (&config, lt_config_free);
  config = load_text (fixture, "[guard]\nshow-names=false\n", &error);
  g_assert_no_error (error);
  g_assert_false (config->guard_show_names);
  assert_refused (fixture, "[guard]\nshow-name=true\n", LT_CONFIG_ERROR_INVALID, "[guard]", "show-name", "unknown key", NULL);
}

/* One line silently undoing another is refused, naming both lines. */
static void
test_duplicate_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;

  config = lt_config_load_data ("[door]\nunlock-seconds=5\n# later\n\n[access]\nlockout-seconds=30\n"
                                "[door]\nunlock-seconds = 30\n",
                                "dup.conf", &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "unlock-seconds"));
  g_assert_nonnull (strstr (error->message, "lines 2 and 8"));
  g_clear_error (&error);

  /* The same key in two groups is two keys. */
  config = lt_config_load_data ("[door]\nmethods=pin;card\n[door:garage]\nmethods=card\n", "ok.conf", &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
}

/* A device or a FIFO is refused at once, never read forever. */
static void
test_not_regular_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lintel-config-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.conf", NULL);

  config = lt_config_load ("/dev/zero", &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  config = lt_config_load (fifo, &error);
  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_READ);
  g_clear_error (&error);
  g_unlink (fifo);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/config/default-key-dir", test_default_key_dir);
  g_test_add_func ("/core/config/duplicate-key", test_duplicate_key);
  g_test_add_func ("/core/config/not-regular-file", test_not_regular_file);

#define ADD(path, func) \
  g_test_add ("/core/config/" path, ConfigFixture, NULL, config_setup, func, config_teardown)

  ADD ("defaults", test_defaults);
  ADD ("contract-keys", test_contract_keys);
  ADD ("unlock-seconds-range", test_unlock_seconds_range);
  ADD ("unknown-names", test_unknown_names);
  ADD ("corrupt", test_corrupt);
  ADD ("face-alone-refused", test_face_alone_refused);
  ADD ("face-needs-enabled", test_face_needs_enabled);
  ADD ("face-models", test_face_models);
  ADD ("door-defaults-inherited", test_door_defaults_inherited);
  ADD ("relative-paths-refused", test_relative_paths_refused);
  ADD ("other-checks", test_other_checks);
  ADD ("env-var", test_env_var);
  ADD ("explicit-missing", test_explicit_missing);
  ADD ("unit-valid", test_unit_valid);
  ADD ("unit-valid-trailing-newline", test_unit_valid_trailing_newline);
  ADD ("voice", test_voice);

#undef ADD

  return g_test_run ();
}
