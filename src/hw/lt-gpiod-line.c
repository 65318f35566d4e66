/* lt-gpiod-line.c: a GPIO line through libgpiod (v1 API)
 *
 * Debian 12 ships libgpiod 1.6. Outputs are requested with their initial
 * value so the kernel drives the line to it in the same ioctl that claims
 * it: there is no moment at which the lock relay floats or pulses. Inputs
 * are requested for both edges, and the event file descriptor is watched
 * on the main loop; the kernel's timestamps come with each edge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-gpiod-line"

#include "lt-gpiod-line.h"
#include "lt-time.h"

#include <errno.h>
#include <gpiod.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#define CONSUMER "lintel"

typedef struct gpiod_chip LtGpiodChip;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtGpiodChip, gpiod_chip_close)

struct _LtGpiodLine {
  GObject            parent_instance;
  char              *name;
  char              *chip_name;
  guint              offset;
  LtLineDirection    direction;
  struct gpiod_chip *chip;
  struct gpiod_line *line;
  GSource           *watch;
  gboolean           value;
};

static void lt_gpiod_line_iface_init (LtLineInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LtGpiodLine, lt_gpiod_line, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (LT_TYPE_LINE, lt_gpiod_line_iface_init))

static gint
errno_to_code (int err)
{
  switch (err) {
  case ENOENT:
  case ENODEV:
    return LT_LINE_ERROR_NO_CHIP;
  case EINVAL:
    return LT_LINE_ERROR_NO_LINE;
  case EBUSY:
    return LT_LINE_ERROR_BUSY;
  default:
    return LT_LINE_ERROR_IO;
  }
}

static const char *
lt_gpiod_line_get_name (LtLine *line)
{
  return LT_GPIOD_LINE (line)->name;
}

static gboolean
lt_gpiod_line_get_value (LtLine *line)
{
  LtGpiodLine *self = LT_GPIOD_LINE (line);
  int          value;

  if (self->direction == LT_LINE_OUTPUT)
    return self->value;
  value = gpiod_line_get_value (self->line);
  if (value < 0) {
    g_warning ("Cannot read the %s line (%s:%u): %s", self->name, self->chip_name, self->offset,
               g_strerror (errno));
    return self->value;
  }
  self->value = value != 0;
  return self->value;
}

static gboolean
lt_gpiod_line_set_value (LtLine  *line,
                         gboolean active,
                         GError **error)
{
  LtGpiodLine *self = LT_GPIOD_LINE (line);

  if (self->direction != LT_LINE_OUTPUT) {
    g_set_error (error, LT_LINE_ERROR, LT_LINE_ERROR_DIRECTION,
                 _ ("The %s line is an input and cannot be set"), self->name);
    return FALSE;
  }
  if (gpiod_line_set_value (self->line, active ? 1 : 0) < 0) {
    int err = errno;
    g_set_error (error, LT_LINE_ERROR, errno_to_code (err),
                 _ ("Cannot set the %s line (%s:%u): %s"), self->name, self->chip_name, self->offset,
                 g_strerror (err));
    return FALSE;
  }
  if (self->value != !!active) {
    self->value = !!active;
    lt_line_emit_edge (line, self->value, (guint64)g_get_monotonic_time () * 1000);
  }
  return TRUE;
}

static void
lt_gpiod_line_iface_init (LtLineInterface *iface)
{
  iface->get_name = lt_gpiod_line_get_name;
  iface->get_value = lt_gpiod_line_get_value;
  iface->set_value = lt_gpiod_line_set_value;
}

static gboolean
on_line_event (int          fd,
               GIOCondition condition,
               gpointer     user_data)
{
  LtGpiodLine            *self = LT_GPIOD_LINE (user_data);
  struct gpiod_line_event events[16];
  int                     n;

  n = gpiod_line_event_read_fd_multiple (fd, events, G_N_ELEMENTS (events));
  if (n < 0) {
    if (errno == EAGAIN)
      return G_SOURCE_CONTINUE;
    g_warning ("Cannot read events of the %s line (%s:%u): %s; it is no longer watched",
               self->name, self->chip_name, self->offset, g_strerror (errno));
    return G_SOURCE_REMOVE;
  }
  for (int i = 0; i < n; i++) {
    guint64 ts = (guint64)events[i].ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64)events[i].ts.tv_nsec;

    self->value = events[i].event_type == GPIOD_LINE_EVENT_RISING_EDGE;
    lt_line_emit_edge (LT_LINE (self), self->value, ts);
  }
  return G_SOURCE_CONTINUE;
}

static void
lt_gpiod_line_dispose (GObject *object)
{
  LtGpiodLine *self = LT_GPIOD_LINE (object);

  lt_clear_source (&self->watch);
  /* Releasing leaves an output at its last value; the door relocks before
   * it lets go of its lock line. */
  if (self->line != NULL) {
    gpiod_line_release (self->line);
    self->line = NULL;
  }
  g_clear_pointer (&self->chip, gpiod_chip_close);
  G_OBJECT_CLASS (lt_gpiod_line_parent_class)->dispose (object);
}

static void
lt_gpiod_line_finalize (GObject *object)
{
  LtGpiodLine *self = LT_GPIOD_LINE (object);

  g_free (self->name);
  g_free (self->chip_name);
  G_OBJECT_CLASS (lt_gpiod_line_parent_class)->finalize (object);
}

static void
lt_gpiod_line_class_init (LtGpiodLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lt_gpiod_line_dispose;
  object_class->finalize = lt_gpiod_line_finalize;
}

static void
lt_gpiod_line_init (LtGpiodLine *self)
{
}

LtLine *
lt_gpiod_line_request (const LtLineSpec *spec,
                       const char       *name,
                       LtLineDirection   direction,
                       gboolean          initial,
                       GError          **error)
{
  g_autoptr (LtGpiodLine) self = NULL;
  g_autoptr (LtGpiodChip) chip = NULL;
  struct gpiod_line *line;
  int                flags = spec->active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
  int                rc, err;

  g_return_val_if_fail (spec->chip != NULL, NULL);

  chip = gpiod_chip_open_lookup (spec->chip);
  if (chip == NULL) {
    err = errno;
    g_set_error (error, LT_LINE_ERROR, LT_LINE_ERROR_NO_CHIP,
                 _ ("GPIO chip “%s” for the %s line was not found (%s); check [gpio] %s and that the chip's driver is loaded (gpiodetect lists the chips)"),
                 spec->chip, name, g_strerror (err), name);
    return NULL;
  }
  line = gpiod_chip_get_line (chip, spec->offset);
  if (line == NULL) {
    err = errno;
    g_set_error (error, LT_LINE_ERROR, LT_LINE_ERROR_NO_LINE,
                 _ ("GPIO chip “%s” has no line %u for the %s line (%s); check [gpio] %s (gpioinfo lists the lines)"),
                 spec->chip, spec->offset, name, g_strerror (err), name);
    return NULL;
  }

  if (direction == LT_LINE_OUTPUT)
    rc = gpiod_line_request_output_flags (line, CONSUMER, flags, initial ? 1 : 0);
  else
    rc = gpiod_line_request_both_edges_events_flags (line, CONSUMER, flags);
  if (rc < 0) {
    err = errno;
    if (err == EBUSY)
      g_set_error (error, LT_LINE_ERROR, LT_LINE_ERROR_BUSY,
                   _ ("GPIO line %s:%u for the %s line is busy, used by “%s”; stop that program or pick another line"),
                   spec->chip, spec->offset, name,
                   gpiod_line_consumer (line) ? gpiod_line_consumer (line) : "?");
    else
      g_set_error (error, LT_LINE_ERROR, errno_to_code (err),
                   _ ("Cannot request GPIO line %s:%u for the %s line: %s"),
                   spec->chip, spec->offset, name, g_strerror (err));
    return NULL;
  }

  self = g_object_new (LT_TYPE_GPIOD_LINE, NULL);
  self->name = g_strdup (name);
  self->chip_name = g_strdup (spec->chip);
  self->offset = spec->offset;
  self->direction = direction;
  self->chip = g_steal_pointer (&chip);
  self->line = line;
  self->value = !!initial;
  if (direction == LT_LINE_INPUT) {
    self->value = gpiod_line_get_value (line) > 0;
    g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();

    self->watch = g_unix_fd_source_new (gpiod_line_event_get_fd (line), G_IO_IN);
    g_source_set_callback (self->watch, G_SOURCE_FUNC (on_line_event), self, NULL);
    g_source_attach (self->watch, context);
  }
  return LT_LINE (g_steal_pointer (&self));
}
