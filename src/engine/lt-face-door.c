/* lt-face-door.c: face entry at the door, for those who opted in
 *
 * One attempt at a time. The camera's mirrored preview frames (a few a
 * second) are turned back and described in a worker thread; the main loop
 * feeds the liveness challenge, collects the descriptors of an enrolment
 * or searches the gallery, and never waits for a frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-face-door"

#include "lt-face-door.h"
#include "lt-camera.h"
#include "lt-engine.h"
#include "lt-face-engine.h"
#include "lt-face-liveness.h"
#include "lt-face-match.h"
#include "lt-face-store.h"
#include "lt-notice.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_QUARK (lt - face - door - error - quark, lt_face_door_error)

/* Detector input for camera frames: face-api's accuracy at a third of 416's cost. */
#define FRAME_INPUT_SIZE 320
#define ENROL_CAPTURES   LT_FACE_MIN_TEMPLATES

typedef enum {
  ATTEMPT_ENROL,
  ATTEMPT_RECOGNISE,
} AttemptKind;

typedef struct {
  guint           serial; /* tells a late frame from this attempt's */
  AttemptKind     kind;
  GTask          *task;
  gint64          resident_id;
  gint64          guardian_id;
  LtFaceLiveness *liveness;    /* NULL with [face] liveness=off */
  GArray         *descriptors; /* floats, LT_FACE_TEMPLATE_LEN a capture */
  gboolean        frame_busy;  /* a frame is being described */
} Attempt;

struct _LtFaceDoor {
  GObject           parent_instance;
  LtFaceDoorContext context;
  GMutex            models_lock;
  LtFaceEngine     *models;  /* loaded on first use, in a worker */
  LtFaceGallery    *gallery; /* opened templates, main thread only */
  Attempt          *attempt;
  guint             serial;
  gulong            preview_id;
  gulong            stopped_id;
};

enum {
  SIGNAL_FACE_EVENT,
  SIGNAL_PROGRESS,
  N_SIGNALS,
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LtFaceDoor, lt_face_door, G_TYPE_OBJECT)

static void
attempt_free (Attempt *attempt)
{
  /* An attempt that saw no face has an empty array, whose data is NULL. */
  if (attempt->descriptors != NULL && attempt->descriptors->len > 0)
    explicit_bzero (attempt->descriptors->data, attempt->descriptors->len * sizeof (float));
  g_clear_pointer (&attempt->descriptors, g_array_unref);
  g_clear_pointer (&attempt->liveness, lt_face_liveness_free);
  g_clear_object (&attempt->task);
  g_free (attempt);
}

static void
emit_face_event (LtFaceDoor *self,
                 const char *action,
                 gint64      resident_id)
{
  g_signal_emit (self, signals[SIGNAL_FACE_EVENT], 0, action, resident_id);
}

/* What the person in front of the camera is asked to do now, as a word
 * the screen translates: "look" (no face yet), "turn-left", "turn-right",
 * "open-mouth" (the challenge), "hold-still" (captures being taken). */
static void
emit_progress (LtFaceDoor    *self,
               const Attempt *attempt,
               const LtFace  *face)
{
  static const char *const actions[] = { "turn-left", "turn-right", "open-mouth" };
  const char              *step = "look";
  guint                    captures = attempt->descriptors->len / LT_FACE_TEMPLATE_LEN;

  if (attempt->liveness != NULL && lt_face_liveness_get_state (attempt->liveness) == LT_FACE_LIVENESS_RUNNING) {
    guint done = lt_face_liveness_get_done (attempt->liveness);

    if (face != NULL && done < LT_FACE_LIVENESS_N_ACTIONS)
      step = actions[lt_face_liveness_get_action (attempt->liveness, done)];
  } else if (face != NULL) {
    step = "hold-still";
  }
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, step, captures,
                 attempt->kind == ATTEMPT_ENROL ? ENROL_CAPTURES : 0u);
}

/* ---- the camera, for one attempt ------------------------------------------ */

static void
camera_release (LtFaceDoor *self)
{
  LtCamera *camera = LT_CAMERA (self->context.camera);

  g_clear_signal_handler (&self->preview_id, camera);
  g_clear_signal_handler (&self->stopped_id, camera);
  lt_camera_stop (camera);
}

/* Ends the attempt: the camera stops first, then the caller hears. */
static void
attempt_fail (LtFaceDoor *self,
              GError     *error)
{
  Attempt *attempt;

  /* Released while the attempt is still on: the engine then knows the
   * camera's stop was a face attempt's, not a QR scan's. */
  camera_release (self);
  attempt = g_steal_pointer (&self->attempt);
  emit_face_event (self, "failed", attempt->resident_id);
  g_task_return_error (attempt->task, error);
  attempt_free (attempt);
}

typedef struct {
  GBytes *rgba;
  int     width;
  int     height;
  int     stride;
} Frame;

static void
frame_free (Frame *frame)
{
  g_bytes_unref (frame->rgba);
  g_free (frame);
}

static gboolean
ensure_models (LtFaceDoor *self,
               GError    **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->models_lock);

  if (self->models == NULL)
    self->models = lt_face_engine_new (self->context.config->face_models, error);
  return self->models != NULL;
}

/* Worker thread: the frame turned back (the preview is mirrored), then the
 * largest face with landmarks and descriptor, or NULL. Pixels are wiped. */
static void
describe_frame (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LtFaceDoor        *self = source;
  Frame             *frame = task_data;
  const guint8      *rgba = g_bytes_get_data (frame->rgba, NULL);
  gsize              size = (gsize)frame->width * frame->height * 3;
  g_autofree guint8 *rgb = g_malloc (size);
  LtFaceImage        image = { rgb, frame->width, frame->height, frame->width * 3 };
  g_autoptr (GPtrArray) faces = NULL;
  GError *error = NULL;
  LtFace *largest;

  if (!ensure_models (self, &error)) {
    g_task_return_error (task, error);
    return;
  }
  for (int y = 0; y < frame->height; y++)
    for (int x = 0; x < frame->width; x++) {
      const guint8 *in = rgba + (gsize)y * frame->stride + (gsize)(frame->width - 1 - x) * 4;
      guint8       *out = rgb + ((gsize)y * frame->width + x) * 3;
      out[0] = in[0];
      out[1] = in[1];
      out[2] = in[2];
    }
  faces = lt_face_engine_describe (self->models, &image, FRAME_INPUT_SIZE, &error);
  explicit_bzero (rgb, size);
  if (faces == NULL) {
    g_task_return_error (task, error);
    return;
  }
  largest = lt_face_largest (faces);
  if (largest != NULL) {
    guint index;
    g_assert (g_ptr_array_find (faces, largest, &index));
    g_ptr_array_steal_index (faces, index);
  }
  g_task_return_pointer (task, largest, (GDestroyNotify)lt_face_free);
}

static void
finish_enrol (LtFaceDoor *self)
{
  Attempt *attempt;
  g_autoptr (LtNotice) notice = lt_notice_load ("en", NULL, 1);
  const float *templates;
  guint        n;
  GError      *error = NULL;

  camera_release (self);
  attempt = g_steal_pointer (&self->attempt);
  templates = (const float *)(gpointer)attempt->descriptors->data;
  n = attempt->descriptors->len / LT_FACE_TEMPLATE_LEN;
  if (!lt_face_store_enrol (self->context.store, self->context.secret, attempt->resident_id, templates, n,
                            notice->version, self->context.config->door, attempt->guardian_id, &error)
      && !g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY)) {
    emit_face_event (self, "failed", attempt->resident_id);
    g_task_return_error (attempt->task, error);
    attempt_free (attempt);
    return;
  }
  g_clear_error (&error);
  lt_face_gallery_remove (self->gallery, attempt->resident_id);
  for (guint i = 0; i < n; i++)
    lt_face_gallery_add (self->gallery, attempt->resident_id, templates + (gsize)i * LT_FACE_TEMPLATE_LEN);
  emit_face_event (self, "enrolled", attempt->resident_id);
  g_task_return_int (attempt->task, attempt->resident_id);
  attempt_free (attempt);
}

/* The decision is the engine's, exactly as for a card: the same rules,
 * schedules, validity and lockouts, method face (R4). */
static void
finish_recognise (LtFaceDoor  *self,
                  const float *descriptor)
{
  Attempt       *attempt;
  LtPresentation presentation = { LT_METHOD_FACE, NULL, "camera", NULL, NULL, 0 };
  LtFaceMatch    match;
  LtDecision     decision;

  camera_release (self);
  attempt = g_steal_pointer (&self->attempt);
  if (lt_face_gallery_search (self->gallery, descriptor, &match) == LT_FACE_MATCH_FOUND)
    presentation.face_subject_id = match.resident_id;
  lt_engine_present (LT_ENGINE (self->context.engine), &presentation, &decision);
  if (decision.granted)
    lt_face_store_touch (self->context.store, decision.subject_id, g_get_real_time (), NULL);
  g_task_return_int (attempt->task, decision.granted ? decision.subject_id : 0);
  attempt_free (attempt);
}

static void
on_frame_described (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LtFaceDoor *self = LT_FACE_DOOR (source);
  Attempt    *attempt = self->attempt;
  g_autoptr (LtFace) face = NULL;
  GError  *error = NULL;
  gboolean live = TRUE;

  face = g_task_propagate_pointer (G_TASK (result), &error);
  if (attempt == NULL || attempt->serial != GPOINTER_TO_UINT (user_data)) {
    /* The attempt ended while this frame was described. */
    g_clear_error (&error);
    return;
  }
  attempt->frame_busy = FALSE;
  if (error != NULL) {
    attempt_fail (self, error);
    return;
  }
  if (attempt->liveness != NULL) {
    LtFaceLivenessState state = lt_face_liveness_feed (attempt->liveness, g_get_monotonic_time (), face);

    if (state == LT_FACE_LIVENESS_FAILED_TIMEOUT || state == LT_FACE_LIVENESS_FAILED_IDENTITY) {
      attempt_fail (self, g_error_new (LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_LIVENESS,
                                       _ ("The face check did not succeed; use your PIN, card or a QR code instead")));
      return;
    }
    live = state == LT_FACE_LIVENESS_PASSED;
  }
  if (!live || face == NULL || !face->has_descriptor) {
    emit_progress (self, attempt, face);
    return;
  }
  if (attempt->kind == ATTEMPT_RECOGNISE) {
    finish_recognise (self, face->descriptor);
    return;
  }
  g_array_append_vals (attempt->descriptors, face->descriptor, LT_FACE_TEMPLATE_LEN);
  emit_progress (self, attempt, face);
  if (attempt->descriptors->len >= ENROL_CAPTURES * LT_FACE_TEMPLATE_LEN)
    finish_enrol (self);
}

static void
on_preview (LtCamera *camera,
            GBytes   *data,
            int       width,
            int       height,
            int       stride,
            gpointer  user_data)
{
  LtFaceDoor *self = user_data;
  g_autoptr (GTask) task = NULL;
  Frame *frame;

  if (self->attempt == NULL || self->attempt->frame_busy)
    return;
  frame = g_new0 (Frame, 1);
  frame->rgba = g_bytes_ref (data);
  frame->width = width;
  frame->height = height;
  frame->stride = stride;
  self->attempt->frame_busy = TRUE;
  task = g_task_new (self, NULL, on_frame_described, GUINT_TO_POINTER (self->attempt->serial));
  g_task_set_name (task, "[lintel] face frame");
  g_task_set_task_data (task, frame, (GDestroyNotify)frame_free);
  g_task_run_in_thread (task, describe_frame);
}

static void
on_camera_stopped (LtCamera   *camera,
                   const char *reason,
                   gpointer    user_data)
{
  LtFaceDoor *self = user_data;

  if (self->attempt == NULL)
    return;
  attempt_fail (self, g_error_new (LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_CAMERA,
                                   _ ("The camera stopped (%s) before a face was seen; use your PIN, card or a QR code instead"),
                                   reason));
}

static gboolean
check_camera (LtFaceDoor *self,
              GError    **error)
{
  LtCamera *camera = LT_CAMERA (self->context.camera);

  if (!self->context.config->face_enabled) {
    g_set_error (error, LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_DISABLED,
                 _ ("Face entry is off at this terminal ([face] enabled=false)"));
    return FALSE;
  }
  if (self->attempt != NULL) {
    g_set_error (error, LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_BUSY, _ ("The camera is in use; try again in a moment"));
    return FALSE;
  }
  if (camera == NULL || lt_camera_get_running (camera)) {
    g_set_error (error, LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_CAMERA,
                 camera == NULL ? _ ("This terminal has no camera configured ([camera] source)")
                                : _ ("The camera is in use; try again in a moment"));
    return FALSE;
  }
  return TRUE;
}

/* Only a resident's request or a tap gets here (R5). @task completes when
 * the attempt ends, or now with an error when the camera cannot start. */
static void
attempt_start (LtFaceDoor *self,
               GTask      *task,
               AttemptKind kind,
               gint64      resident_id,
               gint64      guardian_id)
{
  LtCamera *camera = LT_CAMERA (self->context.camera);
  GError   *error = NULL;
  Attempt  *attempt;

  if (!check_camera (self, &error)) {
    g_task_return_error (task, error);
    return;
  }
  attempt = g_new0 (Attempt, 1);
  attempt->serial = ++self->serial;
  attempt->kind = kind;
  attempt->resident_id = resident_id;
  attempt->guardian_id = guardian_id;
  attempt->task = g_object_ref (task);
  if (g_str_equal (self->context.config->face_liveness, "challenge"))
    attempt->liveness = lt_face_liveness_new (NULL, self->context.config->face_threshold);
  attempt->descriptors = g_array_new (FALSE, TRUE, sizeof (float));
  self->attempt = attempt;
  self->preview_id = g_signal_connect (camera, "preview", G_CALLBACK (on_preview), self);
  self->stopped_id = g_signal_connect (camera, "stopped", G_CALLBACK (on_camera_stopped), self);
  if (!lt_camera_start (camera, &error)) {
    self->attempt = NULL;
    g_clear_signal_handler (&self->preview_id, camera);
    g_clear_signal_handler (&self->stopped_id, camera);
    attempt_free (attempt);
    g_task_return_error (task, error);
    return;
  }
  emit_progress (self, attempt, NULL);
}

/* ---- the public face of it ------------------------------------------------ */

static void
add_template (gint64       person_id,
              const float *descriptor,
              gpointer     user_data)
{
  lt_face_gallery_add (user_data, person_id, descriptor);
}

LtFaceDoor *
lt_face_door_new (const LtFaceDoorContext *context,
                  GError                 **error)
{
  g_autoptr (LtFaceDoor) self = NULL;

  g_return_val_if_fail (context != NULL && context->config != NULL, NULL);
  g_return_val_if_fail (LT_IS_STORE (context->store) && context->secret != NULL, NULL);
  g_return_val_if_fail (LT_IS_ACCESS (context->access), NULL);
  g_return_val_if_fail (LT_IS_ENGINE (context->engine), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LT_TYPE_FACE_DOOR, NULL);
  self->context = *context;
  self->gallery = lt_face_gallery_new (context->config->face_threshold, LT_FACE_DEFAULT_MARGIN);
  if (!lt_face_store_open_all (context->store, context->secret, add_template, self->gallery, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
lt_face_door_available (LtFaceDoor *self)
{
  g_return_val_if_fail (LT_IS_FACE_DOOR (self), FALSE);

  return self->context.config->face_enabled && self->context.camera != NULL && lt_face_gallery_size (self->gallery) > 0;
}

gboolean
lt_face_door_get_busy (LtFaceDoor *self)
{
  g_return_val_if_fail (LT_IS_FACE_DOOR (self), FALSE);

  return self->attempt != NULL;
}

gboolean
lt_face_door_preload (LtFaceDoor *self,
                      GError    **error)
{
  g_return_val_if_fail (LT_IS_FACE_DOOR (self), FALSE);

  return ensure_models (self, error);
}

/* Unit + PIN through the access rules without opening anything (a dry
 * run): a lockout, an expired resident or a wrong PIN cannot sign in. A
 * refusal is then decided for real, so that it is recorded and counts
 * towards the unit's and this reader's lockouts like one at the keypad. */
static gint64
check_pin (LtFaceDoor *self,
           const char *unit,
           const char *pin,
           LtReason   *reason)
{
  LtPresentation presentation = { LT_METHOD_PIN, NULL, "resident-menu", unit, pin, 0, TRUE, 0 };
  LtDecision     decision;

  lt_access_decide (self->context.access, &presentation, &decision);
  if (decision.reason != LT_REASON_OK) {
    presentation.dry_run = FALSE;
    lt_access_decide (self->context.access, &presentation, &decision);
  }
  *reason = decision.reason;
  return decision.reason == LT_REASON_OK && decision.subject_kind == LT_PERSON_RESIDENT ? decision.subject_id : 0;
}

gint64
lt_face_door_sign_in (LtFaceDoor *self,
                      const char *unit,
                      const char *pin,
                      GError    **error)
{
  LtReason reason;
  gint64   id;

  g_return_val_if_fail (LT_IS_FACE_DOOR (self), 0);
  g_return_val_if_fail (unit != NULL && pin != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  id = check_pin (self, unit, pin, &reason);
  if (id == 0)
    g_set_error (error, LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_SIGN_IN,
                 _ ("Unit and PIN do not match a resident who may sign in (%s)"), lt_reason_to_string (reason));
  return id;
}

gboolean
lt_face_door_decline (LtFaceDoor *self,
                      gint64      resident_id,
                      GError    **error)
{
  g_autoptr (LtNotice) notice = lt_notice_load ("en", NULL, 1);

  g_return_val_if_fail (LT_IS_FACE_DOOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lt_face_store_decline (self->context.store, self->context.secret, resident_id, notice->version,
                              self->context.config->door, error))
    return FALSE;
  emit_face_event (self, "declined", resident_id);
  return TRUE;
}

/* A minor's enrolment needs an adult of the same unit, by their own PIN (R9). */
static gint64
check_guardian (LtFaceDoor     *self,
                const LtPerson *minor,
                const char     *guardian_pin,
                GError        **error)
{
  g_autoptr (LtPerson) guardian = NULL;
  LtReason reason;
  gint64   id = guardian_pin != NULL ? check_pin (self, minor->unit, guardian_pin, &reason) : 0;

  if (id > 0 && id != minor->id)
    guardian = lt_store_get_person (self->context.store, id, NULL);
  if (guardian == NULL || guardian->minor) {
    g_set_error (error, LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_GUARDIAN,
                 _ ("%s is a minor: an adult resident of unit %s must enter their own PIN to consent"),
                 minor->name, minor->unit);
    return 0;
  }
  return id;
}

gint64
lt_face_door_check_consent (LtFaceDoor *self,
                            gint64      resident_id,
                            const char *guardian_pin,
                            GError    **error)
{
  g_autoptr (LtPerson) person = NULL;

  g_return_val_if_fail (LT_IS_FACE_DOOR (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  person = lt_store_get_person (self->context.store, resident_id, error);
  if (person == NULL)
    return -1;
  if (!person->minor)
    return 0;
  resident_id = check_guardian (self, person, guardian_pin, error);
  return resident_id > 0 ? resident_id : -1;
}

void
lt_face_door_enrol_async (LtFaceDoor         *self,
                          gint64              resident_id,
                          const char         *guardian_pin,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  gint64  guardian_id = 0;

  g_return_if_fail (LT_IS_FACE_DOOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lt_face_door_enrol_async);
  guardian_id = lt_face_door_check_consent (self, resident_id, guardian_pin, &error);
  if (guardian_id < 0) {
    g_task_return_error (task, error);
    return;
  }
  attempt_start (self, task, ATTEMPT_ENROL, resident_id, guardian_id);
}

gint64
lt_face_door_enrol_finish (LtFaceDoor   *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  return g_task_propagate_int (G_TASK (result), error);
}

void
lt_face_door_recognise_async (LtFaceDoor         *self,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (LT_IS_FACE_DOOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lt_face_door_recognise_async);
  attempt_start (self, task, ATTEMPT_RECOGNISE, 0, 0);
}

gint64
lt_face_door_recognise_finish (LtFaceDoor   *self,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  return g_task_propagate_int (G_TASK (result), error);
}

gboolean
lt_face_door_withdraw (LtFaceDoor *self,
                       gint64      resident_id,
                       GError    **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (LT_IS_FACE_DOOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* BUSY: deleted and recorded, the WAL is emptied at the next change. */
  if (!lt_face_store_remove (self->context.store, self->context.secret, resident_id, LT_CONSENT_WITHDRAW,
                             self->context.config->door, &local_error)
      && !g_error_matches (local_error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY)) {
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }
  lt_face_gallery_remove (self->gallery, resident_id);
  emit_face_event (self, "withdrawn", resident_id);
  return TRUE;
}

guint
lt_face_door_purge_due (LtFaceDoor *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GError) error = NULL;
  guint purged = 0;

  g_return_val_if_fail (LT_IS_FACE_DOOR (self), 0);

  before = lt_face_store_list (self->context.store, NULL);
  if (!lt_face_store_purge_due (self->context.store, self->context.secret, self->context.config->door, today,
                                self->context.config->face_unused_days, g_get_real_time (), &purged, &error))
    g_warning ("Face templates past their retention could not all be purged: %s", error->message);
  for (guint i = 0; before != NULL && purged > 0 && i < before->len; i++) {
    const LtFaceEnrolment *e = g_ptr_array_index (before, i);
    g_autoptr (LtFaceEnrolment) still = lt_face_store_get (self->context.store, e->person_id, NULL);

    if (still == NULL) {
      lt_face_gallery_remove (self->gallery, e->person_id);
      emit_face_event (self, "purged", e->person_id);
    }
  }
  return purged;
}

void
lt_face_door_cancel (LtFaceDoor *self)
{
  g_return_if_fail (LT_IS_FACE_DOOR (self));

  if (self->attempt != NULL)
    attempt_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The face attempt was cancelled")));
}

static void
lt_face_door_dispose (GObject *object)
{
  lt_face_door_cancel (LT_FACE_DOOR (object));
  G_OBJECT_CLASS (lt_face_door_parent_class)->dispose (object);
}

static void
lt_face_door_finalize (GObject *object)
{
  LtFaceDoor *self = LT_FACE_DOOR (object);

  g_clear_pointer (&self->gallery, lt_face_gallery_free);
  g_clear_object (&self->models);
  g_mutex_clear (&self->models_lock);
  G_OBJECT_CLASS (lt_face_door_parent_class)->finalize (object);
}

static void
lt_face_door_class_init (LtFaceDoorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lt_face_door_dispose;
  object_class->finalize = lt_face_door_finalize;

  /**
   * LtFaceDoor::face-event:
   * @action: "enrolled", "declined", "withdrawn", "purged" or "failed"
   * @resident_id: the resident concerned, 0 for a recognition that failed
   *
   * Never a template or a score.
   */
  signals[SIGNAL_FACE_EVENT] = g_signal_new ("face-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  /**
   * LtFaceDoor::progress:
   * @step: "look", "turn-left", "turn-right", "open-mouth" or "hold-still"
   * @captures: captures taken so far (enrolment)
   * @needed: captures an enrolment takes, 0 for a recognition
   */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);
}

static void
lt_face_door_init (LtFaceDoor *self)
{
  g_mutex_init (&self->models_lock);
}
