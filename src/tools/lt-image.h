/* lt-image.h: PNG and JPEG files read into 8-bit RGB, for the tools
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_IMAGE_ERROR (lt_image_error_quark ())
GQuark lt_image_error_quark (void);

typedef enum {
  LT_IMAGE_ERROR_OPEN,      /* the file cannot be read */
  LT_IMAGE_ERROR_FORMAT,    /* neither PNG nor JPEG */
  LT_IMAGE_ERROR_CORRUPT,   /* PNG or JPEG, but damaged or truncated */
  LT_IMAGE_ERROR_TOO_LARGE, /* more pixels than a tool should hold */
} LtImageError;

/* 8-bit RGB, rows of stride bytes (stride >= 3 * width). EXIF orientation
 * is ignored: the pixels are as stored. */
typedef struct {
  guint   width;
  guint   height;
  guint   stride;
  guint8 *rgb;
} LtImage;

LtImage *lt_image_load    (const char    *path,
                           GError       **error);
guint8  *lt_image_to_grey (const LtImage *image);
void     lt_image_free    (LtImage       *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtImage, lt_image_free)

G_END_DECLS
