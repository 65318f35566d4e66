/* bench-qr.c: how well, and how fast, Lintel's scanner reads passes in
 * degraded camera frames, beside ZBar's defaults and zxing-cpp
 *
 * The corpus (tests/hw/lt-qr-corpus.c): 240 camera-like 640x480 grey
 * scenes, 210 with a pass (modules of 3-7 px, turned up to 35 degrees,
 * tilted; blur, dim light, glare, JPEG, moiré, sensor noise, alone and
 * combined), one in eight without a code. Each scene is fed as a camera
 * sees it: three consecutive frames, each with its own noise.
 *
 * Rows: ZBar with its own defaults (first frame of each scene), Lintel's
 * scanner (one scanner for the whole run, three frames a scene), Lintel
 * on the first frame alone, and zxing-cpp (the reference, when built with
 * libzxing-dev; never linked into Lintel). Decoded: scenes whose exact
 * text came out of one of the frames fed; a false read is any other text,
 * or any text from a scene without a code. Time: mean per frame fed.
 * Targets: Lintel (three frames) decodes at least as many as zxing-cpp
 * in at most its time per frame, with no false read; one frame alone at
 * least as many as ZBar's defaults.
 *
 *   bench-qr [--seed N] [--scenes N] [--detail]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-qr-corpus.h"
#include "lt-qr-scanner.h"
#ifdef HAVE_ZXING
#include "lt-zxing.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#define W         LT_QR_CORPUS_WIDTH
#define H         LT_QR_CORPUS_HEIGHT
#define N_FRAMES  3
#define MAX_KINDS 64

typedef char *(*DecodeFunc) (gpointer decoder, const guint8 *frame);

typedef struct {
  const char *name;
  guint       frames; /* fed per scene */
  DecodeFunc  decode;
  gpointer    decoder;
  guint       decoded;
  guint       false_reads;
  guint       fed;
  gint64      time_us;
  /* --detail: decoded per kind, per module size (3-7 px) and per turn */
  guint kind_ok[MAX_KINDS];
  guint module_ok[4];
  guint angle_ok[4];
} Row;

typedef struct {
  char *names[MAX_KINDS];
  guint kind_n[MAX_KINDS];
  guint n_kinds;
  guint module_n[4];
  guint angle_n[4];
  guint with_code;
  guint without_code;
} Tally;

static char *
decode_lintel (gpointer decoder, const guint8 *frame)
{
  return lt_qr_scanner_scan (decoder, frame, W, H, W);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (zbar_image_t, zbar_image_destroy)

static char *
decode_zbar (gpointer decoder, const guint8 *frame)
{
  g_autoptr (zbar_image_t) image = zbar_image_create ();

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, W, H);
  zbar_image_set_data (image, frame, W * H, NULL);
  if (zbar_scan_image (decoder, image) <= 0)
    return NULL;
  for (const zbar_symbol_t *s = zbar_image_first_symbol (image); s != NULL; s = zbar_symbol_next (s))
    if (zbar_symbol_get_type (s) == ZBAR_QRCODE)
      return g_strdup (zbar_symbol_get_data (s));
  return NULL;
}

#ifdef HAVE_ZXING
static char *
decode_zxing (gpointer decoder, const guint8 *frame)
{
  char *text = lt_zxing_decode (frame, W, H, W);
  char *copy = g_strdup (text);

  free (text);
  return copy;
}
#endif

static guint
kind_index (Tally *tally, const char *kind)
{
  for (guint i = 0; i < tally->n_kinds; i++)
    if (g_str_equal (tally->names[i], kind))
      return i;
  g_assert (tally->n_kinds < MAX_KINDS);
  tally->names[tally->n_kinds] = g_strdup (kind);
  return tally->n_kinds++;
}

static void
run_scene (Row *row, const LtQrScene *scene, guint8 **frames, guint kind, guint module, guint angle)
{
  gboolean ok = FALSE;

  for (guint f = 0; f < row->frames; f++) {
    gint64           start = g_get_monotonic_time ();
    g_autofree char *text = row->decode (row->decoder, frames[f]);

    row->time_us += g_get_monotonic_time () - start;
    row->fed++;
    if (text == NULL)
      continue;
    if (scene->text != NULL && g_str_equal (text, scene->text))
      ok = TRUE;
    else
      row->false_reads++;
  }
  if (ok) {
    row->decoded++;
    row->kind_ok[kind]++;
    row->module_ok[module]++;
    row->angle_ok[angle]++;
  }
}

/* Scene i of the corpus, its frames fed to every row. */
static void
run_corpus_scene (Row *rows, guint n_rows, Tally *tally, guint seed, guint i)
{
  LtQrScene          scene;
  g_autofree guint8 *rendered = NULL;
  guint8            *frames[N_FRAMES];
  guint              kind, module = 0, angle = 0;

  lt_qr_scene_random (&scene, seed, i);
  rendered = lt_qr_scene_render (&scene);
  for (guint f = 0; f < N_FRAMES; f++)
    frames[f] = lt_qr_scene_frame (&scene, rendered, f);
  kind = kind_index (tally, scene.text ? scene.kind : "(no code)");
  if (scene.text != NULL) {
    tally->with_code++;
    tally->kind_n[kind]++;
    module = MIN (3, (guint)(scene.module_px - 3));
    angle = MIN (3, (guint)(ABS (scene.angle_deg) / 9));
    tally->module_n[module]++;
    tally->angle_n[angle]++;
  } else {
    tally->without_code++;
  }
  for (guint r = 0; r < n_rows; r++)
    run_scene (&rows[r], &scene, frames, kind, module, angle);
  for (guint f = 0; f < N_FRAMES; f++)
    g_free (frames[f]);
  lt_qr_scene_clear (&scene);
}

static void
print_detail (const Row *rows, guint n_rows, const Tally *t)
{
  printf ("\n%-28s %5s", "decoded, by kind", "n");
  for (guint r = 0; r < n_rows; r++)
    printf (" %10.10s", rows[r].name);
  printf ("\n");
  for (guint k = 0; k < t->n_kinds; k++) {
    if (t->kind_n[k] == 0)
      continue;
    printf ("%-28s %5u", t->names[k], t->kind_n[k]);
    for (guint r = 0; r < n_rows; r++)
      printf (" %10u", rows[r].kind_ok[k]);
    printf ("\n");
  }
  for (guint m = 0; m < 4; m++) {
    printf ("module %u-%u px %14s %5u", m + 3, m + 4, "", t->module_n[m]);
    for (guint r = 0; r < n_rows; r++)
      printf (" %10u", rows[r].module_ok[m]);
    printf ("\n");
  }
  for (guint a = 0; a < 4; a++) {
    printf ("turn %2u-%2u deg %14s %5u", a * 9, a * 9 + 9, "", t->angle_n[a]);
    for (guint r = 0; r < n_rows; r++)
      printf (" %10u", rows[r].angle_ok[a]);
    printf ("\n");
  }
}

int
main (int    argc,
      char **argv)
{
  guint            seed = 1, n_scenes = 240;
  gboolean         detail = FALSE;
  LtQrScanSettings settings;
  g_autoptr (LtQrScanner) lintel = NULL;
  g_autoptr (LtQrScanner) lintel_single = NULL;
  zbar_image_scanner_t *zbar = zbar_image_scanner_create ();
  Tally                 tally = { 0 };
  Row                   rows[5];
  guint                 n_rows = 0;

  for (int i = 1; i < argc; i++) {
    if (g_str_equal (argv[i], "--seed") && i + 1 < argc)
      seed = (guint)g_ascii_strtoull (argv[++i], NULL, 10);
    else if (g_str_equal (argv[i], "--scenes") && i + 1 < argc)
      n_scenes = (guint)g_ascii_strtoull (argv[++i], NULL, 10);
    else if (g_str_equal (argv[i], "--detail"))
      detail = TRUE;
    else {
      fprintf (stderr, "usage: %s [--seed N] [--scenes N] [--detail]\n", argv[0]);
      return 2;
    }
  }

  lt_qr_scan_settings_init (&settings);
  lintel = lt_qr_scanner_new (&settings);
  lintel_single = lt_qr_scanner_new (&settings);
  memset (rows, 0, sizeof rows);
  rows[n_rows++] = (Row){ "ZBar defaults (single frame)", 1, decode_zbar, zbar };
  rows[n_rows++] = (Row){ "Lintel (three frames)", N_FRAMES, decode_lintel, lintel };
  rows[n_rows++] = (Row){ "Lintel single frame", 1, decode_lintel, lintel_single };
#ifdef HAVE_ZXING
  rows[n_rows++] = (Row){ "zxing-cpp (single frame)", 1, decode_zxing, NULL };
  rows[n_rows++] = (Row){ "zxing-cpp (three frames)", N_FRAMES, decode_zxing, NULL };
#endif

  for (guint i = 0; i < n_scenes; i++)
    run_corpus_scene (rows, n_rows, &tally, seed, i);

  printf ("Corpus seed %u: %u scenes of %ux%u grey, %u with a pass, %u without; %u frames a scene\n\n",
          seed, n_scenes, W, H, tally.with_code, tally.without_code, N_FRAMES);
  printf ("| %-30s | %9s | %18s | %11s |\n", "decoder", "decoded %", "mean ms per frame", "false reads");
  printf ("|%s|%s|%s|%s|\n", "--------------------------------", "-----------", "--------------------",
          "-------------");
  for (guint r = 0; r < n_rows; r++)
    printf ("| %-30s | %8.1f%% | %18.2f | %11u |\n", rows[r].name,
            100.0 * rows[r].decoded / MAX (1, tally.with_code),
            rows[r].time_us / 1000.0 / MAX (1, rows[r].fed), rows[r].false_reads);
  if (detail)
    print_detail (rows, n_rows, &tally);

  for (guint k = 0; k < tally.n_kinds; k++)
    g_free (tally.names[k]);
  zbar_image_scanner_destroy (zbar);
  return 0;
}
