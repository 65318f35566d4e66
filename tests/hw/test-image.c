/* test-image.c: PNG and JPEG files read by the tools (lt-image)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-image.h"
#include "lt-qr-image.h"

#include <glib/gstdio.h>
#include <string.h>

#define W 97
#define H 61

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("lt-image-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *path = g_build_filename (f->dir, name, NULL);
    g_unlink (path);
  }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* A smooth pattern JPEG keeps within a few levels, with some sharp edges. */
static guint8 *
pattern (void)
{
  guint8 *grey = g_malloc (W * H);

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      grey[y * W + x] = (guint8)(x * 2 + y);
  return grey;
}

static void
test_png_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *grey = pattern ();
  g_autofree char   *path = g_build_filename (f->dir, "p.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LtImage) image = NULL;
  g_autofree guint8 *back = NULL;

  g_assert_true (lt_qr_image_write_png (path, grey, W, H, &error));
  image = lt_image_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, W);
  g_assert_cmpuint (image->height, ==, H);
  g_assert_cmpuint (image->stride, >=, 3 * W);
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++) {
      const guint8 *px = image->rgb + y * image->stride + 3 * x;

      g_assert_cmpuint (px[0], ==, grey[y * W + x]);
      g_assert_cmpuint (px[1], ==, grey[y * W + x]);
      g_assert_cmpuint (px[2], ==, grey[y * W + x]);
    }
  back = lt_image_to_grey (image);
  g_assert_cmpmem (back, W * H, grey, W * H);
}

static void
test_jpeg_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *grey = pattern ();
  g_autofree char   *path = g_build_filename (f->dir, "p.jpg", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LtImage) image = NULL;
  g_autofree guint8 *back = NULL;
  guint              worst = 0;

  g_assert_true (lt_qr_image_write_jpeg (path, grey, W, H, 95, &error));
  image = lt_image_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, W);
  g_assert_cmpuint (image->height, ==, H);
  back = lt_image_to_grey (image);
  for (guint i = 0; i < W * H; i++)
    worst = MAX (worst, (guint)ABS ((int)back[i] - (int)grey[i]));
  g_assert_cmpuint (worst, <=, 12);
}

static void
assert_truncated_fails (Fixture *f, const char *name, gboolean jpeg)
{
  g_autofree guint8 *grey = pattern ();
  g_autofree char   *path = g_build_filename (f->dir, name, NULL);
  g_autofree char   *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LtImage) image = NULL;
  gsize size;

  if (jpeg)
    g_assert_true (lt_qr_image_write_jpeg (path, grey, W, H, 90, &error));
  else
    g_assert_true (lt_qr_image_write_png (path, grey, W, H, &error));
  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  g_assert_true (g_file_set_contents (path, contents, (gssize)(size / 2), &error));
  image = lt_image_load (path, &error);
  g_assert_null (image);
  g_assert_error (error, LT_IMAGE_ERROR, LT_IMAGE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_png_truncated (Fixture *f, gconstpointer data)
{
  assert_truncated_fails (f, "t.png", FALSE);
}

static void
test_jpeg_truncated (Fixture *f, gconstpointer data)
{
  assert_truncated_fails (f, "t.jpg", TRUE);
}

static void
test_not_a_picture (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "notes.png", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.png", NULL);
  g_autoptr (GError) error = NULL;
  LtImage *image;

  g_assert_true (g_file_set_contents (path, "just some text\n", -1, &error));
  image = lt_image_load (path, &error);
  g_assert_null (image);
  g_assert_error (error, LT_IMAGE_ERROR, LT_IMAGE_ERROR_FORMAT);
  g_clear_error (&error);

  image = lt_image_load (missing, &error);
  g_assert_null (image);
  g_assert_error (error, LT_IMAGE_ERROR, LT_IMAGE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "missing.png"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/Image/png/round-trip", Fixture, NULL, fixture_set_up, test_png_round_trip, fixture_tear_down);
  g_test_add ("/Image/jpeg/round-trip", Fixture, NULL, fixture_set_up, test_jpeg_round_trip, fixture_tear_down);
  g_test_add ("/Image/png/truncated", Fixture, NULL, fixture_set_up, test_png_truncated, fixture_tear_down);
  g_test_add ("/Image/jpeg/truncated", Fixture, NULL, fixture_set_up, test_jpeg_truncated, fixture_tear_down);
  g_test_add ("/Image/not-a-picture", Fixture, NULL, fixture_set_up, test_not_a_picture, fixture_tear_down);
  return g_test_run ();
}
