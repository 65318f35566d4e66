/* test-lintelctl-pass.c: lintelctl pass …, end to end through the real binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-pass.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#define UNIT "3-1203"

typedef struct {
  char *dir;
  char *config_path;
  char *key_dir;
} Ctl;

/* The latest event is an admin event about this pass, with the pass and
 * its unit in their own columns. */
static void
assert_last_event (Ctl        *ctl,
                   const char *action,
                   gint64      pass_id,
                   const char *unit)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = g_build_filename (ctl->dir, "state", "lintel.db", NULL);
  g_autoptr (LtStore) reader = lt_store_open_reader (db_path, &error);
  g_autoptr (GPtrArray) events = NULL;
  LtEventQuery   query = { .limit = 1 };
  const LtEvent *e;

  g_assert_no_error (error);
  events = lt_store_query_events (reader, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  e = g_ptr_array_index (events, 0);
  g_assert_cmpint (e->kind, ==, LT_EVENT_KIND_ADMIN);
  g_assert_cmpstr (e->reason, ==, action);
  g_assert_cmpint (e->pass_id, ==, pass_id);
  g_assert_cmpstr (e->unit, ==, unit);
}

/* Exit 2, one line on stderr, nothing on stdout. */
static void
assert_error (const LtTestRun *result)
{
  const char *newline = strchr (result->err, '\n');

  g_assert_cmpint (result->status, ==, 2);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "lintelctl: "));
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
}

static void
ctl_setup (Ctl          *ctl,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *config = NULL;
  g_auto (LtTestRun) result = { 0 };

  ctl->dir = g_dir_make_tmp ("lintelctl-pass-XXXXXX", &error);
  g_assert_no_error (error);
  ctl->config_path = g_build_filename (ctl->dir, "lintel.conf", NULL);
  ctl->key_dir = g_build_filename (ctl->dir, "keys", NULL);
  db_path = g_build_filename (ctl->dir, "state", "lintel.db", NULL);
  config = g_strdup_printf ("[store]\ndatabase=%s\nkey-dir=%s\n\n[hardware]\nbackend=sim\n\n[pass]\nsite-id=12\n",
                            db_path, ctl->key_dir);
  g_assert_true (g_file_set_contents (ctl->config_path, config, -1, &error));
  g_assert_no_error (error);

  lt_test_lintelctl (ctl->config_path, NULL, &result, "init", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, LT_PASS_KEY_FILE));
  lt_test_lintelctl (ctl->config_path, NULL, &result, "unit", "add", UNIT, NULL);
  g_assert_cmpint (result.status, ==, 0);
}

static void
ctl_teardown (Ctl          *ctl,
              gconstpointer data)
{
  lt_test_rm_rf (ctl->dir);
  g_free (ctl->dir);
  g_free (ctl->config_path);
  g_free (ctl->key_dir);
}

/* Issues a pass valid today and returns its token, checked for shape. */
static char *
issue (Ctl        *ctl,
       const char *uses,
       const char *png,
       const char *svg)
{
  g_auto (LtTestRun) result = { 0 };
  g_autoptr (GRegex) shape = g_regex_new ("^LT1:[A-Z2-7]+\n$", G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) start = g_date_time_add_hours (now, -1);
  g_autoptr (GDateTime) end = g_date_time_add_hours (now, 2);
  g_autofree char *from = g_date_time_format_iso8601 (start);
  g_autofree char *until = g_date_time_format_iso8601 (end);

  if (png != NULL && svg != NULL)
    lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "issue", "--unit", UNIT, "--valid-from", from, "--valid-until", until,
                       "--uses", uses, "--name", "访客", "--phone", "0427", "--png", png, "--svg", svg, NULL);
  else
    lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "issue", "--unit", UNIT, "--valid-from", from, "--valid-until", until,
                       "--uses", uses, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_regex_match (shape, result.out, G_REGEX_MATCH_DEFAULT, NULL));
  return g_strndup (result.out, strlen (result.out) - 1);
}

static gint64
only_pass_id (Ctl   *ctl,
              char **json)
{
  g_auto (LtTestRun) result = { 0 };
  g_autoptr (GRegex) regex = g_regex_new ("\"id\"\\s*:\\s*([0-9]+)", G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autofree char *digits = NULL;

  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "list", "--json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_regex_match (regex, result.out, G_REGEX_MATCH_DEFAULT, &match));
  digits = g_match_info_fetch (match, 1);
  if (json != NULL)
    *json = g_strdup (result.out);
  return g_ascii_strtoll (digits, NULL, 10);
}

static void
test_issue_images (Ctl          *ctl,
                   gconstpointer data)
{
  g_autofree char *png = g_build_filename (ctl->dir, "pass.png", NULL);
  g_autofree char *svg = g_build_filename (ctl->dir, "pass.svg", NULL);
  g_autofree char *token = issue (ctl, "2", png, svg);
  g_autofree char *contents = NULL;
  g_autofree char *json = NULL;
  g_autofree char *list = NULL;
  g_auto (LtTestRun) result = { 0 };
  gsize  length = 0;
  gint64 id;

  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (svg, &contents, &length, NULL));
  g_assert_nonnull (strstr (contents, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  g_assert_nonnull (strstr (contents, "</svg>"));

  id = only_pass_id (ctl, &json);
  g_assert_nonnull (strstr (json, "\"visitor_name\" : \"访客\""));
  g_assert_nonnull (strstr (json, "\"phone_last4\" : \"0427\""));
  g_assert_nonnull (strstr (json, "\"max_uses\" : 2"));
  g_assert_nonnull (strstr (json, "\"state\" : \"active\""));
  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "list", NULL);
  g_assert_cmpint (result.status, ==, 0);
  list = g_strdup_printf ("%" G_GINT64_FORMAT " ", id);
  g_assert_true (g_str_has_prefix (result.out, list));

  /* The log says which pass was issued and never holds the token. */
  lt_test_lintelctl (ctl->config_path, NULL, &result, "events", "--csv", NULL);
  g_assert_nonnull (strstr (result.out, "pass-issue"));
  g_assert_nonnull (strstr (result.out, "unit=" UNIT));
  g_assert_null (strstr (result.out, token + 4));
  assert_last_event (ctl, "pass-issue", id, UNIT);
}

static void
test_verify_revoke (Ctl          *ctl,
                    gconstpointer data)
{
  g_autofree char *token = issue (ctl, "1", NULL, NULL);
  g_autofree char *granted = NULL;
  g_autofree char *json = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *events_before = NULL;
  g_auto (LtTestRun) result = { 0 };
  gint64 id = only_pass_id (ctl, NULL);

  granted = g_strdup_printf ("granted %" G_GINT64_FORMAT "\n", id);
  lt_test_lintelctl (ctl->config_path, NULL, &result, "events", NULL);
  events_before = g_strdup (result.out);

  /* A dry run, as often as one likes: the single use is still there. */
  for (int i = 0; i < 3; i++) {
    lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "verify", token, NULL);
    g_assert_cmpint (result.status, ==, 0);
    g_assert_cmpstr (result.out, ==, granted);
  }
  only_pass_id (ctl, &json);
  g_assert_nonnull (strstr (json, "\"uses\" : 0"));
  lt_test_lintelctl (ctl->config_path, NULL, &result, "events", NULL);
  g_assert_cmpstr (result.out, ==, events_before);

  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "verify", "LT1:NOTAPASS", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "denied malformed\n");
  {
    g_autofree char *garbled = g_strdup (token);
    gsize            len = strlen (garbled);

    garbled[len - 10] = garbled[len - 10] == 'Q' ? 'R' : 'Q';
    lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "verify", garbled, NULL);
    g_assert_cmpint (result.status, ==, 1);
    g_assert_cmpstr (result.out, ==, "denied bad-signature\n");
  }

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "revoke", id_text, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "");
  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "verify", token, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "denied revoked\n");
  g_clear_pointer (&json, g_free);
  only_pass_id (ctl, &json);
  g_assert_nonnull (strstr (json, "\"state\" : \"revoked\""));

  lt_test_lintelctl (ctl->config_path, NULL, &result, "events", NULL);
  g_assert_nonnull (strstr (result.out, "pass-revoke"));
  assert_last_event (ctl, "pass-revoke", id, NULL);
}

static void
test_keygen (Ctl          *ctl,
             gconstpointer data)
{
  g_autofree char *key_path = g_build_filename (ctl->key_dir, LT_PASS_KEY_FILE, NULL);
  g_autofree char *public_path = g_build_filename (ctl->key_dir, LT_PASS_PUBLIC_KEY_FILE, NULL);
  g_autofree char *old_token = issue (ctl, "0", NULL, NULL);
  g_autofree char *token = NULL;
  g_auto (LtTestRun) result = { 0 };
  struct stat st;

  /* Never replaced, by keygen or by a second init. */
  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "keygen", NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "already exists"));
  lt_test_lintelctl (ctl->config_path, NULL, &result, "init", NULL);
  assert_error (&result);

  /* An install from before passes: a device secret, no site key. */
  g_assert_cmpint (g_unlink (key_path), ==, 0);
  g_assert_cmpint (g_unlink (public_path), ==, 0);
  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "verify", old_token, NULL);
  assert_error (&result);
  g_assert_nonnull (strstr (result.err, "site.pub"));
  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "keygen", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_test (public_path, G_FILE_TEST_IS_REGULAR));

  /* A new key: old passes no longer verify, new ones do. */
  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "verify", old_token, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "denied bad-signature\n");
  token = issue (ctl, "0", NULL, NULL);
  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "verify", token, NULL);
  g_assert_cmpint (result.status, ==, 0);
}

static void
test_usage_errors (Ctl          *ctl,
                   gconstpointer data)
{
  g_auto (LtTestRun) result = { 0 };
  const char *const cases[][14] = {
    { "pass", "issue", "--unit", UNIT, "--valid-from", "2026-11-27", "--valid-until", "2026-11-28", NULL },
    { "pass", "issue", "--unit", UNIT, "--valid-from", "2026-11-27", "--uses", "1", NULL },
    { "pass", "issue", "--unit", UNIT, "--valid-from", "yesterday", "--valid-until", "2026-11-28", "--uses", "1", NULL },
    { "pass", "issue", "--unit", UNIT, "--valid-from", "2026-11-27", "--valid-until", "2026-11-28", "--uses", "256", NULL },
    { "pass", "issue", "--unit", UNIT, "--valid-from", "2026-11-27", "--valid-until", "2026-11-28", "--uses", "x", NULL },
    { "pass", "issue", "--unit", UNIT, "--valid-from", "2026-11-28", "--valid-until", "2026-11-27", "--uses", "1", NULL },
    { "pass", "issue", "--unit", "9-9999", "--valid-from", "2026-11-27", "--valid-until", "2026-11-28", "--uses", "1", NULL },
    { "pass", "issue", "--unit", "bad unit", "--valid-from", "2026-11-27", "--valid-until", "2026-11-28", "--uses", "1", NULL },
    { "pass", "issue", "--unit", UNIT, "--valid-from", "2026-11-27", "--valid-until", "2026-11-28", "--uses", "1", "--guard", "abc", NULL },
    { "pass", "issue", "--unit", UNIT, "--valid-from", "2026-11-27", "--valid-until", "2026-11-28", "--uses", "1", "--guard", "5", NULL },
    { "pass", "revoke", "abc", NULL },
    { "pass", "revoke", "4242", NULL },
    { "pass", "verify", NULL },
    { "pass", "frobnicate", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_test_message ("case %u", i);
    /* Thirteen arguments at most: run() takes them as a NULL-terminated list. */
    lt_test_lintelctl (ctl->config_path, NULL, &result, cases[i][0], cases[i][1], cases[i][2], cases[i][3], cases[i][4], cases[i][5],
                       cases[i][6], cases[i][7], cases[i][8], cases[i][9], cases[i][10], cases[i][11], cases[i][12], NULL);
    assert_error (&result);
  }
  /* Nothing was issued on the way. */
  lt_test_lintelctl (ctl->config_path, NULL, &result, "pass", "list", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "");
  lt_test_lintelctl (ctl->config_path, NULL, &result, "--help", NULL);
  g_assert_nonnull (strstr (result.out, "pass issue"));
}

#define ADD(path, func) \
  g_test_add (path, Ctl, NULL, ctl_setup, func, ctl_teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("LINTELCTL") == NULL) {
    g_printerr ("LINTELCTL is not set; run this test with meson test\n");
    return 77;
  }

  ADD ("/core/lintelctl-pass/issue-images", test_issue_images);
  ADD ("/core/lintelctl-pass/verify-revoke", test_verify_revoke);
  ADD ("/core/lintelctl-pass/keygen", test_keygen);
  ADD ("/core/lintelctl-pass/usage-errors", test_usage_errors);

  return g_test_run ();
}
