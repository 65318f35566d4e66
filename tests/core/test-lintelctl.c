/* test-lintelctl.c: the administrator's command line, end to end through the real binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-store-private.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#define PIN         "864297"
#define OTHER_PIN   "246813"
#define DURESS_PIN  "579132"
#define CARD        "26:201:53791"
#define CARD_NUMBER "53791"

/* Config files to check: simulated hardware needs no GPIO lines. */
#define SIM "[hardware]\nbackend=sim\n\n"

typedef struct {
  char *dir;
  char *config_path;
  char *db_path;
  char *key_dir;
  char *key_path;
} Ctl;

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

/* lintelctl --config CONFIG args… */
static void
run_va (Ctl        *ctl,
        const char *input,
        LtTestRun  *result,
        const char *first,
        va_list     args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, ctl->config_path);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  g_ptr_array_add (argv, NULL);
  lt_test_lintelctl_argv ((const char *const *)argv->pdata, input, result);
}

G_GNUC_NULL_TERMINATED
static void
run (Ctl        *ctl,
     const char *input,
     LtTestRun  *result,
     const char *first,
     ...)
{
  va_list args;

  va_start (args, first);
  run_va (ctl, input, result, first, args);
  va_end (args);
}

/* Runs a command that must succeed. */
G_GNUC_NULL_TERMINATED
static void
run_ok (Ctl        *ctl,
        const char *input,
        LtTestRun  *result,
        const char *first,
        ...)
{
  va_list args;

  va_start (args, first);
  run_va (ctl, input, result, first, args);
  va_end (args);
  g_assert_cmpint (result->status, ==, 0);
}

static void
assert_one_line (const char *text)
{
  const char *newline = strchr (text, '\n');

  g_assert_nonnull (newline);
  g_assert_cmpint (newline - text, >, 0);
  g_assert_cmpstr (newline + 1, ==, "");
  g_assert_true (g_str_has_prefix (text, "lintelctl: "));
}

/* A usage or input error: exit 2, one line on stderr, nothing on stdout. */
static void
assert_error (const LtTestRun *result)
{
  g_assert_cmpint (result->status, ==, 2);
  assert_one_line (result->err);
}

static gint64
parse_id (const char *out)
{
  g_autoptr (GRegex) regex = g_regex_new ("^([0-9]+)\n$", G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autofree char *digits = NULL;

  if (!g_regex_match (regex, out, G_REGEX_MATCH_DEFAULT, &match))
    g_error ("“%s” is not an id alone on a line", out);
  digits = g_match_info_fetch (match, 1);
  return g_ascii_strtoll (digits, NULL, 10);
}

static guint
count_matches (const char *text,
               const char *pattern)
{
  g_autoptr (GRegex) regex = g_regex_new (pattern, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  guint n = 0;

  g_assert_nonnull (regex);
  g_regex_match (regex, text, G_REGEX_MATCH_DEFAULT, &match);
  while (g_match_info_matches (match)) {
    n++;
    g_match_info_next (match, NULL);
  }
  return n;
}

/* The JSON object of one person in a list, as text. */
static char *
json_person (const char *json,
             gint64      id)
{
  g_autofree char *pattern = g_strdup_printf ("\\{[^{}]*\"id\"\\s*:\\s*%" G_GINT64_FORMAT "\\s*,[^{}]*\\}", id);
  g_autoptr (GRegex) regex = g_regex_new (pattern, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  if (!g_regex_match (regex, json, G_REGEX_MATCH_DEFAULT, &match))
    return NULL;
  return g_match_info_fetch (match, 0);
}

static gboolean
json_has (const char *object,
          const char *member,
          const char *value)
{
  g_autofree char *pattern = g_strdup_printf ("\"%s\"\\s*:\\s*%s\\s*[,}\n]", member, value);

  return object != NULL && count_matches (object, pattern) == 1;
}

static void
ctl_setup (Ctl          *ctl,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *config = NULL;

  ctl->dir = g_dir_make_tmp ("lintelctl-test-XXXXXX", &error);
  g_assert_no_error (error);
  ctl->config_path = g_build_filename (ctl->dir, "lintel.conf", NULL);
  ctl->db_path = g_build_filename (ctl->dir, "state", "lintel.db", NULL);
  ctl->key_dir = g_build_filename (ctl->dir, "keys", NULL);
  ctl->key_path = g_build_filename (ctl->key_dir, LT_SECRET_FILE, NULL);
  config = g_strdup_printf ("[store]\ndatabase=%s\nkey-dir=%s\n\n[hardware]\nbackend=sim\n",
                            ctl->db_path, ctl->key_dir);
  write_file (ctl->config_path, config);

  /* Every test but the one about init starts from an initialised terminal. */
  if (data == NULL) {
    g_auto (LtTestRun) result = { 0 };
    run_ok (ctl, NULL, &result, "init", NULL);
  }
}

static void
ctl_teardown (Ctl          *ctl,
              gconstpointer data)
{
  lt_test_rm_rf (ctl->dir);
  g_free (ctl->dir);
  g_free (ctl->config_path);
  g_free (ctl->db_path);
  g_free (ctl->key_dir);
  g_free (ctl->key_path);
}

static gint64
add_resident (Ctl        *ctl,
              const char *unit,
              const char *name)
{
  g_auto (LtTestRun) result = { 0 };

  run_ok (ctl, NULL, &result, "resident", "add", "--unit", unit, "--name", name, NULL);
  return parse_id (result.out);
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static char *
resident_json (Ctl   *ctl,
               gint64 id)
{
  g_auto (LtTestRun) result = { 0 };
  char *object;

  run_ok (ctl, NULL, &result, "resident", "list", "--json", NULL);
  object = json_person (result.out, id);
  g_assert_nonnull (object);
  return object;
}

static void
test_init (Ctl          *ctl,
           gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *key = NULL;
  g_autofree char *key_again = NULL;
  gsize            length = 0, length_again = 0;
  struct stat      st;

  run_ok (ctl, NULL, &result, "init", NULL);
  g_assert_true (g_file_test (ctl->db_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_stat (ctl->key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, LT_SECRET_BYTES);
  key = read_file (ctl->key_path, &length);

  /* A second init would orphan every PIN and card: refused, key untouched. */
  run (ctl, NULL, &result, "init", NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "already exists"));
  key_again = read_file (ctl->key_path, &length_again);
  g_assert_cmpuint (length_again, ==, length);
  g_assert_cmpmem (key_again, length_again, key, length);
  g_assert_cmpint (g_stat (ctl->key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The terminal works after the refused second init. */
  run_ok (ctl, NULL, &result, "unit", "list", NULL);
}

static void
test_units (Ctl          *ctl,
            gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };

  run_ok (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  g_assert_cmpstr (result.out, ==, "");
  run_ok (ctl, NULL, &result, "unit", "add", "3-1204", NULL);
  run (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  assert_error (&result);
  run (ctl, NULL, &result, "unit", "add", "not a unit", NULL);
  assert_error (&result);

  run_ok (ctl, NULL, &result, "unit", "list", NULL);
  g_assert_cmpstr (result.out, ==, "3-1203\n3-1204\n");
  run_ok (ctl, NULL, &result, "unit", "list", "--json", NULL);
  g_assert_cmpuint (count_matches (result.out, "^\\s*\\[\\s*\"3-1203\"\\s*,\\s*\"3-1204\"\\s*\\]\\s*$"), ==, 1);
}

static void
test_residents (Ctl          *ctl,
                gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *zhang_text = NULL;
  g_autofree char *object = NULL;
  gint64           zhang, wang, li;

  run_ok (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  run_ok (ctl, NULL, &result, "unit", "add", "3-1204", NULL);

  zhang = add_resident (ctl, "3-1203", "张伟");
  run_ok (ctl, NULL, &result, "resident", "add", "--unit", "3-1204", "--name", "王丽",
          "--valid-until", "2027-06-30", NULL);
  wang = parse_id (result.out);
  li = add_resident (ctl, "3-1204", "Li \"Lei\"");
  g_assert_cmpint (zhang, >, 0);
  g_assert_cmpint (wang, >, zhang);
  g_assert_cmpint (li, >, wang);

  /* Refused: unknown unit, bad date, over-long name; none is added. */
  run (ctl, NULL, &result, "resident", "add", "--unit", "9-9999", "--name", "X", NULL);
  assert_error (&result);
  g_assert_cmpstr (result.out, ==, "");
  run (ctl, NULL, &result, "resident", "add", "--unit", "3-1203", "--name", "X", "--valid-until", "2027-02-30", NULL);
  assert_error (&result);
  run (ctl, NULL, &result, "resident", "add", "--unit", "3-1203", "--name",
       "12345678901234567890123456789012345678901234567890123456789012345", NULL);
  assert_error (&result);

  run_ok (ctl, NULL, &result, "resident", "list", NULL);
  g_assert_cmpuint (count_matches (result.out, "\n"), ==, 3);
  g_assert_nonnull (strstr (result.out, "张伟"));
  g_assert_nonnull (strstr (result.out, "2027-06-30"));

  run_ok (ctl, NULL, &result, "resident", "list", "--unit", "3-1203", NULL);
  g_assert_cmpuint (count_matches (result.out, "\n"), ==, 1);
  g_assert_nonnull (strstr (result.out, "张伟"));
  run (ctl, NULL, &result, "resident", "list", "--unit", "9-9999", NULL);
  assert_error (&result);

  run_ok (ctl, NULL, &result, "resident", "list", "--unit", "3-1204", "--json", NULL);
  g_assert_cmpuint (count_matches (result.out, "\"id\"\\s*:"), ==, 2);
  object = json_person (result.out, wang);
  g_assert_true (json_has (object, "name", "\"王丽\""));
  g_assert_true (json_has (object, "unit", "\"3-1204\""));
  g_assert_true (json_has (object, "kind", "\"resident\""));
  g_assert_true (json_has (object, "valid_until", "\"2027-06-30\""));
  g_assert_true (json_has (object, "has_pin", "false"));
  g_assert_true (json_has (object, "active", "true"));
  g_clear_pointer (&object, g_free);
  object = json_person (result.out, li);
  g_assert_true (json_has (object, "name", "\"Li \\\\\"Lei\\\\\"\""));
  g_assert_true (json_has (object, "valid_until", "null"));
  g_assert_null (json_person (result.out, zhang));

  zhang_text = id_text (zhang);
  run_ok (ctl, NULL, &result, "resident", "remove", zhang_text, NULL);
  run_ok (ctl, NULL, &result, "resident", "list", "--json", NULL);
  g_assert_null (json_person (result.out, zhang));
  g_assert_cmpuint (count_matches (result.out, "\"id\"\\s*:"), ==, 2);
  run (ctl, NULL, &result, "resident", "remove", zhang_text, NULL);
  assert_error (&result);
}

static void
test_pins (Ctl          *ctl,
           gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *object = NULL;
  g_autofree char *granted = NULL;
  g_autofree char *events_before = NULL;
  gint64           zhang;

  run_ok (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  zhang = add_resident (ctl, "3-1203", "张伟");
  id = id_text (zhang);
  granted = g_strdup_printf ("granted %s\n", id);

  /* Refused PINs write nothing, and the message is one line without the PIN. */
  run_ok (ctl, NULL, &result, "events", NULL);
  events_before = g_strdup (result.out);
  {
    static const char *const bad[] = { "12a4\n", "123\n", "123456789\n", "", "\n" };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
      run (ctl, bad[i], &result, "pin", "set", id, NULL);
      assert_error (&result);
      g_assert_null (strstr (result.err, "12a4"));
    }
  }
  object = resident_json (ctl, zhang);
  g_assert_true (json_has (object, "has_pin", "false"));
  run_ok (ctl, NULL, &result, "events", NULL);
  g_assert_cmpstr (result.out, ==, events_before);

  run_ok (ctl, PIN "\n", &result, "pin", "set", id, NULL);
  g_assert_cmpstr (result.out, ==, "");
  g_clear_pointer (&object, g_free);
  object = resident_json (ctl, zhang);
  g_assert_true (json_has (object, "has_pin", "true"));
  g_assert_true (json_has (object, "has_duress_pin", "false"));

  run (ctl, PIN "\n", &result, "check", "pin", "3-1203", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, granted);
  run (ctl, OTHER_PIN "\n", &result, "check", "pin", "3-1203", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "denied wrong-pin\n");
  /* A unit that does not exist answers like a wrong PIN. */
  run (ctl, PIN "\n", &result, "check", "pin", "9-9999", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "denied wrong-pin\n");

  /* A PIN without a newline at the end is the same PIN. */
  run (ctl, PIN, &result, "check", "pin", "3-1203", NULL);
  g_assert_cmpint (result.status, ==, 0);

  /* The duress PIN looks like any grant, and raises the silent alarm. */
  run_ok (ctl, DURESS_PIN "\n", &result, "pin", "set", id, "--duress", NULL);
  g_clear_pointer (&object, g_free);
  object = resident_json (ctl, zhang);
  g_assert_true (json_has (object, "has_duress_pin", "true"));
  run_ok (ctl, NULL, &result, "events", "--json", NULL);
  g_assert_cmpuint (count_matches (result.out, "\"kind\"\\s*:\\s*\"alarm\""), ==, 0);
  run (ctl, DURESS_PIN "\n", &result, "check", "pin", "3-1203", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, granted);
  run_ok (ctl, NULL, &result, "events", "--json", NULL);
  g_assert_cmpuint (count_matches (result.out, "\"kind\"\\s*:\\s*\"alarm\""), ==, 1);

  /* The duress PIN cannot be the normal one. */
  run (ctl, PIN "\n", &result, "pin", "set", id, "--duress", NULL);
  assert_error (&result);

  /* Changing the PIN retires the old one. */
  run_ok (ctl, OTHER_PIN "\n", &result, "pin", "set", id, NULL);
  run (ctl, PIN "\n", &result, "check", "pin", "3-1203", NULL);
  g_assert_cmpint (result.status, ==, 1);
  run (ctl, OTHER_PIN "\n", &result, "check", "pin", "3-1203", NULL);
  g_assert_cmpint (result.status, ==, 0);

  run (ctl, PIN "\n", &result, "pin", "set", "999", NULL);
  assert_error (&result);
}

static void
test_cards (Ctl          *ctl,
            gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *granted = NULL;
  g_autofree char *object = NULL;
  gint64           zhang;
  const struct {
    const char *add;
    const char *check;
    const char *remove;
  } forms[] = {
    { CARD, "26:0201:053791", "26:201:53791" },
    { "34:65535:65535", "34:65535:65535", " 34:65535:65535 " },
    { "04a2b3c4d5", "04A2B3C4D5", "04A2b3C4d5" },
    { "04A2B3C4D5E6F7", "04a2b3c4d5e6f7", "04A2B3C4D5E6F7" },
  };

  run_ok (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  zhang = add_resident (ctl, "3-1203", "张伟");
  id = id_text (zhang);
  other = id_text (add_resident (ctl, "3-1203", "李娜"));
  granted = g_strdup_printf ("granted %s\n", id);

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++) {
    run_ok (ctl, NULL, &result, "card", "add", id, forms[i].add, NULL);
    g_assert_cmpstr (result.out, ==, "");
    run (ctl, NULL, &result, "check", "card", forms[i].check, NULL);
    g_assert_cmpint (result.status, ==, 0);
    g_assert_cmpstr (result.out, ==, granted);
    /* One card, one holder. */
    run (ctl, NULL, &result, "card", "add", other, forms[i].check, NULL);
    assert_error (&result);
  }
  object = resident_json (ctl, zhang);
  g_assert_true (json_has (object, "cards", "4"));

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++) {
    run_ok (ctl, NULL, &result, "card", "remove", id, forms[i].remove, NULL);
    run (ctl, NULL, &result, "check", "card", forms[i].check, NULL);
    g_assert_cmpint (result.status, ==, 1);
    g_assert_cmpstr (result.out, ==, "denied unknown-credential\n");
    run (ctl, NULL, &result, "card", "remove", id, forms[i].remove, NULL);
    assert_error (&result);
  }
  g_clear_pointer (&object, g_free);
  object = resident_json (ctl, zhang);
  g_assert_true (json_has (object, "cards", "0"));

  /* Not cards: refused without echoing them. */
  {
    static const char *const bad[] = { "26:256:1", "26:1:65536", "35:1:1", "hello", "0BAD12", "0BAD12345" };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
      run (ctl, NULL, &result, "card", "add", id, bad[i], NULL);
      assert_error (&result);
      g_assert_null (strstr (result.err, bad[i]));
      run (ctl, NULL, &result, "check", "card", bad[i], NULL);
      assert_error (&result);
    }
  }
  run (ctl, NULL, &result, "card", "add", "999", CARD, NULL);
  assert_error (&result);
  run (ctl, NULL, &result, "check", "card", "26:1:1", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "denied unknown-credential\n");
}

static void
test_staff (Ctl          *ctl,
            gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *guard_text = NULL;
  g_autofree char *granted = NULL;
  g_autofree char *object = NULL;
  gint64           guard, technician;

  run_ok (ctl, NULL, &result, "staff", "add", "--role", "guard", "--name", "保安老王", NULL);
  guard = parse_id (result.out);
  run_ok (ctl, NULL, &result, "staff", "add", "--role", "technician", "--name", "Tech Liu", NULL);
  technician = parse_id (result.out);
  g_assert_cmpint (technician, >, guard);
  run (ctl, NULL, &result, "staff", "add", "--role", "resident", "--name", "X", NULL);
  assert_error (&result);
  run (ctl, NULL, &result, "staff", "add", "--role", "admin", "--name", "X", NULL);
  assert_error (&result);
  run (ctl, NULL, &result, "staff", "add", "--name", "X", NULL);
  assert_error (&result);

  guard_text = id_text (guard);
  run_ok (ctl, PIN "\n", &result, "pin", "set", guard_text, NULL);
  run_ok (ctl, NULL, &result, "card", "add", guard_text, CARD, NULL);
  run_ok (ctl, NULL, &result, "staff", "list", "--json", NULL);
  object = json_person (result.out, guard);
  g_assert_true (json_has (object, "kind", "\"guard\""));
  g_assert_true (json_has (object, "has_pin", "true"));
  g_assert_true (json_has (object, "cards", "1"));
  g_assert_null (strstr (object, "\"unit\""));
  g_clear_pointer (&object, g_free);
  object = json_person (result.out, technician);
  g_assert_true (json_has (object, "kind", "\"technician\""));

  /* Staff are not residents. */
  run_ok (ctl, NULL, &result, "resident", "list", "--json", NULL);
  g_assert_null (json_person (result.out, guard));
  run (ctl, NULL, &result, "resident", "remove", guard_text, NULL);
  assert_error (&result);

  granted = g_strdup_printf ("granted %s\n", guard_text);
  run (ctl, NULL, &result, "check", "card", CARD, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, granted);

  /* A new staff PIN has [access] staff-pin-length digits (6) at least. */
  run (ctl, "1234\n", &result, "pin", "set", guard_text, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "staff-pin-length"));
  run_ok (ctl, NULL, &result, "staff", "list", "--json", NULL);
  g_clear_pointer (&object, g_free);
  object = json_person (result.out, guard);
  g_assert_true (json_has (object, "short_pin", "false"));

  /* A shorter one from before the rule keeps working and is flagged. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (LtSecret) secret = lt_secret_load (ctl->key_dir, &error);
    g_autoptr (LtStore) store = lt_store_open (ctl->db_path, &error);

    g_assert_no_error (error);
    g_assert_true (lt_store_set_pin (store, secret, guard, "4321", FALSE, &error));
    g_assert_no_error (error);
  }
  run_ok (ctl, NULL, &result, "staff", "list", "--json", NULL);
  g_clear_pointer (&object, g_free);
  object = json_person (result.out, guard);
  g_assert_true (json_has (object, "short_pin", "true"));
  run_ok (ctl, NULL, &result, "staff", "list", NULL);
  g_assert_nonnull (strstr (result.out, "PIN shorter than 6 digits"));
}

/* A read-only command leaves the WAL alone: a TRUNCATE checkpoint on its
 * way out made the door's writer wait and deny. */
static void
test_read_only_no_checkpoint (Ctl          *ctl,
                              gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = lt_store_open (ctl->db_path, &error);
  g_autofree char *wal = g_strconcat (ctl->db_path, "-wal", NULL);
  LtEvent          event = { 0, 0, LT_EVENT_KIND_SYSTEM, NULL, NULL, LT_EVENT_RESULT_STARTED };
  GStatBuf         before, after;

  /* The terminal's own connection stays open with frames in its WAL. */
  g_assert_no_error (error);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpint (lt_store_add_event (store, &event, NULL), >, 0);
  g_assert_cmpint (g_stat (wal, &before), ==, 0);
  g_assert_cmpint (before.st_size, >, 0);

  run_ok (ctl, NULL, &result, "events", NULL);
  run_ok (ctl, NULL, &result, "resident", "list", NULL);
  run_ok (ctl, NULL, &result, "staff", "list", "--json", NULL);
  g_assert_cmpint (g_stat (wal, &after), ==, 0);
  g_assert_cmpint (after.st_size, ==, before.st_size);
}

/* Times carry microseconds, which could spell anything: they go first. */
static char *
without_times (const char *text)
{
  g_autoptr (GRegex) regex = g_regex_new ("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)",
                                          G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);

  return g_regex_replace_literal (regex, text, -1, 0, "TIME", G_REGEX_MATCH_DEFAULT, NULL);
}

static void
assert_no_secrets (const char *text)
{
  g_autofree char         *stripped = without_times (text);
  static const char *const secrets[] = { PIN, OTHER_PIN, DURESS_PIN, "12a4", CARD, CARD_NUMBER, "04A2B3C4D5", "04a2b3c4d5", "A2B3C4" };

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (stripped, secrets[i]) != NULL)
      g_error ("“%s” found in:\n%s", secrets[i], text);
}

static void
test_events (Ctl          *ctl,
             gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *db = NULL;
  gsize            db_length = 0;
  gint64           zhang;

  run_ok (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  zhang = add_resident (ctl, "3-1203", "张伟");
  id = id_text (zhang);
  run_ok (ctl, PIN "\n", &result, "pin", "set", id, NULL);
  run_ok (ctl, DURESS_PIN "\n", &result, "pin", "set", id, "--duress", NULL);
  run (ctl, "12a4\n", &result, "pin", "set", id, NULL);
  run_ok (ctl, NULL, &result, "card", "add", id, CARD, NULL);
  run_ok (ctl, NULL, &result, "card", "add", id, "04a2b3c4d5", NULL);
  run (ctl, PIN "\n", &result, "check", "pin", "3-1203", NULL);
  g_assert_cmpint (result.status, ==, 0);
  run (ctl, OTHER_PIN "\n", &result, "check", "pin", "3-1203", NULL);
  g_assert_cmpint (result.status, ==, 1);
  run (ctl, DURESS_PIN "\n", &result, "check", "pin", "3-1203", NULL);
  g_assert_cmpint (result.status, ==, 0);
  run (ctl, NULL, &result, "check", "card", CARD, NULL);
  g_assert_cmpint (result.status, ==, 0);
  run (ctl, NULL, &result, "check", "card", "04A2B3C4D5", NULL);
  g_assert_cmpint (result.status, ==, 0);
  run_ok (ctl, NULL, &result, "card", "remove", id, "04A2B3C4D5", NULL);
  run (ctl, NULL, &result, "check", "card", "04A2B3C4D5", NULL);
  g_assert_cmpint (result.status, ==, 1);

  run_ok (ctl, NULL, &result, "events", NULL);
  assert_no_secrets (result.out);
  g_assert_cmpuint (count_matches (result.out, "(?m)^\\S+ decision "), ==, 6);
  g_assert_cmpuint (count_matches (result.out, "(?m)^\\S+ alarm "), ==, 1);
  g_assert_cmpuint (count_matches (result.out, "wrong-pin"), ==, 1);

  run_ok (ctl, NULL, &result, "events", "--json", NULL);
  assert_no_secrets (result.out);
  g_assert_cmpuint (count_matches (result.out, "\"kind\"\\s*:\\s*\"decision\""), ==, 6);
  g_assert_cmpuint (count_matches (result.out, "\"reason\"\\s*:\\s*\"duress\""), ==, 2);
  g_assert_cmpuint (count_matches (result.out, "\"result\"\\s*:\\s*\"granted\""), ==, 4);
  g_assert_cmpuint (count_matches (result.out, "\"reason\"\\s*:\\s*\"unknown-credential\""), ==, 1);

  run_ok (ctl, NULL, &result, "events", "--csv", NULL);
  assert_no_secrets (result.out);
  g_assert_true (g_str_has_prefix (result.out, "id,time,kind,door,method,result,reason,subject,detail\n"));
  g_assert_cmpuint (count_matches (result.out, "(?m)^[0-9]+,[^,]+,decision,main,pin,denied,wrong-pin,,"), ==, 1);
  {
    g_autofree char *granted_row = g_strdup_printf ("(?m)^[0-9]+,[^,]+,decision,main,card,granted,ok,%s,", id);
    g_assert_cmpuint (count_matches (result.out, granted_row), ==, 2);
  }

  run_ok (ctl, NULL, &result, "events", "--since", "2999-01-01", NULL);
  g_assert_cmpstr (result.out, ==, "");
  run_ok (ctl, NULL, &result, "events", "--since", "2999-01-01", "--json", NULL);
  g_assert_cmpuint (count_matches (result.out, "\"id\""), ==, 0);
  run_ok (ctl, NULL, &result, "events", "--since", "2000-01-01T00:00:00+08:00", "--csv", NULL);
  g_assert_cmpuint (count_matches (result.out, "(?m),decision,"), ==, 6);
  /* Minutes without seconds, as people write them. */
  run_ok (ctl, NULL, &result, "events", "--since", "2000-01-01T08:00", "--csv", NULL);
  g_assert_cmpuint (count_matches (result.out, "(?m),decision,"), ==, 6);
  run_ok (ctl, NULL, &result, "events", "--since", "2999-01-01T08:00", NULL);
  g_assert_cmpstr (result.out, ==, "");
  run (ctl, NULL, &result, "events", "--since", "yesterday", NULL);
  assert_error (&result);
  run (ctl, NULL, &result, "events", "--json", "--csv", NULL);
  assert_error (&result);

  /* Neither are they anywhere in the database. */
  db = read_file (ctl->db_path, &db_length);
  g_assert_null (memmem (db, db_length, PIN, strlen (PIN)));
  g_assert_null (memmem (db, db_length, DURESS_PIN, strlen (DURESS_PIN)));
  g_assert_null (memmem (db, db_length, CARD, strlen (CARD)));
  g_assert_null (memmem (db, db_length, "201:53791", strlen ("201:53791")));
  g_assert_null (memmem (db, db_length, "04A2B3C4D5", strlen ("04A2B3C4D5")));
}

static void
test_import (Ctl          *ctl,
             gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *good = g_build_filename (ctl->dir, "good.csv", NULL);
  g_autofree char *bad = g_build_filename (ctl->dir, "bad.csv", NULL);
  g_autofree char *missing = g_build_filename (ctl->dir, "missing.csv", NULL);

  run_ok (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  run_ok (ctl, NULL, &result, "unit", "add", "3-1204", NULL);

  write_file (bad, "unit,name,pin,card\n"
                   "3-1203,张伟,864297\n"
                   "3-1204,王丽,12a4\n"
                   "3-1204,李娜\n"
                   "9-9999,赵六\n");
  run (ctl, NULL, &result, "import", "residents", bad, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "line 3"));
  g_assert_nonnull (strstr (result.err, "line 5"));
  g_assert_null (strstr (result.err, "line 2:"));
  g_assert_null (strstr (result.err, "line 4:"));
  g_assert_null (strstr (result.err, "12a4"));
  run_ok (ctl, NULL, &result, "resident", "list", NULL);
  g_assert_cmpstr (result.out, ==, "");

  write_file (good, "\xEF\xBB\xBF"
                    "unit,name,pin,card\r\n"
                    "3-1203,张伟," PIN ",\r\n"
                    "3-1204,\"Wang, Li\",," CARD "\r\n");
  run_ok (ctl, NULL, &result, "import", "residents", good, NULL);
  g_assert_nonnull (strstr (result.out, "2"));
  run_ok (ctl, NULL, &result, "resident", "list", NULL);
  g_assert_cmpuint (count_matches (result.out, "\n"), ==, 2);
  g_assert_nonnull (strstr (result.out, "Wang, Li"));

  run (ctl, PIN "\n", &result, "check", "pin", "3-1203", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "granted "));
  run (ctl, NULL, &result, "check", "card", CARD, NULL);
  g_assert_cmpint (result.status, ==, 0);

  /* Importing the same file again clashes on the card, so adds nobody. */
  run (ctl, NULL, &result, "import", "residents", good, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "line 3"));
  run_ok (ctl, NULL, &result, "resident", "list", NULL);
  g_assert_cmpuint (count_matches (result.out, "\n"), ==, 2);

  run (ctl, NULL, &result, "import", "residents", missing, NULL);
  assert_error (&result);
}

static void
test_config_check (Ctl          *ctl,
                   gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *path = g_build_filename (ctl->dir, "check.conf", NULL);
  g_autofree char *missing = g_build_filename (ctl->dir, "missing.conf", NULL);

  run_ok (ctl, NULL, &result, "config", "check", ctl->config_path, NULL);

  write_file (path, SIM "[door]\nunlock-seconds=8\nmethods=pin;card;qr\n\n[door:garage]\nmethods=card\n");
  run_ok (ctl, NULL, &result, "config", "check", path, NULL);

  write_file (path, SIM "[door]\nunlock-seconds=99\n");
  run (ctl, NULL, &result, "config", "check", path, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "unlock-seconds"));
  g_assert_nonnull (strstr (result.err, "99"));

  /* R6: face as the only way in is refused, whether face is on or off. */
  write_file (path, SIM "[face]\nenabled=true\n\n[door]\nmethods=face\n");
  run (ctl, NULL, &result, "config", "check", path, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "methods"));
  write_file (path, SIM "[door]\nmethods=face\n");
  run (ctl, NULL, &result, "config", "check", path, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "methods"));
  /* R13: and at every other door too. */
  write_file (path, SIM "[face]\nenabled=true\n\n[door:garage]\nmethods=face\n");
  run (ctl, NULL, &result, "config", "check", path, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "door:garage"));
  g_assert_nonnull (strstr (result.err, "methods"));
  /* Face beside another method is fine when face is on. */
  write_file (path, SIM "[face]\nenabled=true\n\n[door]\nmethods=pin;face\n");
  run_ok (ctl, NULL, &result, "config", "check", path, NULL);

  write_file (path, SIM "[door]\nunlock-secs=5\n");
  run (ctl, NULL, &result, "config", "check", path, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "unlock-secs"));

  /* Real hardware needs its lock line. */
  write_file (path, "[hardware]\nbackend=gpiod\n");
  run (ctl, NULL, &result, "config", "check", path, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "lock"));

  run (ctl, NULL, &result, "config", "check", missing, NULL);
  assert_error (&result);
}

static void
test_global_options (Ctl          *ctl,
                     gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *other_config = g_build_filename (ctl->dir, "other.conf", NULL);
  g_autofree char *other_db = g_build_filename (ctl->dir, "elsewhere", "other.db", NULL);
  g_autofree char *contents = g_strdup_printf ("[store]\ndatabase=%s\nkey-dir=%s\n", other_db, ctl->key_dir);

  run_ok (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  write_file (other_config, contents);

  /* --config after the command. */
  {
    const char *const args[] = { "unit", "list", "--config", ctl->config_path, NULL };
    lt_test_lintelctl_argv (args, NULL, &result);
    g_assert_cmpint (result.status, ==, 0);
    g_assert_cmpstr (result.out, ==, "3-1203\n");
  }
  /* The other configuration names a database that does not exist ... */
  {
    const char *const args[] = { "--config", other_config, "unit", "list", NULL };
    g_auto (LtTestRun) other = { 0 };
    lt_test_lintelctl_argv (args, NULL, &other);
    assert_error (&other);
    g_assert_nonnull (strstr (other.err, "lintelctl init"));
  }
  /* ... and --db, before or after the command, overrides it. */
  {
    const char *const args[] = { "--config", other_config, "--db", ctl->db_path, "unit", "list", NULL };
    g_auto (LtTestRun) other = { 0 };
    lt_test_lintelctl_argv (args, NULL, &other);
    g_assert_cmpint (other.status, ==, 0);
    g_assert_cmpstr (other.out, ==, "3-1203\n");
  }
  {
    const char *const args[] = { "--db", ctl->db_path, "--config", other_config, "unit", "list", "--json", NULL };
    g_auto (LtTestRun) other = { 0 };
    lt_test_lintelctl_argv (args, NULL, &other);
    g_assert_cmpint (other.status, ==, 0);
    g_assert_nonnull (strstr (other.out, "\"3-1203\""));
  }
  {
    const char *const args[] = { "unit", "add", "3-1204", "--config", other_config, "--db", ctl->db_path, NULL };
    g_auto (LtTestRun) other = { 0 };
    lt_test_lintelctl_argv (args, NULL, &other);
    g_assert_cmpint (other.status, ==, 0);
  }
  {
    const char *const args[] = { "--config", other_config, "check", "pin", "3-1203", "--db", ctl->db_path, NULL };
    g_auto (LtTestRun) other = { 0 };
    lt_test_lintelctl_argv (args, PIN "\n", &other);
    g_assert_cmpint (other.status, ==, 1);
    g_assert_cmpstr (other.out, ==, "denied wrong-pin\n");
  }
  run_ok (ctl, NULL, &result, "unit", "list", NULL);
  g_assert_cmpstr (result.out, ==, "3-1203\n3-1204\n");
  g_assert_false (g_file_test (other_db, G_FILE_TEST_EXISTS));
}

static void
test_usage_errors (Ctl          *ctl,
                   gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  const char *const cases[][8] = {
    { "frobnicate", NULL },
    { "resident", "frobnicate", NULL },
    { "resident", "add", "--name", "张伟", NULL },
    { "resident", "add", "--unit", "3-1203", NULL },
    { "resident", "remove", "abc", NULL },
    { "resident", "remove", "0", NULL },
    { "resident", "remove", "-3", NULL },
    { "resident", "remove", NULL },
    { "resident", "remove", "1", "2", NULL },
    { "pin", "set", "abc", NULL },
    { "card", "add", "abc", CARD, NULL },
    { "card", "add", "1", NULL },
    { "unit", "add", NULL },
    { "unit", "list", "--bogus", NULL },
    { "staff", "add", "--role", "guard", NULL },
  };

  run_ok (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GPtrArray) argv = g_ptr_array_new ();
    g_auto (LtTestRun) usage = { 0 };

    g_ptr_array_add (argv, (gpointer) "--config");
    g_ptr_array_add (argv, ctl->config_path);
    for (guint a = 0; cases[i][a] != NULL; a++)
      g_ptr_array_add (argv, (gpointer)cases[i][a]);
    g_ptr_array_add (argv, NULL);
    lt_test_lintelctl_argv ((const char *const *)argv->pdata, PIN "\n", &usage);
    assert_error (&usage);
    g_assert_cmpstr (usage.out, ==, "");
  }

  /* No command at all: the help, and a failure status. */
  {
    const char *const args[] = { NULL };
    lt_test_lintelctl_argv (args, NULL, &result);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.out, "resident add"));
  }
  {
    const char *const args[] = { "--help", NULL };
    lt_test_lintelctl_argv (args, NULL, &result);
    g_assert_cmpint (result.status, ==, 0);
    g_assert_nonnull (strstr (result.out, "import residents"));
  }

  /* Nothing of the above reached the database. */
  run_ok (ctl, NULL, &result, "resident", "list", NULL);
  g_assert_cmpstr (result.out, ==, "");
}

static void
test_missing_key (Ctl          *ctl,
                  gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *object = NULL;
  g_autofree char *events_before = NULL;

  run_ok (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  id = id_text (add_resident (ctl, "3-1203", "张伟"));
  run_ok (ctl, NULL, &result, "events", NULL);
  events_before = g_strdup (result.out);

  lt_test_rm_rf (ctl->key_dir);
  g_assert_false (g_file_test (ctl->key_dir, G_FILE_TEST_EXISTS));

  run (ctl, PIN "\n", &result, "pin", "set", id, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "lintelctl init"));
  run (ctl, NULL, &result, "card", "add", id, CARD, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "lintelctl init"));
  run (ctl, PIN "\n", &result, "check", "pin", "3-1203", NULL);
  assert_error (&result);

  /* Nothing written, and no key appeared on the way. */
  g_assert_false (g_file_test (ctl->key_dir, G_FILE_TEST_EXISTS));
  run_ok (ctl, NULL, &result, "events", NULL);
  g_assert_cmpstr (result.out, ==, events_before);
  run_ok (ctl, NULL, &result, "resident", "list", "--json", NULL);
  object = json_person (result.out, g_ascii_strtoll (id, NULL, 10));
  g_assert_true (json_has (object, "has_pin", "false"));
  g_assert_true (json_has (object, "cards", "0"));
}

static void
test_missing_db (Ctl          *ctl,
                 gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  g_autofree char  *missing = g_build_filename (ctl->dir, "nowhere", "missing.db", NULL);
  g_autofree char  *missing_dir = g_path_get_dirname (missing);
  const char *const commands[][6] = {
    { "unit", "list", NULL },
    { "unit", "add", "3-1203", NULL },
    { "resident", "add", "--unit", "3-1203", "--name", NULL },
    { "pin", "set", "1", NULL },
    { "card", "add", "1", CARD, NULL },
    { "check", "card", CARD, NULL },
    { "events", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++) {
    g_autoptr (GPtrArray) argv = g_ptr_array_new ();
    g_auto (LtTestRun) missing_result = { 0 };

    g_ptr_array_add (argv, (gpointer) "--config");
    g_ptr_array_add (argv, ctl->config_path);
    for (guint a = 0; commands[i][a] != NULL; a++)
      g_ptr_array_add (argv, (gpointer)commands[i][a]);
    if (g_str_equal (commands[i][0], "resident"))
      g_ptr_array_add (argv, (gpointer) "张伟");
    g_ptr_array_add (argv, (gpointer) "--db");
    g_ptr_array_add (argv, missing);
    g_ptr_array_add (argv, NULL);
    lt_test_lintelctl_argv ((const char *const *)argv->pdata, PIN "\n", &missing_result);
    assert_error (&missing_result);
    g_assert_nonnull (strstr (missing_result.err, "lintelctl init"));
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  }

  /* The configured database was not touched either. */
  run_ok (ctl, NULL, &result, "unit", "list", NULL);
  g_assert_cmpstr (result.out, ==, "");
}

#define ADD(path, func, data) \
  g_test_add (path, Ctl, data, ctl_setup, func, ctl_teardown)

/* A view reading the database while a resident is removed: the removal
 * happens and is recorded, and the command says that an old copy of the
 * credentials is still in the write-ahead log (it waits the 5 s busy
 * timeout first). */
static void
test_remove_while_reading (Ctl          *ctl,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) reader = NULL;
  g_auto (LtTestRun) result = { 0 };
  g_autofree char *id = NULL;

  run_ok (ctl, NULL, &result, "unit", "add", "3-1203", NULL);
  id = id_text (add_resident (ctl, "3-1203", "Zhang"));
  run_ok (ctl, PIN "\n", &result, "pin", "set", id, NULL);

  reader = lt_store_open_reader (ctl->db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (lt_store_get_db (reader), "BEGIN; SELECT count(*) FROM people;", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  run (ctl, NULL, &result, "resident", "remove", id, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "write-ahead log"));
  g_assert_cmpint (sqlite3_exec (lt_store_get_db (reader), "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&reader);

  run_ok (ctl, NULL, &result, "resident", "list", "--unit", "3-1203", NULL);
  g_assert_null (strstr (result.out, "Zhang"));
  run_ok (ctl, NULL, &result, "events", "--csv", NULL);
  g_assert_nonnull (strstr (result.out, "resident-remove"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A command that fails before reading its standard input closes it under
   * our feet; the broken pipe is reported, not fatal. */
  signal (SIGPIPE, SIG_IGN);

  if (g_getenv ("LINTELCTL") == NULL) {
    g_printerr ("LINTELCTL is not set; run this test with meson test\n");
    return 77;
  }

  ADD ("/core/lintelctl/init", test_init, "no init");
  ADD ("/core/lintelctl/units", test_units, NULL);
  ADD ("/core/lintelctl/residents", test_residents, NULL);
  ADD ("/core/lintelctl/pins", test_pins, NULL);
  ADD ("/core/lintelctl/cards", test_cards, NULL);
  ADD ("/core/lintelctl/staff", test_staff, NULL);
  ADD ("/core/lintelctl/read-only-no-checkpoint", test_read_only_no_checkpoint, NULL);
  ADD ("/core/lintelctl/events", test_events, NULL);
  ADD ("/core/lintelctl/import", test_import, NULL);
  ADD ("/core/lintelctl/config-check", test_config_check, NULL);
  ADD ("/core/lintelctl/global-options", test_global_options, NULL);
  ADD ("/core/lintelctl/usage-errors", test_usage_errors, NULL);
  ADD ("/core/lintelctl/missing-key", test_missing_key, NULL);
  ADD ("/core/lintelctl/missing-db", test_missing_db, NULL);
  ADD ("/core/lintelctl/remove-while-reading", test_remove_while_reading, NULL);

  return g_test_run ();
}
