/* lt-engine-host.h: the engine in a thread of its own, seen from the UI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-engine.h"

G_BEGIN_DECLS

#define LT_TYPE_ENGINE_HOST (lt_engine_host_get_type ())
G_DECLARE_FINAL_TYPE (LtEngineHost, lt_engine_host, LT, ENGINE_HOST, GObject)

typedef void (*LtDecisionFunc) (LtEngineHost     *host,
                                LtMethod          method,
                                const LtDecision *decision,
                                gpointer          user_data);
typedef void (*LtStaffFunc)    (LtEngineHost     *host,
                                LtStaffResult     result,
                                const LtPerson   *staff,
                                guint             retry_after_s,
                                gpointer          user_data);
typedef void (*LtTextFunc)     (LtEngineHost     *host,
                                const char       *text,
                                gpointer          user_data);
/* token is NULL on failure, with a message a guard can read in error. */
typedef void (*LtPassFunc)     (LtEngineHost     *host,
                                const char       *token,
                                gint64            pass_id,
                                const char       *error,
                                gpointer          user_data);

LtEngineHost   *lt_engine_host_new            (LtConfig      *config,
                                               GError       **error);
void            lt_engine_host_shutdown       (LtEngineHost  *self);
const LtConfig *lt_engine_host_get_config     (LtEngineHost  *self);
gboolean        lt_engine_host_has_simulator  (LtEngineHost  *self);

void            lt_engine_host_present        (LtEngineHost  *self,
                                               LtMethod       method,
                                               const char    *unit,
                                               const char    *credential,
                                               LtDecisionFunc callback,
                                               gpointer       user_data);
void            lt_engine_host_identify_staff (LtEngineHost  *self,
                                               LtMethod       method,
                                               const char    *credential,
                                               LtStaffFunc    callback,
                                               gpointer       user_data);
void            lt_engine_host_capture_next_card (LtEngineHost *self,
                                                  gboolean      capture);
void            lt_engine_host_remote_unlock  (LtEngineHost  *self,
                                               gint64         staff_id);
void            lt_engine_host_acknowledge_alarm (LtEngineHost *self,
                                                  gint64        staff_id);
void            lt_engine_host_test_unlock    (LtEngineHost  *self,
                                               gint64         technician_id);
void            lt_engine_host_sim_command    (LtEngineHost  *self,
                                               const char    *command,
                                               LtTextFunc     callback,
                                               gpointer       user_data);

gboolean        lt_engine_host_get_unlocked   (LtEngineHost  *self);
gboolean        lt_engine_host_get_open       (LtEngineHost  *self);
LtAlarm         lt_engine_host_get_alarm      (LtEngineHost  *self);
gint64          lt_engine_host_get_relock_time (LtEngineHost *self);
gboolean        lt_engine_host_get_line_state (LtEngineHost  *self,
                                               LtLineRole     role,
                                               gboolean      *active);
void            lt_engine_host_flush          (LtEngineHost  *self);
void            lt_engine_host_issue_pass     (LtEngineHost  *self,
                                               const char    *unit,
                                               gint64         valid_from_us,
                                               gint64         valid_until_us,
                                               guint          max_uses,
                                               gint64         guard_id,
                                               const char    *visitor_name,
                                               LtPassFunc     callback,
                                               gpointer       user_data);
void            lt_engine_host_revoke_pass    (LtEngineHost  *self,
                                               gint64         pass_id,
                                               gint64         guard_id,
                                               LtTextFunc     callback,
                                               gpointer       user_data);

G_END_DECLS
