/* lt-qr-texture.c: a text drawn as a QR code, as a texture for the screen
 *
 * The modules are lt_qr_modules()'s (level M, the smallest version, the
 * standard's quiet zone), the encoder lintelctl's files use too.
 * Black modules on white,
 * each module SCALE pixels square: the picture showing it only ever
 * scales the whole, so the code stays sharp enough for a phone camera.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-qr-texture"

#include "lt-qr-texture.h"

#include "lt-qr.h"

#include <string.h>

#define BYTES_PER_PIXEL 4 /* R8G8B8A8: GDK 4.8 has no grey-only format */
#define MAX_SCALE       64

/* The modules come from lt_qr_modules(), the one encoder (src/tools). */
GdkTexture *
lt_qr_texture_new (const char *text,
                   int         scale,
                   GError    **error)
{
  g_autofree guint8 *modules = NULL;
  g_autoptr (GBytes) bytes = NULL;
  guint8 *pixels;
  gsize   stride;
  int     size, side;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (scale >= 1 && scale <= MAX_SCALE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  modules = lt_qr_modules (text, &size, error);
  if (modules == NULL)
    return NULL;
  side = size * scale;
  stride = (gsize)side * BYTES_PER_PIXEL;
  /* All white and opaque; the dark modules are painted over it. */
  pixels = g_malloc ((gsize)side * stride);
  memset (pixels, 0xff, (gsize)side * stride);
  for (int y = 0; y < size; y++) {
    for (int x = 0; x < size; x++) {
      if (!modules[y * size + x])
        continue;
      for (int row = y * scale; row < (y + 1) * scale; row++) {
        guint8 *p = pixels + (gsize)row * stride + (gsize)x * scale * BYTES_PER_PIXEL;

        for (int i = 0; i < scale; i++, p += BYTES_PER_PIXEL)
          p[0] = p[1] = p[2] = 0;
      }
    }
  }
  bytes = g_bytes_new_take (pixels, (gsize)side * stride);
  return gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8A8, bytes, stride);
}
