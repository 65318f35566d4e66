/* lt-sim-hardware.c: a whole door's hardware, simulated
 *
 * Every line of a real door exists here as an LtSimLine, driven the way the
 * physical part would drive it: a Wiegand frame becomes pulses on D0/D1
 * with realistic spacing in their timestamps, the exit button is pressed
 * and released, and the USB reader types key events into a pipe that the
 * real evdev reader decodes. The engine above cannot tell the difference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-sim-hardware"

#include "lt-sim-hardware.h"
#include "lt-sim-line.h"
#include "lt-time.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <linux/input.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#define WIEGAND_PULSE_NS  50000   /* 50 µs low pulse */
#define WIEGAND_PERIOD_NS 2000000 /* one bit every 2 ms */
#define EXIT_PRESS_MS     600     /* longer than the longest debounce */

G_DEFINE_QUARK (lt - sim - error - quark, lt_sim_error)

struct _LtSimHardware {
  GObject    parent_instance;
  LtSimLine *lines[LT_N_LINES];
  int        usb_fds[2]; /* pipe: the reader reads [0], we write [1] */
  guint64    wiegand_gap_ns;
  guint64    wiegand_next_ns; /* frames are all delivered at once, but their
                               * timestamps never overlap the previous one's */
  GSource   *exit_release;
};

G_DEFINE_FINAL_TYPE (LtSimHardware, lt_sim_hardware, G_TYPE_OBJECT)

static void
lt_sim_hardware_dispose (GObject *object)
{
  LtSimHardware *self = LT_SIM_HARDWARE (object);

  lt_clear_source (&self->exit_release);
  for (guint i = 0; i < LT_N_LINES; i++)
    g_clear_object (&self->lines[i]);
  for (guint i = 0; i < 2; i++) {
    if (self->usb_fds[i] >= 0)
      close (self->usb_fds[i]);
    self->usb_fds[i] = -1;
  }
  G_OBJECT_CLASS (lt_sim_hardware_parent_class)->dispose (object);
}

static void
lt_sim_hardware_class_init (LtSimHardwareClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lt_sim_hardware_dispose;
}

static void
lt_sim_hardware_init (LtSimHardware *self)
{
  self->usb_fds[0] = self->usb_fds[1] = -1;
}

/* The lock line comes first and starts at the level given: the engine asks
 * for the locked level, as it does of the real chip. */
LtSimHardware *
lt_sim_hardware_new (gboolean lock_initial,
                     guint    wiegand_gap_ms)
{
  LtSimHardware *self = g_object_new (LT_TYPE_SIM_HARDWARE, NULL);
  g_autoptr (GError) error = NULL;

  self->wiegand_gap_ns = (guint64)wiegand_gap_ms * 1000000;
  self->lines[LT_LINE_LOCK] = lt_sim_line_new ("lock", LT_LINE_OUTPUT, lock_initial);
  for (guint i = 0; i < LT_N_LINES; i++) {
    gboolean output = i == LT_LINE_BUZZER || i == LT_LINE_STATUS_LED;

    if (self->lines[i] == NULL)
      self->lines[i] = lt_sim_line_new (lt_line_role_to_key ((LtLineRole)i),
                                        output ? LT_LINE_OUTPUT : LT_LINE_INPUT, FALSE);
  }
  if (!g_unix_open_pipe (self->usb_fds, FD_CLOEXEC, &error))
    g_warning ("No simulated USB reader: %s", error->message);
  else if (!g_unix_set_fd_nonblocking (self->usb_fds[1], TRUE, &error))
    g_warning ("The simulated USB reader could block: %s", error->message);
  return self;
}

LtLine *
lt_sim_hardware_get_line (LtSimHardware *self,
                          LtLineRole     role)
{
  g_return_val_if_fail (role < LT_N_LINES, NULL);
  return LT_LINE (self->lines[role]);
}

/* The read end, for the evdev reader, which then owns it. */
int
lt_sim_hardware_steal_usb_fd (LtSimHardware *self)
{
  int fd;

  g_return_val_if_fail (LT_IS_SIM_HARDWARE (self), -1);

  fd = self->usb_fds[0];
  self->usb_fds[0] = -1;
  return fd;
}

gboolean
lt_sim_hardware_wiegand (LtSimHardware *self,
                         const char    *bits,
                         GError       **error)
{
  gsize   n;
  guint64 start;

  g_return_val_if_fail (LT_IS_SIM_HARDWARE (self), FALSE);
  g_return_val_if_fail (bits != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = strlen (bits);
  if (n == 0 || n > 64 || strspn (bits, "01") != n) {
    g_set_error (error, LT_SIM_ERROR, LT_SIM_ERROR_INVALID,
                 _ ("a Wiegand frame is 1 to 64 characters of 0 and 1"));
    return FALSE;
  }
  start = MAX ((guint64)g_get_monotonic_time () * 1000, self->wiegand_next_ns);
  for (gsize i = 0; i < n; i++) {
    LtSimLine *line = self->lines[bits[i] == '1' ? LT_LINE_WIEGAND_D1 : LT_LINE_WIEGAND_D0];
    guint64    t = start + i * WIEGAND_PERIOD_NS;

    lt_sim_line_drive (line, TRUE, t);
    lt_sim_line_drive (line, FALSE, t + WIEGAND_PULSE_NS);
  }
  /* The reader sees a silence longer than its gap before the next frame. */
  self->wiegand_next_ns = start + (n - 1) * WIEGAND_PERIOD_NS + 2 * self->wiegand_gap_ns + WIEGAND_PERIOD_NS;
  return TRUE;
}

/* A key press, its release and a report, appended to events. */
static void
add_key (GArray *events,
         guint16 code,
         gint64  now)
{
  struct input_event e[3];

  memset (e, 0, sizeof e);
  for (guint i = 0; i < 3; i++) {
    e[i].input_event_sec = now / G_USEC_PER_SEC;
    e[i].input_event_usec = now % G_USEC_PER_SEC;
  }
  e[0].type = EV_KEY;
  e[0].code = code;
  e[0].value = 1;
  e[1].type = EV_KEY;
  e[1].code = code;
  e[1].value = 0;
  e[2].type = EV_SYN;
  e[2].code = SYN_REPORT;
  g_array_append_vals (events, e, 3);
}

/* Types TEXT as a keyboard-wedge reader does: key codes, then Enter. */
gboolean
lt_sim_hardware_usb_card (LtSimHardware *self,
                          const char    *text,
                          GError       **error)
{
  static const guint16 digit_keys[10] = { KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9 };
  static const guint16 letter_keys[6] = { KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F };
  g_autoptr (GArray) events = NULL;
  gint64 now = g_get_real_time ();
  gssize written;
  gsize  n;

  g_return_val_if_fail (LT_IS_SIM_HARDWARE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = strlen (text);
  if (self->usb_fds[1] < 0) {
    g_set_error (error, LT_SIM_ERROR, LT_SIM_ERROR_IO, _ ("there is no simulated USB reader"));
    return FALSE;
  }
  if (n == 0 || n > 32 || strspn (text, "0123456789abcdefABCDEF") != n) {
    g_set_error (error, LT_SIM_ERROR, LT_SIM_ERROR_INVALID,
                 _ ("a USB reader types 1 to 32 hex digits"));
    return FALSE;
  }
  events = g_array_new (FALSE, FALSE, sizeof (struct input_event));
  for (gsize i = 0; i < n; i++) {
    char c = g_ascii_toupper (text[i]);

    add_key (events, g_ascii_isdigit (c) ? digit_keys[c - '0'] : letter_keys[c - 'A'], now);
  }
  add_key (events, KEY_ENTER, now);
  /* One write of at most PIPE_BUF bytes to a non-blocking pipe: the whole
   * card or nothing, and never a wait on the engine's loop when the
   * reader is behind (a flooded reader drops cards too). */
  G_STATIC_ASSERT (33 * 3 * sizeof (struct input_event) <= PIPE_BUF);
  written = write (self->usb_fds[1], events->data, events->len * sizeof (struct input_event));
  if (written != (gssize)(events->len * sizeof (struct input_event))) {
    g_set_error (error, LT_SIM_ERROR, LT_SIM_ERROR_IO,
                 _ ("the simulated USB reader cannot type: %s"),
                 written < 0 ? g_strerror (errno) : "short write");
    return FALSE;
  }
  return TRUE;
}

static gboolean
on_exit_release (gpointer user_data)
{
  LtSimHardware *self = LT_SIM_HARDWARE (user_data);

  g_clear_pointer (&self->exit_release, g_source_unref);
  lt_sim_line_drive (self->lines[LT_LINE_EXIT_BUTTON], FALSE, 0);
  return G_SOURCE_REMOVE;
}

/* A press held longer than any debounce, then a release. */
void
lt_sim_hardware_press_exit (LtSimHardware *self)
{
  g_return_if_fail (LT_IS_SIM_HARDWARE (self));

  lt_clear_source (&self->exit_release);
  lt_sim_line_drive (self->lines[LT_LINE_EXIT_BUTTON], TRUE, 0);
  self->exit_release = lt_timeout_source_add (EXIT_PRESS_MS, on_exit_release, self);
}

void
lt_sim_hardware_set_door_open (LtSimHardware *self,
                               gboolean       open)
{
  g_return_if_fail (LT_IS_SIM_HARDWARE (self));

  lt_sim_line_drive (self->lines[LT_LINE_CONTACT], open, 0);
}

void
lt_sim_hardware_set_tamper (LtSimHardware *self,
                            gboolean       on)
{
  g_return_if_fail (LT_IS_SIM_HARDWARE (self));

  lt_sim_line_drive (self->lines[LT_LINE_TAMPER], on, 0);
}
