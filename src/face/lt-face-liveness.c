/* lt-face-liveness.c: two random actions, judged on landmark tracks
 *
 * Thresholds from face-api's landmarks on its demo pictures: people
 * looking roughly at the camera have yaw 0.3-0.7 and a closed or smiling
 * mouth 0.0-0.3; a turn must pass 0.7 (or 0.3), an open mouth 0.4, and a
 * neutral frame must be within 0.15 of straight with the mouth under 0.25.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-face"

#include "lt-face-liveness.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define NEUTRAL_YAW   0.15
#define NEUTRAL_MOUTH 0.25
#define TURN_YAW      0.20
#define OPEN_MOUTH    0.40
#define MOUTH_MAX_YAW 0.20
#define HOLD_FRAMES   2

struct _LtFaceLiveness {
  LtFaceAction        actions[LT_FACE_LIVENESS_N_ACTIONS];
  double              threshold;
  LtFaceLivenessState state;
  gint64              start_us;
  guint               done;
  gboolean            seen_neutral; /* since the last action: each action starts from neutral */
  guint               held;         /* consecutive frames showing the current action */
  gboolean            has_reference;
  float               reference[LT_FACE_DESCRIPTOR_LEN];
};

LtFaceLiveness *
lt_face_liveness_new_with_actions (LtFaceAction first, LtFaceAction second, double threshold)
{
  LtFaceLiveness *self = g_new0 (LtFaceLiveness, 1);

  g_return_val_if_fail (first != second, NULL);
  self->actions[0] = first;
  self->actions[1] = second;
  self->threshold = threshold;
  self->state = LT_FACE_LIVENESS_RUNNING;
  return self;
}

LtFaceLiveness *
lt_face_liveness_new (GRand *rand, double threshold)
{
  int first = rand ? g_rand_int_range (rand, 0, 3) : g_random_int_range (0, 3);
  int offset = rand ? g_rand_int_range (rand, 1, 3) : g_random_int_range (1, 3);

  return lt_face_liveness_new_with_actions (first, (first + offset) % 3, threshold);
}

void
lt_face_liveness_free (LtFaceLiveness *self)
{
  if (self == NULL)
    return;
  lt_nn_wipe (self, sizeof *self);
  g_free (self);
}

LtFaceAction
lt_face_liveness_get_action (LtFaceLiveness *self, guint index)
{
  g_return_val_if_fail (index < LT_FACE_LIVENESS_N_ACTIONS, LT_FACE_ACTION_TURN_LEFT);
  return self->actions[index];
}

guint
lt_face_liveness_get_done (LtFaceLiveness *self)
{
  return self->done;
}

LtFaceLivenessState
lt_face_liveness_get_state (LtFaceLiveness *self)
{
  return self->state;
}

static double
dist (const LtFace *f, int a, int b)
{
  return hypot (f->landmarks[a][0] - f->landmarks[b][0], f->landmarks[a][1] - f->landmarks[b][1]);
}

void
lt_face_pose (const LtFace *face, LtFacePose *pose)
{
  double jaw = face->landmarks[16][0] - face->landmarks[0][0];
  double width = dist (face, 60, 64);
  double gap = (dist (face, 61, 67) + dist (face, 62, 66) + dist (face, 63, 65)) / 3;

  pose->yaw = fabs (jaw) > 1e-6 ? (face->landmarks[30][0] - face->landmarks[0][0]) / jaw : 0.5;
  pose->mouth = width > 1e-6 ? gap / width : 0;
}

static gboolean
is_neutral (const LtFacePose *pose)
{
  return fabs (pose->yaw - 0.5) <= NEUTRAL_YAW && pose->mouth < NEUTRAL_MOUTH;
}

static gboolean
shows (const LtFacePose *pose, LtFaceAction action)
{
  switch (action) {
  case LT_FACE_ACTION_TURN_LEFT:
    return pose->yaw > 0.5 + TURN_YAW;
  case LT_FACE_ACTION_TURN_RIGHT:
    return pose->yaw < 0.5 - TURN_YAW;
  case LT_FACE_ACTION_OPEN_MOUTH:
    return pose->mouth > OPEN_MOUTH && fabs (pose->yaw - 0.5) <= MOUTH_MAX_YAW;
  default:
    return FALSE;
  }
}

LtFaceLivenessState
lt_face_liveness_feed (LtFaceLiveness *self, gint64 time_us, const LtFace *face)
{
  LtFacePose pose;

  if (self->state != LT_FACE_LIVENESS_RUNNING)
    return self->state;
  if (self->start_us == 0)
    self->start_us = time_us;
  if (time_us - self->start_us >= LT_FACE_LIVENESS_TIMEOUT_US)
    return self->state = LT_FACE_LIVENESS_FAILED_TIMEOUT;
  if (face == NULL || !face->has_landmarks) {
    self->held = 0;
    return self->state;
  }
  lt_face_pose (face, &pose);

  /* The challenge starts with a frontal frame that gives the reference. */
  if (!self->has_reference) {
    if (is_neutral (&pose) && face->has_descriptor) {
      memcpy (self->reference, face->descriptor, sizeof self->reference);
      self->has_reference = TRUE;
      self->seen_neutral = TRUE;
    }
    return self->state;
  }
  if (self->done == LT_FACE_LIVENESS_N_ACTIONS) {
    /* And ends with one that must be the same person. */
    if (is_neutral (&pose) && face->has_descriptor)
      self->state = lt_face_distance (self->reference, face->descriptor) < self->threshold
                      ? LT_FACE_LIVENESS_PASSED
                      : LT_FACE_LIVENESS_FAILED_IDENTITY;
    return self->state;
  }
  if (is_neutral (&pose)) {
    self->seen_neutral = TRUE;
    self->held = 0;
  } else if (self->seen_neutral && shows (&pose, self->actions[self->done])) {
    if (++self->held >= HOLD_FRAMES) {
      self->done++;
      self->held = 0;
      self->seen_neutral = FALSE;
    }
  } else
    self->held = 0;
  return self->state;
}

const char *
lt_face_action_prompt (LtFaceAction action)
{
  switch (action) {
  case LT_FACE_ACTION_TURN_LEFT:
    return _ ("Turn your head to your left");
  case LT_FACE_ACTION_TURN_RIGHT:
    return _ ("Turn your head to your right");
  case LT_FACE_ACTION_OPEN_MOUTH:
    return _ ("Open your mouth");
  default:
    return "";
  }
}
