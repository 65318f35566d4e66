/* lt-face-nn.c: convolutions, pooling and input scaling for the face nets
 *
 * Full convolutions go through im2col and OpenBLAS sgemm (that is where
 * the multiply-adds are); depthwise convolutions and pooling are plain
 * loops. Padding follows TensorFlow: 'same' puts the odd pixel at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-face"

#include "lt-face-nn.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

void
lt_nn_wipe (void *p, gsize n)
{
  if (p != NULL && n > 0)
    explicit_bzero (p, n);
}

/* For outputs every element of which is written: no zeroing. */
static LtTensor *
tensor_new_uninit (int h, int w, int c)
{
  LtTensor *t = g_new0 (LtTensor, 1);

  g_assert (h > 0 && w > 0 && c > 0);
  t->h = h;
  t->w = w;
  t->c = c;
  t->data = g_new (float, (gsize)h *w *c);
  return t;
}

LtTensor *
lt_tensor_new (int h, int w, int c)
{
  LtTensor *t = tensor_new_uninit (h, w, c);

  memset (t->data, 0, sizeof (float) * (gsize)h * w * c);
  return t;
}

void
lt_tensor_free (LtTensor *t)
{
  if (t == NULL)
    return;
  lt_nn_wipe (t->data, sizeof (float) * (gsize)t->h * t->w * t->c);
  g_free (t->data);
  g_free (t);
}

/* Output size and leading pad of one axis, as TensorFlow computes them. */
static int
out_size (int in, int k, int stride, LtPadding padding, int *pad_before)
{
  int out;

  if (padding == LT_PAD_SAME) {
    int total;

    out = (in + stride - 1) / stride;
    total = MAX ((out - 1) * stride + k - in, 0);
    *pad_before = total / 2;
  } else {
    out = (in - k) / stride + 1;
    *pad_before = 0;
  }
  return out;
}

LtTensor *
lt_nn_conv2d (const LtTensor *in,
              const float    *filters,
              int             k,
              int             cout,
              int             stride,
              LtPadding       padding,
              const float    *bias)
{
  int       pt, pl;
  int       oh = out_size (in->h, k, stride, padding, &pt);
  int       ow = out_size (in->w, k, stride, padding, &pl);
  int       kk = k * k * in->c;
  LtTensor *out = tensor_new_uninit (oh, ow, cout);
  gsize     cols_n = (gsize)oh * ow * kk;
  float    *cols;

  if (k == 1 && stride == 1) {
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, oh * ow, cout, in->c,
                 1.0f, in->data, in->c, filters, cout, 0.0f, out->data, cout);
    goto add_bias;
  }

  cols = g_new (float, cols_n);
  for (int oy = 0; oy < oh; oy++)
    for (int ox = 0; ox < ow; ox++) {
      float *row = cols + ((gsize)oy * ow + ox) * kk;

      for (int ky = 0; ky < k; ky++) {
        int    iy = oy * stride + ky - pt;
        int    ix0 = ox * stride - pl;
        float *dst = row + ky * k * in->c;

        /* The k pixels of a filter row are contiguous in the input:
             * one copy when they are all inside. */
        if (iy >= 0 && iy < in->h && ix0 >= 0 && ix0 + k <= in->w) {
          memcpy (dst, in->data + ((gsize)iy * in->w + ix0) * in->c, sizeof (float) * k * in->c);
          continue;
        }
        for (int kx = 0; kx < k; kx++) {
          int ix = ix0 + kx;

          if (iy < 0 || iy >= in->h || ix < 0 || ix >= in->w)
            memset (dst + kx * in->c, 0, sizeof (float) * in->c);
          else
            memcpy (dst + kx * in->c, in->data + ((gsize)iy * in->w + ix) * in->c, sizeof (float) * in->c);
        }
      }
    }
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, oh * ow, cout, kk,
               1.0f, cols, kk, filters, cout, 0.0f, out->data, cout);
  lt_nn_wipe (cols, sizeof (float) * cols_n);
  g_free (cols);

add_bias:
  if (bias != NULL) {
    gsize n = (gsize)oh * ow;
    float *restrict d = out->data;

    for (gsize i = 0; i < n; i++)
      for (int c = 0; c < cout; c++)
        d[i * cout + c] += bias[c];
  }
  return out;
}

static inline void
madd (float *restrict dst, const float *restrict src, const float *restrict f, int n)
{
  for (int c = 0; c < n; c++)
    dst[c] += src[c] * f[c];
}

static LtTensor *
depthwise3 (const LtTensor *in, const float *filters, int stride)
{
  int       pt, pl;
  int       oh = out_size (in->h, 3, stride, LT_PAD_SAME, &pt);
  int       ow = out_size (in->w, 3, stride, LT_PAD_SAME, &pl);
  int       ch = in->c;
  LtTensor *out = lt_tensor_new (oh, ow, ch);

  for (int oy = 0; oy < oh; oy++)
    for (int ox = 0; ox < ow; ox++) {
      float *dst = out->data + ((gsize)oy * ow + ox) * ch;

      for (int ky = 0; ky < 3; ky++) {
        int iy = oy * stride + ky - pt;

        if (iy < 0 || iy >= in->h)
          continue;
        for (int kx = 0; kx < 3; kx++) {
          int          ix = ox * stride + kx - pl;
          const float *src, *f;

          if (ix < 0 || ix >= in->w)
            continue;
          src = in->data + ((gsize)iy * in->w + ix) * ch;
          f = filters + (ky * 3 + kx) * ch;
          madd (dst, src, f, ch);
        }
      }
    }
  return out;
}

LtTensor *
lt_nn_separable_conv (const LtTensor *in,
                      const float    *depthwise,
                      const float    *pointwise,
                      int             cout,
                      int             stride,
                      const float    *bias)
{
  g_autoptr (LtTensor) dw = depthwise3 (in, depthwise, stride);

  return lt_nn_conv2d (dw, pointwise, 1, cout, 1, LT_PAD_VALID, bias);
}

LtTensor *
lt_nn_max_pool (const LtTensor *in, int k, int stride, LtPadding padding)
{
  int       pt, pl;
  int       oh = out_size (in->h, k, stride, padding, &pt);
  int       ow = out_size (in->w, k, stride, padding, &pl);
  int       ch = in->c;
  LtTensor *out = tensor_new_uninit (oh, ow, ch);

  for (int oy = 0; oy < oh; oy++)
    for (int ox = 0; ox < ow; ox++) {
      float   *dst = out->data + ((gsize)oy * ow + ox) * ch;
      gboolean first = TRUE;

      for (int ky = 0; ky < k; ky++) {
        int iy = oy * stride + ky - pt;

        if (iy < 0 || iy >= in->h)
          continue;
        for (int kx = 0; kx < k; kx++) {
          int          ix = ox * stride + kx - pl;
          const float *src;

          if (ix < 0 || ix >= in->w)
            continue;
          src = in->data + ((gsize)iy * in->w + ix) * ch;
          if (first)
            memcpy (dst, src, sizeof (float) * ch);
          else
            for (int c = 0; c < ch; c++)
              dst[c] = MAX (dst[c], src[c]);
          first = FALSE;
        }
      }
    }
  return out;
}

LtTensor *
lt_nn_avg_pool (const LtTensor *in, int k, int stride)
{
  int       pad;
  int       oh = out_size (in->h, k, stride, LT_PAD_VALID, &pad);
  int       ow = out_size (in->w, k, stride, LT_PAD_VALID, &pad);
  int       ch = in->c;
  LtTensor *out = lt_tensor_new (oh, ow, ch);
  float     n = (float)(k * k);

  for (int oy = 0; oy < oh; oy++)
    for (int ox = 0; ox < ow; ox++) {
      float *dst = out->data + ((gsize)oy * ow + ox) * ch;

      for (int ky = 0; ky < k; ky++)
        for (int kx = 0; kx < k; kx++) {
          const float *src = in->data + ((gsize)(oy * stride + ky) * in->w + ox * stride + kx) * ch;

          for (int c = 0; c < ch; c++)
            dst[c] += src[c];
        }
      for (int c = 0; c < ch; c++)
        dst[c] /= n;
    }
  return out;
}

/* Local restrict pointers: without them every store may alias the tensor
 * struct, and nothing vectorises. */
void
lt_nn_relu (LtTensor *t)
{
  gsize n = (gsize)t->h * t->w * t->c;
  float *restrict d = t->data;

  for (gsize i = 0; i < n; i++)
    d[i] = d[i] > 0.0f ? d[i] : 0.0f;
}

void
lt_nn_leaky (LtTensor *t)
{
  gsize n = (gsize)t->h * t->w * t->c;
  float *restrict d = t->data;

  for (gsize i = 0; i < n; i++) {
    float min = d[i] * 0.10000000149011612f;
    float v = d[i] - min;

    d[i] = (v > 0.0f ? v : 0.0f) + min;
  }
}

void
lt_nn_add_relu (LtTensor *dst, const LtTensor *src)
{
  gsize n = (gsize)dst->h * dst->w * dst->c;
  float *restrict d = dst->data;
  const float *restrict s = src->data;

  g_assert (dst->h == src->h && dst->w == src->w && dst->c == src->c);
  for (gsize i = 0; i < n; i++) {
    float v = d[i] + s[i];

    d[i] = v > 0.0f ? v : 0.0f;
  }
}

void
lt_nn_scale (LtTensor *t, const float *scale, const float *shift)
{
  gsize n = (gsize)t->h * t->w;
  int   ch = t->c;
  float *restrict d = t->data;

  for (gsize i = 0; i < n; i++)
    for (int c = 0; c < ch; c++)
      d[i * ch + c] = d[i * ch + c] * scale[c] + shift[c];
}

LtTensor *
lt_nn_input (const LtFaceImage *image,
             int                x,
             int                y,
             int                w,
             int                h,
             int                size,
             gboolean           centered,
             const float        mean[3])
{
  int side = MAX (w, h);
  int diff = ABS (w - h);
  /* padToSquare appends round (diff / 2) (or all of it) and prepends the rest. */
  int               after = centered ? (int)floor (diff * 0.5 + 0.5) : diff;
  int               before = diff - after;
  int               ox = w < h ? before : 0, oy = h < w ? before : 0;
  float             ratio = (float)side / (float)size;
  LtTensor         *out = tensor_new_uninit (size, size, 3);
  g_autofree int   *col_lo = g_new (int, size);
  g_autofree int   *col_hi = g_new (int, size);
  g_autofree float *col_f = g_new (float, size);

  g_assert (w > 0 && h > 0 && x >= 0 && y >= 0 && x + w <= image->width && y + h <= image->height);
  /* Source columns once: an offset into a picture row, or -1 for padding. */
  for (int c = 0; c < size; c++) {
    float sx = (float)c * ratio;
    int   lo = (int)floorf (sx) - ox, hi = MIN ((int)ceilf (sx), side - 1) - ox;

    col_f[c] = sx - floorf (sx);
    col_lo[c] = lo >= 0 && lo < w ? (x + lo) * 3 : -1;
    col_hi[c] = hi >= 0 && hi < w ? (x + hi) * 3 : -1;
  }
  for (int r = 0; r < size; r++) {
    float         sy = (float)r * ratio;
    int           y_lo = (int)floorf (sy) - oy, y_hi = MIN ((int)ceilf (sy), side - 1) - oy;
    float         fy = sy - floorf (sy);
    const guint8 *row_lo = y_lo >= 0 && y_lo < h ? image->pixels + (gsize)(y + y_lo) * image->stride : NULL;
    const guint8 *row_hi = y_hi >= 0 && y_hi < h ? image->pixels + (gsize)(y + y_hi) * image->stride : NULL;
    float        *dst = out->data + (gsize)r * size * 3;

    for (int c = 0; c < size; c++, dst += 3) {
      const guint8 *ptl = row_lo && col_lo[c] >= 0 ? row_lo + col_lo[c] : NULL;
      const guint8 *ptr = row_lo && col_hi[c] >= 0 ? row_lo + col_hi[c] : NULL;
      const guint8 *pbl = row_hi && col_lo[c] >= 0 ? row_hi + col_lo[c] : NULL;
      const guint8 *pbr = row_hi && col_hi[c] >= 0 ? row_hi + col_hi[c] : NULL;
      float         fx = col_f[c];

      for (int ch = 0; ch < 3; ch++) {
        float tl = ptl ? ptl[ch] : 0.0f, tr = ptr ? ptr[ch] : 0.0f;
        float bl = pbl ? pbl[ch] : 0.0f, br = pbr ? pbr[ch] : 0.0f;
        float top = tl + (tr - tl) * fx;
        float bottom = bl + (br - bl) * fx;
        float v = top + (bottom - top) * fy;

        dst[ch] = (v - mean[ch]) / 255.0f;
      }
    }
  }
  return out;
}
