/* lt-config.h: the terminal's configuration file, loaded and validated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-method.h"

G_BEGIN_DECLS

#define LT_CONFIG_ERROR (lt_config_error_quark ())
GQuark lt_config_error_quark (void);

typedef enum {
  LT_CONFIG_ERROR_READ,
  LT_CONFIG_ERROR_SYNTAX,
  LT_CONFIG_ERROR_INVALID,
} LtConfigError;

#define LT_CONFIG_ENV "LINTEL_CONFIG"

typedef enum {
  LT_LOCK_FAIL_SECURE,
  LT_LOCK_FAIL_SAFE,
} LtLockType;

typedef struct {
  char      *name;
  guint      unlock_seconds;
  guint      held_open_seconds;
  guint      methods;            /* LT_METHOD_BIT() set */
  gboolean   relock_on_close;
  LtLockType lock_type;
} LtDoorConfig;

typedef struct {
  char      *path;               /* the file read, or NULL for built-in defaults */
  GKeyFile  *keyfile;

  char      *database;
  char      *key_dir;
  char      *backend;            /* "gpiod" or "sim" */

  char      *door;               /* the door this terminal controls */
  char      *building;
  char      *language;
  char      *unit_pattern;

  guint      lockout_failures;
  guint      lockout_seconds;
  guint      lockout_max_seconds;
  guint      reader_lockout_failures;

  gboolean   face_enabled;

  GPtrArray *doors;              /* LtDoorConfig*, the terminal's door first */
} LtConfig;

const char         *lt_config_default_path (void);
LtConfig           *lt_config_load         (const char     *path,
                                            GError        **error);
LtConfig           *lt_config_load_data    (const char     *data,
                                            const char     *name,
                                            GError        **error);
void                lt_config_free         (LtConfig       *config);
const LtDoorConfig *lt_config_get_door     (const LtConfig *config,
                                            const char     *name);
gboolean            lt_config_unit_valid   (const LtConfig *config,
                                            const char     *unit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtConfig, lt_config_free)

G_END_DECLS
