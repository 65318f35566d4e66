/* lt-out-of-service.c: the screen of a terminal that is not set up yet
 *
 * A freshly installed terminal has no database, no device secret and no
 * GPIO lines configured. Instead of a kiosk that fails and restarts in a
 * loop, it shows this screen: out of service for residents, the next steps
 * for the technician, and why (the configuration or start-up error). It
 * checks every few seconds whether the terminal has become ready and then
 * ends, so that systemd starts the real kiosk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-out-of-service"

#include "lt-out-of-service.h"
#include "lt-application.h"
#include "lt-resources.h"

#include <glib/gi18n.h>

#include <glib-unix.h>

#define READY_CHECK_SECONDS 5

struct _LtOutOfService {
  GtkWindow parent_instance;

  GtkLabel *title_label;
  GtkLabel *residents_label;
  GtkLabel *technician_label;
  GtkLabel *reason_label;
  char     *reason;
};

enum {
  PROP_0,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LtOutOfService, lt_out_of_service, GTK_TYPE_WINDOW)

static void
lt_out_of_service_set_reason (LtOutOfService *self,
                              const char     *reason)
{
  if (g_strcmp0 (self->reason, reason) == 0)
    return;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  gtk_label_set_text (self->reason_label, reason != NULL ? reason : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
}

static void
lt_out_of_service_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LtOutOfService *self = LT_OUT_OF_SERVICE (object);

  switch (prop_id) {
  case PROP_REASON:
    g_value_set_string (value, self->reason);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_out_of_service_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LtOutOfService *self = LT_OUT_OF_SERVICE (object);

  switch (prop_id) {
  case PROP_REASON:
    lt_out_of_service_set_reason (self, g_value_get_string (value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_out_of_service_finalize (GObject *object)
{
  LtOutOfService *self = LT_OUT_OF_SERVICE (object);

  g_free (self->reason);
  G_OBJECT_CLASS (lt_out_of_service_parent_class)->finalize (object);
}

static void
lt_out_of_service_class_init (LtOutOfServiceClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lt_out_of_service_get_property;
  object_class->set_property = lt_out_of_service_set_property;
  object_class->finalize = lt_out_of_service_finalize;

  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lintel/Kiosk/lt-out-of-service.ui");
  gtk_widget_class_bind_template_child (widget_class, LtOutOfService, title_label);
  gtk_widget_class_bind_template_child (widget_class, LtOutOfService, residents_label);
  gtk_widget_class_bind_template_child (widget_class, LtOutOfService, technician_label);
  gtk_widget_class_bind_template_child (widget_class, LtOutOfService, reason_label);
}

/* Nobody can switch the language of this screen, so it speaks both: the
 * Chinese text, then the English one. */
static void
set_in_both_languages (GtkLabel   *label,
                       const char *msgid)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *chinese = NULL;

  lt_i18n_set_language ("zh_CN");
  chinese = g_strdup (_ (msgid));
  lt_i18n_set_language ("en");
  if (g_strcmp0 (chinese, msgid) == 0)
    gtk_label_set_text (label, msgid);
  else {
    g_autofree char *both = g_strdup_printf ("%s\n%s", chinese, msgid);
    gtk_label_set_text (label, both);
  }
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

static void
lt_out_of_service_init (LtOutOfService *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The same words as the template's, which xgettext takes from there. */
  set_in_both_languages (self->title_label, N_ ("Out of service"));
  set_in_both_languages (self->residents_label,
                         N_ ("This door terminal is out of service. Please use another entrance or call the "
                             "building's management."));
  set_in_both_languages (self->technician_label,
                         N_ ("Technician: do what the message below says. A new terminal: set the door's GPIO lines in "
                             "/etc/lintel/lintel.conf, check them with “lintelctl config check”, then run “runuser -u "
                             "lintel -- lintelctl init”. A damaged database, or one from another terminal: restore a "
                             "backup made on this terminal. The door stays locked; this screen goes away by itself once "
                             "the terminal is ready."));
}

LtOutOfService *
lt_out_of_service_new (const char *reason)
{
  return g_object_new (LT_TYPE_OUT_OF_SERVICE, "reason", reason, NULL);
}

const char *
lt_out_of_service_get_reason (LtOutOfService *self)
{
  g_return_val_if_fail (LT_IS_OUT_OF_SERVICE (self), NULL);
  return self->reason;
}

typedef struct {
  GMainLoop  *loop;
  LtReadyFunc ready;
} RunState;

static gboolean
on_check_ready (gpointer user_data)
{
  RunState *state = user_data;

  if (state->ready != NULL && state->ready ()) {
    g_message ("The terminal is set up now: leaving the out-of-service screen");
    g_main_loop_quit (state->loop);
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * lt_out_of_service_run:
 * @reason: what is missing or wrong, for the technician
 * @ready: (nullable): called every few seconds; when it returns %TRUE the
 *   screen ends
 *
 * Shows the screen full-screen until @ready says the terminal is set up,
 * or SIGTERM/SIGINT. Returns the process's exit status: 0 when ready (the
 * service manager then starts the kiosk again), 0 on a signal too.
 */
int
lt_out_of_service_run (const char *reason,
                       LtReadyFunc ready)
{
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GtkCssProvider) css = NULL;
  LtOutOfService *window;
  RunState        state;
  guint           timer, term, intr;

  if (!gtk_init_check ()) {
    g_printerr ("lintel: %s\n", reason);
    return 1;
  }
  g_warning ("Out of service: %s", reason);
  /* Runs instead of the kiosk application: the same resources and style. */
  lt_register_resource ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/lintel/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.ready = ready;
  window = lt_out_of_service_new (reason);
  gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  timer = g_timeout_add_seconds (READY_CHECK_SECONDS, on_check_ready, &state);
  term = g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  intr = g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_main_loop_run (loop);
  g_source_remove (timer);
  g_source_remove (term);
  g_source_remove (intr);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
