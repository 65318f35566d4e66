/* lt-sim-window.c: the demo's window of simulated door hardware
 *
 * Everything here goes through the same simulator commands as the
 * --sim-socket protocol, so the demo exercises the real readers, the real
 * debouncing and the real door controller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-sim-window"

#include "lt-sim-window.h"
#include "lt-card.h"
#include "lt-wiegand.h"

#include <glib/gi18n.h>
#include <stdlib.h>

struct _LtSimWindow {
  GtkWindow        parent_instance;
  LtEngineHost    *host;
  GtkImage        *lock_image;
  GtkLabel        *lock_label;
  GtkLabel        *door_label;
  GtkLabel        *alarm_label;
  GtkFlowBox      *cards_box;
  GtkEntry        *wiegand_entry;
  GtkToggleButton *door_toggle;
  GtkToggleButton *tamper_toggle;
  GtkLabel        *reply_label;
};

G_DEFINE_FINAL_TYPE (LtSimWindow, lt_sim_window, GTK_TYPE_WINDOW)

static void
on_reply (LtEngineHost *host,
          const char   *text,
          gpointer      user_data)
{
  LtSimWindow *self = user_data;

  gtk_label_set_label (self->reply_label, text);
  g_object_unref (self);
}

void
lt_sim_window_send (LtSimWindow *self,
                    const char  *command)
{
  lt_engine_host_sim_command (self->host, command, on_reply, g_object_ref (self));
}

static void
update_state (LtSimWindow *self)
{
  gboolean unlocked = lt_engine_host_get_unlocked (self->host);
  LtAlarm alarm = lt_engine_host_get_alarm (self->host);
  g_autofree char *alarm_text = NULL;

  gtk_image_set_from_icon_name (self->lock_image, unlocked ? "changes-allow-symbolic" : "changes-prevent-symbolic");
  gtk_label_set_label (self->lock_label, unlocked ? _("Unlocked") : _("Locked"));
  gtk_label_set_label (self->door_label, lt_engine_host_get_open (self->host) ? _("Door open") : _("Door closed"));
  alarm_text = g_strdup_printf (_("Alarm: %s"), lt_alarm_to_string (alarm));
  gtk_label_set_label (self->alarm_label, alarm_text);
}

static void
on_host_notify (GObject     *host,
                GParamSpec  *pspec,
                LtSimWindow *self)
{
  update_state (self);
}

/* A demo card: Wiegand formats go in as a frame, UIDs through the USB reader. */
static void
on_card_clicked (GtkButton   *button,
                 LtSimWindow *self)
{
  const char *card = g_object_get_data (G_OBJECT (button), "lt-card");
  g_auto(GStrv) parts = g_strsplit (card, ":", 3);
  g_autofree char *command = NULL;

  if (g_strv_length (parts) == 3) {
    g_autofree char *bits = lt_wiegand_encode ((guint) atoi (parts[0]), (guint) atoi (parts[1]),
                                               (guint) atoi (parts[2]));
    command = bits ? g_strdup_printf ("wiegand %s", bits) : NULL;
  } else {
    command = g_strdup_printf ("card %s", card);
  }
  if (command != NULL)
    lt_sim_window_send (self, command);
}

static void
add_cards (LtSimWindow *self,
           const char  *list)
{
  g_auto(GStrv) items = g_strsplit (list, ";", -1);

  for (guint i = 0; items[i] != NULL; i++) {
    g_auto(GStrv) pair = g_strsplit (g_strstrip (items[i]), "=", 2);
    g_autofree char *card = NULL;
    GtkWidget *button;

    if (pair[0] == NULL || pair[1] == NULL || (card = lt_card_normalize (pair[1], NULL)) == NULL)
      continue;
    button = gtk_button_new_with_label (pair[0]);
    gtk_widget_set_tooltip_text (button, card);
    g_object_set_data_full (G_OBJECT (button), "lt-card", g_steal_pointer (&card), g_free);
    g_signal_connect (button, "clicked", G_CALLBACK (on_card_clicked), self);
    gtk_flow_box_append (self->cards_box, button);
  }
}

static void
action_wiegand (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LtSimWindow *self = LT_SIM_WINDOW (widget);
  g_autofree char *command = g_strdup_printf ("wiegand %s", gtk_editable_get_text (GTK_EDITABLE (self->wiegand_entry)));

  lt_sim_window_send (self, command);
}

static void
action_rex (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  lt_sim_window_send (LT_SIM_WINDOW (widget), "rex");
}

static void
on_door_toggled (GtkToggleButton *toggle,
                 LtSimWindow     *self)
{
  lt_sim_window_send (self, gtk_toggle_button_get_active (toggle) ? "door open" : "door close");
}

static void
on_tamper_toggled (GtkToggleButton *toggle,
                   LtSimWindow     *self)
{
  lt_sim_window_send (self, gtk_toggle_button_get_active (toggle) ? "tamper on" : "tamper off");
}

static void
lt_sim_window_dispose (GObject *object)
{
  LtSimWindow *self = LT_SIM_WINDOW (object);

  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  G_OBJECT_CLASS (lt_sim_window_parent_class)->dispose (object);
}

static void
lt_sim_window_class_init (LtSimWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lt_sim_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/lintel/Kiosk/lt-sim-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LtSimWindow, lock_image);
  gtk_widget_class_bind_template_child (widget_class, LtSimWindow, lock_label);
  gtk_widget_class_bind_template_child (widget_class, LtSimWindow, door_label);
  gtk_widget_class_bind_template_child (widget_class, LtSimWindow, alarm_label);
  gtk_widget_class_bind_template_child (widget_class, LtSimWindow, cards_box);
  gtk_widget_class_bind_template_child (widget_class, LtSimWindow, wiegand_entry);
  gtk_widget_class_bind_template_child (widget_class, LtSimWindow, door_toggle);
  gtk_widget_class_bind_template_child (widget_class, LtSimWindow, tamper_toggle);
  gtk_widget_class_bind_template_child (widget_class, LtSimWindow, reply_label);
  gtk_widget_class_install_action (widget_class, "sim.wiegand", NULL, action_wiegand);
  gtk_widget_class_install_action (widget_class, "sim.rex", NULL, action_rex);
}

static void
lt_sim_window_init (LtSimWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->door_toggle, "toggled", G_CALLBACK (on_door_toggled), self);
  g_signal_connect (self->tamper_toggle, "toggled", G_CALLBACK (on_tamper_toggled), self);
}

GtkWidget *
lt_sim_window_new (LtApplication *app)
{
  LtSimWindow *self = g_object_new (LT_TYPE_SIM_WINDOW, "application", app, NULL);

  self->host = g_object_ref (lt_application_get_host (app));
  add_cards (self, lt_engine_host_get_config (self->host)->sim_cards);
  g_signal_connect (self->host, "notify::unlocked", G_CALLBACK (on_host_notify), self);
  g_signal_connect (self->host, "notify::open", G_CALLBACK (on_host_notify), self);
  g_signal_connect (self->host, "notify::alarm", G_CALLBACK (on_host_notify), self);
  update_state (self);
  return GTK_WIDGET (self);
}
