/* lt-face-page.h: a tap on Face — the camera, the challenge, and on
 * failure every other way in, one tap away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-app-types.h"

G_BEGIN_DECLS

#define LT_TYPE_FACE_PAGE (lt_face_page_get_type ())
G_DECLARE_FINAL_TYPE (LtFacePage, lt_face_page, LT, FACE_PAGE, GtkWidget)

/* Starts the recognition at once: it is made for a tap on Face. */
GtkWidget  *lt_face_page_new      (LtHost     *host);
/* For tests: "camera" or "failed". */
const char *lt_face_page_get_view (LtFacePage *self);

G_END_DECLS
