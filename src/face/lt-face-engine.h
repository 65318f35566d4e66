/* lt-face-engine.h: faces, landmarks and descriptors from an RGB picture
 *
 * The engine loads the three pinned models once and then runs face-api's
 * pipeline on pictures held in memory: tiny face detector, 68 landmarks on
 * each detected box, and a 128-D descriptor of the face cut out around
 * the eyes and mouth. Nothing here writes a file; every buffer that held
 * pixels is wiped before it is freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lt-face-error.h"
#include "lt-face-nn.h"

G_BEGIN_DECLS

#define LT_FACE_DESCRIPTOR_LEN 128
#define LT_FACE_N_LANDMARKS 68
/* face-api's defaults: input 416, score above 0.5. */
#define LT_FACE_DEFAULT_INPUT_SIZE 416
#define LT_FACE_MIN_SCORE 0.5

typedef struct {
  double box[4];                  /* x, y, width, height in picture pixels */
  double score;
  gboolean has_landmarks;
  int crop[4];                    /* the box the landmark net saw, clipped to the picture */
  double landmarks[LT_FACE_N_LANDMARKS][2];
  float landmarks_raw[2 * LT_FACE_N_LANDMARKS];   /* the net's output, relative to its crop */
  gboolean has_descriptor;
  int aligned[4];                 /* the rectangle the descriptor was computed on */
  float descriptor[LT_FACE_DESCRIPTOR_LEN];
} LtFace;

void      lt_face_free       (LtFace *face);
double    lt_face_distance   (const float *a,
                              const float *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtFace, lt_face_free)

#define LT_TYPE_FACE_ENGINE (lt_face_engine_get_type ())
G_DECLARE_FINAL_TYPE (LtFaceEngine, lt_face_engine, LT, FACE_ENGINE, GObject)

LtFaceEngine *lt_face_engine_new          (const char        *models_dir,
                                           GError           **error);
const char   *lt_face_engine_get_models_dir (LtFaceEngine    *self);
/* Bytes of weights the three models hold in memory. */
gsize         lt_face_engine_get_model_bytes (LtFaceEngine   *self);
gboolean      lt_face_engine_check_image  (const LtFaceImage  *image,
                                           GError            **error);
/* Faces found, best score first, boxes and scores only. */
GPtrArray    *lt_face_engine_detect       (LtFaceEngine      *self,
                                           const LtFaceImage *image,
                                           int                input_size,
                                           GError           **error);
/* The detector's raw output grid (cells × cells × 25), for tests. */
LtTensor     *lt_face_engine_detector_raw (LtFaceEngine      *self,
                                           const LtFaceImage *image,
                                           int                input_size);
void          lt_face_engine_landmarks    (LtFaceEngine      *self,
                                           const LtFaceImage *image,
                                           LtFace            *face);
void          lt_face_engine_descriptor   (LtFaceEngine      *self,
                                           const LtFaceImage *image,
                                           LtFace            *face);
/* The descriptor of the face turned upright first: face-api's square
 * around eyes and mouth, taken along the eye line (the picture is sampled
 * rotated by the roll) when the head is tilted by 2° or more. Lintel
 * enrols and matches with this one (a 15° tilt moves face-api's
 * descriptor the most); lt_face_engine_descriptor() is face-api's own,
 * for the golden test. @face->aligned is then in the turned frame. */
void          lt_face_engine_descriptor_upright (LtFaceEngine *self,
                                                 const LtFaceImage *image,
                                                 LtFace       *face);
/* The eye line's angle in degrees, clockwise positive (image y is down). */
double        lt_face_roll                (const LtFace      *face);
/* All of it: detect, then landmarks and upright descriptor for every face. */
GPtrArray    *lt_face_engine_describe     (LtFaceEngine      *self,
                                           const LtFaceImage *image,
                                           int                input_size,
                                           GError           **error);
/* lt_face_engine_describe() in a worker thread (GTask), on a copy of the
 * pixels that is wiped when done: for callers on a main loop. */
void          lt_face_engine_describe_async  (LtFaceEngine        *self,
                                              const LtFaceImage   *image,
                                              int                  input_size,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray    *lt_face_engine_describe_finish (LtFaceEngine        *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* The face with the largest box, or NULL; owned by @faces. */
LtFace       *lt_face_largest             (GPtrArray         *faces);

G_END_DECLS
