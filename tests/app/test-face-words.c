/* test-face-words.c: what the resident screens say, in words
 *
 * "My data" names kinds of credentials and never one; the challenge's
 * steps, the captures and every host error have words of their own, in
 * both languages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-face-words.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

static LtResidentData *
sample (gboolean enrolled)
{
  LtResidentData  *data = lt_resident_data_new ();
  LtResidentEntry *entry = g_new0 (LtResidentEntry, 1);

  data->name = g_strdup ("Wang Fang");
  data->unit = g_strdup ("1-101");
  data->valid_until = g_strdup ("2027-06-30");
  data->has_pin = TRUE;
  data->n_cards = 2;
  data->face_enrolled = enrolled;
  data->consent_us = enrolled ? G_GINT64_CONSTANT (1764547200) * G_USEC_PER_SEC : 0;
  data->notice_version = enrolled ? g_strdup ("2026-11-1") : NULL;
  entry->time_us = G_GINT64_CONSTANT (1764547200) * G_USEC_PER_SEC;
  entry->method = g_strdup ("face");
  entry->granted = TRUE;
  entry->reason = g_strdup ("ok");
  g_ptr_array_add (data->entries, entry);
  return data;
}

static void
test_my_data (void)
{
  g_autoptr (LtResidentData) on = sample (TRUE);
  g_autoptr (LtResidentData) off = sample (FALSE);
  g_autofree char *on_words = lt_resident_data_words (on);
  g_autofree char *off_words = lt_resident_data_words (off);
  g_autofree char *entries = lt_resident_entries_words (on);
  g_autoptr (LtResidentData) copy = lt_resident_data_copy (on);

  g_assert_nonnull (strstr (on_words, "Name: Wang Fang"));
  g_assert_nonnull (strstr (on_words, "Unit: 1-101"));
  g_assert_nonnull (strstr (on_words, "until: 2027-06-30"));
  g_assert_nonnull (strstr (on_words, "PIN: ●●●●"));
  g_assert_nonnull (strstr (on_words, "Cards: 2"));
  g_assert_nonnull (strstr (on_words, "notice version 2026-11-1"));
  g_assert_nonnull (strstr (off_words, "Face entry: not used"));
  g_assert_null (strstr (off_words, "notice version"));
  g_assert_nonnull (strstr (entries, "Face  opened"));
  g_assert_cmpuint (copy->entries->len, ==, 1);
  g_assert_cmpstr (((LtResidentEntry *)g_ptr_array_index (copy->entries, 0))->method, ==, "face");
}

static void
test_steps_and_errors (void)
{
  static const char *const steps[] = { "look", "turn-left", "turn-right", "open-mouth", "hold-still" };
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *captures = lt_face_captures_words (2, 3);
  g_autofree char *none = lt_face_captures_words (0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_hash_table_add (seen, (gpointer)lt_face_step_words (steps[i]));
  g_assert_cmpuint (g_hash_table_size (seen), ==, G_N_ELEMENTS (steps));
  g_assert_cmpstr (captures, ==, "Captures: 2 of 3");
  g_assert_cmpstr (none, ==, "");
  g_hash_table_remove_all (seen);
  for (int code = LT_HOST_ERROR_SIGN_IN; code <= LT_HOST_ERROR_DISABLED; code++) {
    g_autoptr (GError) error = g_error_new_literal (LT_HOST_ERROR, code, "raw");

    g_hash_table_add (seen, (gpointer)lt_face_error_words (error));
  }
  g_assert_cmpuint (g_hash_table_size (seen), ==, LT_HOST_ERROR_DISABLED - LT_HOST_ERROR_SIGN_IN + 1);
}

static void
test_translated (void)
{
  g_autoptr (LtResidentData) on = sample (TRUE);
  g_autofree char *words = NULL;

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  textdomain (GETTEXT_PACKAGE);
  words = lt_resident_data_words (on);
  g_assert_nonnull (strstr (words, "姓名：Wang Fang"));
  g_assert_cmpstr (lt_face_step_words ("turn-left"), !=, "Slowly turn your head to your left");
  g_setenv ("LANGUAGE", "en", TRUE);
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LINTEL_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/face-words/my-data", test_my_data);
  g_test_add_func ("/app/face-words/steps-and-errors", test_steps_and_errors);
  g_test_add_func ("/app/face-words/translated", test_translated);
  return g_test_run ();
}
