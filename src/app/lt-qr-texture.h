/* lt-qr-texture.h: a text drawn as a QR code, as a texture for the screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Errors are lt-qr.h's LT_QR_ERROR. */
GdkTexture *lt_qr_texture_new (const char *text,
                               int         scale,
                               GError    **error);

G_END_DECLS
