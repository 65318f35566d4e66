/* lt-qr-locate.c: QR finder patterns located cheaply in a grey frame, and
 * the code between three of them resampled upright for ZBar
 *
 * ZBar spends its time running its edge detector along every row and
 * column of the whole frame, and then binarises the whole frame when it
 * saw finder lines anywhere. Most of a frame is not the code. So the
 * finder patterns (dark-light-dark-light-dark runs of 1:1:3:1:1 along
 * any line through their centre, whatever the turn) are looked for here
 * first: each pixel is compared with a threshold from the mean of its
 * 8x8 block and the blocks around it (local contrast, so dim light and a
 * glare spot on the other side of the card do not matter), along every
 * row_step-th row, and each hit is checked along its column and its
 * diagonal. Three finders that make a right angle are a code: it is
 * resampled upright, a few pixels a module, with its quiet zone, and only
 * that small picture goes to ZBar, which then decodes a code that is
 * neither turned nor too small.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-qr-scanner"

#include "lt-qr-locate.h"

#include <math.h>
#include <string.h>

#define BLOCK_SHIFT 3
#define BLOCK (1 << BLOCK_SHIFT)
#define MIN_RANGE 14          /* a block flatter than this is no edge */
#define MAX_CANDIDATES 48

struct _LtQrLocator {
  guint8 *average;            /* per block */
  guint8 *threshold;          /* per block */
  gsize   n_blocks;
  guint   blocks_w;
  guint   blocks_h;
};

LtQrLocator *
lt_qr_locator_new (void)
{
  return g_new0 (LtQrLocator, 1);
}

void
lt_qr_locator_free (LtQrLocator *locator)
{
  if (locator == NULL)
    return;
  g_free (locator->average);
  g_free (locator->threshold);
  g_free (locator);
}

/* A block's average, or for a flat block something nearer its dark
 * neighbours' (a flat block inside a large dark module stays dark). */
static guint8
block_average (const LtQrPlane *p,
               guint            bx,
               guint            by,
               const guint8    *average,
               guint            blocks_w)
{
  guint x0 = bx * BLOCK, y0 = by * BLOCK;
  guint x1 = MIN (p->width, x0 + BLOCK), y1 = MIN (p->height, y0 + BLOCK);
  guint sum = 0, lo = 255, hi = 0, n = (x1 - x0) * (y1 - y0);
  guint value;

  for (guint y = y0; y < y1; y++) {
    const guint8 *row = p->data + (gsize) y * p->stride;

    for (guint x = x0; x < x1; x++) {
      sum += row[x];
      lo = MIN (lo, row[x]);
      hi = MAX (hi, row[x]);
    }
  }
  if (hi - lo > MIN_RANGE)
    return (guint8) (sum / n);
  value = lo / 2;
  if (bx > 0 && by > 0) {
    guint neighbours = (average[(by - 1) * blocks_w + bx] + 2 * average[by * blocks_w + bx - 1] +
                        average[(by - 1) * blocks_w + bx - 1]) / 4;
    if (lo < neighbours)
      value = neighbours;
  }
  return (guint8) value;
}

static void
thresholds (LtQrLocator     *self,
            const LtQrPlane *p)
{
  guint bw = (p->width + BLOCK - 1) / BLOCK, bh = (p->height + BLOCK - 1) / BLOCK;

  if (self->n_blocks < (gsize) bw * bh) {
    g_free (self->average);
    g_free (self->threshold);
    self->n_blocks = (gsize) bw * bh;
    self->average = g_malloc (self->n_blocks);
    self->threshold = g_malloc (self->n_blocks);
  }
  self->blocks_w = bw;
  self->blocks_h = bh;
  for (guint by = 0; by < bh; by++)
    for (guint bx = 0; bx < bw; bx++)
      self->average[by * bw + bx] = block_average (p, bx, by, self->average, bw);
  /* The mean of the 5x5 blocks around, clamped at the borders. */
  for (guint by = 0; by < bh; by++) {
    guint cy = MIN (MAX (by, 2u), bh > 2 ? bh - 3 : 0);
    for (guint bx = 0; bx < bw; bx++) {
      guint cx = MIN (MAX (bx, 2u), bw > 2 ? bw - 3 : 0);
      guint sum = 0, n = 0;

      for (int dy = -2; dy <= 2; dy++)
        for (int dx = -2; dx <= 2; dx++) {
          int yy = (int) cy + dy, xx = (int) cx + dx;

          if (yy >= 0 && xx >= 0 && yy < (int) bh && xx < (int) bw) {
            sum += self->average[yy * bw + xx];
            n++;
          }
        }
      self->threshold[by * bw + bx] = (guint8) (sum / n);
    }
  }
}

static inline gboolean
dark (const LtQrLocator *self,
      const LtQrPlane   *p,
      int                x,
      int                y)
{
  return p->data[(gsize) y * p->stride + x] <
         self->threshold[(y >> BLOCK_SHIFT) * self->blocks_w + (x >> BLOCK_SHIFT)];
}

/* 1:1:3:1:1, within a tolerance of a module's 0.7 (blur and tilt). */
static gboolean
finder_ratio (const double runs[5],
              double      *module)
{
  double total = runs[0] + runs[1] + runs[2] + runs[3] + runs[4];
  double m = total / 7, tolerance = m * 0.7;

  *module = m;
  return total >= 7 * 1.4 &&
         fabs (runs[0] - m) < tolerance && fabs (runs[1] - m) < tolerance &&
         fabs (runs[2] - 3 * m) < 3 * tolerance &&
         fabs (runs[3] - m) < tolerance && fabs (runs[4] - m) < tolerance;
}

/* Along (dx, dy) through (x, y), which is dark: the five runs, and where
 * the middle of the centre run lies (in steps from x, y). */
static gboolean
cross_check (const LtQrLocator *self,
             const LtQrPlane   *p,
             int                x,
             int                y,
             int                dx,
             int                dy,
             double             max_module,
             double            *offset,
             double            *module)
{
  double runs[5] = { 0 };
  int limit = (int) (max_module * 5) + 2;
  int back = 0, fwd = 0;

  /* Backwards: centre (dark), light, dark. */
  for (int i = 0, colour = 1, run = 2; run >= 0; i++) {
    int xx = x - dx * i, yy = y - dy * i;
    gboolean d;

    if (xx < 0 || yy < 0 || xx >= (int) p->width || yy >= (int) p->height || i > 3 * limit)
      return FALSE;
    d = dark (self, p, xx, yy);
    if (d != colour) {
      colour = !colour;
      run--;
      if (run < 0)
        break;
    }
    runs[run]++;
    if (runs[run] > limit)
      return FALSE;
    if (run == 2)
      back = i;
  }
  /* Forwards: centre again, light, dark. */
  for (int i = 1, colour = 1, run = 2; run <= 4; i++) {
    int xx = x + dx * i, yy = y + dy * i;
    gboolean d;

    if (xx < 0 || yy < 0 || xx >= (int) p->width || yy >= (int) p->height || i > 3 * limit)
      return FALSE;
    d = dark (self, p, xx, yy);
    if (d != colour) {
      colour = !colour;
      run++;
      if (run > 4)
        break;
    }
    runs[run]++;
    if (runs[run] > limit)
      return FALSE;
    if (run == 2)
      fwd = i;
  }
  *offset = (fwd - back) / 2.0;
  return finder_ratio (runs, module);
}

static guint
add_candidate (LtQrFinder *c,
               guint       n,
               double      x,
               double      y,
               double      module)
{
  for (guint i = 0; i < n; i++) {
    double r = module / c[i].module;

    if (fabs (c[i].x - x) < 2 * c[i].module && fabs (c[i].y - y) < 2 * c[i].module &&
        r > 0.6 && r < 1.67) {
      double w = c[i].hits;

      c[i].x = (c[i].x * w + x) / (w + 1);
      c[i].y = (c[i].y * w + y) / (w + 1);
      c[i].module = (c[i].module * w + module) / (w + 1);
      c[i].hits++;
      return n;
    }
  }
  if (n == MAX_CANDIDATES)
    return n;
  c[n] = (LtQrFinder) { x, y, module, 1 };
  return n + 1;
}

/* A row's 1:1:3:1:1 hit at centre cx, confirmed along the column, the row
 * again and a diagonal: the pattern's centre, or FALSE. */
static gboolean
confirm (const LtQrLocator *self,
         const LtQrPlane   *p,
         double             cx,
         int                y,
         double             row_module,
         LtQrFinder        *out)
{
  double off, mv, mh, md, x;
  int ix = (int) cx, iy;

  if (!dark (self, p, ix, y) ||
      !cross_check (self, p, ix, y, 0, 1, row_module * 1.6, &off, &mv))
    return FALSE;
  iy = (int) (y + off + 0.5);
  if (iy < 0 || iy >= (int) p->height || !dark (self, p, ix, iy) ||
      !cross_check (self, p, ix, iy, 1, 0, row_module * 1.6, &off, &mh))
    return FALSE;
  x = ix + off;
  ix = (int) (x + 0.5);
  if (ix < 0 || ix >= (int) p->width || !dark (self, p, ix, iy) ||
      !cross_check (self, p, ix, iy, 1, 1, row_module * 1.6, &off, &md))
    return FALSE;
  *out = (LtQrFinder) { x + 0.5, iy + 0.5, (mv + mh + md * G_SQRT2) / 3, 1 };
  return mv / mh < 1.8 && mh / mv < 1.8;
}

static guint
scan_row (const LtQrLocator *self,
          const LtQrPlane   *p,
          int                y,
          LtQrFinder        *c,
          guint              n)
{
  const guint8 *row = p->data + (gsize) y * p->stride;
  const guint8 *t = self->threshold + (y >> BLOCK_SHIFT) * self->blocks_w;
  double runs[5] = { 0 };
  guint n_runs = 0, len = 1;
  gboolean colour = row[0] < t[0];

  for (guint x = 1; x <= p->width; x++) {
    gboolean d = x < p->width ? row[x] < t[x >> BLOCK_SHIFT] : !colour;
    double module;
    LtQrFinder f;

    if (d == colour) {
      len++;
      continue;
    }
    memmove (runs, runs + 1, 4 * sizeof (double));
    runs[4] = len;
    n_runs++;
    /* A dark run just ended: is it the last of b-w-b-w-b? */
    if (colour && n_runs >= 5 && finder_ratio (runs, &module)) {
      double cx = x - runs[4] - runs[3] - runs[2] / 2;

      if (confirm (self, p, cx, y, module, &f))
        n = add_candidate (c, n, f.x, f.y, f.module);
    }
    colour = d;
    len = 1;
  }
  return n;
}

/* Finder patterns of at least 1.4 px a module, most-seen first. */
guint
lt_qr_locator_find (LtQrLocator     *locator,
                    const LtQrPlane *plane,
                    guint            row_step,
                    LtQrFinder      *finders,
                    guint            max_finders)
{
  LtQrFinder c[MAX_CANDIDATES];
  guint n = 0;

  g_return_val_if_fail (locator != NULL && plane != NULL, 0);
  if (plane->width < 21 || plane->height < 21)
    return 0;
  thresholds (locator, plane);
  for (guint y = row_step / 2; y < plane->height; y += MAX (1u, row_step))
    n = scan_row (locator, plane, (int) y, c, n);
  /* Most hits first (a stable insertion sort: n is small). */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && c[j].hits > c[j - 1].hits; j--) {
      LtQrFinder t = c[j];
      c[j] = c[j - 1];
      c[j - 1] = t;
    }
  n = MIN (n, max_finders);
  memcpy (finders, c, n * sizeof (LtQrFinder));
  return n;
}

/* How well a, b, c (a at the right angle) look like one code's finders:
 * lower is better, negative is not a code. */
static double
triple_score (const LtQrFinder *a,
              const LtQrFinder *b,
              const LtQrFinder *c)
{
  double abx = b->x - a->x, aby = b->y - a->y, acx = c->x - a->x, acy = c->y - a->y;
  double ab = hypot (abx, aby), ac = hypot (acx, acy);
  double m = (a->module + b->module + c->module) / 3;
  double lo = MIN (a->module, MIN (b->module, c->module));
  double hi = MAX (a->module, MAX (b->module, c->module));
  double cosine = (abx * acx + aby * acy) / (ab * ac);
  double modules = (ab + ac) / 2 / m;

  if (hi / lo > 1.7 || ab / ac > 1.6 || ac / ab > 1.6 || fabs (cosine) > 0.45 ||
      modules < 9 || modules > 64)
    return -1;
  return 1 + fabs (cosine) + fabs (log (ab / ac)) + (hi - lo) / m - 0.05 * MIN (a->hits + b->hits + c->hits, 12);
}

/* Finder triples that make a code, best first, no finder used twice. */
guint
lt_qr_locator_codes (const LtQrFinder *f,
                     guint             n,
                     LtQrCode         *codes,
                     guint             max_codes)
{
  guint found = 0;
  guint64 used = 0;

  n = MIN (n, 12u);
  while (found < max_codes) {
    double best = G_MAXDOUBLE;
    LtQrCode code = { { 0 } };

    for (guint i = 0; i < n; i++)
      for (guint j = 0; j < n; j++)
        for (guint k = j + 1; k < n; k++) {
          const LtQrFinder *a = &f[i], *b = &f[j], *c = &f[k];
          double s;

          if (i == j || i == k || (used & ((1u << i) | (1u << j) | (1u << k))))
            continue;
          s = triple_score (a, b, c);
          if (s < 0 || s >= best)
            continue;
          best = s;
          code.tl = *a;
          /* Clockwise on screen (y down): tl -> tr -> bl. */
          if ((b->x - a->x) * (c->y - a->y) - (b->y - a->y) * (c->x - a->x) > 0) {
            code.tr = *b;
            code.bl = *c;
          } else {
            code.tr = *c;
            code.bl = *b;
          }
        }
    if (best == G_MAXDOUBLE)
      break;
    for (guint i = 0; i < n; i++)
      if ((f[i].x == code.tl.x && f[i].y == code.tl.y) || (f[i].x == code.tr.x && f[i].y == code.tr.y) ||
          (f[i].x == code.bl.x && f[i].y == code.bl.y))
        used |= 1u << i;
    codes[found++] = code;
  }
  return found;
}

/* Each 2x2 block averaged; out holds (width / 2) * (height / 2) bytes. */
void
lt_qr_plane_halve (const LtQrPlane *p,
                   guint8          *out,
                   LtQrPlane       *half)
{
  guint w = p->width / 2, h = p->height / 2;

  for (guint y = 0; y < h; y++) {
    const guint8 *a = p->data + (gsize) (2 * y) * p->stride;
    const guint8 *b = a + p->stride;
    guint8 *o = out + (gsize) y * w;

    for (guint x = 0; x < w; x++)
      o[x] = (guint8) ((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) >> 2);
  }
  *half = (LtQrPlane) { out, w, h, w };
}

static inline double
bilinear (const LtQrPlane *p,
          double           x,
          double           y)
{
  int x0, y0;
  double fx, fy;
  const guint8 *a, *b;

  x = CLAMP (x, 0, p->width - 1.001);
  y = CLAMP (y, 0, p->height - 1.001);
  x0 = (int) x;
  y0 = (int) y;
  fx = x - x0;
  fy = y - y0;
  a = p->data + (gsize) y0 * p->stride + x0;
  b = a + p->stride;
  return (a[0] * (1 - fx) + a[1] * fx) * (1 - fy) + (b[0] * (1 - fx) + b[1] * fx) * fy;
}

/* The code upright, module_px pixels a module, with a margin of quiet
 * zone (more on the far sides, where a tilt the three finders cannot
 * show puts the fourth corner). Free with g_free(). */
guint8 *
lt_qr_code_upright (const LtQrCode  *code,
                    const LtQrPlane *plane,
                    double           module_px,
                    guint           *width,
                    guint           *height)
{
  double m = (code->tl.module + code->tr.module + code->bl.module) / 3;
  double kx = hypot (code->tr.x - code->tl.x, code->tr.y - code->tl.y) / m;
  double ky = hypot (code->bl.x - code->tl.x, code->bl.y - code->tl.y) / m;
  double near = 3.5 + 3, far = 3.5 + 3 + 0.15 * MAX (kx, ky);
  double ex_x, ex_y, ey_x, ey_y, u0, v0;
  guint w, h;
  guint8 *out;

  w = (guint) ((kx + near + far) * module_px);
  h = (guint) ((ky + near + far) * module_px);
  ex_x = (code->tr.x - code->tl.x) / (kx * module_px);
  ex_y = (code->tr.y - code->tl.y) / (kx * module_px);
  ey_x = (code->bl.x - code->tl.x) / (ky * module_px);
  ey_y = (code->bl.y - code->tl.y) / (ky * module_px);
  u0 = near * module_px;
  v0 = near * module_px;
  out = g_malloc ((gsize) w * h);
  for (guint v = 0; v < h; v++) {
    double vv = v + 0.5 - v0;

    for (guint u = 0; u < w; u++) {
      double uu = u + 0.5 - u0;
      double x = code->tl.x + uu * ex_x + vv * ey_x - 0.5;
      double y = code->tl.y + uu * ex_y + vv * ey_y - 0.5;

      out[(gsize) v * w + u] = (guint8) (bilinear (plane, x, y) + 0.5);
    }
  }
  *width = w;
  *height = h;
  return out;
}
