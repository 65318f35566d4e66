/* test-face-model.c: model files checked at load, the manifest parser
 *
 * A missing, truncated or altered model file is refused with a message
 * naming the file and saying what to run; a manifest that lies about its
 * shards is refused without a crash (fuzz/fuzz-face-manifest.c goes on
 * from these cases).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-face-test.h"
#include "lt-face-model.h"
#include "lt-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

static const char *const files[] = {
  "tiny_face_detector_model-weights_manifest.json",
  "tiny_face_detector_model.bin",
  "face_landmark_68_model-weights_manifest.json",
  "face_landmark_68_model.bin",
  "face_recognition_model-weights_manifest.json",
  "face_recognition_model.bin",
};

/* A copy of the models, with @skip left out. */
static char *
copy_models (const char *skip)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("lt-face-models-XXXXXX", &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree char *src = g_build_filename (lt_face_test_models_dir (), files[i], NULL);
    g_autofree char *dst = g_build_filename (dir, files[i], NULL);
    g_autofree char *data = NULL;
    gsize            len;

    if (g_strcmp0 (skip, files[i]) == 0)
      continue;
    g_assert_true (g_file_get_contents (src, &data, &len, NULL));
    g_assert_true (g_file_set_contents (dst, data, (gssize)len, NULL));
  }
  return dir;
}

static void
test_load_pinned (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtFaceModel) det = lt_face_model_load (lt_face_test_models_dir (), LT_FACE_MODEL_DETECTOR, &error);
  g_autoptr (LtFaceModel) rec = lt_face_model_load (lt_face_test_models_dir (), LT_FACE_MODEL_RECOGNITION, &error);
  int conv64[] = { 3, 3, 64, 64 };

  g_assert_no_error (error);
  g_assert_cmpuint (lt_face_model_n_tensors (det), ==, 19);
  /* The recognition net mixes uint8-quantized and raw float32 tensors. */
  g_assert_nonnull (lt_face_model_tensor (rec, "conv64_1/conv1/conv/filters", 4, conv64, &error));
  g_assert_no_error (error);
  g_assert_null (lt_face_model_tensor (rec, "conv64_1/conv1/conv/filters", 2, conv64, &error));
  g_assert_error (error, LT_FACE_ERROR, LT_FACE_ERROR_MODEL_INVALID);
  g_assert_cmpuint (lt_face_engine_get_model_bytes (lt_face_test_engine ()), <, 40 * 1024 * 1024);
}

static void
test_missing (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++) {
    g_autofree char *dir = copy_models (files[i]);
    g_autoptr (GError) error = NULL;
    g_autoptr (LtFaceEngine) engine = lt_face_engine_new (dir, &error);

    g_assert_null (engine);
    g_assert_error (error, LT_FACE_ERROR, LT_FACE_ERROR_MODEL_MISSING);
    g_assert_nonnull (strstr (error->message, files[i]));
    g_assert_nonnull (strstr (error->message, "fetch-face-models.sh"));
    lt_test_rm_rf (dir);
  }
}

static void
test_truncated_and_altered (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    for (int altered = 0; altered < 2; altered++) {
      g_autofree char *dir = copy_models (NULL);
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      g_autofree char *data = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (LtFaceEngine) engine = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      if (altered)
        data[len / 2] ^= 0x01;
      else
        len -= 100;
      g_assert_true (g_file_set_contents (path, data, (gssize)len, NULL));
      engine = lt_face_engine_new (dir, &error);
      g_assert_null (engine);
      g_assert_error (error, LT_FACE_ERROR, LT_FACE_ERROR_MODEL_ALTERED);
      g_assert_nonnull (strstr (error->message, files[i]));
      g_assert_nonnull (strstr (error->message, altered ? "altered" : "truncated"));
      g_assert_nonnull (strstr (error->message, "fetch-face-models.sh"));
      lt_test_rm_rf (dir);
    }
}

static void
parse_ok (const char *manifest, const guint8 *w, gsize n, const char *name, const float *expect, int count)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtFaceModel) m = lt_face_model_parse (manifest, strlen (manifest), w, n, &error);
  int          shape[] = { count };
  const float *t;

  g_assert_no_error (error);
  t = lt_face_model_tensor (m, name, 1, shape, &error);
  g_assert_no_error (error);
  for (int i = 0; i < count; i++)
    g_assert_cmpfloat (t[i], ==, expect[i]);
}

static void
parse_bad (const char *manifest, const guint8 *w, gsize n, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtFaceModel) m = lt_face_model_parse (manifest, strlen (manifest), w, n, &error);

  g_assert_null (m);
  g_assert_error (error, LT_FACE_ERROR, LT_FACE_ERROR_MODEL_INVALID);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
}

static void
test_parser (void)
{
  const guint8 w[] = { 0, 1, 255, 0x00, 0x00, 0x80, 0x3f, 2, 1 };
  const float  q8[] = { -1.0f, -0.5f, 126.5f };
  const float  f32[] = { 1.0f };
  const float  q16[] = { (float)(258 * 0.25) };

  parse_ok ("[{\"paths\":[\"a\"],\"weights\":[{\"name\":\"q\",\"shape\":[3],\"dtype\":\"float32\","
            "\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.5,\"min\":-1}},"
            "{\"name\":\"f\",\"shape\":[1],\"dtype\":\"float32\"},"
            "{\"name\":\"h\",\"shape\":[1],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint16\",\"scale\":0.25,\"min\":0}}]}]",
            w, sizeof w, "q", q8, 3);
  parse_ok ("[{\"weights\":[{\"name\":\"q\",\"shape\":[3],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.5,\"min\":-1}},"
            "{\"name\":\"f\",\"shape\":[1],\"dtype\":\"float32\"},"
            "{\"name\":\"h\",\"shape\":[1],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint16\",\"scale\":0.25,\"min\":0}}]}]",
            w, sizeof w, "f", f32, 1);
  parse_ok ("[{\"weights\":[{\"name\":\"q\",\"shape\":[3],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.5,\"min\":-1}},"
            "{\"name\":\"f\",\"shape\":[1],\"dtype\":\"float32\"},"
            "{\"name\":\"h\",\"shape\":[1],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint16\",\"scale\":0.25,\"min\":0}}]}]",
            w, sizeof w, "h", q16, 1);

  parse_bad ("{", w, 0, "not JSON");
  parse_bad ("{}", w, 0, "not a list");
  parse_bad ("[1]", w, 0, "weight group");
  parse_bad ("[{\"weights\":[{\"shape\":[1],\"dtype\":\"float32\"}]}]", w, 4, "no name");
  parse_bad ("[{\"weights\":[{\"name\":\"x\",\"shape\":[-1],\"dtype\":\"float32\"}]}]", w, 4, "out of range");
  parse_bad ("[{\"weights\":[{\"name\":\"x\",\"shape\":[1.5],\"dtype\":\"float32\"}]}]", w, 4, "not an integer");
  parse_bad ("[{\"weights\":[{\"name\":\"x\",\"shape\":[65536,65536],\"dtype\":\"float32\"}]}]", w, 4, "out of range");
  parse_bad ("[{\"weights\":[{\"name\":\"x\",\"shape\":[1,1,1,1,1],\"dtype\":\"float32\"}]}]", w, 4, "4 dimensions");
  parse_bad ("[{\"weights\":[{\"name\":\"x\",\"shape\":[1],\"dtype\":\"int32\"}]}]", w, 4, "float32");
  parse_bad ("[{\"weights\":[{\"name\":\"x\",\"shape\":[3],\"dtype\":\"float32\"}]}]", w, 4, "shorter");
  parse_bad ("[{\"weights\":[{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\"}]}]", w, 5, "longer");
  parse_bad ("[{\"weights\":[{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\"},"
             "{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\"}]}]",
             w, 8, "twice");
  parse_bad ("[{\"weights\":[{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint8\"}}]}]",
             w, 1, "scale");
  parse_bad ("[{\"weights\":[{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"float16\",\"scale\":1,\"min\":0}}]}]",
             w, 2, "quantization");
}

static void
test_bad_images (void)
{
  LtFaceEngine *engine = lt_face_test_engine ();
  guint8        px[12] = { 0 };
  LtFaceImage   narrow = { px, 2, 2, 3 }; /* stride shorter than a row */
  LtFaceImage   ok = { px, 2, 2, 6 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) faces = NULL;

  g_assert_null (lt_face_engine_detect (engine, &narrow, 320, &error));
  g_assert_error (error, LT_FACE_ERROR, LT_FACE_ERROR_IMAGE);
  g_clear_error (&error);
  g_assert_null (lt_face_engine_detect (engine, &ok, 300, &error));
  g_assert_error (error, LT_FACE_ERROR, LT_FACE_ERROR_ARGUMENT);
  g_clear_error (&error);
  /* A 2×2 picture is valid and holds no face. */
  faces = lt_face_engine_describe (engine, &ok, 320, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (faces->len, ==, 0);
}

static void
on_described (GObject *source, GAsyncResult *result, gpointer data)
{
  GPtrArray **out = data;
  g_autoptr (GError) error = NULL;

  *out = lt_face_engine_describe_finish (LT_FACE_ENGINE (source), result, &error);
  g_assert_no_error (error);
}

/* Off the main thread, the same faces as in it. */
static void
test_describe_async (void)
{
  g_autoptr (LtImage) image = lt_face_test_picture ("sample2.png");
  LtFaceImage view = lt_face_test_view (image);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sync = lt_face_engine_describe (lt_face_test_engine (), &view, 320, &error);
  g_autoptr (GPtrArray) async = NULL;

  g_assert_no_error (error);
  lt_face_engine_describe_async (lt_face_test_engine (), &view, 320, NULL, on_described, &async);
  /* The task works on its own copy: the caller's pixels may go at once. */
  memset (image->rgb, 0, (gsize)image->stride * image->height);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (async->len, ==, sync->len);
  g_assert_cmpuint (sync->len, >, 0);
  for (guint i = 0; i < sync->len; i++) {
    const LtFace *a = g_ptr_array_index (sync, i), *b = g_ptr_array_index (async, i);

    g_assert_cmpmem (a->descriptor, sizeof a->descriptor, b->descriptor, sizeof b->descriptor);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/face/model/load-pinned", test_load_pinned);
  g_test_add_func ("/face/model/missing", test_missing);
  g_test_add_func ("/face/model/truncated-and-altered", test_truncated_and_altered);
  g_test_add_func ("/face/model/parser", test_parser);
  g_test_add_func ("/face/model/bad-images", test_bad_images);
  g_test_add_func ("/face/model/describe-async", test_describe_async);
  return g_test_run ();
}
