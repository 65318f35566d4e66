/* lt-evdev-reader.c: USB keyboard-wedge card readers read through evdev
 *
 * A wedge reader is a USB keyboard that types the card's UID and Enter.
 * Left alone, those key presses would land in whatever the kiosk has
 * focused, so the device is grabbed (EVIOCGRAB) and read here instead.
 * Only key codes are decoded, never the keyboard layout: the reader does
 * not know which layout the kiosk uses and neither should the card number.
 *
 * Readers get unplugged: the reader then waits for its path to come back
 * and grabs it again. A reader that types cards faster than anyone can
 * present them (a stuck key, a replay device) is throttled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-evdev-reader"

#include "lt-evdev-reader.h"
#include "lt-time.h"
#include "lt-card.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (lt - evdev - reader - error - quark, lt_evdev_reader_error)

#define FLOOD_WINDOW_US (60 * G_USEC_PER_SEC)
/* A half-typed line older than this is left over from an interrupted read
 * (unplugged mid-card); keeping it would prefix the next card. */
#define LINE_TIMEOUT_US (2 * G_USEC_PER_SEC)
#define RETRY_SECONDS   1
#define READ_RECORDS    64
/* Bounds one dispatch so a device that never stops typing cannot starve
 * the door's other sources. */
#define MAX_READS_PER_DISPATCH 16

struct _LtEvdevReader {
  GObject parent_instance;

  char         *path; /* NULL for a reader made from an fd */
  LtWedgeFormat format;
  guint         max_per_minute; /* 0: no limit */
  GMainContext *context;

  gboolean started;
  int      fd;
  gboolean grabbed;
  guint    generation; /* bumped whenever the fd goes away */
  GSource *fd_source;
  GSource *retry_source;

  guint8       partial[sizeof (struct input_event)];
  gsize        n_partial;
  LtKeyDecoder decoder;
  gint64       last_key_us;
  GArray      *accepted_us; /* gint64 monotonic times in the window */
};

G_DEFINE_FINAL_TYPE (LtEvdevReader, lt_evdev_reader, G_TYPE_OBJECT)

enum {
  SIGNAL_CARD,
  SIGNAL_REJECTED,
  SIGNAL_CONNECTED,
  SIGNAL_DISCONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Key decoder */

static char
key_to_char (guint16 code)
{
  switch (code) {
  case KEY_0:
  case KEY_KP0:
    return '0';
  case KEY_1:
  case KEY_KP1:
    return '1';
  case KEY_2:
  case KEY_KP2:
    return '2';
  case KEY_3:
  case KEY_KP3:
    return '3';
  case KEY_4:
  case KEY_KP4:
    return '4';
  case KEY_5:
  case KEY_KP5:
    return '5';
  case KEY_6:
  case KEY_KP6:
    return '6';
  case KEY_7:
  case KEY_KP7:
    return '7';
  case KEY_8:
  case KEY_KP8:
    return '8';
  case KEY_9:
  case KEY_KP9:
    return '9';
  case KEY_A:
    return 'A';
  case KEY_B:
    return 'B';
  case KEY_C:
    return 'C';
  case KEY_D:
    return 'D';
  case KEY_E:
    return 'E';
  case KEY_F:
    return 'F';
  default:
    return '\0';
  }
}

/* Readers press Shift for upper-case hex and some toggle Num Lock before
 * keypad digits; these type nothing, so they do not spoil the line. */
static gboolean
is_modifier (guint16 code)
{
  switch (code) {
  case KEY_LEFTSHIFT:
  case KEY_RIGHTSHIFT:
  case KEY_CAPSLOCK:
  case KEY_NUMLOCK:
    return TRUE;
  default:
    return FALSE;
  }
}

void
lt_key_decoder_init (LtKeyDecoder *d)
{
  g_return_if_fail (d != NULL);

  memset (d, 0, sizeof *d);
}

/* Forgets the current line; the count of thrown-away lines stays. */
void
lt_key_decoder_reset (LtKeyDecoder *d)
{
  g_return_if_fail (d != NULL);

  memset (d->text, 0, sizeof d->text);
  d->len = 0;
  d->garbage = FALSE;
}

char *
lt_key_decoder_feed (LtKeyDecoder             *d,
                     const struct input_event *ev)
{
  char c;

  g_return_val_if_fail (d != NULL, NULL);
  g_return_val_if_fail (ev != NULL, NULL);

  /* The kernel's buffer overflowed and events were lost: the keys of the
   * current line have a gap, and what is left of it could read as another
   * card. The line is thrown away at its Enter, and nothing counts until
   * the report that ends the damaged packet (the evdev protocol's resync). */
  if (ev->type == EV_SYN) {
    if (ev->code == SYN_DROPPED) {
      memset (d->text, 0, sizeof d->text);
      d->len = 0;
      d->garbage = TRUE;
      d->dropping = TRUE;
    } else if (ev->code == SYN_REPORT) {
      d->dropping = FALSE;
    }
    return NULL;
  }
  if (d->dropping)
    return NULL;

  /* Releases (0) and autorepeat (2) would double digits. */
  if (ev->type != EV_KEY || ev->value != 1 || is_modifier (ev->code))
    return NULL;

  if (ev->code == KEY_ENTER || ev->code == KEY_KPENTER) {
    char *line = NULL;

    if (d->garbage)
      d->n_garbage++;
    else if (d->len > 0)
      line = g_strndup (d->text, d->len);
    lt_key_decoder_reset (d);
    return line;
  }

  c = key_to_char (ev->code);
  if (c == '\0' || d->len >= LT_KEY_DECODER_MAX_CHARS)
    d->garbage = TRUE;
  else if (!d->garbage)
    d->text[d->len++] = c;
  return NULL;
}

/* Reader object */

static const char *
device_name (LtEvdevReader *self)
{
  return self->path != NULL ? self->path : _ ("(file descriptor)");
}

/* Closes the device, if any; nothing is emitted. */
static void
detach (LtEvdevReader *self)
{
  lt_clear_source (&self->fd_source);
  if (self->fd >= 0) {
    if (self->grabbed)
      (void)ioctl (self->fd, EVIOCGRAB, 0);
    g_close (self->fd, NULL);
  }
  self->fd = -1;
  self->grabbed = FALSE;
  self->generation++;
  memset (self->partial, 0, sizeof self->partial);
  self->n_partial = 0;
  lt_key_decoder_reset (&self->decoder);
  self->decoder.dropping = FALSE;
}

static gboolean
flood_allows (LtEvdevReader *self,
              gint64         now)
{
  guint expired = 0;

  if (self->max_per_minute == 0)
    return TRUE;

  while (expired < self->accepted_us->len && g_array_index (self->accepted_us, gint64, expired) <= now - FLOOD_WINDOW_US)
    expired++;
  if (expired > 0)
    g_array_remove_range (self->accepted_us, 0, expired);

  /* Only accepted cards count, so the reader recovers a minute after a
   * flood stops rather than a minute after it started being refused. */
  if (self->accepted_us->len >= self->max_per_minute)
    return FALSE;
  g_array_append_val (self->accepted_us, now);
  return TRUE;
}

static void
reject (LtEvdevReader *self,
        const char    *reason)
{
  g_debug ("Card reader %s: read rejected (%s)", device_name (self), reason);
  g_signal_emit (self, signals[SIGNAL_REJECTED], 0, reason);
}

static void
handle_event (LtEvdevReader            *self,
              const struct input_event *ev)
{
  g_autofree char *line = NULL;
  g_autofree char *card = NULL;
  guint            n_garbage = self->decoder.n_garbage;
  gint64           now = g_get_monotonic_time ();

  if (ev->type == EV_KEY && ev->value == 1) {
    if ((self->decoder.len > 0 || self->decoder.garbage) && now - self->last_key_us > LINE_TIMEOUT_US)
      lt_key_decoder_reset (&self->decoder);
    self->last_key_us = now;
  }

  line = lt_key_decoder_feed (&self->decoder, ev);
  if (self->decoder.n_garbage != n_garbage) {
    reject (self, "garbage");
    return;
  }
  if (line == NULL)
    return;

  card = lt_evdev_reader_to_card (line, self->format, NULL);
  if (card == NULL) {
    reject (self, "malformed");
    return;
  }
  if (!flood_allows (self, now)) {
    reject (self, "flood");
    return;
  }
  g_signal_emit (self, signals[SIGNAL_CARD], 0, card);
}

static gboolean on_retry (gpointer user_data);

static void
schedule_retry (LtEvdevReader *self)
{
  if (self->path == NULL || self->retry_source != NULL)
    return;
  self->retry_source = g_timeout_source_new_seconds (RETRY_SECONDS);
  g_source_set_callback (self->retry_source, on_retry, self, NULL);
  g_source_set_static_name (self->retry_source, "[lintel] evdev reader retry");
  g_source_attach (self->retry_source, self->context);
}

static void
lose_device (LtEvdevReader *self,
             int            saved_errno)
{
  const char *next = self->path != NULL ? "; waiting for it to come back" : "";

  if (saved_errno != 0)
    g_message ("Card reader %s is gone (%s)%s",
               device_name (self), g_strerror (saved_errno), next);
  else
    g_message ("Card reader %s is gone%s", device_name (self), next);

  detach (self);
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0);
  /* A handler may have stopped the reader. */
  if (self->started)
    schedule_retry (self);
}

static gboolean
on_fd_ready (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  g_autoptr (LtEvdevReader) self = g_object_ref (LT_EVDEV_READER (user_data));
  guint       generation = self->generation;
  const gsize size = sizeof (struct input_event);
  guint8      buf[sizeof (struct input_event) * (READ_RECORDS + 1)];

  for (guint round = 0; round < MAX_READS_PER_DISPATCH; round++) {
    gsize  have = self->n_partial;
    gsize  used = 0;
    gssize n;

    /* A pipe (or a short read) may end mid-record: keep the tail. */
    memcpy (buf, self->partial, have);
    n = read (fd, buf + have, sizeof buf - have);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return G_SOURCE_CONTINUE;
    if (n <= 0) {
      lose_device (self, n < 0 ? errno : 0);
      return G_SOURCE_REMOVE;
    }

    have += (gsize)n;
    for (; have - used >= size; used += size) {
      struct input_event ev;

      memcpy (&ev, buf + used, size);
      handle_event (self, &ev);
      /* A signal handler stopped or disposed the reader. */
      if (self->generation != generation)
        return G_SOURCE_REMOVE;
    }
    memcpy (self->partial, buf + used, have - used);
    self->n_partial = have - used;
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
grab_device (LtEvdevReader *self,
             int            fd,
             GError       **error)
{
  struct stat st;
  int         saved_errno;

  if (ioctl (fd, EVIOCGRAB, 1) == 0) {
    self->grabbed = TRUE;
    return TRUE;
  }
  saved_errno = errno;

  /* Pipes and FIFOs stand in for a device in tests and the simulator;
   * they cannot be grabbed and nobody else reads them. */
  if ((saved_errno == ENOTTY || saved_errno == EINVAL) && fstat (fd, &st) == 0 && !S_ISCHR (st.st_mode)) {
    self->grabbed = FALSE;
    return TRUE;
  }

  g_set_error (error, LT_EVDEV_READER_ERROR, LT_EVDEV_READER_ERROR_GRAB,
               _ ("Could not take the card reader %s for the door alone (%s). Check that the path is the reader's event device (see /dev/input/by-id) and that no other program has grabbed it"),
               device_name (self), g_strerror (saved_errno));
  return FALSE;
}

/* Takes the open fd for reading; on failure the caller still owns fd. */
static gboolean
attach (LtEvdevReader *self,
        int            fd,
        GError       **error)
{
  if (!g_unix_set_fd_nonblocking (fd, TRUE, error))
    return FALSE;
  if (!grab_device (self, fd, error))
    return FALSE;

  self->fd = fd;
  self->fd_source = g_unix_fd_source_new (fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->fd_source, G_SOURCE_FUNC (on_fd_ready), self, NULL);
  g_source_set_static_name (self->fd_source, "[lintel] evdev reader");
  g_source_attach (self->fd_source, self->context);
  return TRUE;
}

static int
open_device (const char *path)
{
  return open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

static gboolean
on_retry (gpointer user_data)
{
  LtEvdevReader *self = LT_EVDEV_READER (user_data);
  g_autoptr (GError) error = NULL;
  int fd = open_device (self->path);

  if (fd < 0)
    return G_SOURCE_CONTINUE;
  if (!attach (self, fd, &error)) {
    g_debug ("%s", error->message);
    g_close (fd, NULL);
    return G_SOURCE_CONTINUE;
  }

  g_message ("Card reader %s is back", self->path);
  lt_clear_source (&self->retry_source);
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
  return G_SOURCE_REMOVE;
}

static void
lt_evdev_reader_dispose (GObject *object)
{
  LtEvdevReader *self = LT_EVDEV_READER (object);

  lt_evdev_reader_stop (self);
  G_OBJECT_CLASS (lt_evdev_reader_parent_class)->dispose (object);
}

static void
lt_evdev_reader_finalize (GObject *object)
{
  LtEvdevReader *self = LT_EVDEV_READER (object);

  g_free (self->path);
  g_array_unref (self->accepted_us);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (lt_evdev_reader_parent_class)->finalize (object);
}

static void
lt_evdev_reader_class_init (LtEvdevReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lt_evdev_reader_dispose;
  object_class->finalize = lt_evdev_reader_finalize;

  /**
   * LtEvdevReader::card:
   * @card: the card in its normalised form
   */
  signals[SIGNAL_CARD] = g_signal_new ("card", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * LtEvdevReader::rejected:
   * @reason: "garbage", "malformed" or "flood"
   */
  signals[SIGNAL_REJECTED] = g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DISCONNECTED] = g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lt_evdev_reader_init (LtEvdevReader *self)
{
  self->fd = -1;
  self->context = g_main_context_ref_thread_default ();
  self->accepted_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  lt_key_decoder_init (&self->decoder);
}

/* Sources are attached to the thread-default main context of the caller. */
LtEvdevReader *
lt_evdev_reader_new (const char   *path,
                     LtWedgeFormat format,
                     guint         max_per_minute)
{
  LtEvdevReader *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (format <= LT_WEDGE_DECIMAL, NULL);

  self = g_object_new (LT_TYPE_EVDEV_READER, NULL);
  self->path = g_strdup (path);
  self->format = format;
  self->max_per_minute = max_per_minute;
  return self;
}

/* Takes ownership of fd, even if the reader is never started. Without a
 * path there is nothing to reopen: once the fd ends, the reader stays
 * disconnected. */
LtEvdevReader *
lt_evdev_reader_new_for_fd (int           fd,
                            LtWedgeFormat format,
                            guint         max_per_minute)
{
  LtEvdevReader *self;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (format <= LT_WEDGE_DECIMAL, NULL);

  self = g_object_new (LT_TYPE_EVDEV_READER, NULL);
  self->fd = fd;
  self->format = format;
  self->max_per_minute = max_per_minute;
  return self;
}

/* Emits ::connected before returning if the device is there. A path that
 * does not exist yet is not an error: the reader waits for it. */
gboolean
lt_evdev_reader_start (LtEvdevReader *self,
                       GError       **error)
{
  int fd;

  g_return_val_if_fail (LT_IS_EVDEV_READER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->started)
    return TRUE;

  if (self->path == NULL) {
    if (self->fd < 0) {
      g_set_error (error, LT_EVDEV_READER_ERROR, LT_EVDEV_READER_ERROR_OPEN,
                   _ ("The card reader's file descriptor is closed; create a new reader"));
      return FALSE;
    }
    /* On failure the fd stays ours and dispose closes it. */
    if (!attach (self, self->fd, error))
      return FALSE;
  } else {
    fd = open_device (self->path);
    if (fd < 0) {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENODEV || saved_errno == ENXIO) {
        g_message ("Card reader %s is not plugged in; waiting for it", self->path);
        self->started = TRUE;
        schedule_retry (self);
        return TRUE;
      }
      g_set_error (error, LT_EVDEV_READER_ERROR, LT_EVDEV_READER_ERROR_OPEN,
                   _ ("Could not open the card reader %s (%s). Check the reader path in the configuration and that Lintel may read it (udev rule or the input group)"),
                   self->path, g_strerror (saved_errno));
      return FALSE;
    }
    if (!attach (self, fd, error)) {
      g_close (fd, NULL);
      return FALSE;
    }
  }

  self->started = TRUE;
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
  return TRUE;
}

/* Ungrabs and closes the device; a reader made from an fd cannot be
 * started again. */
void
lt_evdev_reader_stop (LtEvdevReader *self)
{
  g_return_if_fail (LT_IS_EVDEV_READER (self));

  self->started = FALSE;
  lt_clear_source (&self->retry_source);
  detach (self);
}

gboolean
lt_evdev_reader_get_connected (LtEvdevReader *self)
{
  g_return_val_if_fail (LT_IS_EVDEV_READER (self), FALSE);

  return self->fd_source != NULL;
}

const char *
lt_evdev_reader_get_path (LtEvdevReader *self)
{
  g_return_val_if_fail (LT_IS_EVDEV_READER (self), NULL);

  return self->path;
}

/* The message never repeats the text: it may be a card number. */
char *
lt_evdev_reader_to_card (const char   *text,
                         LtWedgeFormat format,
                         GError      **error)
{
  g_autofree char *hex = NULL;
  char            *card;

  g_return_val_if_fail (text != NULL, NULL);

  if (format == LT_WEDGE_DECIMAL) {
    gsize   len = strlen (text);
    guint64 value = 0;

    /* 10 digits hold any 4-byte UID; more is not one. */
    if (len == 0 || len > 10)
      goto malformed;
    for (gsize i = 0; i < len; i++) {
      if (!g_ascii_isdigit (text[i]))
        goto malformed;
      value = value * 10 + (guint64)(text[i] - '0');
    }
    if (value > G_MAXUINT32)
      goto malformed;
    hex = g_strdup_printf ("%08" G_GINT64_MODIFIER "X", value);
    text = hex;
  }

  card = lt_card_normalize (text, NULL);
  if (card != NULL)
    return card;

malformed:
  g_set_error (error, LT_EVDEV_READER_ERROR, LT_EVDEV_READER_ERROR_MALFORMED,
               format == LT_WEDGE_DECIMAL
                 ? _ ("The card reader typed something that is not a 4-byte UID in decimal. Check that the reader's output format matches the configuration")
                 : _ ("The card reader typed something that is not a hex UID. Check that the reader's output format matches the configuration"));
  return NULL;
}
