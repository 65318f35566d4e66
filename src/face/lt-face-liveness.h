/* lt-face-liveness.h: an active liveness challenge on landmark tracks
 *
 * The person is asked for two actions drawn at random from turning the
 * head left, turning it right and opening the mouth. Each must be seen
 * starting from a neutral pose (head straight, mouth closed) and held
 * for two frames, in the order asked, within 8 seconds; the descriptor of
 * a frontal frame at the start and at the end must be the same person. A
 * still picture has one pose only, so it never passes, however long it is
 * shown. Blinks are not used: face-api's landmarks draw open eyes on
 * closed ones.
 *
 * Left and right are the person's own, in a camera picture that is not
 * mirrored: turning to one's left moves the nose tip (point 30) towards
 * the jaw end at point 16.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-face-engine.h"

G_BEGIN_DECLS

#define LT_FACE_LIVENESS_TIMEOUT_US (8 * G_USEC_PER_SEC)
#define LT_FACE_LIVENESS_N_ACTIONS 2

typedef enum {
  LT_FACE_ACTION_TURN_LEFT,
  LT_FACE_ACTION_TURN_RIGHT,
  LT_FACE_ACTION_OPEN_MOUTH,
} LtFaceAction;

typedef enum {
  LT_FACE_LIVENESS_RUNNING,
  LT_FACE_LIVENESS_PASSED,
  LT_FACE_LIVENESS_FAILED_TIMEOUT,
  LT_FACE_LIVENESS_FAILED_IDENTITY,
} LtFaceLivenessState;

/* What a frame's landmarks say about the pose. */
typedef struct {
  double yaw;     /* nose tip between the jaw ends: 0.5 straight, up to 1 turned to the person's left */
  double mouth;   /* inner-lip gap over inner mouth width */
} LtFacePose;

typedef struct _LtFaceLiveness LtFaceLiveness;

/* Two different actions drawn from @rand (NULL: GLib's global one). */
LtFaceLiveness      *lt_face_liveness_new          (GRand          *rand,
                                                    double          threshold);
LtFaceLiveness      *lt_face_liveness_new_with_actions (LtFaceAction first,
                                                    LtFaceAction    second,
                                                    double          threshold);
void                 lt_face_liveness_free         (LtFaceLiveness *self);
LtFaceAction         lt_face_liveness_get_action   (LtFaceLiveness *self,
                                                    guint           index);
/* How many actions were seen so far (0-2). */
guint                lt_face_liveness_get_done     (LtFaceLiveness *self);
LtFaceLivenessState  lt_face_liveness_get_state    (LtFaceLiveness *self);
/* One camera frame at @time_us (monotonic): @face is the largest face in
 * it with landmarks (and a descriptor when one was computed), or NULL. */
LtFaceLivenessState  lt_face_liveness_feed         (LtFaceLiveness *self,
                                                    gint64          time_us,
                                                    const LtFace   *face);
void                 lt_face_pose                  (const LtFace   *face,
                                                    LtFacePose     *pose);
/* The instruction to show, translated. */
const char          *lt_face_action_prompt         (LtFaceAction    action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtFaceLiveness, lt_face_liveness_free)

G_END_DECLS
