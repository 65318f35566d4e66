/* lt-layout-check.h: what a person at the panel would notice about a
 * window's layout — something off screen, text cut off, a button too
 * small for a finger, text too small to read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Appends one line per problem to PROBLEMS: the window is not WIDTH x
 * HEIGHT, a widget lies (partly) outside it, a label is clipped or
 * ellipsized (unless it has the style class "may-ellipsize"), a button
 * is under MIN_BUTTON px either way, a label's text is under MIN_TEXT px,
 * a scrolled window's content does not fit its viewport. Only inside a
 * scrolled window with the style class "scroll-list" (a genuine list:
 * the event log, the pass history, a long notice) may widgets lie beyond
 * the window and content beyond the viewport. */
void lt_layout_check (GtkWidget *window,
                      int        width,
                      int        height,
                      int        min_button,
                      int        min_text,
                      GString   *problems);

G_END_DECLS
