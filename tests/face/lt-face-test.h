/* lt-face-test.h: what the face tests share
 *
 * The models and reference outputs are prepared by face-fixtures.sh, which
 * runs every face test and exports LT_FACE_MODELS and LT_FACE_REFERENCE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lt-face-engine.h"
#include "lt-image.h"

G_BEGIN_DECLS

/* The engine on the prepared models, loaded once per test program. */
LtFaceEngine *lt_face_test_engine      (void);
const char   *lt_face_test_models_dir  (void);
/* A prepared picture by name ("sample1.png"), loaded with lt-image. */
LtImage      *lt_face_test_picture     (const char *name);
LtFaceImage   lt_face_test_view        (const LtImage *image);
/* The reference outputs at one detector input size. */
JsonObject   *lt_face_test_reference   (int input_size);
/* A copy of the picture's @x, @y, @w, @h rectangle. */
LtImage      *lt_face_test_crop        (const LtImage *image, int x, int y, int w, int h);
LtImage      *lt_face_test_copy        (const LtImage *image);
/* The picture through JPEG at @quality and back (libjpeg, in memory). */
LtImage      *lt_face_test_jpeg        (const LtImage *image, int quality);
/* Writes a PNG file (for the command-line tests' inputs). */
void          lt_face_test_write_png   (const LtImage *image, const char *path);
void          lt_face_test_image_free  (LtImage *image);

G_END_DECLS
