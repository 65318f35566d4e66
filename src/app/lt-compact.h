/* lt-compact.h: a "compact" style class for short panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void lt_compact_update (GtkWindow *window);
void lt_compact_follow (GtkWindow *window);

G_END_DECLS
