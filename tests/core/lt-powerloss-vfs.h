/* lt-powerloss-vfs.h: a SQLite VFS in which a power cut loses every write
 * not yet synced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Called before every write and every sync of the database and its
 * journals: the real files hold what a power cut at this moment would
 * leave. They change only at a sync. */
typedef void (*LtPowerlossCut) (gpointer data,
                                gboolean sync);

/* Makes the wrapper the default VFS (once) and sets the callback. */
void        lt_powerloss_vfs_install    (LtPowerlossCut func,
                                         gpointer       data);
/* The wrapped VFS, for connections that must see the real files. */
const char *lt_powerloss_vfs_real_name  (void);
void        lt_powerloss_vfs_counts     (guint64       *writes,
                                         guint64       *syncs);

G_END_DECLS
