/* lt-qr-corpus.c: camera-like frames of passes, for the QR benchmark and
 * the scanner tests
 *
 * A scene is drawn as a camera in a lobby would see it: a cluttered
 * background, a pass on a white card or on a phone screen (whose pixel
 * grid the camera samples: moiré), turned and tilted, through a lens
 * (blur, motion), under some light (dim, a glare spot, veiling glare),
 * then per frame the sensor's noise and the camera's JPEG compression.
 * lt_qr_scene_random() draws the scenes of the benchmark corpus: every
 * code gets a random module size (3-7 px), turn (up to 35 degrees) and a
 * slight tilt; on top of that a random set of degradations, alone or
 * combined; one scene in eight holds no code (sometimes a card of random
 * modules, a decoy for false reads). Half the passes are full length (160
 * characters, a version 9 code), the others 40-160 characters; a code
 * that would not fit the frame whole is made smaller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-qr-corpus.h"
#include "lt-qr-image.h"

#include <math.h>
#include <string.h>

#define W      LT_QR_CORPUS_WIDTH
#define H      LT_QR_CORPUS_HEIGHT
#define CANVAS 8 /* canvas pixels a module, for the card */
#define QUIET  4 /* the card's margin, in modules */

void
lt_qr_scene_init (LtQrScene  *scene,
                  const char *text,
                  guint32     seed)
{
  memset (scene, 0, sizeof *scene);
  scene->text = g_strdup (text);
  scene->kind = g_strdup ("clean");
  scene->module_px = 5;
  scene->cx = -1;
  scene->cy = -1;
  scene->blur = 0.5;
  scene->light = 1;
  scene->noise = 2;
  scene->seed = seed;
}

void
lt_qr_scene_clear (LtQrScene *scene)
{
  g_clear_pointer (&scene->text, g_free);
  g_clear_pointer (&scene->kind, g_free);
}

/* Scenes of the corpus */

/* A pass-like text: "LT1:" and base32, length between 40 and 160. */
static char *
pass_text (GRand *rand,
           guint  length)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  GString          *text = g_string_new ("LT1:");

  while (text->len < length)
    g_string_append_c (text, alphabet[g_rand_int_range (rand, 0, 32)]);
  return g_string_free (text, FALSE);
}

static guint
code_modules (const char *text)
{
  guint              modules;
  g_autofree guint8 *probe = lt_qr_image_render (text, 1, 1, 1, &modules);

  return modules;
}

/* The code's extent in the frame, turned: it must fit with a margin. */
static gboolean
fits (const LtQrScene *scene)
{
  double side = (code_modules (scene->text) + 4) * scene->module_px;
  double a = scene->angle_deg * G_PI / 180;
  double extent = side * (fabs (cos (a)) + fabs (sin (a))) * (1 + scene->tilt / 2);

  return extent < H - 8;
}

enum {
  D_BLUR = 1 << 0,
  D_DIM = 1 << 1,
  D_GLARE = 1 << 2,
  D_JPEG = 1 << 3,
  D_MOIRE = 1 << 4,
  D_NOISE = 1 << 5,
  D_TILT = 1 << 6,
};

static const char *const degradation_names[] = { "blur", "dim", "glare", "jpeg", "moire", "noise", "tilt" };

/* Alone, then as a phone screen in a lobby combines them. */
static const guint degradation_sets[] = {
  0,
  D_BLUR,
  D_DIM,
  D_GLARE,
  D_JPEG,
  D_MOIRE,
  D_NOISE,
  D_TILT,
  D_BLUR | D_JPEG,
  D_DIM | D_NOISE,
  D_GLARE | D_JPEG,
  D_MOIRE | D_NOISE,
  D_TILT | D_BLUR,
  D_DIM | D_NOISE | D_JPEG,
  D_MOIRE | D_GLARE,
  D_TILT | D_JPEG | D_NOISE,
  D_BLUR | D_NOISE,
  D_MOIRE | D_JPEG | D_BLUR,
  D_DIM | D_GLARE,
  D_BLUR | D_DIM | D_NOISE | D_JPEG,
};

static void
apply_degradations (LtQrScene *scene,
                    guint      set,
                    GRand     *rand)
{
  GString *kind = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (degradation_names); i++)
    if (set & (1u << i))
      g_string_append_printf (kind, "%s%s", kind->len ? "+" : "", degradation_names[i]);
  g_free (scene->kind);
  scene->kind = g_string_free (kind->len ? kind : g_string_append (kind, "clean"), FALSE);

  scene->blur = g_rand_double_range (rand, 0.35, 0.75);
  scene->noise = g_rand_double_range (rand, 1.5, 4);
  scene->tilt = g_rand_double_range (rand, 0, 0.08);
  if (set & D_BLUR) {
    scene->blur = g_rand_double_range (rand, 0.9, 1.6);
    if (g_rand_int_range (rand, 0, 3) == 0)
      scene->motion = g_rand_double_range (rand, 2, 5);
  }
  if (set & D_DIM) {
    scene->light = g_rand_double_range (rand, 0.18, 0.4);
    scene->noise += g_rand_double_range (rand, 1, 4);
  }
  if (set & D_GLARE) {
    scene->glare = g_rand_double_range (rand, 100, 230);
    scene->veil = g_rand_double_range (rand, 0.05, 0.4);
  }
  if (set & D_JPEG)
    scene->jpeg_quality = g_rand_int_range (rand, 18, 60);
  if (set & D_MOIRE)
    scene->moire = g_rand_double_range (rand, 2.2, 6);
  if (set & D_NOISE)
    scene->noise = g_rand_double_range (rand, 9, 22);
  if (set & D_TILT)
    scene->tilt = g_rand_double_range (rand, 0.12, 0.3);
}

/* Scene index of the corpus drawn from corpus_seed: a code in seven scenes
 * of eight. */
void
lt_qr_scene_random (LtQrScene *scene,
                    guint32    corpus_seed,
                    guint      index)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (corpus_seed * 7919u + index * 104729u + 17);
  guint set = degradation_sets[g_rand_int_range (rand, 0, G_N_ELEMENTS (degradation_sets))];
  guint length = 160;

  lt_qr_scene_init (scene, NULL, g_rand_int (rand));
  if (index % 8 != 7) {
    /* Half of them a full-length pass (version 9), the others shorter. */
    length = g_rand_boolean (rand) ? 160 : (guint)g_rand_int_range (rand, 40, 161);
    scene->text = pass_text (rand, length);
  } else {
    scene->decoy = g_rand_boolean (rand);
    scene->module_px = g_rand_double_range (rand, 3, 7);
  }
  apply_degradations (scene, set, rand);
  if (scene->text == NULL)
    return;

  scene->module_px = g_rand_double_range (rand, 3, 7);
  scene->angle_deg = g_rand_double_range (rand, -35, 35);
  scene->tilt_side = g_rand_int_range (rand, 0, 4);
  /* Too big to be seen whole at that size and turn: a full-length pass
   * held further away (smaller modules, down to 3 px), a shorter one
   * shorter (a smaller code); else a smaller turn. */
  while (!fits (scene)) {
    if (length == 160 && scene->module_px > 3.05) {
      scene->module_px = MAX (3, scene->module_px * 0.95);
    } else if (length > 40 && length != 160) {
      length -= 20;
      g_free (scene->text);
      scene->text = pass_text (rand, length);
    } else {
      scene->angle_deg *= 0.9;
    }
  }
}

/* Drawing */

static void
fill_background (guint8 *f,
                 GRand  *rand)
{
  double gx = g_rand_double_range (rand, -0.15, 0.15);
  double gy = g_rand_double_range (rand, -0.15, 0.15);
  double base = g_rand_double_range (rand, 70, 170);

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      f[y * W + x] = (guint8)CLAMP (base + gx * x + gy * y, 0, 255);
  /* Clutter: edges and stripes a line scanner has to look at. */
  for (guint i = 0; i < 40; i++) {
    guint    x0 = g_rand_int_range (rand, 0, W), y0 = g_rand_int_range (rand, 0, H);
    guint    w = g_rand_int_range (rand, 4, 120), h = g_rand_int_range (rand, 4, 120);
    guint8   v = (guint8)g_rand_int_range (rand, 0, 256);
    guint    pitch = g_rand_int_range (rand, 2, 6);
    gboolean stripes = g_rand_boolean (rand);

    for (guint y = y0; y < MIN (H, y0 + h); y++)
      for (guint x = x0; x < MIN (W, x0 + w); x++)
        if (!stripes || (x / pitch) % 2 == 0)
          f[y * W + x] = v;
  }
}

/* 3x3 inverse of the map taking the unit square to the quad q: corners
 * top-left, top-right, bottom-right, bottom-left (Heckbert). */
static void
square_to_quad_inverse (const double q[8],
                        double       inv[9])
{
  double x0 = q[0], y0 = q[1], x1 = q[2], y1 = q[3], x2 = q[4], y2 = q[5], x3 = q[6], y3 = q[7];
  double sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
  double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
  double d = dx1 * dy2 - dx2 * dy1;
  double g = (sx * dy2 - dx2 * sy) / d, h = (dx1 * sy - sx * dy1) / d;
  double m[9] = {
    x1 - x0 + g * x1,
    x3 - x0 + h * x3,
    x0,
    y1 - y0 + g * y1,
    y3 - y0 + h * y3,
    y0,
    g,
    h,
    1,
  };
  double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

  inv[0] = (m[4] * m[8] - m[5] * m[7]) / det;
  inv[1] = (m[2] * m[7] - m[1] * m[8]) / det;
  inv[2] = (m[1] * m[5] - m[2] * m[4]) / det;
  inv[3] = (m[5] * m[6] - m[3] * m[8]) / det;
  inv[4] = (m[0] * m[8] - m[2] * m[6]) / det;
  inv[5] = (m[2] * m[3] - m[0] * m[5]) / det;
  inv[6] = (m[3] * m[7] - m[4] * m[6]) / det;
  inv[7] = (m[1] * m[6] - m[0] * m[7]) / det;
  inv[8] = (m[0] * m[4] - m[1] * m[3]) / det;
}

/* The card (code and quiet zone) as a canvas, CANVAS pixels a module; a
 * decoy is random modules with no finder patterns. */
static guint8 *
card_canvas (const LtQrScene *scene,
             GRand           *rand,
             guint           *side)
{
  guint   modules = scene->text ? code_modules (scene->text) : 45;
  guint8 *card;

  *side = (modules + 2 * QUIET) * CANVAS;
  if (scene->text != NULL)
    return lt_qr_image_render (scene->text, *side, *side, CANVAS, NULL);
  card = g_malloc ((gsize)*side * *side);
  memset (card, 255, (gsize)*side * *side);
  for (guint my = 0; my < modules; my++)
    for (guint mx = 0; mx < modules; mx++)
      if (g_rand_boolean (rand))
        for (guint y = 0; y < CANVAS; y++)
          memset (card + (gsize)((QUIET + my) * CANVAS + y) * *side + (QUIET + mx) * CANVAS, 0, CANVAS);
  return card;
}

static void
card_quad (const LtQrScene *scene,
           guint            side,
           GRand           *rand,
           double           q[8])
{
  double half = side / (double)CANVAS * scene->module_px / 2;
  double a = scene->angle_deg * G_PI / 180;
  double code_half = half - QUIET * scene->module_px;
  double reach = code_half * (fabs (cos (a)) + fabs (sin (a))) * (1 + scene->tilt / 2) + 3;
  double cx = scene->cx, cy = scene->cy;
  double c[8] = { -half, -half, half, -half, half, half, -half, half };
  guint  far = scene->tilt_side;

  if (cx < 0)
    cx = reach < W / 2.0 ? g_rand_double_range (rand, reach, W - reach) : W / 2.0;
  if (cy < 0)
    cy = reach < H / 2.0 ? g_rand_double_range (rand, reach, H - reach) : H / 2.0;
  /* The far edge (corners far and far + 1) is shorter. */
  for (guint k = 0; k < 2; k++) {
    guint i = (far + k) % 4, j = (far + 1 - k) % 4;

    c[2 * i] += (c[2 * j] - c[2 * i]) * scene->tilt / 2;
    c[2 * i + 1] += (c[2 * j + 1] - c[2 * i + 1]) * scene->tilt / 2;
  }
  for (guint i = 0; i < 4; i++) {
    q[2 * i] = cx + c[2 * i] * cos (a) - c[2 * i + 1] * sin (a);
    q[2 * i + 1] = cy + c[2 * i] * sin (a) + c[2 * i + 1] * cos (a);
  }
}

/* Supersampled, so that edges and a screen's pixel grid blend as a lens
 * blends them. */
static void
draw_card (guint8          *f,
           const LtQrScene *scene,
           GRand           *rand)
{
  guint              side;
  g_autofree guint8 *card = card_canvas (scene, rand, &side);
  int                n = scene->moire > 0 ? 3 : 2;
  double             q[8], inv[9];
  double             minx = W, maxx = 0, miny = H, maxy = 0;
  double             pitch = scene->moire > 0 ? CANVAS / scene->moire : 0; /* canvas px a screen px */
  double             gap = g_rand_double_range (rand, 0.2, 0.4);

  card_quad (scene, side, rand, q);
  square_to_quad_inverse (q, inv);
  for (guint i = 0; i < 4; i++) {
    minx = MIN (minx, q[2 * i]);
    maxx = MAX (maxx, q[2 * i]);
    miny = MIN (miny, q[2 * i + 1]);
    maxy = MAX (maxy, q[2 * i + 1]);
  }
  for (int y = MAX (0, (int)miny); y < MIN (H, (int)maxy + 1); y++) {
    for (int x = MAX (0, (int)minx); x < MIN (W, (int)maxx + 1); x++) {
      double acc = 0;
      int    inside = 0;

      for (int sy = 0; sy < n; sy++) {
        for (int sx = 0; sx < n; sx++) {
          double px = x + (sx + 0.5) / n, py = y + (sy + 0.5) / n;
          double w = inv[6] * px + inv[7] * py + inv[8];
          double u = (inv[0] * px + inv[1] * py + inv[2]) / w;
          double v = (inv[3] * px + inv[4] * py + inv[5]) / w;
          double value;

          if (u < 0 || u >= 1 || v < 0 || v >= 1)
            continue;
          value = card[(guint)(v * side) * side + (guint)(u * side)];
          value = 22 + value * 0.82; /* paper is not white, ink not black */
          if (pitch > 0) {
            /* An emissive screen: dark gaps between its pixels. */
            double gu = fmod (u * side, pitch) / pitch, gv = fmod (v * side, pitch) / pitch;

            if (gu > 1 - gap || gv > 1 - gap)
              value *= 0.45;
          }
          acc += value;
          inside++;
        }
      }
      if (inside > 0)
        f[y * W + x] = (guint8)((acc + f[y * W + x] * (n * n - inside)) / (n * n));
    }
  }
}

static void
gaussian_blur (guint8 *f,
               double  sigma,
               double  motion)
{
  g_autofree float *t = g_new (float, W *H);
  float             kx[32], ky[32];
  int               rx, ry;

  ry = MIN (15, (int)ceil (sigma * 3));
  for (int i = -ry; i <= ry; i++)
    ky[i + ry] = (float)exp (-i * i / (2 * sigma * sigma));
  /* Motion along x: a box as long as the motion, under the same lens. */
  rx = MIN (15, (int)ceil (sigma * 3 + motion / 2));
  for (int i = -rx; i <= rx; i++) {
    double d = MAX (0, ABS (i) - motion / 2);
    kx[i + rx] = (float)exp (-d * d / (2 * sigma * sigma));
  }
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      float s = 0, n = 0;
      for (int d = -rx; d <= rx; d++)
        if (x + d >= 0 && x + d < W) {
          s += kx[d + rx] * f[y * W + x + d];
          n += kx[d + rx];
        }
      t[y * W + x] = s / n;
    }
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      float s = 0, n = 0;
      for (int d = -ry; d <= ry; d++)
        if (y + d >= 0 && y + d < H) {
          s += ky[d + ry] * t[(y + d) * W + x];
          n += ky[d + ry];
        }
      f[y * W + x] = (guint8)CLAMP (s / n + 0.5f, 0, 255);
    }
}

static void
light (guint8          *f,
       const LtQrScene *scene,
       GRand           *rand)
{
  double gx = g_rand_double_range (rand, W * 0.2, W * 0.8);
  double gy = g_rand_double_range (rand, H * 0.2, H * 0.8);
  double r = g_rand_double_range (rand, 25, 70);

  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      double v = f[y * W + x] * scene->light;
      double d2 = (x - gx) * (x - gx) + (y - gy) * (y - gy);

      v = v * (1 - scene->veil) + 235 * scene->veil;
      if (scene->glare > 0)
        v += scene->glare * exp (-d2 / (2 * r * r));
      f[y * W + x] = (guint8)CLAMP (v, 0, 255);
    }
}

/* The scene as the lens forms it, before the sensor: free with g_free(). */
guint8 *
lt_qr_scene_render (const LtQrScene *scene)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (scene->seed);
  guint8 *f = g_malloc (W * H);

  fill_background (f, rand);
  if (scene->text != NULL || scene->decoy)
    draw_card (f, scene, rand);
  gaussian_blur (f, MAX (0.3, scene->blur), scene->motion);
  light (f, scene, rand);
  return f;
}

/* Frame number frame of the scene: its own sensor noise, then JPEG. */
guint8 *
lt_qr_scene_frame (const LtQrScene *scene,
                   const guint8    *rendered,
                   guint            frame)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (scene->seed ^ (0x9e3779b9u * (frame + 1)));
  guint8 *f = g_malloc (W * H);

  for (guint i = 0; i < W * H; i += 2) {
    double u1 = g_rand_double_range (rand, 1e-12, 1), u2 = g_rand_double (rand);
    double r = sqrt (-2 * log (u1)) * scene->noise;

    f[i] = (guint8)CLAMP (rendered[i] + r * cos (2 * G_PI * u2) + 0.5, 0, 255);
    f[i + 1] = (guint8)CLAMP (rendered[i + 1] + r * sin (2 * G_PI * u2) + 0.5, 0, 255);
  }
  if (scene->jpeg_quality > 0)
    lt_qr_image_jpeg_degrade (f, W, H, scene->jpeg_quality);
  return f;
}
