/* lt-engine.h: reader → decision → door → event, wired once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-access.h"
#include "lt-config.h"
#include "lt-camera.h"
#include "lt-door.h"
#include "lt-host-types.h"
#include "lt-sim-hardware.h"
#include "lt-staff.h"
#include "lt-store.h"

G_BEGIN_DECLS

#define LT_ENGINE_ERROR (lt_engine_error_quark ())
GQuark lt_engine_error_quark (void);

typedef enum {
  LT_ENGINE_ERROR_NO_SIMULATOR,
  LT_ENGINE_ERROR_NO_CAMERA,
} LtEngineError;

#define LT_TYPE_ENGINE (lt_engine_get_type ())
G_DECLARE_FINAL_TYPE (LtEngine, lt_engine, LT, ENGINE, GObject)

LtEngine       *lt_engine_new           (LtConfig             *config,
                                         GError              **error);
LtEngine       *lt_engine_new_borrowed  (const LtConfig       *config,
                                         GError              **error);
void            lt_engine_present       (LtEngine             *self,
                                         const LtPresentation *presentation,
                                         LtDecision           *decision);
gboolean        lt_engine_remote_unlock (LtEngine             *self,
                                         gint64                staff_id,
                                         GError              **error);
void            lt_engine_shutdown      (LtEngine             *self);
void            lt_engine_capture_next_card (LtEngine         *self,
                                         gboolean              capture);
LtStaffResult   lt_engine_identify_staff (LtEngine            *self,
                                         LtMethod              method,
                                         const char           *credential,
                                         LtPerson            **staff,
                                         guint                *retry_after_s);
void            lt_engine_call_guard        (LtEngine         *self);
void            lt_engine_acknowledge_alarm (LtEngine         *self,
                                         gint64                staff_id);
gboolean        lt_engine_test_unlock   (LtEngine             *self,
                                         gint64                technician_id,
                                         GError              **error);
gboolean        lt_engine_get_line_state (LtEngine            *self,
                                         LtLineRole            role,
                                         gboolean             *active);
gboolean        lt_engine_start_scan    (LtEngine             *self,
                                         GError              **error);
void            lt_engine_stop_scan     (LtEngine             *self);
gboolean        lt_engine_has_camera    (LtEngine             *self);
LtCamera       *lt_engine_get_camera    (LtEngine             *self);
gboolean        lt_engine_simulate      (LtEngine             *self,
                                         LtSimAction           action,
                                         const char           *argument,
                                         GError              **error);
char           *lt_engine_issue_pass    (LtEngine             *self,
                                         const LtPassRequest  *request,
                                         gint64               *pass_id,
                                         GError              **error);
gboolean        lt_engine_revoke_pass   (LtEngine             *self,
                                         gint64                pass_id,
                                         gint64                guard_id,
                                         GError              **error);
gboolean        lt_engine_restore_pass  (LtEngine             *self,
                                         gint64                pass_id,
                                         gint64                guard_id,
                                         GError              **error);
char           *lt_engine_dup_pass_token (LtEngine            *self,
                                         gint64                pass_id,
                                         GError              **error);

const LtConfig *lt_engine_get_config    (LtEngine             *self);
LtStore        *lt_engine_get_store     (LtEngine             *self);
LtDoor         *lt_engine_get_door      (LtEngine             *self);
LtSimHardware  *lt_engine_get_sim       (LtEngine             *self);
/* NULL unless [face] enabled=true. */
struct _LtFaceDoor *lt_engine_get_face  (LtEngine             *self);
/* The access rules, for a resident's sign-in at the terminal (dry runs). */
LtAccess       *lt_engine_get_access    (LtEngine             *self);

G_END_DECLS
