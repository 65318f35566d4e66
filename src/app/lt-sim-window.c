/* lt-sim-window.c: the demo's window of simulated door hardware
 *
 * Everything here goes through the host's typed simulator actions, the
 * same the --sim-socket protocol maps its lines to, so the demo exercises
 * the real readers, the real debouncing and the real door controller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-sim-window"

#include "lt-sim-window.h"
#include "lt-decision-words.h"
#include "lt-card.h"
#include "lt-wiegand.h"

#include <glib/gi18n.h>
#include <stdlib.h>

struct _LtSimWindow {
  GtkWindow        parent_instance;
  LtHost          *host;
  GCancellable    *cancellable;
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

enum {
  PROP_0,
  PROP_HOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_simulated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = lt_host_call_finish (LT_HOST (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_label_set_label (LT_SIM_WINDOW (user_data)->reply_label, ok ? "ok" : error->message);
}

static void
simulate (LtSimWindow *self,
          LtSimAction  action,
          const char  *argument)
{
  lt_host_simulate_async (self->host, action, argument, self->cancellable, on_simulated, self);
}

static void
update_state (LtSimWindow *self)
{
  gboolean         unlocked = lt_host_get_unlocked (self->host);
  LtAlarm          alarm = lt_host_get_alarm (self->host);
  g_autofree char *alarm_text = NULL;

  gtk_image_set_from_icon_name (self->lock_image, unlocked ? "changes-allow-symbolic" : "changes-prevent-symbolic");
  gtk_label_set_label (self->lock_label, unlocked ? _ ("Unlocked") : _ ("Locked"));
  gtk_label_set_label (self->door_label, lt_host_get_open (self->host) ? _ ("Door open") : _ ("Door closed"));
  alarm_text = g_strdup_printf (_ ("Alarm: %s"), lt_alarm_short_words (alarm));
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
  g_auto (GStrv) parts = g_strsplit (card, ":", 3);

  if (g_strv_length (parts) == 3) {
    g_autofree char *bits = lt_wiegand_encode ((guint)atoi (parts[0]), (guint)atoi (parts[1]),
                                               (guint)atoi (parts[2]));
    if (bits != NULL)
      simulate (self, LT_SIM_WIEGAND, bits);
  } else {
    simulate (self, LT_SIM_USB_CARD, card);
  }
}

static void
add_cards (LtSimWindow *self,
           const char  *list)
{
  g_auto (GStrv) items = g_strsplit (list, ";", -1);

  for (guint i = 0; items[i] != NULL; i++) {
    g_auto (GStrv) pair = g_strsplit (g_strstrip (items[i]), "=", 2);
    g_autofree char *card = NULL;
    GtkWidget       *button;

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

  simulate (self, LT_SIM_WIEGAND, gtk_editable_get_text (GTK_EDITABLE (self->wiegand_entry)));
}

static void
action_rex (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  simulate (LT_SIM_WINDOW (widget), LT_SIM_PRESS_EXIT, NULL);
}

static void
on_door_toggled (GtkToggleButton *toggle,
                 LtSimWindow     *self)
{
  simulate (self, gtk_toggle_button_get_active (toggle) ? LT_SIM_OPEN_DOOR : LT_SIM_CLOSE_DOOR, NULL);
}

static void
on_tamper_toggled (GtkToggleButton *toggle,
                   LtSimWindow     *self)
{
  simulate (self, gtk_toggle_button_get_active (toggle) ? LT_SIM_TAMPER_ON : LT_SIM_TAMPER_OFF, NULL);
}

static void
lt_sim_window_dispose (GObject *object)
{
  LtSimWindow *self = LT_SIM_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  G_OBJECT_CLASS (lt_sim_window_parent_class)->dispose (object);
}

static void
lt_sim_window_finalize (GObject *object)
{
  g_clear_object (&LT_SIM_WINDOW (object)->cancellable);
  G_OBJECT_CLASS (lt_sim_window_parent_class)->finalize (object);
}

static void
lt_sim_window_constructed (GObject *object)
{
  LtSimWindow *self = LT_SIM_WINDOW (object);

  G_OBJECT_CLASS (lt_sim_window_parent_class)->constructed (object);
  add_cards (self, lt_host_get_config (self->host)->sim_cards);
  g_signal_connect (self->host, "notify::unlocked", G_CALLBACK (on_host_notify), self);
  g_signal_connect (self->host, "notify::open", G_CALLBACK (on_host_notify), self);
  g_signal_connect (self->host, "notify::alarm", G_CALLBACK (on_host_notify), self);
  update_state (self);
}

static void
lt_sim_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  switch (prop_id) {
  case PROP_HOST:
    LT_SIM_WINDOW (object)->host = g_value_dup_object (value);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_sim_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id) {
  case PROP_HOST:
    g_value_set_object (value, LT_SIM_WINDOW (object)->host);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_sim_window_class_init (LtSimWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lt_sim_window_constructed;
  object_class->set_property = lt_sim_window_set_property;
  object_class->get_property = lt_sim_window_get_property;
  object_class->dispose = lt_sim_window_dispose;
  object_class->finalize = lt_sim_window_finalize;
  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, LT_TYPE_HOST,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  self->cancellable = g_cancellable_new ();
  g_signal_connect (self->door_toggle, "toggled", G_CALLBACK (on_door_toggled), self);
  g_signal_connect (self->tamper_toggle, "toggled", G_CALLBACK (on_tamper_toggled), self);
}

GtkWidget *
lt_sim_window_new (GtkApplication *app,
                   LtHost         *host)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (LT_IS_HOST (host), NULL);

  return g_object_new (LT_TYPE_SIM_WINDOW, "application", app, "host", host, NULL);
}
