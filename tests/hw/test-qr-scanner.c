/* test-qr-scanner.c: the QR scanner on camera-like frames
 *
 * Outcomes only (what is decoded, from which frame); the speed is
 * bench-qr's business.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-qr-corpus.h"
#include "lt-qr-image.h"
#include "lt-qr-scanner.h"

#include <string.h>

#define W      LT_QR_CORPUS_WIDTH
#define H      LT_QR_CORPUS_HEIGHT
#define FRAMES 3

static LtQrScanner *
scanner_new (void)
{
  LtQrScanSettings settings;

  lt_qr_scan_settings_init (&settings);
  return lt_qr_scanner_new (&settings);
}

/* The scene's frames fed one after the other, as the camera holds it:
 * the text of the first frame that gave one, *frame its number. */
static char *
scan_scene (LtQrScanner     *scanner,
            const LtQrScene *scene,
            guint            n_frames,
            guint           *frame)
{
  g_autofree guint8 *rendered = lt_qr_scene_render (scene);

  for (guint f = 0; f < n_frames; f++) {
    g_autofree guint8 *pixels = lt_qr_scene_frame (scene, rendered, f);
    char              *text = lt_qr_scanner_scan (scanner, pixels, W, H, W);

    if (text != NULL) {
      if (frame != NULL)
        *frame = f;
      return text;
    }
  }
  return NULL;
}

static void
test_settings (void)
{
  LtQrScanSettings settings;

  memset (&settings, 0xff, sizeof settings);
  lt_qr_scan_settings_init (&settings);
  g_assert_true (settings.qr_only);
  g_assert_true (settings.locate);
  g_assert_cmpuint (settings.roi_percent, ==, 100);
}

typedef struct {
  const char *name;
  double      module_px;
  double      angle_deg;
  int         jpeg_quality;
  double      noise;
} Hard;

/* Far away (3 px a module), turned 30 degrees, JPEG-compressed: each, and
 * all at once, read within the three frames of a picture. */
static void
test_hard_codes (void)
{
  static const Hard cases[] = {
    { "3 px", 3.0, 4, 0, 3 },
    { "30 degrees", 5.0, 30, 0, 3 },
    { "30 degrees the other way", 4.0, -30, 0, 3 },
    { "JPEG quality 25", 4.5, 10, 25, 3 },
    { "3 px, 30 degrees, JPEG 40", 3.0, 30, 40, 3 },
    { "3 px, -30 degrees, JPEG 40, noise", 3.2, -30, 40, 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    for (guint32 seed = 1; seed <= 4; seed++) {
      g_autoptr (LtQrScanner) scanner = scanner_new ();
      g_autofree char *text = lt_qr_image_pass_text (seed * 31 + i);
      g_autofree char *code = NULL;
      LtQrScene        scene;

      lt_qr_scene_init (&scene, text, seed);
      scene.module_px = cases[i].module_px;
      scene.angle_deg = cases[i].angle_deg;
      scene.jpeg_quality = cases[i].jpeg_quality;
      scene.noise = cases[i].noise;
      code = scan_scene (scanner, &scene, FRAMES, NULL);
      if (g_strcmp0 (code, text) != 0)
        g_error ("%s, scene %u: read %s", cases[i].name, seed, code ? code : "nothing");
      lt_qr_scene_clear (&scene);
    }
  }
}

/* Sensor noise, clutter, a card of random modules (no finder patterns),
 * JPEG: never a code, on one scanner fed everything in a row. */
static void
test_no_false_read (void)
{
  g_autoptr (LtQrScanner) scanner = scanner_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (14);
  g_autofree guint8 *pure = g_malloc (W * H);

  for (guint i = 0; i < 40; i++) {
    LtQrScene        scene;
    g_autofree char *code = NULL;

    lt_qr_scene_init (&scene, NULL, 100 + i);
    scene.decoy = i % 2 == 0;
    scene.module_px = 3 + (i % 5);
    scene.angle_deg = (double)(i % 7) * 5;
    scene.noise = (double)(i % 4) * 7;
    scene.jpeg_quality = i % 3 == 0 ? 30 : 0;
    scene.blur = i % 5 == 0 ? 1.2 : 0.5;
    code = scan_scene (scanner, &scene, FRAMES, NULL);
    g_assert_null (code);
    lt_qr_scene_clear (&scene);
  }
  for (guint i = 0; i < 10; i++) {
    for (guint p = 0; p < W * H; p++)
      pure[p] = (guint8)g_rand_int_range (rand, 0, 256);
    g_assert_null (lt_qr_scanner_scan (scanner, pure, W, H, W));
  }
}

/* The scanner is a state across frames: a code it located and could not
 * read is given to ZBar another way on the next frame (sharpened), so the
 * same frame twice reads where it did not once. */
static void
test_state_across_frames (void)
{
  g_autofree char *text = lt_qr_image_pass_text (14);

  for (guint32 seed = 1; seed <= 4; seed++) {
    g_autoptr (LtQrScanner) scanner = scanner_new ();
    g_autofree guint8 *rendered = NULL;
    g_autofree guint8 *pixels = NULL;
    g_autofree char   *first = NULL;
    g_autofree char   *second = NULL;
    g_autofree char   *fresh = NULL;
    LtQrScene          scene;

    /* Blurred beyond what the plain pass reads. */
    lt_qr_scene_init (&scene, text, seed);
    scene.module_px = 4;
    scene.angle_deg = 20;
    scene.blur = 1.7;
    rendered = lt_qr_scene_render (&scene);
    pixels = lt_qr_scene_frame (&scene, rendered, 0);

    first = lt_qr_scanner_scan (scanner, pixels, W, H, W);
    g_assert_null (first);
    second = lt_qr_scanner_scan (scanner, pixels, W, H, W);
    g_assert_cmpstr (second, ==, text);

    /* A new scanner knows nothing of that frame. */
    g_clear_pointer (&scanner, lt_qr_scanner_free);
    scanner = scanner_new ();
    fresh = lt_qr_scanner_scan (scanner, pixels, W, H, W);
    g_assert_null (fresh);
    lt_qr_scene_clear (&scene);
  }
}

/* Rows longer than the frame, odd and tiny frames. */
static void
test_frame_shapes (void)
{
  g_autoptr (LtQrScanner) scanner = scanner_new ();
  g_autofree char   *text = lt_qr_image_pass_text (3);
  g_autofree guint8 *frame = lt_qr_image_render (text, 333, 301, 4, NULL);
  g_autofree guint8 *padded = g_malloc0 (400 * 301);
  g_autofree char   *code = NULL;
  guint8             tiny[21 * 21];

  for (guint y = 0; y < 301; y++)
    memcpy (padded + y * 400, frame + y * 333, 333);
  code = lt_qr_scanner_scan (scanner, padded, 333, 301, 400);
  g_assert_cmpstr (code, ==, text);

  memset (tiny, 0, sizeof tiny);
  g_assert_null (lt_qr_scanner_scan (scanner, tiny, 1, 1, 1));
  g_assert_null (lt_qr_scanner_scan (scanner, tiny, 7, 3, 7));
  g_assert_null (lt_qr_scanner_scan (scanner, tiny, 21, 21, 21));
  g_assert_null (lt_qr_scanner_scan (scanner, tiny, 0, 0, 0));
}

/* The fixed whole-frame passes (locate off) still work as set. */
static void
test_fixed_settings (void)
{
  LtQrScanSettings settings;
  g_autoptr (LtQrScanner) scanner = NULL;
  g_autofree char   *text = lt_qr_image_pass_text (5);
  g_autofree guint8 *frame = lt_qr_image_render (text, W, H, 5, NULL);
  g_autofree char   *code = NULL;

  lt_qr_scan_settings_init (&settings);
  settings.locate = FALSE;
  scanner = lt_qr_scanner_new (&settings);
  for (guint i = 0; i < FRAMES && code == NULL; i++)
    code = lt_qr_scanner_scan (scanner, frame, W, H, W);
  g_assert_cmpstr (code, ==, text);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/QrScanner/settings", test_settings);
  g_test_add_func ("/QrScanner/hard-codes", test_hard_codes);
  g_test_add_func ("/QrScanner/no-false-read", test_no_false_read);
  g_test_add_func ("/QrScanner/state-across-frames", test_state_across_frames);
  g_test_add_func ("/QrScanner/frame-shapes", test_frame_shapes);
  g_test_add_func ("/QrScanner/fixed-settings", test_fixed_settings);
  return g_test_run ();
}
