/* lt-import.h: residents from a spreadsheet, all or nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-config.h"
#include "lt-secret.h"
#include "lt-store.h"

G_BEGIN_DECLS

#define LT_IMPORT_ERROR (lt_import_error_quark ())
GQuark lt_import_error_quark (void);

typedef enum {
  LT_IMPORT_ERROR_READ,
  LT_IMPORT_ERROR_INVALID,
} LtImportError;

gboolean lt_import_residents (LtStore        *store,
                              const LtConfig *config,
                              const LtSecret *secret,
                              const char     *contents,
                              gsize           length,
                              guint          *n_imported,
                              GError        **error);

GPtrArray *lt_csv_parse_line (const char **cursor,
                              const char  *end,
                              gboolean    *ok);

G_END_DECLS
