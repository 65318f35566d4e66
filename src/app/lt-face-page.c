/* lt-face-page.c: a tap on Face
 *
 * The page exists only because somebody tapped Face on the lobby, and the
 * recognition starts as it is made: nothing else starts the camera for a
 * face (R5). The indicator follows the pipeline. A granted face is the
 * kiosk's ordinary result screen (it hears ::decision like every
 * decision); a refused one, or a face that could not be checked, shows
 * PIN, QR and the card reader, each one tap away. The camera stops when
 * the page goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-face-page"

#include "lt-face-page.h"
#include "lt-face-words.h"

#include <glib/gi18n.h>

struct _LtFacePage {
  GtkWidget parent_instance;

  LtHost       *host;
  GCancellable *cancellable;
  gboolean      running; /* the recognition has not finished */

  GtkStack   *stack;
  GtkLabel   *indicator;
  GtkLabel   *step_label;
  GtkPicture *preview;
  GtkLabel   *failed_title;
  GtkLabel   *failed_detail;
  GtkButton  *scan_button;
};

enum {
  PROP_0,
  PROP_HOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LtFacePage, lt_face_page, GTK_TYPE_WIDGET)

static void
show_failed (LtFacePage *self,
             const char *title,
             const char *detail)
{
  self->running = FALSE;
  gtk_picture_set_paintable (self->preview, NULL);
  gtk_label_set_label (self->failed_title, title);
  gtk_label_set_label (self->failed_detail, detail);
  gtk_stack_set_visible_child_name (self->stack, "failed");
  /* Back in front of the kiosk's own result screen. */
  gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.show-resident", NULL);
}

static void
on_recognised (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  LtFacePage *self;

  if (lt_host_call_finish (LT_HOST (source), result, &error) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LT_FACE_PAGE (user_data);
  g_message ("Face: %s", error->message);
  show_failed (self, _ ("Face entry did not work this time"), lt_face_error_words (error));
}

/* A decision from this tap: granted is the kiosk's result screen; a
 * refusal offers the other ways in. */
static void
on_decision (LtHost               *host,
             const LtHostDecision *decision,
             LtFacePage           *self)
{
  if (decision->method != LT_METHOD_FACE || !self->running)
    return;
  self->running = FALSE;
  gtk_picture_set_paintable (self->preview, NULL);
  if (!decision->granted)
    show_failed (self, _ ("Face not recognised"), _ ("Please use another way in: they all open the same doors."));
}

static void
on_progress (LtHost     *host,
             const char *step,
             guint       captures,
             guint       needed,
             LtFacePage *self)
{
  if (self->running)
    gtk_label_set_label (self->step_label, lt_face_step_words (step));
}

static void
on_preview (LtHost     *host,
            GBytes     *data,
            int         width,
            int         height,
            int         stride,
            LtFacePage *self)
{
  g_autoptr (GdkTexture) texture = NULL;

  if (!self->running)
    return;
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, data, (gsize)stride);
  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
}

static void
on_camera_running (LtHost     *host,
                   GParamSpec *pspec,
                   LtFacePage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->indicator), lt_host_get_camera_running (host));
}

static void
lt_face_page_constructed (GObject *object)
{
  LtFacePage *self = LT_FACE_PAGE (object);

  G_OBJECT_CLASS (lt_face_page_parent_class)->constructed (object);

  gtk_widget_set_visible (GTK_WIDGET (self->scan_button), lt_host_has_camera (self->host));
  g_signal_connect (self->host, "decision", G_CALLBACK (on_decision), self);
  g_signal_connect (self->host, "face-progress", G_CALLBACK (on_progress), self);
  g_signal_connect (self->host, "scan-preview", G_CALLBACK (on_preview), self);
  g_signal_connect (self->host, "notify::camera-running", G_CALLBACK (on_camera_running), self);
  on_camera_running (self->host, NULL, self);
  gtk_label_set_label (self->step_label, lt_face_step_words ("look"));
  self->running = TRUE;
  lt_host_face_recognise_async (self->host, self->cancellable, on_recognised, self);
}

static void
lt_face_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LtFacePage *self = LT_FACE_PAGE (object);

  switch (prop_id) {
  case PROP_HOST:
    self->host = g_value_dup_object (value);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_face_page_dispose (GObject *object)
{
  LtFacePage *self = LT_FACE_PAGE (object);
  GtkWidget  *child;

  g_cancellable_cancel (self->cancellable);
  if (self->host != NULL) {
    if (self->running)
      lt_host_face_cancel (self->host);
    g_signal_handlers_disconnect_by_data (self->host, self);
  }
  self->running = FALSE;
  g_clear_object (&self->host);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (lt_face_page_parent_class)->dispose (object);
}

static void
lt_face_page_finalize (GObject *object)
{
  g_clear_object (&LT_FACE_PAGE (object)->cancellable);
  G_OBJECT_CLASS (lt_face_page_parent_class)->finalize (object);
}

static void
lt_face_page_class_init (LtFacePageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lt_face_page_constructed;
  object_class->set_property = lt_face_page_set_property;
  object_class->dispose = lt_face_page_dispose;
  object_class->finalize = lt_face_page_finalize;

  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, LT_TYPE_HOST,
                                               G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lintel/Kiosk/lt-face-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LtFacePage, stack);
  gtk_widget_class_bind_template_child (widget_class, LtFacePage, indicator);
  gtk_widget_class_bind_template_child (widget_class, LtFacePage, step_label);
  gtk_widget_class_bind_template_child (widget_class, LtFacePage, preview);
  gtk_widget_class_bind_template_child (widget_class, LtFacePage, failed_title);
  gtk_widget_class_bind_template_child (widget_class, LtFacePage, failed_detail);
  gtk_widget_class_bind_template_child (widget_class, LtFacePage, scan_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "facepage");
}

static void
lt_face_page_init (LtFacePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
lt_face_page_new (LtHost *host)
{
  g_return_val_if_fail (LT_IS_HOST (host), NULL);

  return g_object_new (LT_TYPE_FACE_PAGE, "host", host, NULL);
}

const char *
lt_face_page_get_view (LtFacePage *self)
{
  g_return_val_if_fail (LT_IS_FACE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
