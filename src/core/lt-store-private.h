/* lt-store-private.h: what core modules and tests may see of the store
 *
 * The store is one class split over several files (lt-store*.c): these
 * are the internals they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "lt-store.h"

G_BEGIN_DECLS

sqlite3      *lt_store_get_db            (LtStore      *self);
sqlite3_stmt *lt_store_prepare           (LtStore      *self,
                                          const char   *sql,
                                          GError      **error);
gboolean      lt_store_scrub             (LtStore      *self,
                                          GError      **error);
const char   *lt_store_migration_sql     (guint         version);
GPtrArray    *lt_store_get_pending       (LtStore      *self);

gboolean      lt_store_db_error          (LtStore      *self,
                                          GError      **error,
                                          const char   *what);
char         *lt_store_column_dup        (sqlite3_stmt *stmt,
                                          int           column);
void          lt_store_bind_text_or_null (sqlite3_stmt *stmt,
                                          int           index,
                                          const char   *text);

G_END_DECLS
