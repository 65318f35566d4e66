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

#define MIN_RANGE      14 /* a block flatter than this is no edge */
#define MAX_CANDIDATES 48

/* Block means and thresholds over a frame. */
typedef struct {
  guint8 *average;
  guint8 *threshold;
  gsize   size;
  guint   w;
  guint   h;
} Grid;

struct _LtQrLocator {
  Grid        fine;   /* 4x4 blocks of the half frame: 8x8 of the full */
  Grid        coarse; /* 8x8 blocks of the half frame */
  const Grid *grid;   /* the one scanned with */
  int         width;  /* of the plane scanned, within the blocks */
  int         height;
  guint8     *bits; /* a row, dark or not, and 8 bytes more */
  gsize       bits_size;
};

LtQrLocator *
lt_qr_locator_new (void)
{
  return g_new0 (LtQrLocator, 1);
}

static void
grid_clear (Grid *g)
{
  g_clear_pointer (&g->average, g_free);
  g_clear_pointer (&g->threshold, g_free);
}

void
lt_qr_locator_free (LtQrLocator *locator)
{
  if (locator == NULL)
    return;
  grid_clear (&locator->fine);
  grid_clear (&locator->coarse);
  g_free (locator->bits);
  g_free (locator);
}

static void
grid_size (Grid *g,
           guint w,
           guint h)
{
  if (g->size < (gsize)w * h) {
    grid_clear (g);
    g->size = (gsize)w * h;
    g->average = g_malloc (g->size);
    g->threshold = g_malloc (g->size);
  }
  g->w = w;
  g->h = h;
}

/* Each block's threshold: the mean of the 5x5 blocks around it (moved
 * inwards at the borders), as a sum along rows and then columns. */
static void
grid_thresholds (Grid *g)
{
  guint             bw = g->w, bh = g->h;
  g_autofree guint *rows = g_new (guint, (gsize)bw * bh);

  if (bw < 5 || bh < 5) {
    guint sum = 0;

    for (guint i = 0; i < bw * bh; i++)
      sum += g->average[i];
    memset (g->threshold, (int)(sum / MAX (1u, bw * bh)), (gsize)bw * bh);
    return;
  }
  for (guint by = 0; by < bh; by++) {
    const guint8 *a = g->average + (gsize)by * bw;
    guint        *r = rows + (gsize)by * bw;

    for (guint bx = 0; bx < bw; bx++) {
      guint cx = CLAMP (bx, 2u, bw - 3);

      r[bx] = a[cx - 2] + a[cx - 1] + a[cx] + a[cx + 1] + a[cx + 2];
    }
  }
  for (guint by = 0; by < bh; by++) {
    guint        cy = CLAMP (by, 2u, bh - 3);
    const guint *r = rows + (gsize)(cy - 2) * bw;
    guint8      *t = g->threshold + (gsize)by * bw;

    for (guint bx = 0; bx < bw; bx++)
      t[bx] = (guint8)((r[bx] + r[bx + bw] + r[bx + 2 * bw] + r[bx + 3 * bw] + r[bx + 4 * bw]) / 25);
  }
}

typedef struct {
  guint  sum;
  guint  n;
  guint8 lo;
  guint8 hi;
} Stats;

static Stats
block_stats (const LtQrPlane *p,
             guint            x0,
             guint            y0,
             guint            block)
{
  guint x1 = MIN (p->width, x0 + block), y1 = MIN (p->height, y0 + block);
  Stats st = { 0, (x1 - x0) * (y1 - y0), 255, 0 };

  for (guint y = y0; y < y1; y++) {
    const guint8 *row = p->data + (gsize)y * p->stride;

    for (guint x = x0; x < x1; x++) {
      st.sum += row[x];
      st.lo = MIN (st.lo, row[x]);
      st.hi = MAX (st.hi, row[x]);
    }
  }
  return st;
}

/* A block's average, or for a flat block something nearer its dark
 * neighbours' (a flat block inside a large dark module stays dark). */
static guint8
block_average (const Stats *st,
               const Grid  *g,
               guint        bx,
               guint        by)
{
  guint value;

  if (st->hi - st->lo > MIN_RANGE)
    return (guint8)(st->sum / MAX (1u, st->n));
  value = st->lo / 2;
  if (bx > 0 && by > 0) {
    guint neighbours = (g->average[(by - 1) * g->w + bx] + 2 * g->average[by * g->w + bx - 1] + g->average[(by - 1) * g->w + bx - 1]) / 4;
    if (st->lo < neighbours)
      value = neighbours;
  }
  return (guint8)value;
}

/* The thresholds, from the half-size frame: a fine grid (blocks of 8x8
 * full-size pixels, for small modules in the full frame) and a coarse one
 * (16x16, for the half frame, where noise matters more than detail). */
void
lt_qr_locator_prepare (LtQrLocator     *self,
                       const LtQrPlane *half)
{
  guint             fw = (half->width + 3) / 4, fh = (half->height + 3) / 4;
  guint             cw = (fw + 1) / 2, ch = (fh + 1) / 2;
  Grid             *f = &self->fine, *c = &self->coarse;
  g_autofree Stats *row = g_new0 (Stats, cw);

  grid_size (f, fw, fh);
  grid_size (c, cw, ch);
  for (guint by = 0; by < fh; by++) {
    if (by % 2 == 0)
      memset (row, 0, cw * sizeof (Stats));
    for (guint bx = 0; bx < fw; bx++) {
      Stats  st = block_stats (half, bx * 4, by * 4, 4);
      Stats *cs = &row[bx / 2];

      f->average[by * fw + bx] = block_average (&st, f, bx, by);
      if (cs->n == 0)
        cs->lo = 255;
      cs->sum += st.sum;
      cs->n += st.n;
      cs->lo = MIN (cs->lo, st.lo);
      cs->hi = MAX (cs->hi, st.hi);
    }
    if (by % 2 == 1 || by + 1 == fh)
      for (guint bx = 0; bx < cw; bx++)
        c->average[(by / 2) * cw + bx] = block_average (&row[bx], c, bx, by / 2);
  }
  grid_thresholds (f);
  grid_thresholds (c);
}

static inline gboolean
dark (const LtQrLocator *self,
      const LtQrPlane   *p,
      int                x,
      int                y)
{
  return p->data[(gsize)y * p->stride + x] < self->grid->threshold[(y >> 3) * self->grid->w + (x >> 3)];
}

/* 1:1:3:1:1, within a tolerance of a module's 0.7 (blur and tilt). */
static gboolean
finder_ratio (const double runs[5],
              double      *module)
{
  double total = runs[0] + runs[1] + runs[2] + runs[3] + runs[4];
  double m = total / 7, tolerance = m * 0.7;

  *module = m;
  return total >= 7 * 1.4 && fabs (runs[0] - m) < tolerance && fabs (runs[1] - m) < tolerance && fabs (runs[2] - 3 * m) < 3 * tolerance && fabs (runs[3] - m) < tolerance && fabs (runs[4] - m) < tolerance;
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
  int    limit = (int)(max_module * 5) + 2;
  int    back = 0, fwd = 0;

  /* Backwards: centre (dark), light, dark. */
  for (int i = 0, colour = 1, run = 2; run >= 0; i++) {
    int      xx = x - dx * i, yy = y - dy * i;
    gboolean d;

    if (xx < 0 || yy < 0 || xx >= self->width || yy >= self->height || i > 3 * limit)
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
    int      xx = x + dx * i, yy = y + dy * i;
    gboolean d;

    if (xx < 0 || yy < 0 || xx >= self->width || yy >= self->height || i > 3 * limit)
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

    if (fabs (c[i].x - x) < 2 * c[i].module && fabs (c[i].y - y) < 2 * c[i].module && r > 0.6 && r < 1.67) {
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
  c[n] = (LtQrFinder){ x, y, module, 1 };
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
  int    ix = (int)cx, iy;

  if (!dark (self, p, ix, y) || !cross_check (self, p, ix, y, 0, 1, row_module * 1.6, &off, &mv))
    return FALSE;
  iy = (int)(y + off + 0.5);
  if (iy < 0 || iy >= self->height || !dark (self, p, ix, iy) || !cross_check (self, p, ix, iy, 1, 0, row_module * 1.6, &off, &mh))
    return FALSE;
  x = ix + off;
  ix = (int)(x + 0.5);
  if (ix < 0 || ix >= self->width || !dark (self, p, ix, iy) || !cross_check (self, p, ix, iy, 1, 1, row_module * 1.6, &off, &md))
    return FALSE;
  *out = (LtQrFinder){ x + 0.5, iy + 0.5, (mv + mh + md * G_SQRT2) / 3, 1 };
  return mv / mh < 1.8 && mh / mv < 1.8;
}

/* A run ended at x (exclusive): is it the last of dark-light-dark-light-
 * dark in 1:1:3:1:1? */
static guint
end_run (const LtQrLocator *self,
         const LtQrPlane   *p,
         int                runs[5],
         guint              n_runs,
         gboolean           dark_run,
         int                x,
         int                y,
         LtQrFinder        *c,
         guint              n)
{
  /* A cheap test first: the centre is the longest run and no less than a
   * third of the five. */
  if (dark_run && n_runs >= 5 && runs[2] >= runs[1] && runs[2] >= runs[3] && runs[2] * 4 >= runs[0] + runs[1] + runs[3] + runs[4]) {
    double     r[5] = { runs[0], runs[1], runs[2], runs[3], runs[4] };
    double     module;
    LtQrFinder f;

    if (finder_ratio (r, &module) && confirm (self, p, x - runs[4] - runs[3] - runs[2] / 2.0, y, module, &f))
      n = add_candidate (c, n, f.x, f.y, f.module);
  }
  return n;
}

static guint
scan_row (LtQrLocator     *self,
          const LtQrPlane *p,
          int              y,
          LtQrFinder      *c,
          guint            n)
{
  const guint8 *row = p->data + (gsize)y * p->stride;
  const guint8 *t = self->grid->threshold + (y >> 3) * self->grid->w;
  guint8       *bits = self->bits;
  int           w = self->width, runs[5] = { 0 }, start = 0, x = 1;
  guint         n_runs = 0;

  /* The row as 0 (light) and 1 (dark) bytes, a block at a time; past its
   * end, the opposite of its last pixel, so that its last run ends. */
  for (int bx = 0; bx * 8 < w; bx++) {
    guint8 thr = t[bx];
    int    x0 = bx * 8, x1 = MIN (w, x0 + 8);

    for (int i = x0; i < x1; i++)
      bits[i] = row[i] < thr;
  }
  memset (bits + w, !bits[w - 1], 8);

  while (x < w + 1) {
    guint64 same = bits[start] ? G_GUINT64_CONSTANT (0x0101010101010101) : 0;

    /* Eight bytes at a time to where the colour changes. */
    for (;;) {
      guint64 word, diff;

      memcpy (&word, bits + x, 8);
      diff = word ^ same;
      if (diff != 0) {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
        x += __builtin_ctzll (diff) / 8;
#else
        x += __builtin_clzll (diff) / 8;
#endif
        break;
      }
      x += 8;
    }
    memmove (runs, runs + 1, 4 * sizeof (int));
    runs[4] = x - start;
    n_runs++;
    n = end_run (self, p, runs, n_runs, bits[start], x, y, c, n);
    start = x;
    x++;
  }
  return n;
}

/* Finder patterns of at least 1.4 px a module, most-seen first, along
 * every row_step-th row of plane: the full-size frame (full) or the half
 * one, with the thresholds prepared from the half one. */
guint
lt_qr_locator_find (LtQrLocator     *locator,
                    const LtQrPlane *plane,
                    gboolean         full,
                    guint            row_step,
                    LtQrFinder      *finders,
                    guint            max_finders)
{
  LtQrFinder c[MAX_CANDIDATES];
  guint      n = 0;

  g_return_val_if_fail (locator != NULL && plane != NULL, 0);
  /* Blocks of 8x8 pixels of the plane scanned, either way. */
  locator->grid = full ? &locator->fine : &locator->coarse;
  locator->width = (int)MIN (plane->width, locator->grid->w << 3);
  locator->height = (int)MIN (plane->height, locator->grid->h << 3);
  if (locator->width < 21 || locator->height < 21)
    return 0;
  if (locator->bits_size < (gsize)locator->width + 16) {
    g_free (locator->bits);
    locator->bits_size = (gsize)locator->width + 16;
    locator->bits = g_malloc (locator->bits_size);
  }
  for (int y = (int)row_step / 2; y < locator->height; y += (int)MAX (1u, row_step))
    n = scan_row (locator, plane, y, c, n);
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

  if (hi / lo > 1.55 || ab / ac > 1.6 || ac / ab > 1.6 || fabs (cosine) > 0.45 || modules < 9 || modules > 64)
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
  guint   found = 0;
  guint64 used = 0;

  n = MIN (n, 12u);
  while (found < max_codes) {
    double   best = G_MAXDOUBLE;
    LtQrCode code = { { 0 } };

    for (guint i = 0; i < n; i++)
      for (guint j = 0; j < n; j++)
        for (guint k = j + 1; k < n; k++) {
          const LtQrFinder *a = &f[i], *b = &f[j], *c = &f[k];
          double            s;

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
      if ((f[i].x == code.tl.x && f[i].y == code.tl.y) || (f[i].x == code.tr.x && f[i].y == code.tr.y) || (f[i].x == code.bl.x && f[i].y == code.bl.y))
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
    const guint8 *a = p->data + (gsize)(2 * y) * p->stride;
    const guint8 *b = a + p->stride;
    guint8       *o = out + (gsize)y * w;

    for (guint x = 0; x < w; x++)
      o[x] = (guint8)((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) >> 2);
  }
  *half = (LtQrPlane){ out, w, h, w };
}

static inline guint8
bilinear (const LtQrPlane *p,
          float            x,
          float            y)
{
  int           x0, y0;
  float         fx, fy;
  const guint8 *a, *b;

  /* Written so that a NaN lands on the border too. */
  if (!(x > 0.f))
    x = 0.f;
  if (!(y > 0.f))
    y = 0.f;
  x = MIN (x, p->width - 1.001f);
  y = MIN (y, p->height - 1.001f);
  x0 = (int)x;
  y0 = (int)y;
  fx = x - x0;
  fy = y - y0;
  a = p->data + (gsize)y0 * p->stride + x0;
  b = a + p->stride;
  return (guint8)((a[0] + (a[1] - a[0]) * fx) * (1 - fy) + (b[0] + (b[1] - b[0]) * fx) * fy + 0.5f);
}

/* The code upright, module_px pixels a module, with a margin of quiet
 * zone (more on the far sides, far_share of the code's width, for what
 * the finders cannot tell). The three finders give an affine map; their
 * sizes tell a tilt (the far ones look smaller), which makes it a
 * perspective one, so that the fourth corner is where it should be.
 * Free with g_free(). */
guint8 *
lt_qr_code_upright (const LtQrCode  *code,
                    const LtQrPlane *plane,
                    double           module_px,
                    double           far_share,
                    guint           *width,
                    guint           *height)
{
  double m = (code->tl.module + code->tr.module + code->bl.module) / 3;
  double kx = hypot (code->tr.x - code->tl.x, code->tr.y - code->tl.y) / m;
  double ky = hypot (code->bl.x - code->tl.x, code->bl.y - code->tl.y) / m;
  /* Half the finder, two modules of quiet zone; ZBar needs no more. */
  double near = 3.5 + 2, far = 3.5 + 2 + far_share * MAX (kx, ky);
  /* w(U, V) = 1 + a U + b V, U and V 0 at the top-left finder and 1 at
   * the top-right and bottom-left ones: a size is proportional to 1 / w.
   * The bounds keep w above 0 over the whole picture. */
  double  a = CLAMP (code->tl.module / code->tr.module - 1, -0.25, 0.6);
  double  b = CLAMP (code->tl.module / code->bl.module - 1, -0.25, 0.6);
  double  ux, uy, vx, vy, du, dv;
  guint   w, h;
  guint8 *out;

  w = (guint)((kx + near + far) * module_px);
  h = (guint)((ky + near + far) * module_px);
  /* X(U, V) = tl + (tr (1 + a) - tl) U + (bl (1 + b) - tl) V; p = X / w. */
  ux = code->tr.x * (1 + a) - code->tl.x;
  uy = code->tr.y * (1 + a) - code->tl.y;
  vx = code->bl.x * (1 + b) - code->tl.x;
  vy = code->bl.y * (1 + b) - code->tl.y;
  du = 1 / (kx * module_px);
  dv = 1 / (ky * module_px);
  out = g_malloc ((gsize)w * h);
  for (guint v = 0; v < h; v++) {
    double  V = (v + 0.5 - near * module_px) * dv, U = (0.5 - near * module_px) * du;
    double  X = code->tl.x + ux * U + vx * V, Y = code->tl.y + uy * U + vy * V;
    double  W = 1 + a * U + b * V;
    guint8 *o = out + (gsize)v * w;

    for (guint u = 0; u < w; u++, X += ux * du, Y += uy * du, W += a * du)
      o[u] = bilinear (plane, (float)(X / W - 0.5), (float)(Y / W - 0.5));
  }
  *width = w;
  *height = h;
  return out;
}

/* In place: each pixel pushed away from the mean of the 3x3 around it
 * (an unsharp mask), which gives back some of what blur took from small
 * modules. */
void
lt_qr_sharpen (guint8 *data,
               guint   width,
               guint   height)
{
  g_autofree guint8 *copy = NULL;

  if (width < 3 || height < 3)
    return;
  copy = g_memdup2 (data, (gsize)width * height);
  for (guint y = 1; y + 1 < height; y++) {
    const guint8 *a = copy + (gsize)(y - 1) * width, *b = a + width, *c = b + width;
    guint8       *o = data + (gsize)y * width;

    for (guint x = 1; x + 1 < width; x++) {
      int sum = a[x - 1] + a[x] + a[x + 1] + b[x - 1] + b[x] + b[x + 1] + c[x - 1] + c[x] + c[x + 1];
      int v = 2 * b[x] - sum / 9;

      o[x] = (guint8)CLAMP (v, 0, 255);
    }
  }
}
