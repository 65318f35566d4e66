/* lt-line.h: one GPIO line, real or simulated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LT_LINE_ERROR (lt_line_error_quark ())
GQuark lt_line_error_quark (void);

typedef enum {
  LT_LINE_ERROR_NO_CHIP,
  LT_LINE_ERROR_NO_LINE,
  LT_LINE_ERROR_BUSY,
  LT_LINE_ERROR_IO,
  LT_LINE_ERROR_DIRECTION,
} LtLineError;

typedef enum {
  LT_LINE_INPUT,
  LT_LINE_OUTPUT,
} LtLineDirection;

#define LT_TYPE_LINE (lt_line_get_type ())
G_DECLARE_INTERFACE (LtLine, lt_line, LT, LINE, GObject)

/* Values are logical: TRUE is "active" (energised output, door open,
 * button pressed), whatever the wiring's polarity. Inputs emit ::edge on
 * the main context they were created in, with the kernel's timestamp. */
struct _LtLineInterface {
  GTypeInterface parent_iface;

  const char *(*get_name) (LtLine *self);
  gboolean (*get_value) (LtLine   *self);
  gboolean (*set_value) (LtLine   *self,
                         gboolean  active,
                         GError  **error);
};

gboolean    lt_line_get_value (LtLine   *self);
gboolean    lt_line_set_value (LtLine   *self,
                               gboolean  active,
                               GError  **error);
const char *lt_line_get_name  (LtLine   *self);
void        lt_line_emit_edge (LtLine   *self,
                               gboolean  active,
                               guint64   timestamp_ns);

G_END_DECLS
