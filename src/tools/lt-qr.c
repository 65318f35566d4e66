/* lt-qr.c: a pass token drawn as a QR code, in PNG or SVG
 *
 * Level M, with libqrencode picking the smallest version: a token is all
 * upper-case base32, so it is coded in alphanumeric mode and the longest
 * pass fits version 7, big enough to scan from a phone screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-qr"

#include "lt-qr.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <png.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK (lt - qr - error - quark, lt_qr_error)

#define MODULE_PIXELS 8
#define QUIET_MODULES 4 /* the margin the QR standard asks for */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, QRcode_free)

static QRcode *
encode (const char *text,
        GError    **error)
{
  QRcode *code;

  errno = 0;
  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL) {
    int saved = errno;
    g_set_error (error, LT_QR_ERROR, LT_QR_ERROR_ENCODE,
                 _ ("Cannot make a QR code of the pass: %s"),
                 saved == ERANGE ? _ ("it is too long") : g_strerror (saved));
  }
  return code;
}

int
lt_qr_version (const char *text,
               GError    **error)
{
  g_autoptr (QRcode) code = encode (text, error);

  return code ? code->version : 0;
}

/* The code's modules with the quiet zone around them, *SIZE a side, one
 * byte each: 1 dark, 0 light. The one QR encoder of Lintel: lintelctl's
 * PNG and SVG files and the kiosk's texture draw these. */
guint8 *
lt_qr_modules (const char *text,
               int        *size,
               GError    **error)
{
  g_autoptr (QRcode) code = NULL;
  guint8 *modules;
  int     side;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (size != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  code = encode (text, error);
  if (code == NULL)
    return NULL;
  side = code->width + 2 * QUIET_MODULES;
  modules = g_malloc0 ((gsize)side * (gsize)side);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      modules[(y + QUIET_MODULES) * side + x + QUIET_MODULES] = code->data[y * code->width + x] & 1;
  *size = side;
  return modules;
}

static gboolean
dark (const QRcode *code,
      int           x,
      int           y)
{
  x -= QUIET_MODULES;
  y -= QUIET_MODULES;
  return x >= 0 && y >= 0 && x < code->width && y < code->width && (code->data[y * code->width + x] & 1) != 0;
}

static gboolean
write_error (const char *path,
             int         saved,
             GError    **error)
{
  g_set_error (error, LT_QR_ERROR, LT_QR_ERROR_WRITE,
               _ ("Cannot write the QR code to %s: %s"), path, g_strerror (saved));
  return FALSE;
}

/* 1-bit greyscale, MODULE_PIXELS to a module. */
gboolean
lt_qr_write_png (const char *text,
                 const char *path,
                 GError    **error)
{
  g_autoptr (QRcode) code = encode (text, error);
  g_autofree guint8 *row = NULL;
  png_structp        png = NULL;
  png_infop          info = NULL;
  int                modules, pixels;
  FILE              *file;

  if (code == NULL)
    return FALSE;
  modules = code->width + 2 * QUIET_MODULES;
  pixels = modules * MODULE_PIXELS;
  row = g_malloc ((gsize)(pixels + 7) / 8);

  file = g_fopen (path, "wb");
  if (file == NULL)
    return write_error (path, errno, error);
  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png != NULL ? png_create_info_struct (png) : NULL;
  if (info == NULL || setjmp (png_jmpbuf (png))) {
    png_destroy_write_struct (&png, &info);
    fclose (file);
    g_unlink (path);
    return write_error (path, EIO, error);
  }
  png_init_io (png, file);
  png_set_IHDR (png, info, (png_uint_32)pixels, (png_uint_32)pixels, 1, PNG_COLOR_TYPE_GRAY,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (int y = 0; y < pixels; y++) {
    memset (row, 0xff, (gsize)(pixels + 7) / 8);
    for (int x = 0; x < pixels; x++)
      if (dark (code, x / MODULE_PIXELS, y / MODULE_PIXELS))
        row[x / 8] &= (guint8) ~(0x80 >> (x % 8));
    png_write_row (png, row);
  }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  if (fclose (file) != 0) {
    int saved = errno;
    g_unlink (path);
    return write_error (path, saved, error);
  }
  return TRUE;
}

/* One path of unit squares on a white ground, in module units: it scales
 * to any size without blurring. */
gboolean
lt_qr_write_svg (const char *text,
                 const char *path,
                 GError    **error)
{
  g_autoptr (QRcode) code = encode (text, error);
  g_autoptr (GString) svg = NULL;
  g_autoptr (GError) local_error = NULL;
  int modules;

  if (code == NULL)
    return FALSE;
  modules = code->width + 2 * QUIET_MODULES;
  svg = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf (svg,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 %d %d\""
                          " width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\">\n"
                          "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"",
                          modules, modules, modules * MODULE_PIXELS, modules * MODULE_PIXELS, modules, modules);
  for (int y = 0; y < modules; y++)
    for (int x = 0; x < modules; x++)
      if (dark (code, x, y))
        g_string_append_printf (svg, "M%d %dh1v1h-1z", x, y);
  g_string_append (svg, "\"/>\n</svg>\n");

  if (!g_file_set_contents (path, svg->str, (gssize)svg->len, &local_error)) {
    g_set_error (error, LT_QR_ERROR, LT_QR_ERROR_WRITE,
                 _ ("Cannot write the QR code to %s: %s"), path, local_error->message);
    return FALSE;
  }
  return TRUE;
}
