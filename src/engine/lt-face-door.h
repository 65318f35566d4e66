/* lt-face-door.h: face entry at the door, for those who opted in
 *
 * Enrolment (after the resident signed in and consented, with a guardian's
 * PIN for a minor), recognition (a tap on Face) and withdrawal, all owned by
 * the engine. The camera starts only for an enrolment or a tap (R5) and
 * stops when the attempt ends; frames are described off the main loop
 * (GTask) and never written anywhere (R14). A recognised face is decided
 * by the same access decision as a PIN or a card, method `face` (R4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lt-access.h"
#include "lt-config.h"
#include "lt-secret.h"
#include "lt-store.h"

G_BEGIN_DECLS

#define LT_FACE_DOOR_ERROR (lt_face_door_error_quark ())
GQuark lt_face_door_error_quark (void);

typedef enum {
  LT_FACE_DOOR_ERROR_SIGN_IN,     /* unit and PIN do not name a resident who may sign in */
  LT_FACE_DOOR_ERROR_GUARDIAN,    /* a minor without a valid guardian PIN */
  LT_FACE_DOOR_ERROR_BUSY,        /* another face attempt is running */
  LT_FACE_DOOR_ERROR_CAMERA,      /* no camera, or it failed */
  LT_FACE_DOOR_ERROR_LIVENESS,    /* the challenge was not passed in time */
  LT_FACE_DOOR_ERROR_DISABLED,    /* [face] enabled=false */
  LT_FACE_DOOR_ERROR_MODELS,      /* the face models could not be loaded */
} LtFaceDoorError;

/* What the engine lends the face door; all borrowed, outliving it. */
typedef struct {
  const LtConfig *config;
  LtStore        *store;
  const LtSecret *secret;
  LtAccess       *access;         /* sign-in checks: dry runs, nothing opens */
  GObject        *camera;         /* an LtCamera, or NULL without one */
  GObject        *engine;         /* an LtEngine: decisions go through it */
} LtFaceDoorContext;

#define LT_TYPE_FACE_DOOR (lt_face_door_get_type ())
G_DECLARE_FINAL_TYPE (LtFaceDoor, lt_face_door, LT, FACE_DOOR, GObject)

LtFaceDoor *lt_face_door_new           (const LtFaceDoorContext *context,
                                        GError                 **error);
/* Whether the lobby may offer Face: enabled and somebody enrolled. */
gboolean    lt_face_door_available     (LtFaceDoor          *self);
gboolean    lt_face_door_get_busy      (LtFaceDoor          *self);
/* Resident sign-in at the terminal: the resident's id, or 0 and an error. */
gint64      lt_face_door_sign_in       (LtFaceDoor          *self,
                                        const char          *unit,
                                        const char          *pin,
                                        GError             **error);
gboolean    lt_face_door_decline       (LtFaceDoor          *self,
                                        gint64               resident_id,
                                        GError             **error);
/* Whether @resident_id may enrol now: the guardian's id for a minor (their
 * adult of the same unit entered their own PIN), 0 when none is needed,
 * -1 and an error when the resident is a minor without one (R9). */
gint64      lt_face_door_check_consent (LtFaceDoor          *self,
                                        gint64               resident_id,
                                        const char          *guardian_pin,
                                        GError             **error);
/* Starts the camera and the challenge; finishes with the resident's id,
 * or -1 and an error. */
void        lt_face_door_enrol_async   (LtFaceDoor          *self,
                                        gint64               resident_id,
                                        const char          *guardian_pin,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gint64      lt_face_door_enrol_finish  (LtFaceDoor          *self,
                                        GAsyncResult        *result,
                                        GError             **error);
/* A tap on Face: starts the camera; the decision is announced by the
 * engine like any other; finishes with the resident let in, 0 for a
 * refusal, or -1 and an error when no face was checked. */
void        lt_face_door_recognise_async (LtFaceDoor        *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gint64      lt_face_door_recognise_finish (LtFaceDoor       *self,
                                        GAsyncResult        *result,
                                        GError             **error);
gboolean    lt_face_door_withdraw      (LtFaceDoor          *self,
                                        gint64               resident_id,
                                        GError             **error);
/* Ends a running attempt (the camera stops; its caller gets
 * G_IO_ERROR_CANCELLED). The engine calls it before it shuts down. */
void        lt_face_door_cancel        (LtFaceDoor          *self);
/* Retention (R11): run at start and every few hours by the engine. */
guint       lt_face_door_purge_due     (LtFaceDoor          *self);
/* Loads the models now rather than at the first attempt. */
gboolean    lt_face_door_preload       (LtFaceDoor          *self,
                                        GError             **error);

G_END_DECLS
