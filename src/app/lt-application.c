/* lt-application.c: the kiosk application
 *
 * Owns the engine host (the door runs in its own thread), the kiosk
 * window and, on simulated hardware, the hardware window. Switching the
 * language ("app.language", a string) rebuilds the kiosk window from its
 * templates, so every string on screen is translated again without a
 * restart; "app.tone" ("granted" or "denied") plays a tone, "app.prompt"
 * (a name: granted, denied, locked-out, close-door, guard-alerted,
 * scan-hint, scan-none) says it in the screen's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-application"

#include "lt-application.h"
#include "lt-build-config.h"
#include "lt-engine-host.h"
#include "lt-engine-link.h"
#include "lt-kiosk-window.h"
#include "lt-resources.h"
#include "lt-voice.h"
#include "lt-sim-window.h"

#include <gst/gst.h>
#include <glib/gi18n.h>
#include <locale.h>

struct _LtApplication {
  GtkApplication parent_instance;
  LtHost        *host;
  GtkWindow     *kiosk;
  GtkWindow     *simulator;
  LtEngineLink  *engine_link; /* a kiosk whose engine is another process */
  char          *language;
  GstElement    *player;
  char          *last_sound;
  char          *next_sound; /* a prompt waiting for the tone to end */
};

enum {
  PROP_0,
  PROP_HOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  g_return_if_fail (language != NULL);

  g_setenv ("LANGUAGE", g_str_equal (language, "zh_CN") ? "zh_CN" : "en", TRUE);
  /* Setting the domain again makes gettext drop its cached lookups. */
  textdomain (GETTEXT_PACKAGE);
}

/* The journal's mark of the kiosk reaching the screen (the window maps
 * just before its first frame): the boot test checks that the door was
 * locked before it. Once per process. */
static void
on_first_map (GtkWidget *window,
              gpointer   user_data)
{
  static gsize logged = 0;

  if (g_once_init_enter (&logged)) {
    g_message ("Kiosk window on screen");
    g_once_init_leave (&logged, 1);
  }
}

static void
build_kiosk (LtApplication *self)
{
  GtkWindow *old = self->kiosk;

  self->kiosk = GTK_WINDOW (lt_kiosk_window_new (GTK_APPLICATION (self), self->host));
  g_signal_connect (self->kiosk, "map", G_CALLBACK (on_first_map), NULL);
  gtk_window_present (self->kiosk);
  if (old != NULL)
    gtk_window_destroy (old);
}

const char *
lt_application_get_language (LtApplication *self)
{
  g_return_val_if_fail (LT_IS_APPLICATION (self), NULL);

  return self->language;
}

void
lt_application_set_language (LtApplication *self,
                             const char    *language)
{
  GAction *action;

  g_return_if_fail (LT_IS_APPLICATION (self));
  g_return_if_fail (language != NULL);

  if (g_strcmp0 (self->language, language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  lt_i18n_set_language (language);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "language");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (language));
  if (self->kiosk != NULL)
    build_kiosk (self);
}

/* One player for tones and prompts: a tone cuts what plays short; a
 * prompt waits for the sound playing now (the tone before it). */
static void
play_uri (LtApplication *self,
          const char    *uri,
          gboolean       after_current)
{
  const LtConfig *config = lt_host_get_config (self->host);
  GstState        state = GST_STATE_NULL;

  if (self->player == NULL || config->volume == 0)
    return;
  if (uri != self->last_sound) {
    g_free (self->last_sound);
    self->last_sound = g_strdup (uri);
  }
  g_clear_pointer (&self->next_sound, g_free);
  gst_element_get_state (self->player, &state, NULL, 0);
  if (after_current && state == GST_STATE_PLAYING) {
    self->next_sound = g_strdup (uri);
    return;
  }
  gst_element_set_state (self->player, GST_STATE_NULL);
  g_object_set (self->player, "uri", uri, "volume", config->volume / 100.0, NULL);
  gst_element_set_state (self->player, GST_STATE_PLAYING);
}

static void
play (LtApplication *self,
      gboolean       granted)
{
  play_uri (self, granted ? "resource:///org/lintel/Kiosk/sounds/granted.wav" : "resource:///org/lintel/Kiosk/sounds/denied.wav", FALSE);
}

/* "app.prompt" NAME: the spoken prompt in the screen's language
 * ([terminal] voice), or nothing for a prompt that does not exist. */
static void
on_prompt_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  LtApplication   *self = user_data;
  const char      *name = g_variant_get_string (parameter, NULL);
  g_autofree char *path = g_strdup_printf ("/org/lintel/Kiosk/voice/%s/%s.wav",
                                           g_str_equal (self->language, "zh_CN") ? "zh_CN" : "en", name);

  if (!lt_host_get_config (self->host)->voice || !g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL)) {
    g_debug ("No prompt %s", path);
    return;
  }
  {
    g_autofree char *uri = g_strconcat ("resource://", path, NULL);
    play_uri (self, uri, TRUE);
  }
}

/* The last sound asked for (a resource:// URI), for tests. */
const char *
lt_application_get_last_sound (LtApplication *self)
{
  g_return_val_if_fail (LT_IS_APPLICATION (self), NULL);

  return self->last_sound;
}

static void
on_language_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  lt_application_set_language (user_data, g_variant_get_string (parameter, NULL));
}

static void
on_tone_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  play (user_data, g_str_equal (g_variant_get_string (parameter, NULL), "granted"));
}

char *
lt_app_dup_language (GtkWidget *widget)
{
  GtkRoot        *root;
  GtkApplication *app;
  g_autoptr (GVariant) state = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  if (app == NULL)
    return NULL;
  state = g_action_group_get_action_state (G_ACTION_GROUP (app), "language");
  return state != NULL ? g_variant_dup_string (state, NULL) : NULL;
}

static gboolean
on_player_bus (GstBus     *bus,
               GstMessage *message,
               gpointer    user_data)
{
  LtApplication *self = user_data;

  /* A tone that ended or failed releases the sound device at once, or
   * hands it to the prompt that waited for it. */
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS || GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR) {
    g_autofree char *next = g_steal_pointer (&self->next_sound);

    gst_element_set_state (self->player, GST_STATE_NULL);
    if (next != NULL)
      play_uri (self, next, FALSE);
  }
  return G_SOURCE_CONTINUE;
}

static void
lt_application_startup (GApplication *application)
{
  LtApplication *self = LT_APPLICATION (application);
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (lt_application_parent_class)->startup (application);

  lt_register_resource ();
  lt_voice_register_resource ();
  gtk_css_provider_load_from_resource (css, "/org/lintel/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  self->player = gst_element_factory_make ("playbin", "lintel-tones");
  if (self->player != NULL) {
    g_autoptr (GstBus) bus = gst_element_get_bus (self->player);
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
  if (self->simulator == NULL && lt_host_has_simulator (self->host)) {
    self->simulator = GTK_WINDOW (lt_sim_window_new (GTK_APPLICATION (self), self->host));
    gtk_window_present (self->simulator);
  }
  gtk_window_present (self->kiosk);
  if (self->engine_link == NULL && LT_IS_REMOTE_HOST (self->host))
    self->engine_link = lt_engine_link_new (GTK_APPLICATION (self), LT_REMOTE_HOST (self->host));
}

static void
lt_application_shutdown (GApplication *application)
{
  LtApplication *self = LT_APPLICATION (application);

  if (self->player != NULL) {
    g_autoptr (GstBus) bus = gst_element_get_bus (self->player);
    gst_bus_remove_watch (bus);
    gst_element_set_state (self->player, GST_STATE_NULL);
    g_clear_object (&self->player);
  }
  g_clear_object (&self->engine_link);
  /* The door relocks before the application lets go of anything else. */
  if (LT_IS_ENGINE_HOST (self->host))
    lt_engine_host_shutdown (LT_ENGINE_HOST (self->host));
  G_APPLICATION_CLASS (lt_application_parent_class)->shutdown (application);
}

static void
lt_application_dispose (GObject *object)
{
  LtApplication *self = LT_APPLICATION (object);

  g_clear_object (&self->host);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->last_sound, g_free);
  g_clear_pointer (&self->next_sound, g_free);
  G_OBJECT_CLASS (lt_application_parent_class)->dispose (object);
}

/* The language starts as the configuration's; "language" and "tone" are
 * the application's actions. */
static void
lt_application_constructed (GObject *object)
{
  static const GActionEntry actions[] = {
    { "tone", on_tone_action, "s", NULL, NULL },
    { "prompt", on_prompt_action, "s", NULL, NULL },
  };
  LtApplication *self = LT_APPLICATION (object);
  g_autoptr (GSimpleAction) language = NULL;

  G_OBJECT_CLASS (lt_application_parent_class)->constructed (object);

  self->language = g_strdup (lt_host_get_config (self->host)->language);
  lt_i18n_set_language (self->language);
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  language = g_simple_action_new_stateful ("language", G_VARIANT_TYPE_STRING, g_variant_new_string (self->language));
  g_signal_connect (language, "activate", G_CALLBACK (on_language_action), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (language));
}

static void
lt_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id) {
  case PROP_HOST:
    LT_APPLICATION (object)->host = g_value_dup_object (value);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id) {
  case PROP_HOST:
    g_value_set_object (value, LT_APPLICATION (object)->host);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_application_class_init (LtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lt_application_constructed;
  object_class->set_property = lt_application_set_property;
  object_class->get_property = lt_application_get_property;
  object_class->dispose = lt_application_dispose;
  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, LT_TYPE_HOST,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  app_class->startup = lt_application_startup;
  app_class->activate = lt_application_activate;
  app_class->shutdown = lt_application_shutdown;
}

static void
lt_application_init (LtApplication *self)
{
}

LtApplication *
lt_application_new (LtHost *host)
{
  g_return_val_if_fail (LT_IS_HOST (host), NULL);

  return g_object_new (LT_TYPE_APPLICATION,
                       "application-id", "org.lintel.Kiosk",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "host", host,
                       NULL);
}

LtHost *
lt_application_get_host (LtApplication *self)
{
  g_return_val_if_fail (LT_IS_APPLICATION (self), NULL);

  return self->host;
}

GtkWindow *
lt_application_get_kiosk (LtApplication *self)
{
  g_return_val_if_fail (LT_IS_APPLICATION (self), NULL);

  return self->kiosk;
}

GtkWindow *
lt_application_get_simulator (LtApplication *self)
{
  g_return_val_if_fail (LT_IS_APPLICATION (self), NULL);

  return self->simulator;
}
