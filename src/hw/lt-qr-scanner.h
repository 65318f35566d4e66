/* lt-qr-scanner.h: QR codes found in grey frames with ZBar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a frame is scanned. lt_qr_scan_settings_init() fills in Lintel's
 * choice (see bench/bench-qr.c for the figures behind it). Fields may be
 * added at the end: fill the struct with lt_qr_scan_settings_init() first. */
typedef struct {
  gboolean qr_only;       /* every other symbology off */
  guint    density_x;     /* ZBar scans every Nth column (0: ZBar's default) */
  guint    density_y;     /* ... and every Nth row */
  guint    scale;         /* 1: full size; 2: each 2x2 block averaged */
  guint    roi_percent;   /* centred region scanned, in % of width and height */
  guint    full_every;    /* with scale 2: every Nth frame at full size (0: never) */
  guint    full_density;  /* ... along every Nth row and column */
  gboolean locate;        /* find finder patterns first and give ZBar only
                           * the code, upright (the fields above then only
                           * shape the fallback whole-frame pass) */
} LtQrScanSettings;

typedef struct _LtQrScanner LtQrScanner;

void         lt_qr_scan_settings_init (LtQrScanSettings       *settings);

LtQrScanner *lt_qr_scanner_new        (const LtQrScanSettings *settings);
void         lt_qr_scanner_free       (LtQrScanner            *scanner);
char        *lt_qr_scanner_scan       (LtQrScanner            *scanner,
                                       const guint8           *luma,
                                       guint                   width,
                                       guint                   height,
                                       guint                   stride);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtQrScanner, lt_qr_scanner_free)

G_END_DECLS
