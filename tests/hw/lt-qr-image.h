/* lt-qr-image.h: grey frames and PNG files showing QR codes, for the
 * camera tests and the QR benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *lt_qr_image_pass_text (guint32        seed);
guint8   *lt_qr_image_render    (const char    *text,
                                 guint          width,
                                 guint          height,
                                 double         module_px,
                                 guint         *modules);
gboolean  lt_qr_image_write_png (const char    *path,
                                 const guint8  *gray,
                                 guint          width,
                                 guint          height,
                                 GError       **error);

guint8   *lt_qr_image_jpeg_encode  (const guint8 *gray,
                                   guint         width,
                                   guint         height,
                                   int           quality,
                                   gsize        *size);
void      lt_qr_image_jpeg_degrade (guint8       *gray,
                                   guint         width,
                                   guint         height,
                                   int           quality);
gboolean  lt_qr_image_write_jpeg   (const char   *path,
                                   const guint8 *gray,
                                   guint         width,
                                   guint         height,
                                   int           quality,
                                   GError      **error);

G_END_DECLS
