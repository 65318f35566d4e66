/* lt-keypad.h: a large on-screen keypad for units and PINs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LT_TYPE_KEYPAD (lt_keypad_get_type ())
G_DECLARE_FINAL_TYPE (LtKeypad, lt_keypad, LT, KEYPAD, GtkWidget)

GtkWidget *lt_keypad_new         (void);
void       lt_keypad_set_shuffle (LtKeypad   *self,
                                  gboolean    shuffle);
void       lt_keypad_set_dash    (LtKeypad   *self,
                                  gboolean    dash);
void       lt_keypad_reshuffle   (LtKeypad   *self);
GtkWidget *lt_keypad_get_button  (LtKeypad   *self,
                                  const char *key);
void       lt_keypad_press       (LtKeypad   *self,
                                  const char *keys);

G_END_DECLS
