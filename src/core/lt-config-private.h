/* lt-config-private.h: what lt-config.c and lt-config-file.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* NULL with *saved_errno set when the file cannot be opened; NULL with
 * error set when it is no regular file or too large. */
char     *lt_config_read_file            (const char *path,
                                          int        *saved_errno,
                                          GError    **error);
gboolean  lt_config_check_duplicate_keys (const char *data,
                                          const char *name,
                                          GError    **error);

G_END_DECLS
