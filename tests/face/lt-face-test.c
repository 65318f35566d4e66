/* lt-face-test.c: models, pictures and reference outputs for the face tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-face-test.h"

#include <png.h>
#include <stdio.h>
#include <jpeglib.h>
#include <string.h>

static const char *
env_dir (const char *name)
{
  const char *dir = g_getenv (name);

  if (dir == NULL)
    g_error ("%s is not set: run the face tests through meson test (tests/face/face-fixtures.sh)", name);
  return dir;
}

const char *
lt_face_test_models_dir (void)
{
  return env_dir ("LT_FACE_MODELS");
}

LtFaceEngine *
lt_face_test_engine (void)
{
  static LtFaceEngine *engine;

  if (engine == NULL) {
    g_autoptr (GError) error = NULL;

    engine = lt_face_engine_new (lt_face_test_models_dir (), &error);
    g_assert_no_error (error);
  }
  return engine;
}

LtImage *
lt_face_test_picture (const char *name)
{
  g_autofree char *path = g_build_filename (env_dir ("LT_FACE_REFERENCE"), "pictures", name, NULL);
  g_autoptr (GError) error = NULL;
  LtImage *image = lt_image_load (path, &error);

  g_assert_no_error (error);
  return image;
}

LtFaceImage
lt_face_test_view (const LtImage *image)
{
  LtFaceImage view = { image->rgb, (int)image->width, (int)image->height, (int)image->stride };

  return view;
}

JsonObject *
lt_face_test_reference (int input_size)
{
  g_autofree char *name = g_strdup_printf ("reference-%d.json", input_size);
  g_autofree char *path = g_build_filename (env_dir ("LT_FACE_REFERENCE"), name, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

LtImage *
lt_face_test_crop (const LtImage *image, int x, int y, int w, int h)
{
  LtImage *out = g_new0 (LtImage, 1);

  x = CLAMP (x, 0, (int)image->width - 1);
  y = CLAMP (y, 0, (int)image->height - 1);
  w = MIN (w, (int)image->width - x);
  h = MIN (h, (int)image->height - y);
  out->width = w;
  out->height = h;
  out->stride = 3 * w;
  out->rgb = g_malloc ((gsize)out->stride * h);
  for (int r = 0; r < h; r++)
    memcpy (out->rgb + (gsize)r * out->stride, image->rgb + (gsize)(y + r) * image->stride + 3 * x, 3 * w);
  return out;
}

LtImage *
lt_face_test_copy (const LtImage *image)
{
  return lt_face_test_crop (image, 0, 0, image->width, image->height);
}

LtImage *
lt_face_test_jpeg (const LtImage *image, int quality)
{
  struct jpeg_compress_struct   c;
  struct jpeg_decompress_struct d;
  struct jpeg_error_mgr         jerr_c, jerr_d;
  unsigned char                *buf = NULL;
  unsigned long                 size = 0;
  LtImage                      *out = g_new0 (LtImage, 1);

  c.err = jpeg_std_error (&jerr_c);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &buf, &size);
  c.image_width = image->width;
  c.image_height = image->height;
  c.input_components = 3;
  c.in_color_space = JCS_RGB;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, quality, TRUE);
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = (JSAMPROW)(image->rgb + (gsize)c.next_scanline * image->stride);

    jpeg_write_scanlines (&c, &row, 1);
  }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);

  d.err = jpeg_std_error (&jerr_d);
  jpeg_create_decompress (&d);
  jpeg_mem_src (&d, buf, size);
  jpeg_read_header (&d, TRUE);
  d.out_color_space = JCS_RGB;
  jpeg_start_decompress (&d);
  out->width = d.output_width;
  out->height = d.output_height;
  out->stride = 3 * out->width;
  out->rgb = g_malloc ((gsize)out->stride * out->height);
  while (d.output_scanline < d.output_height) {
    JSAMPROW row = (JSAMPROW)(out->rgb + (gsize)d.output_scanline * out->stride);

    jpeg_read_scanlines (&d, &row, 1);
  }
  jpeg_finish_decompress (&d);
  jpeg_destroy_decompress (&d);
  free (buf);
  return out;
}

void
lt_face_test_write_png (const LtImage *image, const char *path)
{
  png_image png = { .version = PNG_IMAGE_VERSION };

  png.width = image->width;
  png.height = image->height;
  png.format = PNG_FORMAT_RGB;
  g_assert_true (png_image_write_to_file (&png, path, 0, image->rgb, (png_int_32)image->stride, NULL));
}

void
lt_face_test_image_free (LtImage *image)
{
  lt_image_free (image);
}
