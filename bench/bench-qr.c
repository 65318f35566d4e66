/* bench-qr.c: how fast, and how well, ZBar finds a Lintel pass in a frame
 *
 * 640x480 grey frames, as the camera's scan branch delivers them: a
 * Lintel-like pass (160 uppercase alphanumerics, error correction M, a
 * version 9 code) shown at 4-6 px a module somewhere near the middle of a
 * cluttered scene, the same scenes without a code, and degraded frames
 * (blur, noise, perspective, low contrast, a phone screen's moiré, a code
 * held far away at 3-3.5 px a module). Each
 * set of ZBar settings is timed on every frame; the first row is ZBar's
 * defaults over the whole frame, the row marked "lintel" is what LtCamera
 * uses (lt_qr_scan_settings_init). Target: Lintel's time per frame at
 * most a third of the default's, with the same decode rate.
 *
 * Last, the real pipeline with the file source: from lt_camera_start()
 * and from "running" to the "code" signal on the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-camera.h"
#include "lt-qr-image.h"
#include "lt-qr-scanner.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define W 640
#define H 480
#define N_FRAMES 24
#define N_REPEATS 3
#define N_PIPELINE_RUNS 5

typedef struct {
  guint8 *pixels;
  char   *text;     /* NULL: no code in the frame */
} Frame;

/* Scenes */

static void
fill_background (guint8 *f,
                 GRand  *rand)
{
  double gx = g_rand_double_range (rand, -0.15, 0.15);
  double gy = g_rand_double_range (rand, -0.15, 0.15);
  double base = g_rand_double_range (rand, 80, 170);

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      f[y * W + x] = (guint8) CLAMP (base + gx * x + gy * y, 0, 255);
  /* Clutter: edges and stripes a line scanner has to look at. */
  for (guint i = 0; i < 40; i++) {
    guint x0 = g_rand_int_range (rand, 0, W), y0 = g_rand_int_range (rand, 0, H);
    guint w = g_rand_int_range (rand, 4, 120), h = g_rand_int_range (rand, 4, 120);
    guint8 v = (guint8) g_rand_int_range (rand, 0, 256);
    gboolean stripes = g_rand_boolean (rand);

    for (guint y = y0; y < MIN (H, y0 + h); y++)
      for (guint x = x0; x < MIN (W, x0 + w); x++)
        if (!stripes || (x / 3) % 2 == 0)
          f[y * W + x] = v;
  }
}

/* 3x3 inverse of the map taking the unit square to the quad q (Heckbert). */
static void
square_to_quad_inverse (const double q[8],
                        double       inv[9])
{
  double x0 = q[0], y0 = q[1], x1 = q[2], y1 = q[3], x2 = q[4], y2 = q[5], x3 = q[6], y3 = q[7];
  double sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
  double m[9];
  double det;

  if (fabs (sx) < 1e-9 && fabs (sy) < 1e-9) {
    m[0] = x1 - x0; m[1] = x2 - x1; m[2] = x0;
    m[3] = y1 - y0; m[4] = y2 - y1; m[5] = y0;
    m[6] = 0; m[7] = 0; m[8] = 1;
  } else {
    double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
    double d = dx1 * dy2 - dx2 * dy1;
    double g = (sx * dy2 - dx2 * sy) / d, h = (dx1 * sy - sx * dy1) / d;

    m[0] = x1 - x0 + g * x1; m[1] = x3 - x0 + h * x3; m[2] = x0;
    m[3] = y1 - y0 + g * y1; m[4] = y3 - y0 + h * y3; m[5] = y0;
    m[6] = g; m[7] = h; m[8] = 1;
  }
  /* u along 0→1 edge, v along 0→3 edge */
  if (fabs (sx) < 1e-9 && fabs (sy) < 1e-9) {
    m[1] = x3 - x0;
    m[4] = y3 - y0;
  }
  det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
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

/* The code, on a white card (its quiet zone), drawn into the quad q:
 * corners top-left, top-right, bottom-right, bottom-left. screen_pitch > 0
 * draws it as a phone screen whose pixel grid the camera samples. */
static void
draw_code (guint8       *f,
           const char   *text,
           const double  q[8],
           double        screen_pitch)
{
  guint modules;
  const guint S = 8;   /* canvas px a module */
  g_autofree guint8 *probe = lt_qr_image_render (text, 8, 8, 1, &modules);
  guint side = (modules + 8) * S;
  g_autofree guint8 *card = lt_qr_image_render (text, side, side, S, NULL);
  double inv[9];
  double minx = W, maxx = 0, miny = H, maxy = 0;

  square_to_quad_inverse (q, inv);
  for (guint i = 0; i < 4; i++) {
    minx = MIN (minx, q[2 * i]); maxx = MAX (maxx, q[2 * i]);
    miny = MIN (miny, q[2 * i + 1]); maxy = MAX (maxy, q[2 * i + 1]);
  }
  for (int y = MAX (0, (int) miny); y < MIN (H, (int) maxy + 1); y++) {
    for (int x = MAX (0, (int) minx); x < MIN (W, (int) maxx + 1); x++) {
      double acc = 0;
      /* 2x2 supersampling: edges and screen grids blend as a lens blends them. */
      for (int sy = 0; sy < 2; sy++) {
        for (int sx = 0; sx < 2; sx++) {
          double px = x + 0.25 + 0.5 * sx, py = y + 0.25 + 0.5 * sy;
          double w = inv[6] * px + inv[7] * py + inv[8];
          double u = (inv[0] * px + inv[1] * py + inv[2]) / w;
          double v = (inv[3] * px + inv[4] * py + inv[5]) / w;
          double value;

          if (u < 0 || u >= 1 || v < 0 || v >= 1) {
            acc = -1;
            break;
          }
          value = card[(guint) (v * side) * side + (guint) (u * side)];
          if (screen_pitch > 0) {
            /* Dark gaps between the screen's pixels. */
            double gu = fmod (px * 0.998 + py * 0.05, screen_pitch) / screen_pitch;
            double gv = fmod (py * 0.998 - px * 0.05, screen_pitch) / screen_pitch;

            if (gu > 0.7 || gv > 0.7)
              value *= 0.55;
            value = 20 + value * 0.8;
          }
          acc += value;
        }
        if (acc < 0)
          break;
      }
      if (acc >= 0)
        f[y * W + x] = (guint8) (acc / 4);
    }
  }
}

static void
box_blur (guint8 *f,
          guint   r)
{
  g_autofree guint8 *t = g_malloc (W * H);

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++) {
      guint s = 0, n = 0;
      for (int d = -(int) r; d <= (int) r; d++)
        if ((int) x + d >= 0 && (int) x + d < W) { s += f[y * W + x + d]; n++; }
      t[y * W + x] = (guint8) (s / n);
    }
  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++) {
      guint s = 0, n = 0;
      for (int d = -(int) r; d <= (int) r; d++)
        if ((int) y + d >= 0 && (int) y + d < H) { s += t[(y + d) * W + x]; n++; }
      f[y * W + x] = (guint8) (s / n);
    }
}

static void
add_noise (guint8 *f,
           double  sigma,
           GRand  *rand)
{
  for (guint i = 0; i < W * H; i++) {
    double u1 = g_rand_double_range (rand, 1e-9, 1), u2 = g_rand_double (rand);
    double n = sqrt (-2 * log (u1)) * cos (2 * G_PI * u2) * sigma;

    f[i] = (guint8) CLAMP (f[i] + n, 0, 255);
  }
}

static void
low_contrast (guint8 *f)
{
  for (guint i = 0; i < W * H; i++)
    f[i] = (guint8) (105 + f[i] * 45 / 255);
}

typedef enum {
  DEGRADE_NONE,
  DEGRADE_BLUR,
  DEGRADE_NOISE,
  DEGRADE_PERSPECTIVE,
  DEGRADE_LOW_CONTRAST,
  DEGRADE_MOIRE,
  DEGRADE_SMALL,
  N_DEGRADE,
} Degrade;

static const char * const degrade_names[] = {
  "clean", "blur", "noise", "perspective", "low contrast", "phone moire", "far (3-3.5px)",
};

static Frame
make_frame (guint   seed,
            gboolean with_code,
            Degrade degrade)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Frame frame = { g_malloc (W * H), NULL };

  fill_background (frame.pixels, rand);
  if (with_code) {
    /* A version 9 code plus quiet zone: 61 modules of 4-6 px. */
    double module = degrade == DEGRADE_SMALL ? g_rand_double_range (rand, 3.0, 3.5)
                                              : g_rand_double_range (rand, 4.0, 6.0);
    double side = 61 * module;
    double cx = W / 2.0 + g_rand_double_range (rand, -90, 90);
    double cy = H / 2.0 + g_rand_double_range (rand, -40, 40);
    double a = g_rand_double_range (rand, -0.3, 0.3);  /* a slight turn, radians */
    double c = cos (a) * side / 2, s = sin (a) * side / 2;
    double q[8];

    cx = CLAMP (cx, side * 0.71, W - side * 0.71);
    cy = CLAMP (cy, side * 0.71, H - side * 0.71);
    q[0] = cx - c + s; q[1] = cy - s - c; q[2] = cx + c + s; q[3] = cy + s - c;
    q[4] = cx + c - s; q[5] = cy + s + c; q[6] = cx - c - s; q[7] = cy - s + c;
    if (degrade == DEGRADE_PERSPECTIVE) {
      /* Tilted away at the top: the top edge 76-88% of the bottom's. */
      double k = g_rand_double_range (rand, 0.06, 0.12) * side;

      q[0] += k; q[2] -= k;
      q[1] += k / 3; q[3] += k / 3;
    }
    frame.text = lt_qr_image_pass_text (seed);
    draw_code (frame.pixels, frame.text, q, degrade == DEGRADE_MOIRE ? g_rand_double_range (rand, 2.1, 2.9) : 0);
  }
  switch (degrade) {
  case DEGRADE_BLUR:
    box_blur (frame.pixels, 1);
    box_blur (frame.pixels, 1);
    break;
  case DEGRADE_NOISE:
    add_noise (frame.pixels, 22, rand);
    break;
  case DEGRADE_LOW_CONTRAST:
    low_contrast (frame.pixels);
    add_noise (frame.pixels, 3, rand);
    break;
  case DEGRADE_MOIRE:
    box_blur (frame.pixels, 1);
    break;
  case DEGRADE_PERSPECTIVE:
  case DEGRADE_NONE:
  default:
    break;
  }
  return frame;
}

/* Settings compared */

typedef struct {
  const char      *name;
  LtQrScanSettings s;
} Variant;

/* qr_only, density x, y, scale, roi %, full-size every Nth frame, its density */
static Variant variants[] = {
  { "zbar default, full frame", { FALSE, 0, 0, 1, 100, 0, 0 } },
  { "qr only", { TRUE, 0, 0, 1, 100, 0, 0 } },
  { "qr only, density 2", { TRUE, 2, 2, 1, 100, 0, 0 } },
  { "qr only, density 3", { TRUE, 3, 3, 1, 100, 0, 0 } },
  { "qr only, density 2, roi 80%", { TRUE, 2, 2, 1, 80, 0, 0 } },
  { "qr only, half size", { TRUE, 0, 0, 2, 100, 0, 0 } },
  { "qr only, half size, density 2", { TRUE, 2, 2, 2, 100, 0, 0 } },
  { "lintel: half; 1 in 3 full, dens. 2", { 0 } },
};

/* Each picture is held for N_REPEATS frames in a row, as in front of a
 * camera: it counts as decoded if one of them gave its exact text, and as
 * a false read if a frame without a code gave anything. */
static double
time_frames (LtQrScanner *scanner,
             GPtrArray   *frames,
             guint       *decoded)
{
  gint64 start;
  guint ok = 0;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < frames->len; i++) {
    Frame *f = g_ptr_array_index (frames, i);
    gboolean found = FALSE, false_read = FALSE;

    for (guint r = 0; r < N_REPEATS; r++) {
      g_autofree char *code = lt_qr_scanner_scan (scanner, f->pixels, W, H, W);

      found = found || (f->text != NULL && g_strcmp0 (code, f->text) == 0);
      false_read = false_read || (f->text == NULL && code != NULL);
    }
    if (f->text != NULL ? found : !false_read)
      ok++;
  }
  *decoded = ok;
  return (double) (g_get_monotonic_time () - start) / (N_REPEATS * frames->len) / 1000.0;
}

static void
frame_free (gpointer data)
{
  Frame *f = data;

  g_free (f->pixels);
  g_free (f->text);
  g_free (f);
}

/* The real pipeline */

typedef struct {
  GMainLoop *loop;
  gint64     running_us;
  gint64     code_us;
  gboolean   decoded;
} Run;

static void
on_running (LtCamera *camera, GParamSpec *pspec, Run *run)
{
  if (lt_camera_get_running (camera) && run->running_us == 0)
    run->running_us = g_get_monotonic_time ();
}

static void
on_code (LtCamera *camera, const char *code, Run *run)
{
  run->code_us = g_get_monotonic_time ();
  run->decoded = TRUE;
}

static void
on_stopped (LtCamera *camera, const char *reason, Run *run)
{
  g_main_loop_quit (run->loop);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
bench_pipeline (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lintel-bench-qr-XXXXXX", &error);
  g_autofree char *png = NULL;
  g_autofree char *text = lt_qr_image_pass_text (7);
  g_autofree guint8 *gray = lt_qr_image_render (text, W, H, 5, NULL);
  g_autoptr(GArray) from_start = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) from_running = g_array_new (FALSE, FALSE, sizeof (double));
  LtCameraConfig config = { LT_CAMERA_SOURCE_FILE, NULL, NULL, 10, W, H, 10 };

  g_assert_no_error (error);
  png = g_build_filename (dir, "pass.png", NULL);
  if (!lt_qr_image_write_png (png, gray, W, H, &error)) {
    printf ("pipeline: cannot write %s: %s\n", png, error->message);
    return;
  }
  config.file = png;

  for (guint i = 0; i < N_PIPELINE_RUNS; i++) {
    g_autoptr(LtCamera) camera = lt_camera_new (&config);
    Run run = { g_main_loop_new (NULL, FALSE), 0, 0, FALSE };
    gint64 start = g_get_monotonic_time ();
    double ms;

    g_signal_connect (camera, "notify::running", G_CALLBACK (on_running), &run);
    g_signal_connect (camera, "code", G_CALLBACK (on_code), &run);
    g_signal_connect (camera, "stopped", G_CALLBACK (on_stopped), &run);
    if (!lt_camera_start (camera, &error)) {
      printf ("pipeline: %s\n", error->message);
      g_main_loop_unref (run.loop);
      break;
    }
    g_main_loop_run (run.loop);
    g_main_loop_unref (run.loop);
    if (!run.decoded)
      continue;
    ms = (run.code_us - start) / 1000.0;
    g_array_append_val (from_start, ms);
    if (run.running_us != 0) {
      ms = (run.code_us - run.running_us) / 1000.0;
      g_array_append_val (from_running, ms);
    }
  }
  g_unlink (png);
  g_rmdir (dir);

  g_array_sort (from_start, compare_doubles);
  g_array_sort (from_running, compare_doubles);
  printf ("\nReal pipeline, file source (%ux%u PNG with a pass), %u runs:\n", W, H, N_PIPELINE_RUNS);
  if (from_start->len > 0)
    printf ("  lt_camera_start() -> \"code\" on the main loop: median %.1f ms, max %.1f ms (%u/%u decoded)\n",
            g_array_index (from_start, double, from_start->len / 2),
            g_array_index (from_start, double, from_start->len - 1), from_start->len, N_PIPELINE_RUNS);
  if (from_running->len > 0)
    printf ("  \"running\" (PLAYING, first frames) -> \"code\": median %.1f ms, max %.1f ms\n",
            g_array_index (from_running, double, from_running->len / 2),
            g_array_index (from_running, double, from_running->len - 1));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (frame_free);
  g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func (frame_free);
  GPtrArray *degraded[N_DEGRADE];
  double base_time = 0;

  gst_init (&argc, &argv);
  lt_qr_scan_settings_init (&variants[G_N_ELEMENTS (variants) - 1].s);

  for (guint i = 0; i < N_FRAMES; i++) {
    Frame *f = g_new (Frame, 1);

    *f = make_frame (1000 + i, TRUE, DEGRADE_NONE);
    g_ptr_array_add (codes, f);
    f = g_new (Frame, 1);
    *f = make_frame (2000 + i, FALSE, DEGRADE_NONE);
    g_ptr_array_add (empty, f);
  }
  for (guint d = 1; d < N_DEGRADE; d++) {
    degraded[d] = g_ptr_array_new_with_free_func (frame_free);
    for (guint i = 0; i < N_FRAMES; i++) {
      Frame *f = g_new (Frame, 1);

      *f = make_frame (3000 + 100 * d + i, TRUE, (Degrade) d);
      g_ptr_array_add (degraded[d], f);
    }
  }

  printf ("ZBar on %ux%u GRAY8 frames; pass of 160 alphanumerics, ECC M (version 9), 4-6 px a module;\n"
          "%u pictures a set, each held for %u frames; time = mean per frame; decoded = pictures whose\n"
          "exact text was found in one of their frames\n\n",
          W, H, N_FRAMES, N_REPEATS);
  printf ("%-36s %8s %8s %6s %7s", "settings", "code ms", "none ms", "x def", "clean");
  for (guint d = 1; d < N_DEGRADE; d++)
    printf (" %12s", degrade_names[d]);
  printf ("\n");

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++) {
    g_autoptr(LtQrScanner) scanner = lt_qr_scanner_new (&variants[v].s);
    guint ok_codes, ok_empty, ok;
    double t_codes = time_frames (scanner, codes, &ok_codes);
    double t_empty = time_frames (scanner, empty, &ok_empty);
    double t = (t_codes + t_empty) / 2;

    if (v == 0)
      base_time = t;
    printf ("%-36s %8.2f %8.2f %6.2f %3u/%-3u", variants[v].name, t_codes, t_empty, t / base_time,
            ok_codes, N_FRAMES);
    for (guint d = 1; d < N_DEGRADE; d++) {
      time_frames (scanner, degraded[d], &ok);
      printf ("       %2u/%-3u", ok, N_FRAMES);
    }
    if (ok_empty != N_FRAMES)
      printf ("  (%u false reads!)", N_FRAMES - ok_empty);
    printf ("\n");
  }
  printf ("\n\"x def\": mean of the code and no-code times over ZBar's defaults (target <= 0.33).\n");

  for (guint d = 1; d < N_DEGRADE; d++)
    g_ptr_array_unref (degraded[d]);

  bench_pipeline ();
  return 0;
}
