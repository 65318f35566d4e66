/* lt-door-banner.h: the door's alarm as residents see it, on every
 * resident screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include "lt-host.h"

G_BEGIN_DECLS

#define LT_TYPE_DOOR_BANNER (lt_door_banner_get_type ())
G_DECLARE_FINAL_TYPE (LtDoorBanner, lt_door_banner, LT, DOOR_BANNER, GtkBox)

GtkWidget  *lt_door_banner_new       (LtHost       *host);
const char *lt_door_banner_get_words (LtDoorBanner *self);

G_END_DECLS
