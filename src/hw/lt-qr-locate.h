/* lt-qr-locate.h: QR finder patterns located cheaply in a grey frame, and
 * the code between three of them resampled upright for ZBar
 *
 * Internal to the QR scanner (lt-qr-scanner.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A grey plane: rows of stride bytes. */
typedef struct {
  const guint8 *data;
  guint         width;
  guint         height;
  guint         stride;
} LtQrPlane;

/* A finder pattern's centre, in the plane's pixels. */
typedef struct {
  double x;
  double y;
  double module;   /* pixels a module, from the pattern's width */
  guint  hits;     /* scan lines that crossed it */
} LtQrFinder;

/* A code's geometry: the centres of its top-left, top-right and
 * bottom-left finder patterns (clockwise on screen). */
typedef struct {
  LtQrFinder tl;
  LtQrFinder tr;
  LtQrFinder bl;
} LtQrCode;

typedef struct _LtQrLocator LtQrLocator;

LtQrLocator *lt_qr_locator_new      (void);
void         lt_qr_locator_free     (LtQrLocator     *locator);
void         lt_qr_locator_prepare  (LtQrLocator     *locator,
                                     const LtQrPlane *half);
guint        lt_qr_locator_find     (LtQrLocator     *locator,
                                     const LtQrPlane *plane,
                                     gboolean         full,
                                     guint            row_step,
                                     LtQrFinder      *finders,
                                     guint            max_finders);
guint        lt_qr_locator_codes    (const LtQrFinder *finders,
                                     guint             n_finders,
                                     LtQrCode         *codes,
                                     guint             max_codes);

void         lt_qr_plane_halve      (const LtQrPlane *plane,
                                     guint8          *out,
                                     LtQrPlane       *half);
guint8      *lt_qr_code_upright     (const LtQrCode  *code,
                                     const LtQrPlane *plane,
                                     double           module_px,
                                     double           far_share,
                                     guint           *width,
                                     guint           *height);

void         lt_qr_sharpen          (guint8          *data,
                                     guint            width,
                                     guint            height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtQrLocator, lt_qr_locator_free)

G_END_DECLS
