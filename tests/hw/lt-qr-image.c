/* lt-qr-image.c: grey frames and PNG files showing QR codes, for the
 * camera tests and the QR benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-qr-image.h"

#include <errno.h>
#include <png.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

/* A Lintel-like pass: "LT1:" and 156 base32 characters, 160 in all. */
char *
lt_qr_image_pass_text (guint32 seed)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  GString *text = g_string_new ("LT1:");

  while (text->len < 160)
    g_string_append_c (text, alphabet[g_rand_int_range (rand, 0, 32)]);
  return g_string_free (text, FALSE);
}

/* A white GRAY8 frame with the code for text (error correction M) in its
 * centre, module_px pixels a module; text NULL gives a blank frame.
 * *modules, if given, receives the code's width in modules. */
guint8 *
lt_qr_image_render (const char *text,
                    guint       width,
                    guint       height,
                    double      module_px,
                    guint      *modules)
{
  guint8 *gray = g_malloc ((gsize)width * height);
  QRcode *qr;
  double  size, x0, y0;

  memset (gray, 0xff, (gsize)width * height);
  if (modules != NULL)
    *modules = 0;
  if (text == NULL)
    return gray;

  qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  g_assert (qr != NULL);
  if (modules != NULL)
    *modules = (guint)qr->width;
  size = qr->width * module_px;
  x0 = (width - size) / 2.0;
  y0 = (height - size) / 2.0;
  for (guint y = 0; y < height; y++) {
    int my = (int)((y + 0.5 - y0) / module_px);

    if (y + 0.5 < y0 || my >= qr->width)
      continue;
    for (guint x = 0; x < width; x++) {
      int mx = (int)((x + 0.5 - x0) / module_px);

      if (x + 0.5 < x0 || mx >= qr->width)
        continue;
      if (qr->data[my * qr->width + mx] & 1)
        gray[(gsize)y * width + x] = 0;
    }
  }
  QRcode_free (qr);
  return gray;
}

gboolean
lt_qr_image_write_png (const char   *path,
                       const guint8 *gray,
                       guint         width,
                       guint         height,
                       GError      **error)
{
  FILE       *file = fopen (path, "wb");
  png_structp png;
  png_infop   info;

  if (file == NULL) {
    int saved_errno = errno;

    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 "%s: %s", path, g_strerror (saved_errno));
    return FALSE;
  }
  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png_create_info_struct (png);
  if (setjmp (png_jmpbuf (png))) {
    png_destroy_write_struct (&png, &info);
    fclose (file);
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: PNG encoding failed", path);
    return FALSE;
  }
  png_init_io (png, file);
  png_set_IHDR (png, info, width, height, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (guint y = 0; y < height; y++)
    png_write_row (png, (png_const_bytep)(gray + (gsize)y * width));
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  return fclose (file) == 0;
}

/* The frame as a baseline JPEG of the given quality (1-100), in memory;
 * free with g_free(). libjpeg's default error handler exits, which is what
 * a test helper wants for a frame it made itself. */
guint8 *
lt_qr_image_jpeg_encode (const guint8 *gray,
                         guint         width,
                         guint         height,
                         int           quality,
                         gsize        *size)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr       err;
  unsigned char              *mem = NULL;
  unsigned long               mem_size = 0;
  guint8                     *copy;

  cinfo.err = jpeg_std_error (&err);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &mem, &mem_size);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = 1;
  cinfo.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, quality, TRUE);
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < height) {
    JSAMPROW row = (JSAMPROW)(gray + (gsize)cinfo.next_scanline * width);

    jpeg_write_scanlines (&cinfo, &row, 1);
  }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  copy = g_memdup2 (mem, mem_size);
  *size = mem_size;
  free (mem);
  return copy;
}

/* The frame after a JPEG round trip at the given quality, in place. */
void
lt_qr_image_jpeg_degrade (guint8 *gray,
                          guint   width,
                          guint   height,
                          int     quality)
{
  struct jpeg_decompress_struct cinfo;
  struct jpeg_error_mgr         err;
  g_autofree guint8            *data = NULL;
  gsize                         size;

  data = lt_qr_image_jpeg_encode (gray, width, height, quality, &size);
  cinfo.err = jpeg_std_error (&err);
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, size);
  jpeg_read_header (&cinfo, TRUE);
  cinfo.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress (&cinfo);
  g_assert (cinfo.output_width == width && cinfo.output_height == height);
  while (cinfo.output_scanline < height) {
    JSAMPROW row = gray + (gsize)cinfo.output_scanline * width;

    jpeg_read_scanlines (&cinfo, &row, 1);
  }
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
}

gboolean
lt_qr_image_write_jpeg (const char   *path,
                        const guint8 *gray,
                        guint         width,
                        guint         height,
                        int           quality,
                        GError      **error)
{
  g_autofree guint8 *data = NULL;
  gsize              size;

  data = lt_qr_image_jpeg_encode (gray, width, height, quality, &size);
  return g_file_set_contents (path, (const char *)data, (gssize)size, error);
}
