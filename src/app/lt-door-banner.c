/* lt-door-banner.c: the door's alarm as residents see it
 *
 * Held open: "Please close the door" (spoken once) until the door
 * closes. Forced open and tamper: the guard has been alerted, for as
 * long as the door shows the alarm (until its cause has cleared and a
 * guard acknowledged it). The guard's own banner has the details.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-door-banner"

#include "lt-door-banner.h"
#include "lt-decision-words.h"

struct _LtDoorBanner {
  GtkBox parent_instance;

  LtHost   *host;
  GtkLabel *label;
  LtAlarm   shown;
};

enum {
  PROP_0,
  PROP_HOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LtDoorBanner, lt_door_banner, GTK_TYPE_BOX)

static void
update (LtDoorBanner *self)
{
  LtAlarm     alarm = lt_host_get_alarm (self->host);
  const char *words = lt_alarm_lobby_words (alarm);

  gtk_widget_set_visible (GTK_WIDGET (self), words != NULL);
  gtk_label_set_label (self->label, words != NULL ? words : "");
  /* A new alarm is said once, as it appears. */
  if (alarm != self->shown && words != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.prompt", "s",
                                alarm == LT_ALARM_HELD ? "close-door" : "guard-alerted");
  self->shown = alarm;
}

static void
on_alarm (LtHost       *host,
          GParamSpec   *pspec,
          LtDoorBanner *self)
{
  update (self);
}

static void
lt_door_banner_constructed (GObject *object)
{
  LtDoorBanner *self = LT_DOOR_BANNER (object);

  G_OBJECT_CLASS (lt_door_banner_parent_class)->constructed (object);
  g_signal_connect (self->host, "notify::alarm", G_CALLBACK (on_alarm), self);
  /* An alarm already standing (a window rebuilt for a language switch)
   * is shown, not said again. */
  self->shown = lt_host_get_alarm (self->host);
  update (self);
}

static void
lt_door_banner_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LtDoorBanner *self = LT_DOOR_BANNER (object);

  switch (prop_id) {
  case PROP_HOST:
    self->host = g_value_dup_object (value);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_door_banner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LtDoorBanner *self = LT_DOOR_BANNER (object);

  switch (prop_id) {
  case PROP_HOST:
    g_value_set_object (value, self->host);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_door_banner_dispose (GObject *object)
{
  LtDoorBanner *self = LT_DOOR_BANNER (object);

  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  G_OBJECT_CLASS (lt_door_banner_parent_class)->dispose (object);
}

static void
lt_door_banner_class_init (LtDoorBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lt_door_banner_constructed;
  object_class->set_property = lt_door_banner_set_property;
  object_class->get_property = lt_door_banner_get_property;
  object_class->dispose = lt_door_banner_dispose;

  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, LT_TYPE_HOST,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "doorbanner");
}

static void
lt_door_banner_init (LtDoorBanner *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_justify (self->label, GTK_JUSTIFY_CENTER);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "door-banner");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->label));
}

GtkWidget *
lt_door_banner_new (LtHost *host)
{
  g_return_val_if_fail (LT_IS_HOST (host), NULL);

  return g_object_new (LT_TYPE_DOOR_BANNER, "host", host, NULL);
}

/* The words shown, or NULL while hidden. */
const char *
lt_door_banner_get_words (LtDoorBanner *self)
{
  g_return_val_if_fail (LT_IS_DOOR_BANNER (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_label (self->label) : NULL;
}
