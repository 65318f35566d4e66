/* lt-face-error.h: the face engine's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_FACE_ERROR (lt_face_error_quark ())

typedef enum {
  LT_FACE_ERROR_MODEL_MISSING,   /* a model file is not there */
  LT_FACE_ERROR_MODEL_ALTERED,   /* wrong size or SHA-256: truncated or changed */
  LT_FACE_ERROR_MODEL_INVALID,   /* a manifest or shard that does not parse */
  LT_FACE_ERROR_IMAGE,           /* a picture the engine cannot use */
  LT_FACE_ERROR_ARGUMENT,        /* a call with values out of range */
} LtFaceError;

GQuark lt_face_error_quark (void);

G_END_DECLS
