/* lt-sim-line.c: a GPIO line that exists only in memory
 *
 * It sits behind the same LtLine interface as the libgpiod line, so the
 * debouncing, the Wiegand timing and the door logic run unchanged on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-sim-line"

#include "lt-sim-line.h"

#include <glib/gi18n.h>

struct _LtSimLine {
  GObject         parent_instance;
  char           *name;
  LtLineDirection direction;
  gboolean        value;
  gboolean        fail; /* make writes fail, to test fault handling */
  guint           writes;
};

static void lt_sim_line_iface_init (LtLineInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LtSimLine, lt_sim_line, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (LT_TYPE_LINE, lt_sim_line_iface_init))

static gboolean
lt_sim_line_get_value (LtLine *line)
{
  return LT_SIM_LINE (line)->value;
}

static gboolean
lt_sim_line_set_value (LtLine  *line,
                       gboolean active,
                       GError **error)
{
  LtSimLine *self = LT_SIM_LINE (line);

  if (self->direction != LT_LINE_OUTPUT) {
    g_set_error (error, LT_LINE_ERROR, LT_LINE_ERROR_DIRECTION,
                 _ ("The %s line is an input and cannot be set"), self->name);
    return FALSE;
  }
  if (self->fail) {
    g_set_error (error, LT_LINE_ERROR, LT_LINE_ERROR_IO,
                 _ ("Cannot set the %s line: simulated fault"), self->name);
    return FALSE;
  }
  self->writes++;
  if (self->value != !!active) {
    self->value = !!active;
    /* Outputs report their changes too, so observers see the real level. */
    lt_line_emit_edge (line, self->value, (guint64)g_get_monotonic_time () * 1000);
  }
  return TRUE;
}

static const char *
lt_sim_line_get_name (LtLine *line)
{
  return LT_SIM_LINE (line)->name;
}

static void
lt_sim_line_iface_init (LtLineInterface *iface)
{
  iface->get_name = lt_sim_line_get_name;
  iface->get_value = lt_sim_line_get_value;
  iface->set_value = lt_sim_line_set_value;
}

static void
lt_sim_line_finalize (GObject *object)
{
  g_free (LT_SIM_LINE (object)->name);
  G_OBJECT_CLASS (lt_sim_line_parent_class)->finalize (object);
}

static void
lt_sim_line_class_init (LtSimLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lt_sim_line_finalize;
}

static void
lt_sim_line_init (LtSimLine *self)
{
}

LtSimLine *
lt_sim_line_new (const char     *name,
                 LtLineDirection direction,
                 gboolean        initial)
{
  LtSimLine *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (LT_TYPE_SIM_LINE, NULL);

  self->name = g_strdup (name);
  self->direction = direction;
  self->value = !!initial;
  return self;
}

/* The outside world moves an input: the level changes and an edge is
 * delivered, as the kernel would. A timestamp of 0 means now. */
void
lt_sim_line_drive (LtSimLine *self,
                   gboolean   active,
                   guint64    timestamp_ns)
{
  g_return_if_fail (LT_IS_SIM_LINE (self));
  g_return_if_fail (self->direction == LT_LINE_INPUT);

  if (self->value == !!active)
    return;
  self->value = !!active;
  lt_line_emit_edge (LT_LINE (self), self->value,
                     timestamp_ns ? timestamp_ns : (guint64)g_get_monotonic_time () * 1000);
}

void
lt_sim_line_set_fail (LtSimLine *self,
                      gboolean   fail)
{
  g_return_if_fail (LT_IS_SIM_LINE (self));

  self->fail = fail;
}

guint
lt_sim_line_get_writes (LtSimLine *self)
{
  g_return_val_if_fail (LT_IS_SIM_LINE (self), 0);

  return self->writes;
}
