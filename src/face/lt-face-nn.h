/* lt-face-nn.h: the few tensor operations face-api's three networks use
 *
 * Tensors are one image, height × width × channels, float32, channels last
 * (TensorFlow's NHWC with N = 1); filters are TensorFlow's HWIO. Every
 * tensor may hold a face, so freeing one wipes it first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int h;
  int w;
  int c;
  float *data;
} LtTensor;

typedef enum {
  LT_PAD_VALID,
  LT_PAD_SAME,
} LtPadding;

LtTensor *lt_tensor_new         (int h, int w, int c);
void      lt_tensor_free        (LtTensor *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtTensor, lt_tensor_free)

/* Full convolution, filters [k, k, in->c, cout], bias [cout] or NULL. */
LtTensor *lt_nn_conv2d          (const LtTensor *in,
                                 const float    *filters,
                                 int             k,
                                 int             cout,
                                 int             stride,
                                 LtPadding       padding,
                                 const float    *bias);
/* Depthwise 3×3 (filters [3, 3, c, 1]), then pointwise (filters [c, cout])
 * plus bias: TensorFlow's separableConv2d with 'same' padding. */
LtTensor *lt_nn_separable_conv  (const LtTensor *in,
                                 const float    *depthwise,
                                 const float    *pointwise,
                                 int             cout,
                                 int             stride,
                                 const float    *bias);
LtTensor *lt_nn_max_pool        (const LtTensor *in,
                                 int             k,
                                 int             stride,
                                 LtPadding       padding);
/* 'valid' average pooling only: all the networks need. */
LtTensor *lt_nn_avg_pool        (const LtTensor *in,
                                 int             k,
                                 int             stride);
void      lt_nn_relu            (LtTensor *t);
/* face-api's leaky ReLU, computed as it does: relu (x - 0.1x) + 0.1x. */
void      lt_nn_leaky           (LtTensor *t);
/* dst = relu (dst + src), same shapes. */
void      lt_nn_add_relu        (LtTensor *dst, const LtTensor *src);
/* y = (x * scale[c]) + shift[c], per channel. */
void      lt_nn_scale           (LtTensor *t, const float *scale, const float *shift);

/* An 8-bit RGB picture (borrowed pixels) and a rectangle of it, padded to
 * a square with zeros (centered or at the end, as face-api's padToSquare),
 * resized with TensorFlow's resizeBilinear (no corner alignment, no half
 * pixel centres), then (v - mean) / 255. */
typedef struct {
  const guint8 *pixels;
  int width;
  int height;
  int stride;
} LtFaceImage;

LtTensor *lt_nn_input           (const LtFaceImage *image,
                                 int                x,
                                 int                y,
                                 int                w,
                                 int                h,
                                 int                size,
                                 gboolean           centered,
                                 const float        mean[3]);

void      lt_nn_wipe            (void *p, gsize n);

G_END_DECLS
