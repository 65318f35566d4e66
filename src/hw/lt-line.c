/* lt-line.c: one GPIO line, real or simulated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-line"

#include "lt-line.h"

G_DEFINE_QUARK (lt - line - error - quark, lt_line_error)
G_DEFINE_INTERFACE (LtLine, lt_line, G_TYPE_OBJECT)

enum {
  EDGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lt_line_default_init (LtLineInterface *iface)
{
  /**
   * LtLine::edge:
   * @active: the level after the edge
   * @timestamp_ns: when it happened, CLOCK_MONOTONIC nanoseconds
   */
  signals[EDGE] = g_signal_new ("edge", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_UINT64);
}

gboolean
lt_line_get_value (LtLine *self)
{
  g_return_val_if_fail (LT_IS_LINE (self), FALSE);
  return LT_LINE_GET_IFACE (self)->get_value (self);
}

gboolean
lt_line_set_value (LtLine  *self,
                   gboolean active,
                   GError **error)
{
  g_return_val_if_fail (LT_IS_LINE (self), FALSE);
  return LT_LINE_GET_IFACE (self)->set_value (self, active, error);
}

/* The role of the line in the door ("lock", "door-contact", …), for
 * messages and events. */
const char *
lt_line_get_name (LtLine *self)
{
  g_return_val_if_fail (LT_IS_LINE (self), NULL);
  return LT_LINE_GET_IFACE (self)->get_name (self);
}

void
lt_line_emit_edge (LtLine  *self,
                   gboolean active,
                   guint64  timestamp_ns)
{
  g_return_if_fail (LT_IS_LINE (self));

  g_signal_emit (self, signals[EDGE], 0, active, timestamp_ns);
}
