/* lt-test-util.h: scratch directories, configs and stores for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-config.h"
#include "lt-secret.h"
#include "lt-store.h"

G_BEGIN_DECLS

typedef struct {
  char     *dir;          /* a fresh directory, removed at the end */
  char     *config_path;  /* dir/lintel.conf */
  char     *db_path;      /* dir/state/lintel.db */
  char     *key_dir;      /* dir/keys */
  LtConfig *config;
  LtSecret *secret;
  LtStore  *store;
} LtFixture;

void     lt_fixture_setup      (LtFixture     *fixture,
                                gconstpointer  extra_config);
void     lt_fixture_teardown   (LtFixture     *fixture,
                                gconstpointer  extra_config);
void     lt_fixture_write_config (LtFixture   *fixture,
                                  const char  *extra);
gint64   lt_fixture_add_resident (LtFixture   *fixture,
                                  const char  *unit,
                                  const char  *name,
                                  const char  *pin,
                                  const char  *card);
gboolean lt_test_file_contains (const char    *path,
                                const guint8  *needle,
                                gsize          length);
void     lt_test_rm_rf         (const char    *path);
gint64   lt_test_local_time    (int            year,
                                int            month,
                                int            day,
                                int            hour,
                                int            minute);

gboolean lt_test_under_qemu_user (void);
gboolean lt_test_skip_without_eviocgrab (void);

G_END_DECLS
