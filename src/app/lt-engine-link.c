/* lt-engine-link.c: the out-of-service screen while the engine is away
 *
 * A kiosk in its own process (`lintel --engine-socket=PATH`) loses its
 * door engine when lintel.service restarts (an update, the watchdog). The
 * door stays safe, the engine owns it; but the screen must not offer
 * what it cannot do. So while the remote host is not connected this
 * object shows the out-of-service screen, full-screen over the kiosk,
 * saying the door engine is not reachable; once the host has reconnected
 * it goes, and the kiosk is back as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-engine-link"

#include "lt-engine-link.h"
#include "lt-application.h"
#include "lt-out-of-service.h"

#include <glib/gi18n.h>

struct _LtEngineLink {
  GObject parent_instance;

  GtkApplication *application; /* not owned: it owns this */
  LtRemoteHost   *host;
  GtkWindow      *screen; /* while the engine is away */
};

G_DEFINE_FINAL_TYPE (LtEngineLink, lt_engine_link, G_TYPE_OBJECT)

static void
show_screen (LtEngineLink *self)
{
  const char      *problem = lt_remote_host_get_problem (self->host);
  g_autofree char *reason = g_strdup_printf (_ ("The door engine (lintel.service) is not reachable: %s. It keeps the "
                                                "door locked; this kiosk reconnects by itself."),
                                             problem != NULL ? problem : _ ("no answer"));

  if (self->screen != NULL) {
    g_object_set (self->screen, "reason", reason, NULL);
    return;
  }
  /* Expected while the engine restarts: a message, not a warning. */
  g_message ("Out of service: %s", reason);
  self->screen = GTK_WINDOW (lt_out_of_service_new (reason));
  gtk_window_set_application (self->screen, self->application);
  gtk_window_fullscreen (self->screen);
  gtk_window_present (self->screen);
}

static void
hide_screen (LtEngineLink *self)
{
  GtkWindow *kiosk;

  if (self->screen == NULL)
    return;
  g_message ("The door engine is back: leaving the out-of-service screen");
  gtk_window_destroy (g_steal_pointer (&self->screen));
  kiosk = LT_IS_APPLICATION (self->application) ? lt_application_get_kiosk (LT_APPLICATION (self->application))
                                                : gtk_application_get_active_window (self->application);
  if (kiosk != NULL)
    gtk_window_present (kiosk);
}

static void
on_connected_changed (LtRemoteHost *host,
                      GParamSpec   *pspec,
                      gpointer      user_data)
{
  LtEngineLink *self = user_data;

  if (lt_remote_host_get_connected (host))
    hide_screen (self);
  else
    show_screen (self);
}

static void
lt_engine_link_dispose (GObject *object)
{
  LtEngineLink *self = LT_ENGINE_LINK (object);

  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  if (self->screen != NULL)
    gtk_window_destroy (g_steal_pointer (&self->screen));
  G_OBJECT_CLASS (lt_engine_link_parent_class)->dispose (object);
}

static void
lt_engine_link_class_init (LtEngineLinkClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lt_engine_link_dispose;
}

static void
lt_engine_link_init (LtEngineLink *self)
{
}

/* Watches HOST for as long as the link lives; shows the screen at once
 * if the engine is away already. */
LtEngineLink *
lt_engine_link_new (GtkApplication *application,
                    LtRemoteHost   *host)
{
  LtEngineLink *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LT_IS_REMOTE_HOST (host), NULL);

  self = g_object_new (LT_TYPE_ENGINE_LINK, NULL);
  self->application = application;
  self->host = g_object_ref (host);
  g_signal_connect (host, "notify::connected", G_CALLBACK (on_connected_changed), self);
  on_connected_changed (host, NULL, self);
  return self;
}

/* The out-of-service screen shown now, or NULL (tests). */
GtkWindow *
lt_engine_link_get_screen (LtEngineLink *self)
{
  g_return_val_if_fail (LT_IS_ENGINE_LINK (self), NULL);

  return self->screen;
}
