/* test-out-of-service.c: the screen of a terminal that is not set up yet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-out-of-service.h"
#include "lt-application.h"
#include "lt-engine-host.h"
#include "lt-engine-link.h"
#include "lt-host-exporter.h"
#include "lt-resources.h"
#include "lt-test-util.h"

#include <string.h>

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

/* The reason is shown to the technician, and notified only on a change. */
static void
test_reason (void)
{
  LtOutOfService *screen = lt_out_of_service_new ("no device secret");
  guint           notifies = 0;
  GtkWidget      *child;
  gboolean        shown = FALSE;

  g_object_ref_sink (screen);
  g_assert_cmpstr (lt_out_of_service_get_reason (screen), ==, "no device secret");
  g_signal_connect (screen, "notify::reason", G_CALLBACK (on_notify), &notifies);
  g_object_set (screen, "reason", "no device secret", NULL);
  g_assert_cmpuint (notifies, ==, 0);
  g_object_set (screen, "reason", "the lock line must be set", NULL);
  g_assert_cmpuint (notifies, ==, 1);

  /* Some label in the window carries the reason. */
  for (child = gtk_widget_get_first_child (gtk_window_get_child (GTK_WINDOW (screen)));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), "the lock line must be set") == 0)
      shown = TRUE;
  g_assert_true (shown);

  /* Nobody can switch its language: it says everything in both. */
  child = gtk_widget_get_first_child (gtk_window_get_child (GTK_WINDOW (screen)));
  g_assert_true (GTK_IS_LABEL (child));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child)), "暂停服务"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child)), "Out of service"));

  gtk_window_destroy (GTK_WINDOW (screen));
  g_assert_finalize_object (screen);
}

/* A kiosk of a separate engine (two processes, folded into one here):
 * while the engine is away the out-of-service screen says so, over the
 * kiosk; once the engine answers again it goes by itself. */
static void
test_engine_away (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkApplication) app = gtk_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  g_autoptr (LtEngineHost) engine = NULL;
  g_autoptr (LtHostExporter) exporter = NULL;
  g_autoptr (LtRemoteHost) remote = NULL;
  g_autoptr (LtEngineLink) link = NULL;
  g_autofree char *socket_path = NULL;
  LtFixture        fixture = { 0 };
  GtkWindow       *screen;

  /* The engine takes its USB card reader with EVIOCGRAB. */
  if (lt_test_under_qemu_user ()) {
    g_test_skip ("qemu's user mode does not implement the EVIOCGRAB ioctl the engine's card reader needs; "
                 "the boot test (packaging/system-test.sh) covers it on a real kernel");
    return;
  }
  lt_fixture_setup (&fixture, NULL);
  g_clear_object (&fixture.store);
  socket_path = g_build_filename (fixture.dir, "engine.sock", NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  engine = lt_engine_host_new (lt_config_load (fixture.config_path, NULL), &error);
  g_assert_no_error (error);
  exporter = lt_host_exporter_new (LT_HOST (engine), socket_path, &error);
  g_assert_no_error (error);
  remote = lt_remote_host_new (lt_config_load (fixture.config_path, NULL), socket_path);
  LT_TEST_ITERATE_UNTIL (lt_remote_host_get_connected (remote), lt_test_bound_ms (10000));
  link = lt_engine_link_new (app, remote);
  g_assert_null (lt_engine_link_get_screen (link));

  /* The engine goes (a restart): the screen comes, with the reason. */
  g_clear_object (&exporter);
  LT_TEST_ITERATE_UNTIL (lt_engine_link_get_screen (link) != NULL, lt_test_bound_ms (10000));
  screen = lt_engine_link_get_screen (link);
  g_assert_true (LT_IS_OUT_OF_SERVICE (screen));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (screen)));
  g_assert_nonnull (strstr (lt_out_of_service_get_reason (LT_OUT_OF_SERVICE (screen)), "lintel.service"));

  /* It comes back: the screen goes by itself. */
  exporter = lt_host_exporter_new (LT_HOST (engine), socket_path, &error);
  g_assert_no_error (error);
  LT_TEST_ITERATE_UNTIL (lt_engine_link_get_screen (link) == NULL, lt_test_bound_ms (10000));
  g_assert_true (lt_remote_host_get_connected (remote));

  g_clear_object (&link);
  g_clear_object (&remote);
  g_clear_object (&exporter);
  lt_engine_host_shutdown (engine);
  lt_test_iterate_for (50);
  lt_fixture_teardown (&fixture, NULL);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  lt_i18n_init ();
  lt_register_resource ();
  g_test_add_func ("/ui/out-of-service/reason", test_reason);
  g_test_add_func ("/ui/out-of-service/engine-away", test_engine_away);
  return g_test_run ();
}
