/* lt-qr-texture.c: a text drawn as a QR code, as a texture for the screen
 *
 * Level M, case kept, libqrencode picking the smallest version and the
 * modes (a pass token is upper-case base32 and ':', so alphanumeric).
 * Black modules on white with the standard's quiet zone of four modules,
 * each module SCALE pixels square: the picture showing it only ever
 * scales the whole, so the code stays sharp enough for a phone camera.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-qr-texture"

#include "lt-qr-texture.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <qrencode.h>
#include <string.h>

G_DEFINE_QUARK (lt-qr-texture-error-quark, lt_qr_texture_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, QRcode_free)

#define BYTES_PER_PIXEL 4  /* R8G8B8A8: GDK 4.8 has no grey-only format */
#define MAX_SCALE 64

GdkTexture *
lt_qr_texture_new (const char *text,
                   int         scale,
                   GError    **error)
{
  g_autoptr(QRcode) code = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *pixels;
  gsize stride;
  int side;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (scale >= 1 && scale <= MAX_SCALE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  errno = 0;
  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL) {
    int saved = errno;

    g_set_error (error, LT_QR_TEXTURE_ERROR, LT_QR_TEXTURE_ERROR_ENCODE,
                 _("Cannot draw the pass as a QR code: %s"),
                 saved == ERANGE ? _("it is too long") : g_strerror (saved));
    return NULL;
  }

  side = (code->width + 2 * LT_QR_TEXTURE_QUIET_MODULES) * scale;
  stride = (gsize) side * BYTES_PER_PIXEL;
  /* All white and opaque; the dark modules are painted over it. */
  pixels = g_malloc ((gsize) side * stride);
  memset (pixels, 0xff, (gsize) side * stride);
  for (int y = 0; y < code->width; y++) {
    for (int x = 0; x < code->width; x++) {
      int top = (y + LT_QR_TEXTURE_QUIET_MODULES) * scale;
      int left = (x + LT_QR_TEXTURE_QUIET_MODULES) * scale;

      if ((code->data[y * code->width + x] & 1) == 0)
        continue;
      for (int row = top; row < top + scale; row++) {
        guint8 *p = pixels + (gsize) row * stride + (gsize) left * BYTES_PER_PIXEL;

        for (int i = 0; i < scale; i++, p += BYTES_PER_PIXEL)
          p[0] = p[1] = p[2] = 0;
      }
    }
  }
  bytes = g_bytes_new_take (pixels, (gsize) side * stride);
  return gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8A8, bytes, stride);
}
