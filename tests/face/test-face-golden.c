/* test-face-golden.c: the C engine against face-api 1.7.15 on TF.js wasm
 *
 * face-fixtures.sh ran the reference on face-api's demo pictures (decoded
 * once to PNG, so both sides see identical pixels) at detector inputs 320
 * and 416. Here the C engine runs on the same pictures and must find the
 * same faces, with every network's output within 1e-3 of the reference
 * and every descriptor within 1e-4.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-face-test.h"

#include <math.h>

#define NET_TOLERANCE        1e-3
#define DESCRIPTOR_TOLERANCE 1e-4

typedef struct {
  double detector;
  double score;
  double landmarks_raw;
  double landmarks_px;
  double descriptor;
  guint  faces;
} Worst;

static double
max_diff_array (JsonArray *expected, const float *actual, guint n)
{
  double worst = 0;

  g_assert_cmpuint (json_array_get_length (expected), ==, n);
  for (guint i = 0; i < n; i++)
    worst = MAX (worst, fabs (json_array_get_double_element (expected, i) - actual[i]));
  return worst;
}

static void
check_face (JsonObject *ref, const LtFace *face, Worst *worst)
{
  JsonArray *box = json_object_get_array_member (ref, "box");
  JsonArray *aligned = json_object_get_array_member (ref, "aligned");
  JsonArray *landmarks = json_object_get_array_member (ref, "landmarks");
  double     d;

  d = fabs (json_object_get_double_member (ref, "score") - face->score);
  worst->score = MAX (worst->score, d);
  g_assert_cmpfloat (d, <, NET_TOLERANCE);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (fabs (json_array_get_double_element (box, i) - face->box[i]), <, 0.05);

  g_assert_true (face->has_landmarks);
  d = max_diff_array (json_object_get_array_member (ref, "landmarks_raw"), face->landmarks_raw, 136);
  worst->landmarks_raw = MAX (worst->landmarks_raw, d);
  g_assert_cmpfloat (d, <, NET_TOLERANCE);
  for (guint i = 0; i < LT_FACE_N_LANDMARKS; i++) {
    JsonArray *pt = json_array_get_array_element (landmarks, i);

    for (guint k = 0; k < 2; k++) {
      d = fabs (json_array_get_double_element (pt, k) - face->landmarks[i][k]);
      worst->landmarks_px = MAX (worst->landmarks_px, d);
      g_assert_cmpfloat (d, <, NET_TOLERANCE * MAX (face->crop[2], face->crop[3]));
    }
  }

  /* The descriptor's crop depends on floors of landmark positions: it
   * must be the very same rectangle. */
  g_assert_true (face->has_descriptor);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (json_array_get_int_element (aligned, i), ==, face->aligned[i]);
  d = max_diff_array (json_object_get_array_member (ref, "descriptor"), face->descriptor, 128);
  worst->descriptor = MAX (worst->descriptor, d);
  g_assert_cmpfloat (d, <, DESCRIPTOR_TOLERANCE);
  worst->faces++;
}

static void
check_image (JsonObject *ref, int input_size, Worst *worst)
{
  const char *file = json_object_get_string_member (ref, "file");
  g_autoptr (LtImage) image = lt_face_test_picture (file);
  LtFaceImage   view = lt_face_test_view (image);
  LtFaceEngine *engine = lt_face_test_engine ();
  g_autoptr (LtTensor) raw = lt_face_engine_detector_raw (engine, &view, input_size);
  g_autoptr (GPtrArray) faces = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *ref_faces = json_object_get_array_member (ref, "faces");
  JsonArray *shape = json_object_get_array_member (ref, "detector_shape");
  double     d;

  g_assert_cmpint (json_array_get_int_element (shape, 1), ==, raw->h);
  g_assert_cmpint (json_array_get_int_element (shape, 2), ==, raw->w);
  g_assert_cmpint (json_array_get_int_element (shape, 3), ==, raw->c);
  d = max_diff_array (json_object_get_array_member (ref, "detector_raw"), raw->data,
                      (guint)(raw->h * raw->w * raw->c));
  worst->detector = MAX (worst->detector, d);
  g_assert_cmpfloat (d, <, NET_TOLERANCE);

  /* face-api's own pipeline: no upright turn before the descriptor. */
  faces = lt_face_engine_detect (engine, &view, input_size, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < faces->len; i++) {
    lt_face_engine_landmarks (engine, &view, g_ptr_array_index (faces, i));
    lt_face_engine_descriptor (engine, &view, g_ptr_array_index (faces, i));
  }
  g_test_message ("%s at %d: %u faces (reference %u)", file, input_size, faces->len,
                  json_array_get_length (ref_faces));
  g_assert_cmpuint (faces->len, ==, json_array_get_length (ref_faces));
  for (guint i = 0; i < faces->len; i++)
    check_face (json_array_get_object_element (ref_faces, i), g_ptr_array_index (faces, i), worst);
}

static void
test_golden (gconstpointer data)
{
  int input_size = GPOINTER_TO_INT (data);
  g_autoptr (JsonObject) ref = lt_face_test_reference (input_size);
  JsonArray *images = json_object_get_array_member (ref, "images");
  Worst      worst = { 0 };

  g_assert_cmpstr (json_object_get_string_member (ref, "backend"), ==, "wasm");
  g_assert_cmpstr (json_object_get_string_member (ref, "face_api"), ==, "1.7.15");
  g_assert_cmpuint (json_array_get_length (images), ==, 6);
  for (guint i = 0; i < json_array_get_length (images); i++)
    check_image (json_array_get_object_element (images, i), input_size, &worst);
  g_assert_cmpuint (worst.faces, >, 0);
  g_test_message ("input %d, %u faces, largest differences: detector raw %.2g, score %.2g, "
                  "landmark net %.2g, landmarks %.2g px, descriptor %.2g",
                  input_size, worst.faces, worst.detector, worst.score, worst.landmarks_raw,
                  worst.landmarks_px, worst.descriptor);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/face/golden/320", GINT_TO_POINTER (320), test_golden);
  g_test_add_data_func ("/face/golden/416", GINT_TO_POINTER (416), test_golden);
  return g_test_run ();
}
