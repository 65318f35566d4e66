/* lt-application.c: the kiosk application
 *
 * Owns the engine host (the door runs in its own thread), the kiosk
 * window and, on simulated hardware, the hardware window. Switching the
 * language rebuilds the kiosk window from its templates, so every string
 * on screen is translated again without a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-application"

#include "lt-application.h"
#include "lt-build-config.h"
#include "lt-kiosk-window.h"
#include "lt-resources.h"
#include "lt-sim-window.h"

#include <gst/gst.h>
#include <glib/gi18n.h>
#include <locale.h>

struct _LtApplication {
  GtkApplication  parent_instance;
  LtEngineHost   *host;
  LtStore        *store;       /* a reading connection for the staff screens */
  GtkWindow      *kiosk;
  GtkWindow      *simulator;
  char           *language;
  GstElement     *player;
};

G_DEFINE_FINAL_TYPE (LtApplication, lt_application, GTK_TYPE_APPLICATION)

/* gettext ignores LANGUAGE under the C locale; C.UTF-8 is always there. */
void
lt_i18n_init (void)
{
  const char *messages;

  setlocale (LC_ALL, "");
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_ALL, "C.UTF-8");
  /* LINTEL_LOCALEDIR: translations of a build tree, for tests and the demo. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LINTEL_LOCALEDIR") ? g_getenv ("LINTEL_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
lt_i18n_set_language (const char *language)
{
  g_setenv ("LANGUAGE", g_str_equal (language, "zh_CN") ? "zh_CN" : "en", TRUE);
  /* Setting the domain again makes gettext drop its cached lookups. */
  textdomain (GETTEXT_PACKAGE);
}

static void
build_kiosk (LtApplication *self)
{
  GtkWindow *old = self->kiosk;

  self->kiosk = GTK_WINDOW (lt_kiosk_window_new (self));
  gtk_window_present (self->kiosk);
  if (old != NULL)
    gtk_window_destroy (old);
}

const char *
lt_application_get_language (LtApplication *self)
{
  return self->language;
}

void
lt_application_set_language (LtApplication *self,
                             const char    *language)
{
  if (g_strcmp0 (self->language, language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  lt_i18n_set_language (language);
  if (self->kiosk != NULL)
    build_kiosk (self);
}

void
lt_application_play (LtApplication *self,
                     gboolean       granted)
{
  const LtConfig *config = lt_engine_host_get_config (self->host);

  if (self->player == NULL || config->volume == 0)
    return;
  gst_element_set_state (self->player, GST_STATE_NULL);
  g_object_set (self->player,
                "uri", granted ? "resource:///org/lintel/Kiosk/sounds/granted.wav"
                               : "resource:///org/lintel/Kiosk/sounds/denied.wav",
                "volume", config->volume / 100.0, NULL);
  gst_element_set_state (self->player, GST_STATE_PLAYING);
}

static gboolean
on_player_bus (GstBus     *bus,
               GstMessage *message,
               gpointer    user_data)
{
  LtApplication *self = user_data;

  /* A tone that ended or failed releases the sound device at once. */
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS || GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    gst_element_set_state (self->player, GST_STATE_NULL);
  return G_SOURCE_CONTINUE;
}

static void
lt_application_startup (GApplication *application)
{
  LtApplication *self = LT_APPLICATION (application);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (lt_application_parent_class)->startup (application);

  lt_register_resource ();
  gtk_css_provider_load_from_resource (css, "/org/lintel/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  self->player = gst_element_factory_make ("playbin", "lintel-tones");
  if (self->player != NULL) {
    g_autoptr(GstBus) bus = gst_element_get_bus (self->player);
    GstElement *fakevideo = gst_element_factory_make ("fakesink", NULL);

    g_object_set (self->player, "video-sink", fakevideo, NULL);
    gst_bus_add_watch (bus, on_player_bus, self);
  } else {
    g_message ("No sounds: GStreamer's playbin is missing (gstreamer1.0-plugins-base)");
  }
}

static void
lt_application_activate (GApplication *application)
{
  LtApplication *self = LT_APPLICATION (application);

  if (self->kiosk == NULL)
    build_kiosk (self);
  if (self->simulator == NULL && lt_engine_host_has_simulator (self->host)) {
    self->simulator = GTK_WINDOW (lt_sim_window_new (self));
    gtk_window_present (self->simulator);
  }
  gtk_window_present (self->kiosk);
}

static void
lt_application_shutdown (GApplication *application)
{
  LtApplication *self = LT_APPLICATION (application);

  if (self->player != NULL) {
    g_autoptr(GstBus) bus = gst_element_get_bus (self->player);
    gst_bus_remove_watch (bus);
    gst_element_set_state (self->player, GST_STATE_NULL);
    g_clear_object (&self->player);
  }
  /* The door relocks before the application lets go of anything else. */
  lt_engine_host_shutdown (self->host);
  G_APPLICATION_CLASS (lt_application_parent_class)->shutdown (application);
}

static void
lt_application_dispose (GObject *object)
{
  LtApplication *self = LT_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->host);
  g_clear_pointer (&self->language, g_free);
  G_OBJECT_CLASS (lt_application_parent_class)->dispose (object);
}

static void
lt_application_class_init (LtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lt_application_dispose;
  app_class->startup = lt_application_startup;
  app_class->activate = lt_application_activate;
  app_class->shutdown = lt_application_shutdown;
}

static void
lt_application_init (LtApplication *self)
{
}

LtApplication *
lt_application_new (LtEngineHost *host,
                    LtStore      *store)
{
  LtApplication *self = g_object_new (LT_TYPE_APPLICATION,
                                      "application-id", "org.lintel.Kiosk",
                                      "flags", G_APPLICATION_NON_UNIQUE,
                                      NULL);

  self->host = g_object_ref (host);
  self->store = g_object_ref (store);
  self->language = g_strdup (lt_engine_host_get_config (host)->language);
  lt_i18n_set_language (self->language);
  return self;
}

LtEngineHost *
lt_application_get_host (LtApplication *self)
{
  return self->host;
}

LtStore *
lt_application_get_store (LtApplication *self)
{
  return self->store;
}

GtkWindow *
lt_application_get_kiosk (LtApplication *self)
{
  return self->kiosk;
}

GtkWindow *
lt_application_get_simulator (LtApplication *self)
{
  return self->simulator;
}
