/* lt-test-util.c: scratch directories, configs and stores for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-time.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <linux/input.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void
lt_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL) {
    while ((name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *child = g_build_filename (path, name, NULL);
      lt_test_rm_rf (child);
    }
  }
  g_remove (path);
}

/* The config every fixture starts from, plus whatever a test adds. Groups
 * in extra must not repeat [store]. */
void
lt_fixture_write_config (LtFixture  *fixture,
                         const char *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[store]\ndatabase=%s\nkey-dir=%s\n\n[hardware]\nbackend=sim\n\n%s\n",
                                           fixture->db_path, fixture->key_dir, extra ? extra : "");

  g_assert_true (g_file_set_contents (fixture->config_path, text, -1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&fixture->config, lt_config_free);
  fixture->config = lt_config_load (fixture->config_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->config);
}

void
lt_fixture_setup (LtFixture    *fixture,
                  gconstpointer extra_config)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("lintel-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config_path = g_build_filename (fixture->dir, "lintel.conf", NULL);
  fixture->db_path = g_build_filename (fixture->dir, "state", "lintel.db", NULL);
  fixture->key_dir = g_build_filename (fixture->dir, "keys", NULL);
  lt_fixture_write_config (fixture, extra_config);

  g_assert_true (lt_secret_create (fixture->key_dir, &error));
  g_assert_no_error (error);
  fixture->secret = lt_secret_load (fixture->key_dir, &error);
  g_assert_no_error (error);
  fixture->store = lt_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
}

void
lt_fixture_teardown (LtFixture    *fixture,
                     gconstpointer extra_config)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  g_clear_pointer (&fixture->secret, lt_secret_free);
  g_clear_pointer (&fixture->config, lt_config_free);
  lt_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->config_path);
  g_free (fixture->db_path);
  g_free (fixture->key_dir);
}

/* Adds the unit if needed, then a resident with an optional PIN and card. */
gint64
lt_fixture_add_resident (LtFixture  *fixture,
                         const char *unit,
                         const char *name,
                         const char *pin,
                         const char *card)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!lt_store_unit_exists (fixture->store, unit)) {
    g_assert_true (lt_store_add_unit (fixture->store, unit, &error));
    g_assert_no_error (error);
  }
  id = lt_store_add_person (fixture->store, LT_PERSON_RESIDENT, unit, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (pin != NULL) {
    g_assert_true (lt_store_set_pin (fixture->store, fixture->secret, id, pin, FALSE, &error));
    g_assert_no_error (error);
  }
  if (card != NULL) {
    g_assert_true (lt_store_add_card (fixture->store, fixture->secret, id, card, &error));
    g_assert_no_error (error);
  }
  return id;
}

gboolean
lt_test_file_contains (const char   *path,
                       const guint8 *needle,
                       gsize         length)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &contents, &size, NULL))
    return FALSE;
  return size >= length && memmem (contents, size, needle, length) != NULL;
}

/* Tests run with TZ=Asia/Shanghai, so this is a time in Hangzhou. */
gint64
lt_test_local_time (int year,
                    int month,
                    int day,
                    int hour,
                    int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (year, month, day, hour, minute, 0);

  return lt_time_to_us (time);
}

/* Whether this program runs under qemu's user mode (the arm64 build's
 * tests): qemu answers EVIOCGRAB with ENOSYS, a real kernel on a pipe with
 * ENOTTY. */
gboolean
lt_test_under_qemu_user (void)
{
  int fds[2];
  gboolean emulated;

  if (pipe (fds) != 0)
    return FALSE;
  emulated = ioctl (fds[0], EVIOCGRAB, 1) != 0 && errno == ENOSYS;
  close (fds[0]);
  close (fds[1]);
  return emulated;
}

/* Call after g_test_init: under qemu's user mode, skips the whole program
 * (a TAP plan of 0 with the reason) and returns TRUE. */
gboolean
lt_test_skip_without_eviocgrab (void)
{
  if (!lt_test_under_qemu_user ())
    return FALSE;
  g_print ("1..0 # SKIP qemu's user mode does not implement the EVIOCGRAB ioctl the card reader needs; "
           "the boot test (packaging/system-test.sh) covers it on a real kernel\n");
  return TRUE;
}
