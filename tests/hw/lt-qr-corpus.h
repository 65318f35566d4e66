/* lt-qr-corpus.h: camera-like frames of passes, for the QR benchmark and
 * the scanner tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_QR_CORPUS_WIDTH  640
#define LT_QR_CORPUS_HEIGHT 480

/* One scene in front of the camera; every frame of it is the same picture
 * with its own sensor noise (and its own JPEG artefacts). */
typedef struct {
  char    *text;          /* the code's text; NULL: no code in the scene */
  char    *kind;          /* what was done to it, e.g. "blur+jpeg" */
  double   module_px;     /* camera pixels a module */
  double   angle_deg;     /* turn in the image plane */
  double   tilt;          /* perspective: far edge shorter by this fraction */
  guint    tilt_side;     /* 0-3: which edge is the far one */
  double   cx, cy;        /* the code's centre; negative: chosen from seed */
  double   blur;          /* Gaussian sigma, pixels (a sharp lens ~0.5) */
  double   motion;        /* horizontal motion blur, pixels (0: none) */
  double   light;         /* gain: 1 lit, 0.2 dim */
  double   glare;         /* peak level of a glare spot added (0: none) */
  double   veil;          /* veiling glare, 0-1: part of the range washed out */
  double   moire;         /* screen pixels a module on a phone (0: printed) */
  double   noise;         /* sensor noise sigma, grey levels */
  int      jpeg_quality;  /* 0: not compressed */
  gboolean decoy;         /* no code: a card of random modules instead */
  guint32  seed;          /* background, positions, noise */
} LtQrScene;

void     lt_qr_scene_init    (LtQrScene       *scene,
                              const char      *text,
                              guint32          seed);
void     lt_qr_scene_random  (LtQrScene       *scene,
                              guint32          corpus_seed,
                              guint            index);
guint8  *lt_qr_scene_render  (const LtQrScene *scene);
guint8  *lt_qr_scene_frame   (const LtQrScene *scene,
                              const guint8    *rendered,
                              guint            frame);
void     lt_qr_scene_clear   (LtQrScene       *scene);

G_END_DECLS
