/* lt-engine-link.h: the out-of-service screen while the engine is away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lt-remote-host.h"

G_BEGIN_DECLS

#define LT_TYPE_ENGINE_LINK (lt_engine_link_get_type ())
G_DECLARE_FINAL_TYPE (LtEngineLink, lt_engine_link, LT, ENGINE_LINK, GObject)

LtEngineLink *lt_engine_link_new        (GtkApplication *application,
                                         LtRemoteHost   *host);
GtkWindow    *lt_engine_link_get_screen (LtEngineLink   *self);

G_END_DECLS
