/* lt-face-model.h: TensorFlow.js weights (manifest + shards), checked
 *
 * A model is a JSON manifest naming its tensors (shape, dtype and, for
 * 8- or 16-bit quantized ones, scale and min: value = q·scale + min) and
 * the binary shards that hold them in order. lt_face_model_load() only
 * reads files whose size and SHA-256 are pinned in the source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-face-error.h"

G_BEGIN_DECLS

typedef struct _LtFaceModel LtFaceModel;

/* The three networks Lintel uses, by the file name stem face-api gives them. */
#define LT_FACE_MODEL_DETECTOR    "tiny_face_detector_model"
#define LT_FACE_MODEL_LANDMARKS   "face_landmark_68_model"
#define LT_FACE_MODEL_RECOGNITION "face_recognition_model"

/* What to tell a person when a model file is missing or wrong. */
#define LT_FACE_FETCH_HINT "packaging/fetch-face-models.sh"

LtFaceModel *lt_face_model_load      (const char   *dir,
                                      const char   *name,
                                      GError      **error);
/* Parses a manifest against the concatenation of its shards: no pinning,
 * for tests and the fuzzer. */
LtFaceModel *lt_face_model_parse     (const char   *manifest,
                                      gsize         manifest_len,
                                      const guint8 *weights,
                                      gsize         weights_len,
                                      GError      **error);
void         lt_face_model_free      (LtFaceModel  *model);
/* The tensor called @name with exactly @rank dimensions @shape, or NULL and
 * an error naming the tensor. */
const float *lt_face_model_tensor    (LtFaceModel  *model,
                                      const char   *name,
                                      int           rank,
                                      const int    *shape,
                                      GError      **error);
guint        lt_face_model_n_tensors (LtFaceModel  *model);
/* Bytes of float32 weights held. */
gsize        lt_face_model_size      (LtFaceModel  *model);
/* Checks size and SHA-256 of one file against the pinned list. */
gboolean     lt_face_model_check_file (const char  *dir,
                                       const char  *file,
                                       GBytes     **contents,
                                       GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtFaceModel, lt_face_model_free)

G_END_DECLS
