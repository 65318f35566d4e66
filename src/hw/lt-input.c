/* lt-input.c: a debounced input line
 *
 * A contact or a button bounces for a few milliseconds when it moves. The
 * level counts once it has held still for the debounce time: every edge
 * restarts the wait, and when the wait ends the line is read. "active"
 * notifies only on a real change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-input"

#include "lt-input.h"
#include "lt-time.h"

struct _LtInput {
  GObject  parent_instance;
  LtLine  *line;
  guint    debounce_ms;
  gboolean active;
  GSource *settle;
  gulong   edge_handler;
};

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LtInput, lt_input, G_TYPE_OBJECT)

static gboolean
on_settled (gpointer user_data)
{
  LtInput *self = LT_INPUT (user_data);
  gboolean level = lt_line_get_value (self->line);

  g_clear_pointer (&self->settle, g_source_unref);
  if (level != self->active) {
    self->active = level;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  }
  return G_SOURCE_REMOVE;
}

static void
on_edge (LtLine  *line,
         gboolean active,
         guint64  timestamp_ns,
         gpointer user_data)
{
  LtInput *self = LT_INPUT (user_data);

  lt_clear_source (&self->settle);
  self->settle = lt_timeout_source_add (self->debounce_ms, on_settled, self);
}

static void
lt_input_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LtInput *self = LT_INPUT (object);

  switch (prop_id) {
  case PROP_ACTIVE:
    g_value_set_boolean (value, self->active);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_input_dispose (GObject *object)
{
  LtInput *self = LT_INPUT (object);

  lt_clear_source (&self->settle);
  if (self->line != NULL)
    g_clear_signal_handler (&self->edge_handler, self->line);
  g_clear_object (&self->line);
  G_OBJECT_CLASS (lt_input_parent_class)->dispose (object);
}

static void
lt_input_class_init (LtInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lt_input_get_property;
  object_class->dispose = lt_input_dispose;

  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lt_input_init (LtInput *self)
{
}

LtInput *
lt_input_new (LtLine *line,
              guint   debounce_ms)
{
  LtInput *self;

  g_return_val_if_fail (LT_IS_LINE (line), NULL);

  self = g_object_new (LT_TYPE_INPUT, NULL);

  self->line = g_object_ref (line);
  self->debounce_ms = MAX (debounce_ms, 1);
  self->active = lt_line_get_value (line);
  self->edge_handler = g_signal_connect (line, "edge", G_CALLBACK (on_edge), self);
  return self;
}

gboolean
lt_input_get_active (LtInput *self)
{
  g_return_val_if_fail (LT_IS_INPUT (self), FALSE);
  return self->active;
}

LtLine *
lt_input_get_line (LtInput *self)
{
  g_return_val_if_fail (LT_IS_INPUT (self), NULL);
  return self->line;
}
