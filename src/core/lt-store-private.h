/* lt-store-private.h: what core modules and tests may see of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "lt-store.h"

G_BEGIN_DECLS

sqlite3      *lt_store_get_db        (LtStore    *self);
sqlite3_stmt *lt_store_prepare       (LtStore    *self,
                                      const char *sql,
                                      GError    **error);
void          lt_store_scrub         (LtStore    *self);
const char   *lt_store_migration_sql (guint       version);

G_END_DECLS
