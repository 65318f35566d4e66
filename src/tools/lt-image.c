/* lt-image.c: PNG and JPEG files read into 8-bit RGB, for the tools
 *
 * The file is read whole and decoded from memory; the format is told by
 * its signature, not its name. A truncated JPEG is an error here, not the
 * grey lower half libjpeg would otherwise fill in: a technician checking
 * a pass must not be shown a decode of half a picture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-image"

#include "lt-image.h"

#include <glib/gi18n.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

G_DEFINE_QUARK (lt - image - error - quark, lt_image_error)

/* A 16000 x 16000 photo is already more than any camera of a door needs. */
#define MAX_PIXELS ((guint64)256 * 1000 * 1000)

static LtImage *
image_new (guint width,
           guint height)
{
  LtImage *image = g_new0 (LtImage, 1);

  image->width = width;
  image->height = height;
  image->stride = width * 3;
  image->rgb = g_malloc ((gsize)image->stride * height);
  return image;
}

void
lt_image_free (LtImage *image)
{
  if (image == NULL)
    return;
  g_free (image->rgb);
  g_free (image);
}

static gboolean
check_size (const char *path,
            guint       width,
            guint       height,
            GError    **error)
{
  if (width == 0 || height == 0 || width > G_MAXUINT / 4 || (guint64)width * height > MAX_PIXELS) {
    g_set_error (error, LT_IMAGE_ERROR, LT_IMAGE_ERROR_TOO_LARGE,
                 _ ("%s is %u x %u pixels, which cannot be read; scale the picture down "
                    "to a few megapixels and try again"),
                 path, width, height);
    return FALSE;
  }
  return TRUE;
}

static void
set_corrupt (const char *path,
             const char *kind,
             const char *detail,
             GError    **error)
{
  g_set_error (error, LT_IMAGE_ERROR, LT_IMAGE_ERROR_CORRUPT,
               _ ("%s is a damaged %s file (%s); save or copy it again"), path, kind, detail);
}

static LtImage *
load_png (const char   *path,
          const guint8 *data,
          gsize         size,
          GError      **error)
{
  png_image png;
  LtImage  *image;

  memset (&png, 0, sizeof png);
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory (&png, data, size)) {
    set_corrupt (path, "PNG", png.message, error);
    return NULL;
  }
  if (!check_size (path, png.width, png.height, error)) {
    png_image_free (&png);
    return NULL;
  }
  png.format = PNG_FORMAT_RGB;
  image = image_new (png.width, png.height);
  /* Transparent pixels are composed over white, like a viewer shows them. */
  {
    png_color white = { 255, 255, 255 };

    if (!png_image_finish_read (&png, &white, image->rgb, (png_int_32)image->stride, NULL)) {
      set_corrupt (path, "PNG", png.message, error);
      png_image_free (&png);
      lt_image_free (image);
      return NULL;
    }
  }
  return image;
}

typedef struct {
  struct jpeg_error_mgr parent;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
} JpegError;

static void
jpeg_on_error (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *)cinfo->err;

  err->parent.format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

static void
jpeg_on_message (j_common_ptr cinfo,
                 int          level)
{
  JpegError *err = (JpegError *)cinfo->err;

  /* Warnings about damaged data are kept quiet; the end of the data
   * coming too early is fatal (see the top of the file). */
  if (level < 0 && err->parent.msg_code == JWRN_JPEG_EOF)
    jpeg_on_error (cinfo);
}

/* Separate from load_jpeg() so that nothing setjmp() saw changes after it. */
static gboolean
decode_jpeg (struct jpeg_decompress_struct *cinfo,
             JpegError                     *err,
             const char                    *path,
             const guint8                  *data,
             gsize                          size,
             LtImage                      **out,
             GError                       **error)
{
  if (setjmp (err->jump)) {
    set_corrupt (path, "JPEG", err->message, error);
    return FALSE;
  }
  jpeg_mem_src (cinfo, data, (unsigned long)size);
  jpeg_read_header (cinfo, TRUE);
  if (!check_size (path, cinfo->image_width, cinfo->image_height, error))
    return FALSE;
  cinfo->out_color_space = JCS_RGB;
  jpeg_start_decompress (cinfo);
  *out = image_new (cinfo->output_width, cinfo->output_height);
  while (cinfo->output_scanline < cinfo->output_height) {
    JSAMPROW row = (*out)->rgb + (gsize)cinfo->output_scanline * (*out)->stride;

    jpeg_read_scanlines (cinfo, &row, 1);
  }
  jpeg_finish_decompress (cinfo);
  return TRUE;
}

static LtImage *
load_jpeg (const char   *path,
           const guint8 *data,
           gsize         size,
           GError      **error)
{
  struct jpeg_decompress_struct cinfo;
  JpegError                     err;
  LtImage                      *image = NULL;
  gboolean                      ok;

  memset (&err, 0, sizeof err);
  cinfo.err = jpeg_std_error (&err.parent);
  err.parent.error_exit = jpeg_on_error;
  err.parent.emit_message = jpeg_on_message;
  jpeg_create_decompress (&cinfo);
  ok = decode_jpeg (&cinfo, &err, path, data, size, &image, error);
  jpeg_destroy_decompress (&cinfo);
  if (!ok) {
    lt_image_free (image);
    return NULL;
  }
  return image;
}

LtImage *
lt_image_load (const char *path,
               GError    **error)
{
  static const guint8 jpeg_magic[] = { 0xff, 0xd8, 0xff };
  g_autofree char    *contents = NULL;
  g_autoptr (GError) local = NULL;
  gsize size;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &size, &local)) {
    g_set_error (error, LT_IMAGE_ERROR, LT_IMAGE_ERROR_OPEN,
                 _ ("Cannot read the picture: %s"), local->message);
    return NULL;
  }
  if (size >= 8 && png_sig_cmp ((png_const_bytep)contents, 0, 8) == 0)
    return load_png (path, (const guint8 *)contents, size, error);
  if (size >= sizeof jpeg_magic && memcmp (contents, jpeg_magic, sizeof jpeg_magic) == 0)
    return load_jpeg (path, (const guint8 *)contents, size, error);
  g_set_error (error, LT_IMAGE_ERROR, LT_IMAGE_ERROR_FORMAT,
               _ ("%s is neither a PNG nor a JPEG picture; save it as PNG or JPEG and try again"),
               path);
  return NULL;
}

/* Luma as BT.601 weighs it (what a camera's Y plane holds), one byte a
 * pixel, rows of width bytes. Free with g_free(). */
guint8 *
lt_image_to_grey (const LtImage *image)
{
  guint8 *grey;

  g_return_val_if_fail (image != NULL, NULL);

  grey = g_malloc ((gsize)image->width * image->height);
  for (guint y = 0; y < image->height; y++) {
    const guint8 *in = image->rgb + (gsize)y * image->stride;
    guint8       *out = grey + (gsize)y * image->width;

    for (guint x = 0; x < image->width; x++, in += 3)
      out[x] = (guint8)((77 * in[0] + 150 * in[1] + 29 * in[2] + 128) >> 8);
  }
  return grey;
}
