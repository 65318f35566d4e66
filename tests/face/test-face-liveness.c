/* test-face-liveness.c: the active liveness challenge on landmark tracks
 *
 * Tracks are built from landmarks and descriptors face-api computed on its
 * demo pictures (the reference outputs): "recorded" tracks string real
 * poses together, synthetic ones move the nose and lips of one real face.
 * The end-to-end case feeds the engine's own output on a still picture,
 * frame after frame: it must never pass. face-fixtures.sh runs this under
 * no-writes.sh, which fails it if anything is written to disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-face-test.h"
#include "lt-face-liveness.h"
#include "lt-face-match.h"

#include <string.h>

#define FRAME_US (G_USEC_PER_SEC / 10)

static GPtrArray *ref_faces; /* LtFace from the reference at 416 */

static void
load_reference_faces (void)
{
  g_autoptr (JsonObject) ref = lt_face_test_reference (416);
  JsonArray *images = json_object_get_array_member (ref, "images");

  ref_faces = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_face_free);
  for (guint i = 0; i < json_array_get_length (images); i++) {
    JsonArray *faces = json_object_get_array_member (json_array_get_object_element (images, i), "faces");

    for (guint k = 0; k < json_array_get_length (faces); k++) {
      JsonObject *f = json_array_get_object_element (faces, k);
      JsonArray  *lm = json_object_get_array_member (f, "landmarks");
      JsonArray  *desc = json_object_get_array_member (f, "descriptor");
      LtFace     *face = g_new0 (LtFace, 1);

      for (guint p = 0; p < LT_FACE_N_LANDMARKS; p++)
        for (guint c = 0; c < 2; c++)
          face->landmarks[p][c] = json_array_get_double_element (json_array_get_array_element (lm, p), c);
      for (guint d = 0; d < LT_FACE_DESCRIPTOR_LEN; d++)
        face->descriptor[d] = (float)json_array_get_double_element (desc, d);
      face->has_landmarks = face->has_descriptor = TRUE;
      g_ptr_array_add (ref_faces, face);
    }
  }
  g_assert_cmpuint (ref_faces->len, ==, 20);
}

/* Real faces by pose: A and B two people looking straight with a closed
 * mouth, and one real face turned each way. */
static const LtFace *
find_face (gboolean (*want) (const LtFacePose *pose), guint skip)
{
  for (guint i = 0; i < ref_faces->len; i++) {
    LtFacePose pose;

    lt_face_pose (g_ptr_array_index (ref_faces, i), &pose);
    if (want (&pose) && skip-- == 0)
      return g_ptr_array_index (ref_faces, i);
  }
  g_assert_not_reached ();
}

static gboolean
want_neutral (const LtFacePose *p)
{
  return p->yaw > 0.4 && p->yaw < 0.6 && p->mouth < 0.1;
}
static gboolean
want_left (const LtFacePose *p)
{
  return p->yaw > 0.72 && p->mouth < 0.25;
}
static gboolean
want_right (const LtFacePose *p)
{
  return p->yaw < 0.25 && p->mouth < 0.25;
}

/* One real face with its nose turned or its lips apart. */
static LtFace *
synthetic (const LtFace *base, LtFaceAction action, gboolean with_descriptor)
{
  LtFace *f = g_memdup2 (base, sizeof *base);
  double  jaw = base->landmarks[16][0] - base->landmarks[0][0];
  double  mouth = base->landmarks[64][0] - base->landmarks[60][0];

  if (action == LT_FACE_ACTION_TURN_LEFT || action == LT_FACE_ACTION_TURN_RIGHT)
    for (int p = 27; p <= 35; p++)
      f->landmarks[p][0] += (action == LT_FACE_ACTION_TURN_LEFT ? 0.3 : -0.3) * jaw;
  if (action == LT_FACE_ACTION_OPEN_MOUTH) {
    /* The lower lip and the inner lower lip drop. */
    for (int p = 55; p <= 59; p++)
      f->landmarks[p][1] += 0.6 * mouth;
    for (int p = 65; p <= 67; p++)
      f->landmarks[p][1] += 0.6 * mouth;
  }
  f->has_descriptor = with_descriptor;
  return f;
}

#define NEUTRAL ((LtFaceAction)-1)

typedef struct {
  gint64          t;
  LtFaceLiveness *live;
} Clock;

static LtFaceLivenessState
feed_n (Clock *c, const LtFace *face, guint n)
{
  LtFaceLivenessState s = LT_FACE_LIVENESS_RUNNING;

  for (guint i = 0; i < n; i++) {
    s = lt_face_liveness_feed (c->live, c->t, face);
    c->t += FRAME_US;
  }
  return s;
}

static LtFaceLivenessState
feed_pose (Clock *c, const LtFace *base, LtFaceAction action, guint n, gboolean with_descriptor)
{
  g_autoptr (LtFace) f = synthetic (base, action, with_descriptor);

  return feed_n (c, f, n);
}

static void
test_random_actions (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  guint seen[3][3] = { { 0 } };

  for (int i = 0; i < 300; i++) {
    g_autoptr (LtFaceLiveness) live = lt_face_liveness_new (rand, 0.45);
    LtFaceAction a = lt_face_liveness_get_action (live, 0), b = lt_face_liveness_get_action (live, 1);

    g_assert_cmpint (a, !=, b);
    g_assert_cmpint (a, <=, LT_FACE_ACTION_OPEN_MOUTH);
    g_assert_cmpint (b, <=, LT_FACE_ACTION_OPEN_MOUTH);
    seen[a][b]++;
  }
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 3; b++)
      if (a != b)
        g_assert_cmpuint (seen[a][b], >, 20);
  g_assert_nonnull (lt_face_action_prompt (LT_FACE_ACTION_OPEN_MOUTH));
}

static void
test_synthetic_pass (void)
{
  const LtFace *a = find_face (want_neutral, 0);

  for (int first = 0; first < 3; first++)
    for (int second = 0; second < 3; second++) {
      g_autoptr (LtFaceLiveness) live = NULL;
      Clock c = { 1000000, NULL };

      if (first == second)
        continue;
      c.live = live = lt_face_liveness_new_with_actions (first, second, 0.45);
      g_assert_cmpint (feed_pose (&c, a, NEUTRAL, 3, TRUE), ==, LT_FACE_LIVENESS_RUNNING);
      g_assert_cmpint (feed_pose (&c, a, first, 3, FALSE), ==, LT_FACE_LIVENESS_RUNNING);
      g_assert_cmpuint (lt_face_liveness_get_done (live), ==, 1);
      g_assert_cmpint (feed_pose (&c, a, NEUTRAL, 2, FALSE), ==, LT_FACE_LIVENESS_RUNNING);
      g_assert_cmpint (feed_pose (&c, a, second, 3, FALSE), ==, LT_FACE_LIVENESS_RUNNING);
      g_assert_cmpuint (lt_face_liveness_get_done (live), ==, 2);
      /* Passed only on a frontal frame of the same person. */
      g_assert_cmpint (feed_pose (&c, a, NEUTRAL, 1, FALSE), ==, LT_FACE_LIVENESS_RUNNING);
      g_assert_cmpint (feed_pose (&c, a, NEUTRAL, 1, TRUE), ==, LT_FACE_LIVENESS_PASSED);
    }
}

static void
test_wrong_order_times_out (void)
{
  const LtFace *a = find_face (want_neutral, 0);
  g_autoptr (LtFaceLiveness) live = lt_face_liveness_new_with_actions (LT_FACE_ACTION_TURN_LEFT,
                                                                       LT_FACE_ACTION_OPEN_MOUTH, 0.45);
  Clock c = { 5, live };

  feed_pose (&c, a, NEUTRAL, 3, TRUE);
  feed_pose (&c, a, LT_FACE_ACTION_OPEN_MOUTH, 5, FALSE);
  feed_pose (&c, a, NEUTRAL, 3, TRUE);
  feed_pose (&c, a, LT_FACE_ACTION_TURN_RIGHT, 5, FALSE);
  g_assert_cmpuint (lt_face_liveness_get_done (live), ==, 0);
  g_assert_cmpint (feed_pose (&c, a, NEUTRAL, 80, TRUE), ==, LT_FACE_LIVENESS_FAILED_TIMEOUT);
}

static void
test_needs_neutral_and_hold (void)
{
  const LtFace *a = find_face (want_neutral, 0);
  g_autoptr (LtFaceLiveness) live = lt_face_liveness_new_with_actions (LT_FACE_ACTION_TURN_LEFT,
                                                                       LT_FACE_ACTION_TURN_RIGHT, 0.45);
  Clock c = { 5, live };

  feed_pose (&c, a, NEUTRAL, 2, TRUE);
  /* One frame is not an action: it could be a glitch. */
  feed_pose (&c, a, LT_FACE_ACTION_TURN_LEFT, 1, FALSE);
  feed_pose (&c, a, NEUTRAL, 1, FALSE);
  g_assert_cmpuint (lt_face_liveness_get_done (live), ==, 0);
  feed_pose (&c, a, LT_FACE_ACTION_TURN_LEFT, 2, FALSE);
  g_assert_cmpuint (lt_face_liveness_get_done (live), ==, 1);
  /* Straight from left to right, without a neutral frame: not counted. */
  feed_pose (&c, a, LT_FACE_ACTION_TURN_RIGHT, 4, FALSE);
  g_assert_cmpuint (lt_face_liveness_get_done (live), ==, 1);
  feed_pose (&c, a, NEUTRAL, 1, FALSE);
  feed_pose (&c, a, LT_FACE_ACTION_TURN_RIGHT, 2, FALSE);
  g_assert_cmpuint (lt_face_liveness_get_done (live), ==, 2);
}

static void
test_other_person_at_end (void)
{
  const LtFace *a = find_face (want_neutral, 0), *b = find_face (want_neutral, 1);
  g_autoptr (LtFaceLiveness) live = lt_face_liveness_new_with_actions (LT_FACE_ACTION_OPEN_MOUTH,
                                                                       LT_FACE_ACTION_TURN_RIGHT, 0.45);
  Clock c = { 5, live };

  g_assert_cmpfloat (lt_face_distance (a->descriptor, b->descriptor), >, 0.45);
  feed_pose (&c, a, NEUTRAL, 2, TRUE);
  feed_pose (&c, a, LT_FACE_ACTION_OPEN_MOUTH, 3, FALSE);
  feed_pose (&c, b, NEUTRAL, 2, FALSE);
  feed_pose (&c, b, LT_FACE_ACTION_TURN_RIGHT, 3, FALSE);
  g_assert_cmpint (feed_pose (&c, b, NEUTRAL, 1, TRUE), ==, LT_FACE_LIVENESS_FAILED_IDENTITY);
  /* Final: later frames change nothing. */
  g_assert_cmpint (feed_pose (&c, a, NEUTRAL, 1, TRUE), ==, LT_FACE_LIVENESS_FAILED_IDENTITY);
}

static void
test_too_slow (void)
{
  const LtFace *a = find_face (want_neutral, 0);
  g_autoptr (LtFaceLiveness) live = lt_face_liveness_new_with_actions (LT_FACE_ACTION_TURN_LEFT,
                                                                       LT_FACE_ACTION_TURN_RIGHT, 0.45);
  Clock c = { 5, live };

  feed_pose (&c, a, NEUTRAL, 2, TRUE);
  feed_pose (&c, a, LT_FACE_ACTION_TURN_LEFT, 3, FALSE);
  feed_n (&c, NULL, 75); /* nobody in front of the camera for 7.5 s */
  feed_pose (&c, a, NEUTRAL, 2, FALSE);
  g_assert_cmpint (feed_pose (&c, a, LT_FACE_ACTION_TURN_RIGHT, 3, FALSE), ==, LT_FACE_LIVENESS_FAILED_TIMEOUT);
  g_assert_cmpuint (lt_face_liveness_get_done (live), ==, 1);
}

/* Real poses, one after the other, as a person would give them. */
static void
test_recorded_track (void)
{
  const LtFace *a = find_face (want_neutral, 0);
  const LtFace *left = find_face (want_left, 0), *right = find_face (want_right, 0);
  g_autoptr (LtFaceLiveness) live = lt_face_liveness_new_with_actions (LT_FACE_ACTION_TURN_RIGHT,
                                                                       LT_FACE_ACTION_TURN_LEFT, 0.45);
  Clock c = { 5, live };

  feed_n (&c, a, 3);
  feed_n (&c, right, 3);
  feed_n (&c, a, 3);
  feed_n (&c, left, 3);
  g_assert_cmpuint (lt_face_liveness_get_done (live), ==, 2);
  g_assert_cmpint (feed_n (&c, a, 1), ==, LT_FACE_LIVENESS_PASSED);
}

/* Every real face of the demo pictures, shown still for 10 s against
 * every challenge: never a pass. */
static void
test_still_faces_never_pass (void)
{
  for (guint i = 0; i < ref_faces->len; i++)
    for (int first = 0; first < 3; first++)
      for (int second = 0; second < 3; second++) {
        g_autoptr (LtFaceLiveness) live = NULL;
        Clock c = { 5, NULL };

        if (first == second)
          continue;
        c.live = live = lt_face_liveness_new_with_actions (first, second, 0.45);
        for (int k = 0; k < 150; k++)
          g_assert_cmpint (feed_n (&c, g_ptr_array_index (ref_faces, i), 1), !=, LT_FACE_LIVENESS_PASSED);
        g_assert_cmpint (lt_face_liveness_get_state (live), ==, LT_FACE_LIVENESS_FAILED_TIMEOUT);
      }
}

/* The engine on a still picture, frame after frame, end to end. */
static void
test_still_picture_end_to_end (void)
{
  g_autoptr (LtImage) image = lt_face_test_picture ("sample2.png");
  LtFaceImage view = lt_face_test_view (image);
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autoptr (LtFaceLiveness) live = lt_face_liveness_new (rand, LT_FACE_DEFAULT_THRESHOLD);
  gint64 t = 5;
  guint  frames = 0;

  while (lt_face_liveness_get_state (live) == LT_FACE_LIVENESS_RUNNING) {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) faces = lt_face_engine_describe (lt_face_test_engine (), &view, 320, &error);

    g_assert_no_error (error);
    g_assert_nonnull (lt_face_largest (faces));
    lt_face_liveness_feed (live, t, lt_face_largest (faces));
    t += G_USEC_PER_SEC / 5;
    frames++;
  }
  g_test_message ("still picture: %u frames, then %d", frames, lt_face_liveness_get_state (live));
  g_assert_cmpint (lt_face_liveness_get_state (live), ==, LT_FACE_LIVENESS_FAILED_TIMEOUT);
  g_assert_cmpuint (frames, ==, 41);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  load_reference_faces ();
  g_test_add_func ("/face/liveness/random-actions", test_random_actions);
  g_test_add_func ("/face/liveness/synthetic-pass", test_synthetic_pass);
  g_test_add_func ("/face/liveness/wrong-order-times-out", test_wrong_order_times_out);
  g_test_add_func ("/face/liveness/needs-neutral-and-hold", test_needs_neutral_and_hold);
  g_test_add_func ("/face/liveness/other-person-at-end", test_other_person_at_end);
  g_test_add_func ("/face/liveness/too-slow", test_too_slow);
  g_test_add_func ("/face/liveness/recorded-track", test_recorded_track);
  g_test_add_func ("/face/liveness/still-faces-never-pass", test_still_faces_never_pass);
  g_test_add_func ("/face/liveness/still-picture-end-to-end", test_still_picture_end_to_end);
  status = g_test_run ();
  g_clear_pointer (&ref_faces, g_ptr_array_unref);
  return status;
}
