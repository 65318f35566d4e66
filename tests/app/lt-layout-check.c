/* lt-layout-check.c: a window's layout as a person at the panel sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-layout-check.h"

#define SLACK 1.0 /* rounding of fractional allocations */

static char *
describe (GtkWidget *widget)
{
  const char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  return g_strdup_printf ("%s%s%s%s", G_OBJECT_TYPE_NAME (widget),
                          text ? " “" : "", text ? text : "", text ? "”" : "");
}

/* A scrolled window marked "scroll-list" holds a genuine list (the event
 * log, the pass history, a long notice, one's last entries): inside it,
 * being beyond the window is the point. Any other scrolled window is
 * layout, and everything in it must be on the screen. */
static gboolean
in_list (GtkWidget *widget)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w) && gtk_widget_has_css_class (w, "scroll-list"))
      return TRUE;
  return FALSE;
}

/* A scrolled window that is not a list shows all of its content: none
 * of it hidden beyond the viewport, for a busy person to find by
 * scrolling. */
static void
check_scroller (GtkWidget *scroller,
                GString   *problems)
{
  GtkScrolledWindow       *sw = GTK_SCROLLED_WINDOW (scroller);
  GtkAdjustment           *adjustments[] = { gtk_scrolled_window_get_hadjustment (sw), gtk_scrolled_window_get_vadjustment (sw) };
  static const char *const what[] = { "wide", "tall" };

  if (gtk_widget_has_css_class (scroller, "scroll-list"))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (adjustments); i++) {
    double upper = gtk_adjustment_get_upper (adjustments[i]) - gtk_adjustment_get_lower (adjustments[i]);
    double page = gtk_adjustment_get_page_size (adjustments[i]);

    if (upper > page + SLACK)
      g_string_append_printf (problems,
                              "GtkScrolledWindow (not a scroll-list): content %.0f px %s in a %.0f px viewport, "
                              "part of it hidden behind a scroll\n",
                              upper, what[i], page);
  }
}

static double
text_px (GtkWidget *label)
{
  PangoContext               *context = gtk_widget_get_pango_context (label);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double                      size = pango_font_description_get_size (font) / (double)PANGO_SCALE;

  /* GTK turns CSS pixels into points at 96 dpi unless the size is absolute. */
  return pango_font_description_get_size_is_absolute (font) ? size : size * 96.0 / 72.0;
}

static void
check_label (GtkWidget *label,
             int        min_text,
             GString   *problems)
{
  g_autofree char *what = describe (label);
  int              width = gtk_widget_get_width (label);
  int              height = gtk_widget_get_height (label);
  int              text_w, text_h;

  if (gtk_label_get_text (GTK_LABEL (label))[0] == '\0' || g_str_equal (gtk_label_get_text (GTK_LABEL (label)), " "))
    return;
  if (text_px (label) < min_text - 0.5)
    g_string_append_printf (problems, "%s: text %.1f px, under %d px\n", what, text_px (label), min_text);
  if (gtk_label_get_ellipsize (GTK_LABEL (label)) != PANGO_ELLIPSIZE_NONE) {
    if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))) && !gtk_widget_has_css_class (label, "may-ellipsize"))
      g_string_append_printf (problems, "%s: ellipsized at %d px\n", what, width);
    return;
  }
  /* The text as laid out for the label's content box must fit in it. */
  pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (label)), &text_w, &text_h);
  if (text_w > width + SLACK)
    g_string_append_printf (problems, "%s: %d px wide, its text needs %d\n", what, width, text_w);
  if (text_h > height + SLACK)
    g_string_append_printf (problems, "%s: %d px tall, its text needs %d\n", what, height, text_h);
}

static void
check_widget (GtkWidget *window,
              GtkWidget *widget,
              int        min_button,
              int        min_text,
              GString   *problems)
{
  graphene_rect_t bounds;

  /* Not shown, or not laid out yet (a row just added): nothing to see. */
  if (!gtk_widget_get_mapped (widget) || (widget != window && (gtk_widget_get_width (widget) == 0 || gtk_widget_get_height (widget) == 0)))
    return;
  if (widget != window && gtk_widget_compute_bounds (widget, window, &bounds) && !in_list (widget)) {
    double w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);

    if (bounds.origin.x < -SLACK || bounds.origin.y < -SLACK || bounds.origin.x + bounds.size.width > w + SLACK || bounds.origin.y + bounds.size.height > h + SLACK) {
      g_autofree char *what = describe (widget);
      g_string_append_printf (problems, "%s: at %.0f,%.0f %.0fx%.0f, outside the %.0fx%.0f window\n", what,
                              bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height, w, h);
    }
  }
  if (GTK_IS_SCROLLED_WINDOW (widget))
    check_scroller (widget, problems);
  if (GTK_IS_LABEL (widget))
    check_label (widget, min_text, problems);
  if (GTK_IS_BUTTON (widget) && (gtk_widget_get_width (widget) < min_button || gtk_widget_get_height (widget) < min_button)) {
    g_autofree char *what = describe (widget);
    g_string_append_printf (problems, "%s: button %dx%d, under %d px\n", what, gtk_widget_get_width (widget),
                            gtk_widget_get_height (widget), min_button);
  }
  /* A button's own label is the button's text: checked above; an entry's
   * insides are GTK's. */
  if (GTK_IS_TEXT (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    check_widget (window, child, min_button, min_text, problems);
}

void
lt_layout_check (GtkWidget *window,
                 int        width,
                 int        height,
                 int        min_button,
                 int        min_text,
                 GString   *problems)
{
  if (gtk_widget_get_width (window) != width || gtk_widget_get_height (window) != height)
    g_string_append_printf (problems, "window: %dx%d instead of %dx%d (its content does not fit)\n",
                            gtk_widget_get_width (window), gtk_widget_get_height (window), width, height);
  check_widget (window, window, min_button, min_text, problems);
}
