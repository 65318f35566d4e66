/* lt-engine.h: reader → decision → door → event, wired once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-access.h"
#include "lt-config.h"
#include "lt-door.h"
#include "lt-sim-hardware.h"
#include "lt-store.h"

G_BEGIN_DECLS

#define LT_TYPE_ENGINE (lt_engine_get_type ())
G_DECLARE_FINAL_TYPE (LtEngine, lt_engine, LT, ENGINE, GObject)

LtEngine       *lt_engine_new           (LtConfig             *config,
                                         GError              **error);
void            lt_engine_present       (LtEngine             *self,
                                         const LtPresentation *presentation,
                                         LtDecision           *decision);
gboolean        lt_engine_remote_unlock (LtEngine             *self,
                                         gint64                staff_id,
                                         GError              **error);
void            lt_engine_shutdown      (LtEngine             *self);

const LtConfig *lt_engine_get_config    (LtEngine             *self);
LtStore        *lt_engine_get_store     (LtEngine             *self);
LtDoor         *lt_engine_get_door      (LtEngine             *self);
LtSimHardware  *lt_engine_get_sim       (LtEngine             *self);

G_END_DECLS
