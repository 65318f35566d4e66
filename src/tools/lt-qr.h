/* lt-qr.h: a pass token drawn as a QR code, in PNG or SVG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_QR_ERROR (lt_qr_error_quark ())
GQuark lt_qr_error_quark (void);

typedef enum {
  LT_QR_ERROR_ENCODE,
  LT_QR_ERROR_WRITE,
} LtQrError;

int      lt_qr_version    (const char *text,
                           GError    **error);
guint8  *lt_qr_modules    (const char *text,
                           int        *size,
                           GError    **error);
gboolean lt_qr_write_png  (const char *text,
                           const char *path,
                           GError    **error);
gboolean lt_qr_write_svg  (const char *text,
                           const char *path,
                           GError    **error);

G_END_DECLS
