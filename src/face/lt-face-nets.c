/* lt-face-nets.c: the detector, landmark and recognition networks
 *
 * Layer for layer what face-api 1.7.15 runs (tinyFaceDetector,
 * faceLandmark68Net, faceRecognitionNet), including its quirks: the
 * detector's first convolution is unpadded, the landmark net's dense
 * blocks sum in face-api's order, and the ResNet's last down-sampling
 * pads its 1×1 output with zeros to 2×2 before the global mean.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-face"

#include "lt-face-nets.h"

#include <cblas.h>
#include <string.h>

static gboolean
bind_sep (LtSepConv *sep, LtFaceModel *model, const char *prefix, int cin, int cout, GError **error)
{
  g_autofree char *dw = g_strconcat (prefix, "/depthwise_filter", NULL);
  g_autofree char *pw = g_strconcat (prefix, "/pointwise_filter", NULL);
  g_autofree char *b = g_strconcat (prefix, "/bias", NULL);
  int              dw_shape[] = { 3, 3, cin, 1 }, pw_shape[] = { 1, 1, cin, cout }, b_shape[] = { cout };

  sep->cin = cin;
  sep->cout = cout;
  return (sep->dw = lt_face_model_tensor (model, dw, 4, dw_shape, error)) != NULL
         && (sep->pw = lt_face_model_tensor (model, pw, 4, pw_shape, error)) != NULL
         && (sep->bias = lt_face_model_tensor (model, b, 1, b_shape, error)) != NULL;
}

static gboolean
bind_conv (const float **filters, const float **bias, LtFaceModel *model, const char *prefix, int k, int cin, int cout, GError **error)
{
  g_autofree char *f = g_strconcat (prefix, "/filters", NULL);
  g_autofree char *b = g_strconcat (prefix, "/bias", NULL);
  int              f_shape[] = { k, k, cin, cout }, b_shape[] = { cout };

  return (*filters = lt_face_model_tensor (model, f, 4, f_shape, error)) != NULL
         && (*bias = lt_face_model_tensor (model, b, 1, b_shape, error)) != NULL;
}

static LtTensor *
sep_run (const LtSepConv *sep, const LtTensor *in, int stride)
{
  return lt_nn_separable_conv (in, sep->dw, sep->pw, sep->cout, stride, sep->bias);
}

/* ---- tiny_face_detector ---- */

gboolean
lt_detector_bind (LtDetectorNet *net, LtFaceModel *model, GError **error)
{
  static const int sizes[] = { 16, 32, 64, 128, 256, 512 };

  if (!bind_conv (&net->conv0, &net->conv0_bias, model, "conv0", 3, 3, 16, error))
    return FALSE;
  for (int i = 0; i < 5; i++) {
    g_autofree char *prefix = g_strdup_printf ("conv%d", i + 1);

    if (!bind_sep (&net->sep[i], model, prefix, sizes[i], sizes[i + 1], error))
      return FALSE;
  }
  return bind_conv (&net->conv8, &net->conv8_bias, model, "conv8", 1, 512, 25, error);
}

LtTensor *
lt_detector_run (const LtDetectorNet *net, const LtTensor *input)
{
  g_autoptr (LtTensor) x = lt_nn_conv2d (input, net->conv0, 3, 16, 1, LT_PAD_VALID, net->conv0_bias);

  lt_nn_leaky (x);
  for (int i = 0; i < 5; i++) {
    g_autoptr (LtTensor) pooled = lt_nn_max_pool (x, 2, 2, LT_PAD_SAME);

    lt_tensor_free (x);
    x = sep_run (&net->sep[i], pooled, 1);
    lt_nn_leaky (x);
  }
  {
    g_autoptr (LtTensor) pooled = lt_nn_max_pool (x, 2, 1, LT_PAD_SAME);

    return lt_nn_conv2d (pooled, net->conv8, 1, 25, 1, LT_PAD_VALID, net->conv8_bias);
  }
}

/* ---- face_landmark_68 ---- */

gboolean
lt_landmark_bind (LtLandmarkNet *net, LtFaceModel *model, GError **error)
{
  static const int sizes[] = { 32, 64, 128, 256 };
  int              fc_shape[] = { 256, 136 }, fcb_shape[] = { 136 };
  int              n = 0;

  if (!bind_conv (&net->conv0, &net->conv0_bias, model, "dense0/conv0", 3, 3, 32, error))
    return FALSE;
  for (int block = 0; block < 4; block++)
    for (int conv = block == 0 ? 1 : 0; conv < 4; conv++) {
      g_autofree char *prefix = g_strdup_printf ("dense%d/conv%d", block, conv);
      int              cin = conv == 0 ? sizes[block - 1] : sizes[block];

      if (!bind_sep (&net->sep[n++], model, prefix, cin, sizes[block], error))
        return FALSE;
    }
  return (net->fc = lt_face_model_tensor (model, "fc/weights", 2, fc_shape, error)) != NULL
         && (net->fc_bias = lt_face_model_tensor (model, "fc/bias", 1, fcb_shape, error)) != NULL;
}

/* relu (a + (b + (c + d))), face-api's order; c and d may be NULL. */
static void
sum_relu (float *restrict out, const float *restrict a, const float *restrict b, const float *restrict c, const float *restrict d, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    float v = a[i] + (c == NULL ? b[i] : d == NULL ? b[i] + c[i]
                                                   : b[i] + (c[i] + d[i]));

    out[i] = v > 0.0f ? v : 0.0f;
  }
}

/* face-api's denseBlock4 after its first convolution @out1. */
static LtTensor *
dense_rest (const LtSepConv *sep, LtTensor *out1)
{
  g_autoptr (LtTensor) out2 = sep_run (&sep[0], out1, 1);
  g_autoptr (LtTensor) in3 = lt_tensor_new (out1->h, out1->w, out1->c);
  g_autoptr (LtTensor) out3 = NULL;
  g_autoptr (LtTensor) in4 = lt_tensor_new (out1->h, out1->w, out1->c);
  g_autoptr (LtTensor) out4 = NULL;
  LtTensor *out = lt_tensor_new (out1->h, out1->w, out1->c);
  gsize     n = (gsize)out1->h * out1->w * out1->c;

  sum_relu (in3->data, out1->data, out2->data, NULL, NULL, n);
  out3 = sep_run (&sep[1], in3, 1);
  sum_relu (in4->data, out1->data, out2->data, out3->data, NULL, n);
  out4 = sep_run (&sep[2], in4, 1);
  sum_relu (out->data, out1->data, out2->data, out3->data, out4->data, n);
  return out;
}

void
lt_landmark_run (const LtLandmarkNet *net, const LtTensor *input, float out[136])
{
  g_autoptr (LtTensor) out1 = lt_nn_conv2d (input, net->conv0, 3, 32, 2, LT_PAD_SAME, net->conv0_bias);
  g_autoptr (LtTensor) x = NULL;
  g_autoptr (LtTensor) pooled = NULL;

  lt_nn_relu (out1);
  x = dense_rest (&net->sep[0], out1);
  for (int block = 1; block < 4; block++) {
    const LtSepConv *sep = &net->sep[3 + (block - 1) * 4];
    g_autoptr (LtTensor) first = sep_run (&sep[0], x, 2);

    lt_nn_relu (first);
    lt_tensor_free (x);
    x = dense_rest (&sep[1], first);
  }
  pooled = lt_nn_avg_pool (x, 7, 2);
  g_assert (pooled->h == 1 && pooled->w == 1 && pooled->c == 256);
  memcpy (out, net->fc_bias, sizeof (float) * 136);
  cblas_sgemv (CblasRowMajor, CblasTrans, 256, 136, 1.0f, net->fc, 136, pooled->data, 1, 1.0f, out, 1);
}

/* ---- face_recognition ---- */

static gboolean
bind_scaled (LtScaledConv *conv, LtFaceModel *model, const char *prefix, int k, int cin, int cout, GError **error)
{
  g_autofree char *c = g_strconcat (prefix, "/conv", NULL);
  g_autofree char *w = g_strconcat (prefix, "/scale/weights", NULL);
  g_autofree char *b = g_strconcat (prefix, "/scale/biases", NULL);
  int              shape[] = { cout };

  conv->k = k;
  conv->cin = cin;
  conv->cout = cout;
  return bind_conv (&conv->filters, &conv->bias, model, c, k, cin, cout, error)
         && (conv->scale = lt_face_model_tensor (model, w, 1, shape, error)) != NULL
         && (conv->shift = lt_face_model_tensor (model, b, 1, shape, error)) != NULL;
}

gboolean
lt_recognition_bind (LtRecognitionNet *net, LtFaceModel *model, GError **error)
{
  static const struct {
    const char *name;
    int         cin;
    int         cout;
  } layers[] = {
    { "conv32_1", 32, 32 },
    { "conv32_2", 32, 32 },
    { "conv32_3", 32, 32 },
    { "conv64_down", 32, 64 },
    { "conv64_1", 64, 64 },
    { "conv64_2", 64, 64 },
    { "conv64_3", 64, 64 },
    { "conv128_down", 64, 128 },
    { "conv128_1", 128, 128 },
    { "conv128_2", 128, 128 },
    { "conv256_down", 128, 256 },
    { "conv256_1", 256, 256 },
    { "conv256_2", 256, 256 },
    { "conv256_down_out", 256, 256 },
  };
  int fc_shape[] = { 256, 128 };

  if (!bind_scaled (&net->stem, model, "conv32_down", 7, 3, 32, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (layers); i++) {
    g_autofree char *c1 = g_strconcat (layers[i].name, "/conv1", NULL);
    g_autofree char *c2 = g_strconcat (layers[i].name, "/conv2", NULL);

    if (!bind_scaled (&net->conv[2 * i], model, c1, 3, layers[i].cin, layers[i].cout, error)
        || !bind_scaled (&net->conv[2 * i + 1], model, c2, 3, layers[i].cout, layers[i].cout, error))
      return FALSE;
  }
  return (net->fc = lt_face_model_tensor (model, "fc", 2, fc_shape, error)) != NULL;
}

static LtTensor *
scaled_conv (const LtScaledConv *conv, const LtTensor *in, int stride, LtPadding padding, gboolean relu)
{
  LtTensor *out = lt_nn_conv2d (in, conv->filters, conv->k, conv->cout, stride, padding, conv->bias);

  lt_nn_scale (out, conv->scale, conv->shift);
  if (relu)
    lt_nn_relu (out);
  return out;
}

static LtTensor *
residual (const LtScaledConv *conv, const LtTensor *x)
{
  g_autoptr (LtTensor) a = scaled_conv (&conv[0], x, 1, LT_PAD_SAME, TRUE);
  LtTensor *out = scaled_conv (&conv[1], a, 1, LT_PAD_SAME, FALSE);

  lt_nn_add_relu (out, x);
  return out;
}

static LtTensor *
residual_down (const LtScaledConv *conv, const LtTensor *x)
{
  g_autoptr (LtTensor) a = scaled_conv (&conv[0], x, 2, LT_PAD_VALID, TRUE);
  g_autoptr (LtTensor) b = scaled_conv (&conv[1], a, 1, LT_PAD_SAME, FALSE);
  g_autoptr (LtTensor) pooled = lt_nn_avg_pool (x, 2, 2);
  /* The convolution path may be one smaller: face-api pads it with a zero
   * row and column at the end; the pooled path gets zero channels. */
  LtTensor *out = lt_tensor_new (pooled->h, pooled->w, b->c);

  g_assert (b->h == pooled->h || b->h + 1 == pooled->h);
  for (int y = 0; y < out->h; y++)
    for (int xx = 0; xx < out->w; xx++) {
      float       *dst = out->data + ((gsize)y * out->w + xx) * out->c;
      const float *p = pooled->data + ((gsize)y * pooled->w + xx) * pooled->c;
      gboolean     inside = y < b->h && xx < b->w;
      const float *q = inside ? b->data + ((gsize)y * b->w + xx) * b->c : NULL;

      for (int c = 0; c < out->c; c++) {
        float pv = c < pooled->c ? p[c] : 0.0f;
        float qv = inside ? q[c] : 0.0f;

        dst[c] = MAX (pv + qv, 0.0f);
      }
    }
  return out;
}

void
lt_recognition_run (const LtRecognitionNet *net, const LtTensor *input, float out[128])
{
  g_autoptr (LtTensor) stem = scaled_conv (&net->stem, input, 2, LT_PAD_VALID, TRUE);
  g_autoptr (LtTensor) x = lt_nn_max_pool (stem, 3, 2, LT_PAD_VALID);
  float mean[256] = { 0 };
  gsize n;

  for (int i = 0; i < 14; i++) {
    const LtScaledConv *conv = &net->conv[2 * i];
    gboolean            down = i == 3 || i == 7 || i == 10 || i == 13;
    LtTensor           *next = down ? residual_down (conv, x) : residual (conv, x);

    lt_tensor_free (x);
    x = next;
  }
  g_assert (x->c == 256);
  n = (gsize)x->h * x->w;
  for (gsize i = 0; i < n; i++)
    for (int c = 0; c < 256; c++)
      mean[c] += x->data[i * 256 + c];
  for (int c = 0; c < 256; c++)
    mean[c] /= (float)n;
  cblas_sgemv (CblasRowMajor, CblasTrans, 256, 128, 1.0f, net->fc, 128, mean, 1, 0.0f, out, 1);
  lt_nn_wipe (mean, sizeof mean);
}
