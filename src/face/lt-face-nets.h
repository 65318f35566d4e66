/* lt-face-nets.h: face-api's three networks, bound to their weights
 *
 * Private to the face library. Each *_bind() checks every tensor's name
 * and shape once, at load; the *_run() functions then cannot fail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-face-model.h"
#include "lt-face-nn.h"

G_BEGIN_DECLS

typedef struct {
  const float *dw;
  const float *pw;
  const float *bias;
  int cin;
  int cout;
} LtSepConv;

/* tiny_face_detector: a MobileNet-like stack ending in 5 anchors × 5. */
typedef struct {
  const float *conv0;
  const float *conv0_bias;
  LtSepConv sep[5];
  const float *conv8;
  const float *conv8_bias;
} LtDetectorNet;

/* face_landmark_68: four dense blocks, a 7×7 average pool, FC to 136. */
typedef struct {
  const float *conv0;
  const float *conv0_bias;
  LtSepConv sep[15];   /* dense0 conv1-3, then dense1-3 conv0-3 */
  const float *fc;
  const float *fc_bias;
} LtLandmarkNet;

typedef struct {
  const float *filters;
  const float *bias;
  const float *scale;
  const float *shift;
  int k;
  int cin;
  int cout;
} LtScaledConv;

/* face_recognition: dlib's ResNet, 29 scaled convolutions, FC to 128. */
typedef struct {
  LtScaledConv stem;
  LtScaledConv conv[28];
  const float *fc;
} LtRecognitionNet;

#define LT_DETECTOR_MEAN    { 117.001f, 114.697f, 97.404f }
#define LT_FACE_NET_MEAN    { 122.782f, 117.001f, 104.298f }
#define LT_LANDMARK_SIZE    112
#define LT_RECOGNITION_SIZE 150

gboolean  lt_detector_bind       (LtDetectorNet    *net,
                                  LtFaceModel      *model,
                                  GError          **error);
/* Raw output, cells × cells × 25. */
LtTensor *lt_detector_run        (const LtDetectorNet *net,
                                  const LtTensor      *input);
gboolean  lt_landmark_bind       (LtLandmarkNet    *net,
                                  LtFaceModel      *model,
                                  GError          **error);
void      lt_landmark_run        (const LtLandmarkNet *net,
                                  const LtTensor      *input,
                                  float                out[136]);
gboolean  lt_recognition_bind    (LtRecognitionNet *net,
                                  LtFaceModel      *model,
                                  GError          **error);
void      lt_recognition_run     (const LtRecognitionNet *net,
                                  const LtTensor         *input,
                                  float                   out[128]);

G_END_DECLS
