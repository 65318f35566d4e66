/* test-out-of-service.c: the screen of a terminal that is not set up yet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-out-of-service.h"
#include "lt-application.h"
#include "lt-resources.h"

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

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  lt_i18n_init ();
  lt_register_resource ();
  g_test_add_func ("/ui/out-of-service/reason", test_reason);
  return g_test_run ();
}
