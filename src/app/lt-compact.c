/* lt-compact.c: a "compact" style class for short panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-compact"

#include "lt-compact.h"

/* Panels as short as 800x480 get tighter spacing and smaller type (still
 * touch targets of about 12 mm). The class follows the size the window is
 * meant to have — the monitor when full screen, else its default size —
 * since the layout's own minimum depends on the class. */
#define COMPACT_HEIGHT 560

void
lt_compact_update (GtkWindow *window)
{
  GtkWidget *widget = GTK_WIDGET (window);
  int        width = 0, height = 0;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (gtk_window_is_fullscreen (window) && gtk_widget_get_realized (widget)) {
    GdkDisplay  *display = gtk_widget_get_display (widget);
    GdkSurface  *surface = gtk_native_get_surface (GTK_NATIVE (window));
    GdkMonitor  *monitor = gdk_display_get_monitor_at_surface (display, surface);
    GdkRectangle geometry;

    if (monitor != NULL) {
      gdk_monitor_get_geometry (monitor, &geometry);
      height = geometry.height;
    }
  }
  if (height == 0)
    gtk_window_get_default_size (window, &width, &height);
  if (height > 0 && height < COMPACT_HEIGHT)
    gtk_widget_add_css_class (widget, "compact");
  else
    gtk_widget_remove_css_class (widget, "compact");
}

static void
on_size_hint_changed (GtkWindow  *window,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  lt_compact_update (window);
}

static void
on_realize (GtkWidget *widget,
            gpointer   user_data)
{
  lt_compact_update (GTK_WINDOW (widget));
}

/* Keeps WINDOW's "compact" class up to date from now on. */
void
lt_compact_follow (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_signal_connect (window, "notify::default-height", G_CALLBACK (on_size_hint_changed), NULL);
  g_signal_connect (window, "notify::fullscreened", G_CALLBACK (on_size_hint_changed), NULL);
  g_signal_connect_after (window, "realize", G_CALLBACK (on_realize), NULL);
}
