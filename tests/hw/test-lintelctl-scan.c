/* test-lintelctl-scan.c: lintelctl scan IMAGE… reads passes from pictures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-qr-image.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#define W 640
#define H 480

typedef struct {
  char *dir;
  char *text;
  char *png;  /* the pass, 5 px a module */
  char *jpeg; /* another pass, 3 px a module, JPEG quality 70 */
  char *jpeg_text;
  char *blank;  /* a picture without a code */
  char *broken; /* half a PNG */
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static char *
write_picture (Fixture *f, const char *name, const char *text, double module, gboolean jpeg)
{
  g_autofree guint8 *grey = lt_qr_image_render (text, W, H, module, NULL);
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  if (jpeg)
    g_assert_true (lt_qr_image_write_jpeg (path, grey, W, H, 70, &error));
  else
    g_assert_true (lt_qr_image_write_png (path, grey, W, H, &error));
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize            size;

  f->dir = g_dir_make_tmp ("lt-scan-XXXXXX", &error);
  g_assert_no_error (error);
  f->text = lt_qr_image_pass_text (11);
  f->jpeg_text = lt_qr_image_pass_text (12);
  f->png = write_picture (f, "pass.png", f->text, 5, FALSE);
  f->jpeg = write_picture (f, "far.jpg", f->jpeg_text, 3, TRUE);
  f->blank = write_picture (f, "blank.png", NULL, 5, FALSE);
  f->broken = write_picture (f, "broken.png", f->text, 5, FALSE);
  g_assert_true (g_file_get_contents (f->broken, &contents, &size, &error));
  g_assert_true (g_file_set_contents (f->broken, contents, (gssize)(size / 2), &error));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  const char *paths[] = { f->png, f->jpeg, f->blank, f->broken };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++) {
    g_unlink (paths[i]);
    g_free ((char *)paths[i]);
  }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->text);
  g_free (f->jpeg_text);
}

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
run_scan (Result *result, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list     args;

  g_assert_nonnull (g_getenv ("LINTELCTL"));
  g_ptr_array_add (argv, (gpointer)g_getenv ("LINTELCTL"));
  g_ptr_array_add (argv, (gpointer) "scan");
  va_start (args, result);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  g_test_message ("status %d\nstdout: %s\nstderr: %s", result->status, result->out, result->err);
}

static void
test_all_decoded (Fixture *f, gconstpointer data)
{
  g_auto (Result) r = { 0 };
  g_autofree char *expected = g_strdup_printf ("%s\n%s\n", f->text, f->jpeg_text);

  run_scan (&r, f->png, f->jpeg, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, expected);
  g_assert_cmpstr (r.err, ==, "");
}

static void
test_no_code (Fixture *f, gconstpointer data)
{
  g_auto (Result) r = { 0 };
  g_autofree char *expected = g_strdup_printf ("%s\nno code\n", f->text);

  run_scan (&r, f->png, f->blank, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, expected);
}

static void
test_unreadable (Fixture *f, gconstpointer data)
{
  g_auto (Result) r = { 0 };
  g_autofree char *missing = g_build_filename (f->dir, "missing.jpg", NULL);
  g_autofree char *expected = g_strdup_printf ("no code\n%s\n", f->text);

  /* A damaged file: exit 2 and a message naming it, the others still read. */
  run_scan (&r, f->blank, f->broken, f->png, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, expected);
  g_assert_nonnull (strstr (r.err, f->broken));
  result_clear (&r);

  run_scan (&r, missing, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "missing.jpg"));
  result_clear (&r);

  run_scan (&r, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "usage"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/Lintelctl/scan/all-decoded", Fixture, NULL, fixture_set_up, test_all_decoded, fixture_tear_down);
  g_test_add ("/Lintelctl/scan/no-code", Fixture, NULL, fixture_set_up, test_no_code, fixture_tear_down);
  g_test_add ("/Lintelctl/scan/unreadable", Fixture, NULL, fixture_set_up, test_unreadable, fixture_tear_down);
  return g_test_run ();
}
