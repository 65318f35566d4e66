/* lt-camera.h: the camera, on only while someone scans a QR code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lt-config.h"  /* LtCameraConfig */

G_BEGIN_DECLS

#define LT_CAMERA_ERROR (lt_camera_error_quark ())
GQuark lt_camera_error_quark (void);

typedef enum {
  LT_CAMERA_ERROR_INIT,
  LT_CAMERA_ERROR_MISSING_ELEMENT,
  LT_CAMERA_ERROR_START,
} LtCameraError;

#define LT_TYPE_CAMERA (lt_camera_get_type ())
G_DECLARE_FINAL_TYPE (LtCamera, lt_camera, LT, CAMERA, GObject)

LtCamera *lt_camera_new          (const LtCameraConfig *config);
gboolean  lt_camera_start        (LtCamera             *self,
                                  GError              **error);
void      lt_camera_stop         (LtCamera             *self);
gboolean  lt_camera_get_running  (LtCamera             *self);
gboolean  lt_camera_has_pipeline (LtCamera             *self);
char     *lt_camera_dup_pipeline_description (LtCamera *self);
gpointer  lt_camera_peek_pipeline (LtCamera *self);

G_END_DECLS
