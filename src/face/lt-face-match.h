/* lt-face-match.h: 1:N search over enrolled face templates
 *
 * A gallery holds descriptors ("templates") of residents who enrolled,
 * several per resident. A query matches a resident when its distance to
 * that resident's nearest template is under the threshold AND the next
 * resident is at least the margin further away: two residents who look
 * alike get neither, and the door asks for another way in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Calibrated on face-api's demo pictures (see README, "Face engine"). */
#define LT_FACE_DEFAULT_THRESHOLD 0.45
#define LT_FACE_DEFAULT_MARGIN 0.05

typedef enum {
  LT_FACE_MATCH_NONE,        /* nobody under the threshold */
  LT_FACE_MATCH_AMBIGUOUS,   /* under the threshold, but a second resident is too close */
  LT_FACE_MATCH_FOUND,
} LtFaceMatchResult;

typedef struct {
  LtFaceMatchResult result;
  gint64 resident_id;        /* the nearest resident, 0 for an empty gallery */
  double distance;
  gint64 second_id;          /* the next nearest other resident, or 0 */
  double second_distance;    /* G_MAXDOUBLE when there is none */
} LtFaceMatch;

typedef struct _LtFaceGallery LtFaceGallery;

LtFaceGallery    *lt_face_gallery_new        (double         threshold,
                                              double         margin);
void              lt_face_gallery_free       (LtFaceGallery *gallery);
/* Copies the descriptor; @resident_id must be positive. */
void              lt_face_gallery_add        (LtFaceGallery *gallery,
                                              gint64         resident_id,
                                              const float   *descriptor);
/* Removes (and wipes) every template of one resident; returns how many. */
guint             lt_face_gallery_remove     (LtFaceGallery *gallery,
                                              gint64         resident_id);
guint             lt_face_gallery_size       (LtFaceGallery *gallery);
LtFaceMatchResult lt_face_gallery_search     (LtFaceGallery *gallery,
                                              const float   *descriptor,
                                              LtFaceMatch   *match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtFaceGallery, lt_face_gallery_free)

G_END_DECLS
