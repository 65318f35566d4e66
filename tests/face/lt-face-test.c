/* lt-face-test.c: models, pictures and reference outputs for the face tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-face-test.h"

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

  if (engine == NULL)
    {
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
  LtFaceImage view = { image->rgb, (int) image->width, (int) image->height, (int) image->stride };

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

  x = CLAMP (x, 0, (int) image->width - 1);
  y = CLAMP (y, 0, (int) image->height - 1);
  w = MIN (w, (int) image->width - x);
  h = MIN (h, (int) image->height - y);
  out->width = w;
  out->height = h;
  out->stride = 3 * w;
  out->rgb = g_malloc ((gsize) out->stride * h);
  for (int r = 0; r < h; r++)
    memcpy (out->rgb + (gsize) r * out->stride, image->rgb + (gsize) (y + r) * image->stride + 3 * x, 3 * w);
  return out;
}

LtImage *
lt_face_test_copy (const LtImage *image)
{
  return lt_face_test_crop (image, 0, 0, image->width, image->height);
}
