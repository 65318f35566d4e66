/* lt-qr-texture.h: a text drawn as a QR code, as a texture for the screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LT_QR_TEXTURE_ERROR (lt_qr_texture_error_quark ())
GQuark lt_qr_texture_error_quark (void);

typedef enum {
  LT_QR_TEXTURE_ERROR_ENCODE,
} LtQrTextureError;

#define LT_QR_TEXTURE_QUIET_MODULES 4

GdkTexture *lt_qr_texture_new (const char *text,
                               int         scale,
                               GError    **error);

G_END_DECLS
