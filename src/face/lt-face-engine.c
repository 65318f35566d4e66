/* lt-face-engine.c: face-api's detection → landmarks → descriptor pipeline
 *
 * Box arithmetic is done in double precision in the order face-api does
 * it (its boxes are rescaled to relative coordinates and back several
 * times, and the crops are floored), so that the same pixels give the
 * same crops; the networks then agree to float rounding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-face"

#include "lt-face-engine.h"
#include "lt-face-nets.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define MAX_SIDE      8192
#define IOU_THRESHOLD 0.4

struct _LtFaceEngine {
  GObject parent_instance;

  char            *models_dir;
  LtFaceModel     *models[3];
  LtDetectorNet    detector;
  LtLandmarkNet    landmarks;
  LtRecognitionNet recognition;
};

G_DEFINE_FINAL_TYPE (LtFaceEngine, lt_face_engine, G_TYPE_OBJECT)

static const double anchors[5][2] = {
  { 1.603231, 2.094468 },
  { 6.041143, 7.080126 },
  { 2.882459, 3.518061 },
  { 4.266906, 5.178857 },
  { 9.041765, 10.66308 },
};

void
lt_face_free (LtFace *face)
{
  if (face == NULL)
    return;
  lt_nn_wipe (face, sizeof *face);
  g_free (face);
}

double
lt_face_distance (const float *a, const float *b)
{
  double sum = 0;

  for (int i = 0; i < LT_FACE_DESCRIPTOR_LEN; i++) {
    double d = (double)a[i] - (double)b[i];

    sum += d * d;
  }
  return sqrt (sum);
}

static void
lt_face_engine_finalize (GObject *object)
{
  LtFaceEngine *self = LT_FACE_ENGINE (object);

  for (int i = 0; i < 3; i++)
    g_clear_pointer (&self->models[i], lt_face_model_free);
  g_free (self->models_dir);
  G_OBJECT_CLASS (lt_face_engine_parent_class)->finalize (object);
}

static void
lt_face_engine_class_init (LtFaceEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lt_face_engine_finalize;
}

static void
lt_face_engine_init (LtFaceEngine *self)
{
}

LtFaceEngine *
lt_face_engine_new (const char *models_dir, GError **error)
{
  g_autoptr (LtFaceEngine) self = g_object_new (LT_TYPE_FACE_ENGINE, NULL);
  static const char *const names[] = { LT_FACE_MODEL_DETECTOR, LT_FACE_MODEL_LANDMARKS, LT_FACE_MODEL_RECOGNITION };

  g_return_val_if_fail (models_dir != NULL, NULL);
  self->models_dir = g_strdup (models_dir);
  for (int i = 0; i < 3; i++)
    if ((self->models[i] = lt_face_model_load (models_dir, names[i], error)) == NULL)
      return NULL;
  if (!lt_detector_bind (&self->detector, self->models[0], error)
      || !lt_landmark_bind (&self->landmarks, self->models[1], error)
      || !lt_recognition_bind (&self->recognition, self->models[2], error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
lt_face_engine_get_models_dir (LtFaceEngine *self)
{
  return self->models_dir;
}

gsize
lt_face_engine_get_model_bytes (LtFaceEngine *self)
{
  return lt_face_model_size (self->models[0]) + lt_face_model_size (self->models[1])
         + lt_face_model_size (self->models[2]);
}

gboolean
lt_face_engine_check_image (const LtFaceImage *image, GError **error)
{
  if (image == NULL || image->pixels == NULL || image->width < 1 || image->height < 1
      || image->width > MAX_SIDE || image->height > MAX_SIDE || image->stride < 3 * image->width) {
    g_set_error (error, LT_FACE_ERROR, LT_FACE_ERROR_IMAGE,
                 _ ("The picture cannot be used for faces: it must be 8-bit RGB, 1 to %d pixels a side"),
                 MAX_SIDE);
    return FALSE;
  }
  return TRUE;
}

/* Box rescaled to relative coordinates and back, as face-api's
 * FaceDetection constructor and forSize() do: not always the identity. */
static void
round_trip (double b[4], double width, double height)
{
  double iw = 1.0 / width, ih = 1.0 / height;

  b[0] = (b[0] * iw) * width;
  b[1] = (b[1] * ih) * height;
  b[2] = (b[2] * iw) * width;
  b[3] = (b[3] * ih) * height;
}

static double
sigmoid (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

static double
iou (const double a[4], const double b[4])
{
  double w = MAX (0.0, MIN (a[0] + a[2], b[0] + b[2]) - MAX (a[0], b[0]));
  double h = MAX (0.0, MIN (a[1] + a[3], b[1] + b[3]) - MAX (a[1], b[1]));
  double inter = w * h;

  return inter / (a[2] * a[3] + b[2] * b[3] - inter);
}

LtTensor *
lt_face_engine_detector_raw (LtFaceEngine *self, const LtFaceImage *image, int input_size)
{
  static const float mean[3] = LT_DETECTOR_MEAN;
  g_autoptr (LtTensor) input = lt_nn_input (image, 0, 0, image->width, image->height, input_size, FALSE, mean);

  return lt_detector_run (&self->detector, input);
}

static gint
by_score (gconstpointer a, gconstpointer b)
{
  const LtFace *fa = *(LtFace *const *)a, *fb = *(LtFace *const *)b;

  return fa->score < fb->score ? 1 : fa->score > fb->score ? -1
                                                           : 0;
}

/* Candidates above the score threshold, boxes relative to the picture. */
static GPtrArray *
extract_boxes (const LtTensor *raw, const LtFaceImage *image, int input_size)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_face_free);
  double     scale = (double)input_size / MAX (image->width, image->height);
  double     rw = floor (image->width * scale + 0.5), rh = floor (image->height * scale + 0.5);
  double     cfx = MAX (rw, rh) / rw, cfy = MAX (rw, rh) / rh;
  int        n = raw->h;

  for (int row = 0; row < n; row++)
    for (int col = 0; col < n; col++)
      for (int a = 0; a < 5; a++) {
        const float *v = raw->data + ((gsize)row * n + col) * 25 + a * 5;
        double       score = sigmoid (v[4]), cx, cy, w, h, x, y;
        LtFace      *face;

        if (!(score > LT_FACE_MIN_SCORE))
          continue;
        cx = ((col + sigmoid (v[0])) / n) * cfx;
        cy = ((row + sigmoid (v[1])) / n) * cfy;
        w = ((exp (v[2]) * anchors[a][0]) / n) * cfx;
        h = ((exp (v[3]) * anchors[a][1]) / n) * cfy;
        x = cx - w / 2;
        y = cy - h / 2;
        face = g_new0 (LtFace, 1);
        face->score = score;
        face->box[0] = x;
        face->box[1] = y;
        face->box[2] = (x + w) - x;
        face->box[3] = (y + h) - y;
        g_ptr_array_add (found, face);
      }
  return found;
}

GPtrArray *
lt_face_engine_detect (LtFaceEngine *self, const LtFaceImage *image, int input_size, GError **error)
{
  g_autoptr (LtTensor) raw = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_face_free);

  if (!lt_face_engine_check_image (image, error))
    return NULL;
  if (input_size < 32 || input_size > 1024 || input_size % 32 != 0) {
    g_set_error (error, LT_FACE_ERROR, LT_FACE_ERROR_ARGUMENT,
                 _ ("Face detector input size %d is not valid: use a multiple of 32 from 32 to 1024"), input_size);
    return NULL;
  }
  raw = lt_face_engine_detector_raw (self, image, input_size);
  found = extract_boxes (raw, image, input_size);
  /* face-api pops the best score off an ascending stable sort: among equal
   * scores the later candidate wins, hence the reverse then stable sort. */
  for (guint i = 0; i < found->len / 2; i++) {
    gpointer t = found->pdata[i];

    found->pdata[i] = found->pdata[found->len - 1 - i];
    found->pdata[found->len - 1 - i] = t;
  }
  g_ptr_array_sort (found, by_score);
  for (guint i = 0; i < found->len; i++) {
    LtFace  *cand = g_ptr_array_index (found, i);
    double   cb[4] = { cand->box[0] * input_size, cand->box[1] * input_size,
                       cand->box[2] * input_size, cand->box[3] * input_size };
    gboolean keep = TRUE;

    for (guint j = 0; j < kept->len && keep; j++) {
      LtFace *k = g_ptr_array_index (kept, j);
      double  kb[4] = { k->box[0] * input_size, k->box[1] * input_size,
                        k->box[2] * input_size, k->box[3] * input_size };

      keep = iou (kb, cb) <= IOU_THRESHOLD;
    }
    if (keep)
      g_ptr_array_add (kept, g_ptr_array_steal_index (found, i--));
  }
  for (guint i = 0; i < kept->len; i++) {
    LtFace *face = g_ptr_array_index (kept, i);

    face->box[0] *= image->width;
    face->box[1] *= image->height;
    face->box[2] *= image->width;
    face->box[3] *= image->height;
    round_trip (face->box, image->width, image->height);
  }
  return g_steal_pointer (&kept);
}

/* face-api's Box.clipAtImageBorders(), floor included. */
static gboolean
clip (const double b[4], const LtFaceImage *image, int out[4])
{
  double x = MAX (b[0], 0.0), y = MAX (b[1], 0.0);
  double w = MIN ((b[0] + b[2]) - x, image->width - x);
  double h = MIN ((b[1] + b[3]) - y, image->height - y);

  out[0] = (int)floor (x);
  out[1] = (int)floor (y);
  out[2] = (int)floor (w);
  out[3] = (int)floor (h);
  return out[2] > 0 && out[3] > 0;
}

void
lt_face_engine_landmarks (LtFaceEngine *self, const LtFaceImage *image, LtFace *face)
{
  static const float mean[3] = LT_FACE_NET_MEAN;
  double             b[4] = { face->box[0], face->box[1], face->box[2], face->box[3] };
  g_autoptr (LtTensor) input = NULL;
  double scale, dw, dh;
  float  pad_x, pad_y;
  int    cw, ch;

  face->has_landmarks = FALSE;
  round_trip (b, image->width, image->height);
  round_trip (b, image->width, image->height);
  if (!clip (b, image, face->crop))
    return;
  cw = face->crop[2];
  ch = face->crop[3];
  input = lt_nn_input (image, face->crop[0], face->crop[1], cw, ch, LT_LANDMARK_SIZE, TRUE, mean);
  lt_landmark_run (&self->landmarks, input, face->landmarks_raw);

  /* postProcess(): float32 tensor arithmetic on face-api's padded square. */
  scale = (double)LT_LANDMARK_SIZE / MAX (ch, cw);
  dw = cw * scale;
  dh = ch * scale;
  pad_x = dw < dh ? (float)(fabs (dw - dh) / 2) : 0.0f;
  pad_y = dh < dw ? (float)(fabs (dw - dh) / 2) : 0.0f;
  for (int i = 0; i < LT_FACE_N_LANDMARKS; i++) {
    float rx = (face->landmarks_raw[2 * i] * (float)LT_LANDMARK_SIZE - pad_x) / (float)dw;
    float ry = (face->landmarks_raw[2 * i + 1] * (float)LT_LANDMARK_SIZE - pad_y) / (float)dh;

    face->landmarks[i][0] = (((double)rx * cw) / cw) * cw + face->box[0];
    face->landmarks[i][1] = (((double)ry * ch) / ch) * ch + face->box[1];
  }
  face->has_landmarks = TRUE;
}

static void
center (const LtFace *face, int from, int to, double out[2])
{
  double x = 0, y = 0;

  for (int i = from; i < to; i++) {
    x += face->landmarks[i][0];
    y += face->landmarks[i][1];
  }
  out[0] = x / (to - from);
  out[1] = y / (to - from);
}

/* FaceLandmarks.alignDlib(): a square around the eyes and mouth. */
static void
align_dlib (const LtFace *face, double rect[4])
{
  double le[2], re[2], mouth[2], ref_x, ref_y, size;
  double dl, dr;

  center (face, 36, 42, le);
  center (face, 42, 48, re);
  center (face, 48, 68, mouth);
  dl = sqrt (pow (mouth[0] - le[0], 2) + pow (mouth[1] - le[1], 2));
  dr = sqrt (pow (mouth[0] - re[0], 2) + pow (mouth[1] - re[1], 2));
  size = floor (((dl + dr) / 2) / 0.45);
  ref_x = ((0 + le[0]) + re[0] + mouth[0]) / 3;
  ref_y = ((0 + le[1]) + re[1] + mouth[1]) / 3;
  rect[0] = floor (MAX (0.0, ref_x - 0.5 * size));
  rect[1] = floor (MAX (0.0, ref_y - 0.43 * size));
  /* face-api bounds the square by the landmark crop's size, not the picture's. */
  rect[2] = MIN (size, face->crop[2] + rect[0]);
  rect[3] = MIN (size, face->crop[3] + rect[1]);
}

void
lt_face_engine_descriptor (LtFaceEngine *self, const LtFaceImage *image, LtFace *face)
{
  static const float mean[3] = LT_FACE_NET_MEAN;
  g_autoptr (LtTensor) input = NULL;
  double rect[4];

  face->has_descriptor = FALSE;
  if (!face->has_landmarks)
    return;
  align_dlib (face, rect);
  if (!clip (rect, image, face->aligned))
    return;
  input = lt_nn_input (image, face->aligned[0], face->aligned[1], face->aligned[2], face->aligned[3],
                       LT_RECOGNITION_SIZE, TRUE, mean);
  lt_recognition_run (&self->recognition, input, face->descriptor);
  face->has_descriptor = TRUE;
}

double
lt_face_roll (const LtFace *face)
{
  double le[2], re[2];

  center (face, 36, 42, le);
  center (face, 42, 48, re);
  return atan2 (re[1] - le[1], re[0] - le[0]) * 180.0 / G_PI;
}

/* Below this the rotation would only blur the picture. */
#define MIN_ROLL_DEGREES 2.0
#define MAX_CHIP_SIDE    1600

/* Bilinear sample of the picture at (x, y), zeros outside. */
static void
sample (const LtFaceImage *image, double x, double y, guint8 out[3])
{
  int    x0 = (int)floor (x), y0 = (int)floor (y);
  double fx = x - x0, fy = y - y0;

  if (x0 < 0 || y0 < 0 || x0 + 1 >= image->width || y0 + 1 >= image->height) {
    out[0] = out[1] = out[2] = 0;
    return;
  }
  for (int c = 0; c < 3; c++) {
    const guint8 *p = image->pixels + (gsize)y0 * image->stride + (gsize)x0 * 3 + c;
    double        top = p[0] + (p[3] - p[0]) * fx;
    double        bottom = p[image->stride] + (p[image->stride + 3] - p[image->stride]) * fx;

    out[c] = (guint8)CLAMP (floor (top + (bottom - top) * fy + 0.5), 0, 255);
  }
}

void
lt_face_engine_descriptor_upright (LtFaceEngine *self, const LtFaceImage *image, LtFace *face)
{
  static const float mean[3] = LT_FACE_NET_MEAN;
  double             roll, a, cx, cy, ca, sa, rect[4];
  int                side, r[4], n;
  g_autoptr (LtFace) upright = NULL;
  g_autoptr (LtTensor) input = NULL;
  g_autofree guint8 *pixels = NULL;
  LtFaceImage        chip;

  if (!face->has_landmarks || fabs (roll = lt_face_roll (face)) < MIN_ROLL_DEGREES) {
    lt_face_engine_descriptor (self, image, face);
    return;
  }
  /* The face seen along its eye line: a square frame twice the box's size
   * about the box's centre, turned by the roll. The landmarks turn with
   * it; only the descriptor's square is sampled from the picture. */
  face->has_descriptor = FALSE;
  side = (int)MIN (ceil (2 * MAX (face->box[2], face->box[3])), MAX_CHIP_SIDE);
  a = roll * G_PI / 180.0;
  ca = cos (a);
  sa = sin (a);
  cx = face->box[0] + face->box[2] / 2;
  cy = face->box[1] + face->box[3] / 2;
  upright = g_memdup2 (face, sizeof *face);
  for (int i = 0; i < LT_FACE_N_LANDMARKS; i++) {
    double dx = face->landmarks[i][0] - cx, dy = face->landmarks[i][1] - cy;

    upright->landmarks[i][0] = side / 2.0 + dx * ca + dy * sa;
    upright->landmarks[i][1] = side / 2.0 - dx * sa + dy * ca;
  }
  align_dlib (upright, rect);
  chip = (LtFaceImage){ image->pixels, side, side, image->stride }; /* bounds only */
  if (!clip (rect, &chip, r))
    return;
  n = r[2] * r[3] * 3;
  pixels = g_malloc ((gsize)n);
  for (int v = 0; v < r[3]; v++)
    for (int u = 0; u < r[2]; u++) {
      double du = r[0] + u - side / 2.0, dv = r[1] + v - side / 2.0;

      sample (image, cx + du * ca - dv * sa, cy + du * sa + dv * ca, pixels + ((gsize)v * r[2] + u) * 3);
    }
  chip = (LtFaceImage){ pixels, r[2], r[3], r[2] * 3 };
  input = lt_nn_input (&chip, 0, 0, r[2], r[3], LT_RECOGNITION_SIZE, TRUE, mean);
  lt_recognition_run (&self->recognition, input, face->descriptor);
  memcpy (face->aligned, r, sizeof face->aligned);
  face->has_descriptor = TRUE;
  lt_nn_wipe (pixels, (gsize)n);
}

GPtrArray *
lt_face_engine_describe (LtFaceEngine *self, const LtFaceImage *image, int input_size, GError **error)
{
  GPtrArray *faces = lt_face_engine_detect (self, image, input_size, error);

  if (faces == NULL)
    return NULL;
  for (guint i = 0; i < faces->len; i++) {
    LtFace *face = g_ptr_array_index (faces, i);

    lt_face_engine_landmarks (self, image, face);
    lt_face_engine_descriptor_upright (self, image, face);
  }
  return faces;
}

typedef struct {
  LtFaceImage image; /* owns its pixels */
  int         input_size;
} DescribeJob;

static void
describe_job_free (gpointer p)
{
  DescribeJob *job = p;

  lt_nn_wipe ((guint8 *)job->image.pixels, (gsize)job->image.stride * job->image.height);
  g_free ((guint8 *)job->image.pixels);
  g_free (job);
}

static void
describe_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  DescribeJob *job = data;
  GError      *error = NULL;
  GPtrArray   *faces = lt_face_engine_describe (LT_FACE_ENGINE (source), &job->image, job->input_size, &error);

  if (faces == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, faces, (GDestroyNotify)g_ptr_array_unref);
}

void
lt_face_engine_describe_async (LtFaceEngine       *self,
                               const LtFaceImage  *image,
                               int                 input_size,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  DescribeJob *job;
  guint8      *copy;

  g_task_set_source_tag (task, lt_face_engine_describe_async);
  if (!lt_face_engine_check_image (image, &error)) {
    g_task_return_error (task, g_steal_pointer (&error));
    return;
  }
  job = g_new0 (DescribeJob, 1);
  copy = g_malloc ((gsize)image->width * 3 * image->height);
  for (int r = 0; r < image->height; r++)
    memcpy (copy + (gsize)r * image->width * 3, image->pixels + (gsize)r * image->stride, (gsize)image->width * 3);
  job->image = (LtFaceImage){ copy, image->width, image->height, image->width * 3 };
  job->input_size = input_size;
  g_task_set_task_data (task, job, describe_job_free);
  g_task_run_in_thread (task, describe_thread);
}

GPtrArray *
lt_face_engine_describe_finish (LtFaceEngine *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

LtFace *
lt_face_largest (GPtrArray *faces)
{
  LtFace *best = NULL;

  for (guint i = 0; faces != NULL && i < faces->len; i++) {
    LtFace *f = g_ptr_array_index (faces, i);

    if (best == NULL || f->box[2] * f->box[3] > best->box[2] * best->box[3])
      best = f;
  }
  return best;
}
