/* lt-staff-page.c: what the guard and maintenance screens share
 *
 * A staff screen is given the engine host and the signed-in staff member
 * at construction; every call it makes goes with its cancellable, which
 * is cancelled (and its host signals disconnected) when it goes away, so
 * no answer reaches a screen that is gone. ::sign-out asks the kiosk to
 * return to the lobby.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-staff-page"

#include "lt-staff-page.h"

typedef struct {
  LtHost       *host;
  GCancellable *cancellable;
  gint64        staff_id;
  char         *staff_name;
} LtStaffPagePrivate;

enum {
  PROP_0,
  PROP_HOST,
  PROP_STAFF_ID,
  PROP_STAFF_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGN_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE_WITH_PRIVATE (LtStaffPage, lt_staff_page, GTK_TYPE_WIDGET)

static void
lt_staff_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LtStaffPagePrivate *priv = lt_staff_page_get_instance_private (LT_STAFF_PAGE (object));

  switch (prop_id) {
  case PROP_HOST:
    priv->host = g_value_dup_object (value);
    break;
  case PROP_STAFF_ID:
    priv->staff_id = g_value_get_int64 (value);
    break;
  case PROP_STAFF_NAME:
    priv->staff_name = g_value_dup_string (value);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_staff_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LtStaffPagePrivate *priv = lt_staff_page_get_instance_private (LT_STAFF_PAGE (object));

  switch (prop_id) {
  case PROP_HOST:
    g_value_set_object (value, priv->host);
    break;
  case PROP_STAFF_ID:
    g_value_set_int64 (value, priv->staff_id);
    break;
  case PROP_STAFF_NAME:
    g_value_set_string (value, priv->staff_name);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_staff_page_dispose (GObject *object)
{
  LtStaffPagePrivate *priv = lt_staff_page_get_instance_private (LT_STAFF_PAGE (object));

  /* Answers to this screen's calls are dropped, not delivered. */
  g_cancellable_cancel (priv->cancellable);
  if (priv->host != NULL)
    g_signal_handlers_disconnect_by_data (priv->host, object);
  g_clear_object (&priv->host);
  G_OBJECT_CLASS (lt_staff_page_parent_class)->dispose (object);
}

static void
lt_staff_page_finalize (GObject *object)
{
  LtStaffPagePrivate *priv = lt_staff_page_get_instance_private (LT_STAFF_PAGE (object));

  g_clear_object (&priv->cancellable);
  g_free (priv->staff_name);
  G_OBJECT_CLASS (lt_staff_page_parent_class)->finalize (object);
}

static void
lt_staff_page_class_init (LtStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = lt_staff_page_set_property;
  object_class->get_property = lt_staff_page_get_property;
  object_class->dispose = lt_staff_page_dispose;
  object_class->finalize = lt_staff_page_finalize;

  properties[PROP_HOST] = g_param_spec_object ("host", NULL, NULL, LT_TYPE_HOST,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAFF_ID] = g_param_spec_int64 ("staff-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAFF_NAME] = g_param_spec_string ("staff-name", NULL, NULL, NULL,
                                                     G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LtStaffPage::sign-out:
   *
   * The staff member leaves: the kiosk returns to the lobby.
   */
  signals[SIGN_OUT] = g_signal_new ("sign-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lt_staff_page_init (LtStaffPage *self)
{
  LtStaffPagePrivate *priv = lt_staff_page_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
}

LtHost *
lt_staff_page_get_host (LtStaffPage *self)
{
  LtStaffPagePrivate *priv;

  g_return_val_if_fail (LT_IS_STAFF_PAGE (self), NULL);

  priv = lt_staff_page_get_instance_private (self);
  return priv->host;
}

GCancellable *
lt_staff_page_get_cancellable (LtStaffPage *self)
{
  LtStaffPagePrivate *priv;

  g_return_val_if_fail (LT_IS_STAFF_PAGE (self), NULL);

  priv = lt_staff_page_get_instance_private (self);
  return priv->cancellable;
}

gint64
lt_staff_page_get_staff_id (LtStaffPage *self)
{
  LtStaffPagePrivate *priv;

  g_return_val_if_fail (LT_IS_STAFF_PAGE (self), 0);

  priv = lt_staff_page_get_instance_private (self);
  return priv->staff_id;
}

const char *
lt_staff_page_get_staff_name (LtStaffPage *self)
{
  LtStaffPagePrivate *priv;

  g_return_val_if_fail (LT_IS_STAFF_PAGE (self), NULL);

  priv = lt_staff_page_get_instance_private (self);
  return priv->staff_name;
}

void
lt_staff_page_sign_out (LtStaffPage *self)
{
  g_return_if_fail (LT_IS_STAFF_PAGE (self));

  g_signal_emit (self, signals[SIGN_OUT], 0);
}
