/* lt-keypad.c: a large on-screen keypad for units and PINs
 *
 * Digits 0-9, a dash for building-room units and backspace. With shuffle
 * on, the digits change places each time the keypad is shown
 * (Fisher–Yates), so smudges and a watcher's eye learn nothing about the
 * PIN. Emits ::key with "0".."9", "-" or "back".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-keypad"

#include "lt-keypad.h"

#include <glib/gi18n.h>

struct _LtKeypad {
  GtkWidget  parent_instance;
  GtkWidget *grid;
  GtkWidget *digits[10];
  GtkWidget *dash;
  GtkWidget *back;
  gboolean   shuffle;
};

enum {
  KEY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LtKeypad, lt_keypad, GTK_TYPE_WIDGET)

static void
on_clicked (GtkButton *button,
            LtKeypad  *self)
{
  g_signal_emit (self, signals[KEY], 0, g_object_get_data (G_OBJECT (button), "lt-key"));
}

static GtkWidget *
make_button (LtKeypad   *self,
             const char *label,
             const char *key)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  g_object_set_data_full (G_OBJECT (button), "lt-key", g_strdup (key), g_free);
  gtk_widget_add_css_class (button, "key");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_vexpand (button, TRUE);
  g_signal_connect (button, "clicked", G_CALLBACK (on_clicked), self);
  return button;
}

/* Places the digits: 1-9 in rows, 0 below, or all shuffled. */
static void
layout (LtKeypad *self)
{
  guint order[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 0 };

  if (self->shuffle) {
    for (guint i = 9; i > 0; i--) {
      guint j = (guint)g_random_int_range (0, (gint32)i + 1);
      guint t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
  for (guint i = 0; i < 10; i++) {
    /* Held while moved: the grid drops its reference on removal. */
    g_autoptr (GtkWidget) button = g_object_ref_sink (self->digits[order[i]]);

    if (gtk_widget_get_parent (button) != NULL)
      gtk_grid_remove (GTK_GRID (self->grid), button);
    if (i < 9)
      gtk_grid_attach (GTK_GRID (self->grid), button, (int)i % 3, (int)i / 3, 1, 1);
    else
      gtk_grid_attach (GTK_GRID (self->grid), button, 1, 3, 1, 1);
  }
}

static void
lt_keypad_dispose (GObject *object)
{
  LtKeypad *self = LT_KEYPAD (object);

  g_clear_pointer (&self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (lt_keypad_parent_class)->dispose (object);
}

static void
lt_keypad_class_init (LtKeypadClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lt_keypad_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keypad");

  /**
   * LtKeypad::key:
   * @key: "0".."9", "-" or "back"
   */
  signals[KEY] = g_signal_new ("key", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                               NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lt_keypad_init (LtKeypad *self)
{
  self->grid = gtk_grid_new ();
  gtk_grid_set_row_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 8);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  for (guint i = 0; i < 10; i++) {
    char key[2] = { (char)('0' + i), '\0' };
    self->digits[i] = make_button (self, key, key);
  }
  self->dash = make_button (self, "-", "-");
  /* Translators: the backspace key of the on-screen keypad */
  self->back = make_button (self, _ ("⌫ Delete"), "back");
  gtk_widget_add_css_class (self->back, "key-small");
  gtk_grid_attach (GTK_GRID (self->grid), self->dash, 0, 3, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), self->back, 2, 3, 1, 1);
  gtk_widget_set_visible (self->dash, FALSE);
  layout (self);
}

GtkWidget *
lt_keypad_new (void)
{
  return g_object_new (LT_TYPE_KEYPAD, NULL);
}

void
lt_keypad_set_shuffle (LtKeypad *self,
                       gboolean  shuffle)
{
  g_return_if_fail (LT_IS_KEYPAD (self));

  self->shuffle = shuffle;
  layout (self);
}

void
lt_keypad_set_dash (LtKeypad *self,
                    gboolean  dash)
{
  g_return_if_fail (LT_IS_KEYPAD (self));

  gtk_widget_set_visible (self->dash, dash);
}

void
lt_keypad_reshuffle (LtKeypad *self)
{
  g_return_if_fail (LT_IS_KEYPAD (self));

  if (self->shuffle)
    layout (self);
}

/* For tests and accessibility tools: the button that types KEY. */
GtkWidget *
lt_keypad_get_button (LtKeypad   *self,
                      const char *key)
{
  g_return_val_if_fail (LT_IS_KEYPAD (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (g_str_equal (key, "-"))
    return self->dash;
  if (g_str_equal (key, "back"))
    return self->back;
  if (key[0] >= '0' && key[0] <= '9' && key[1] == '\0')
    return self->digits[key[0] - '0'];
  return NULL;
}

/* Clicks the buttons for each character of KEYS, as a finger would
 * (tests and accessibility tools). */
void
lt_keypad_press (LtKeypad   *self,
                 const char *keys)
{
  g_return_if_fail (LT_IS_KEYPAD (self));
  g_return_if_fail (keys != NULL);

  for (const char *k = keys; *k; k++) {
    char       key[2] = { *k, '\0' };
    GtkWidget *button = lt_keypad_get_button (self, key);

    if (button != NULL)
      g_signal_emit_by_name (button, "clicked");
  }
}
