/* lt-engine-private.h: test hooks of the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-engine.h"

G_BEGIN_DECLS

void lt_engine_set_capture_timeout (LtEngine *self,
                                    guint     timeout_ms);

G_END_DECLS
