/* test-evdev.c: keyboard-wedge card readers, fed input events through pipes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-test-util.h"
#include "lt-evdev-reader.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WAIT_SECONDS 10

/* Input events */

static void
add_event (GArray *events,
           guint16 type,
           guint16 code,
           gint32  value)
{
  struct input_event ev;

  memset (&ev, 0, sizeof ev);
  ev.type = type;
  ev.code = code;
  ev.value = value;
  g_array_append_val (events, ev);
}

/* A press and a release, each followed by a report, as a keyboard sends
 * them; with_scan adds the EV_MSC scan code real keyboards send first. */
static void
add_key (GArray  *events,
         guint16  code,
         gboolean with_scan)
{
  if (with_scan)
    add_event (events, EV_MSC, MSC_SCAN, 0x70000 + code);
  add_event (events, EV_KEY, code, 1);
  add_event (events, EV_SYN, SYN_REPORT, 0);
  add_event (events, EV_KEY, code, 0);
  add_event (events, EV_SYN, SYN_REPORT, 0);
}

static guint16
char_to_key (char     c,
             gboolean keypad)
{
  static const guint16 digits[] = { KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9 };
  static const guint16 kp_digits[] = { KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4, KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9 };
  static const guint16 letters[] = { KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F };

  if (c >= '0' && c <= '9')
    return keypad ? kp_digits[c - '0'] : digits[c - '0'];
  if (c >= 'A' && c <= 'F')
    return letters[c - 'A'];
  if (c >= 'a' && c <= 'f')
    return letters[c - 'a'];
  switch (c) {
  case 'G':
    return KEY_G;
  case ' ':
    return KEY_SPACE;
  case '\n':
    return KEY_ENTER;
  default:
    g_assert_not_reached ();
  }
}

/* Typed as a wedge reader types it: upper-case hex letters with Shift. */
static void
add_text (GArray     *events,
          const char *text,
          gboolean    keypad)
{
  for (const char *p = text; *p; p++) {
    guint16 code = char_to_key (*p, keypad);

    if (*p >= 'A' && *p <= 'F')
      add_event (events, EV_KEY, KEY_LEFTSHIFT, 1);
    add_key (events, code, TRUE);
    if (*p >= 'A' && *p <= 'F')
      add_event (events, EV_KEY, KEY_LEFTSHIFT, 0);
  }
}

static GArray *
events_new (void)
{
  return g_array_new (FALSE, TRUE, sizeof (struct input_event));
}

static void
write_all (int         fd,
           const void *data,
           gsize       len)
{
  const guint8 *p = data;

  while (len > 0) {
    gssize n = write (fd, p, len);

    if (n < 0 && errno == EINTR)
      continue;
    g_assert_cmpint (n, >, 0);
    p += n;
    len -= (gsize)n;
  }
}

static void
write_events (int     fd,
              GArray *events)
{
  write_all (fd, events->data, events->len * sizeof (struct input_event));
}

static void
write_text (int         fd,
            const char *text)
{
  g_autoptr (GArray) events = events_new ();

  add_text (events, text, FALSE);
  write_events (fd, events);
}

/* Key decoder alone */

static char *
feed_all (LtKeyDecoder *d,
          GArray       *events,
          guint        *n_lines)
{
  char *last = NULL;

  *n_lines = 0;
  for (guint i = 0; i < events->len; i++) {
    char *line = lt_key_decoder_feed (d, &g_array_index (events, struct input_event, i));

    if (line != NULL) {
      (*n_lines)++;
      g_free (last);
      last = line;
    }
  }
  return last;
}

static void
test_decoder (void)
{
  LtKeyDecoder d;
  guint        n_lines;

  lt_key_decoder_init (&d);

  {
    g_autoptr (GArray) events = events_new ();
    g_autofree char *line = NULL;

    add_text (events, "04A2B3C4D5\n", FALSE);
    line = feed_all (&d, events, &n_lines);
    g_assert_cmpuint (n_lines, ==, 1);
    g_assert_cmpstr (line, ==, "04A2B3C4D5");
  }

  /* Autorepeat and releases type nothing; Enter alone is no line. */
  {
    g_autoptr (GArray) events = events_new ();
    g_autofree char *line = NULL;

    add_key (events, KEY_ENTER, FALSE);
    add_event (events, EV_KEY, KEY_1, 1);
    add_event (events, EV_KEY, KEY_1, 2);
    add_event (events, EV_KEY, KEY_1, 2);
    add_event (events, EV_KEY, KEY_1, 0);
    add_event (events, EV_KEY, KEY_F, 0);
    add_event (events, EV_KEY, KEY_2, 1);
    add_event (events, EV_LED, LED_NUML, 1);
    add_event (events, EV_KEY, KEY_KPENTER, 1);
    line = feed_all (&d, events, &n_lines);
    g_assert_cmpuint (n_lines, ==, 1);
    g_assert_cmpstr (line, ==, "12");
  }

  /* Keypad digits, Enter on the keypad. */
  {
    g_autoptr (GArray) events = events_new ();
    g_autofree char *line = NULL;

    add_text (events, "0123456789", TRUE);
    add_key (events, KEY_KPENTER, TRUE);
    line = feed_all (&d, events, &n_lines);
    g_assert_cmpuint (n_lines, ==, 1);
    g_assert_cmpstr (line, ==, "0123456789");
  }
  g_assert_cmpuint (d.n_garbage, ==, 0);

  /* A key that is no hex digit spoils the line, and only that line. */
  {
    g_autoptr (GArray) events = events_new ();
    g_autofree char *line = NULL;

    add_text (events, "04G2B3C4D5\n", FALSE);
    line = feed_all (&d, events, &n_lines);
    g_assert_cmpuint (n_lines, ==, 0);
    g_assert_null (line);
    g_assert_cmpuint (d.n_garbage, ==, 1);

    g_array_set_size (events, 0);
    add_text (events, "0A 1\n", FALSE);
    line = feed_all (&d, events, &n_lines);
    g_assert_null (line);
    g_assert_cmpuint (d.n_garbage, ==, 2);

    g_array_set_size (events, 0);
    add_text (events, "0A1B\n", FALSE);
    line = feed_all (&d, events, &n_lines);
    g_assert_cmpstr (line, ==, "0A1B");
  }

  /* 32 characters fit, 33 do not. */
  {
    g_autoptr (GArray) events = events_new ();
    g_autofree char *line = NULL;
    g_autofree char *max = g_strnfill (LT_KEY_DECODER_MAX_CHARS, '7');
    g_autofree char *max_line = g_strconcat (max, "\n", NULL);
    g_autofree char *long_line = g_strconcat (max, "7\n", NULL);

    add_text (events, max_line, FALSE);
    line = feed_all (&d, events, &n_lines);
    g_assert_cmpstr (line, ==, max);
    g_clear_pointer (&line, g_free);

    g_array_set_size (events, 0);
    add_text (events, long_line, FALSE);
    line = feed_all (&d, events, &n_lines);
    g_assert_null (line);
    g_assert_cmpuint (d.n_garbage, ==, 3);
  }
}

static void
test_to_card (void)
{
  static const struct {
    const char   *text;
    LtWedgeFormat format;
    const char   *card; /* NULL: malformed */
  } cases[] = {
    { "04A2B3C4D5", LT_WEDGE_HEX, "04A2B3C4D5" },
    { "04a2b3c4", LT_WEDGE_HEX, "04A2B3C4" },
    { "04A2B3C", LT_WEDGE_HEX, NULL }, /* odd length */
    { "0012345678", LT_WEDGE_HEX, "0012345678" },
    { "", LT_WEDGE_HEX, NULL },
    /* 12345678 = 0x00BC614E */
    { "0012345678", LT_WEDGE_DECIMAL, "00BC614E" },
    { "12345678", LT_WEDGE_DECIMAL, "00BC614E" },
    { "4294967295", LT_WEDGE_DECIMAL, "FFFFFFFF" },
    { "0", LT_WEDGE_DECIMAL, "00000000" },
    /* 2712847316 = 0xA1B2C3D4 */
    { "2712847316", LT_WEDGE_DECIMAL, "A1B2C3D4" },
    { "4294967296", LT_WEDGE_DECIMAL, NULL },
    { "99999999999", LT_WEDGE_DECIMAL, NULL },
    { "12AB", LT_WEDGE_DECIMAL, NULL },
    { "", LT_WEDGE_DECIMAL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    g_autofree char *card = lt_evdev_reader_to_card (cases[i].text, cases[i].format, &error);

    g_assert_cmpstr (card, ==, cases[i].card);
    if (cases[i].card == NULL) {
      g_assert_error (error, LT_EVDEV_READER_ERROR, LT_EVDEV_READER_ERROR_MALFORMED);
      if (*cases[i].text != '\0')
        g_assert_null (strstr (error->message, cases[i].text));
    } else {
      g_assert_no_error (error);
    }
  }
}

/* Reader on a pipe */

typedef struct {
  int            write_fd;
  int            read_fd;
  LtEvdevReader *reader;
  GPtrArray     *cards;
  GPtrArray     *rejected;
  guint          n_connected;
  guint          n_disconnected;
  char          *dir;
} Fixture;

static void
on_card (LtEvdevReader *reader,
         const char    *card,
         Fixture       *f)
{
  g_ptr_array_add (f->cards, g_strdup (card));
}

static void
on_rejected (LtEvdevReader *reader,
             const char    *reason,
             Fixture       *f)
{
  g_ptr_array_add (f->rejected, g_strdup (reason));
}

static void
on_connected (LtEvdevReader *reader,
              Fixture       *f)
{
  f->n_connected++;
}

static void
on_disconnected (LtEvdevReader *reader,
                 Fixture       *f)
{
  f->n_disconnected++;
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  int fds[2];

  g_assert_no_errno (pipe2 (fds, O_CLOEXEC));
  f->read_fd = fds[0];
  f->write_fd = fds[1];
  f->cards = g_ptr_array_new_with_free_func (g_free);
  f->rejected = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  if (f->reader != NULL)
    g_assert_finalize_object (f->reader);
  if (f->read_fd >= 0)
    close (f->read_fd);
  if (f->write_fd >= 0)
    close (f->write_fd);
  g_ptr_array_unref (f->cards);
  g_ptr_array_unref (f->rejected);
  if (f->dir != NULL) {
    g_autofree char *fifo = g_build_filename (f->dir, "event-kbd", NULL);

    g_unlink (fifo);
    g_assert_no_errno (g_rmdir (f->dir));
    g_free (f->dir);
  }
  /* Nothing may be left behind on the context. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
connect_signals (Fixture *f)
{
  g_signal_connect (f->reader, "card", G_CALLBACK (on_card), f);
  g_signal_connect (f->reader, "rejected", G_CALLBACK (on_rejected), f);
  g_signal_connect (f->reader, "connected", G_CALLBACK (on_connected), f);
  g_signal_connect (f->reader, "disconnected", G_CALLBACK (on_disconnected), f);
}

static void
start_on_pipe (Fixture      *f,
               LtWedgeFormat format,
               guint         max_per_minute)
{
  g_autoptr (GError) error = NULL;

  f->reader = lt_evdev_reader_new_for_fd (f->read_fd, format, max_per_minute);
  f->read_fd = -1; /* the reader owns it */
  connect_signals (f);
  g_assert_true (lt_evdev_reader_start (f->reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_connected, ==, 1);
  g_assert_true (lt_evdev_reader_get_connected (f->reader));
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until *counter reaches target; fails instead of
 * hanging. */
static void
wait_for (const guint *counter,
          guint        target)
{
  gboolean timed_out = FALSE;
  guint    id = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (*counter < target && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_cmpuint (*counter, >=, target);
}

/* Dispatches whatever is ready now, without waiting. */
static void
drain (void)
{
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_reader_card (Fixture      *f,
                  gconstpointer data)
{
  start_on_pipe (f, LT_WEDGE_HEX, 0);
  write_text (f->write_fd, "04a2b3c4d5\n");
  wait_for (&f->cards->len, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "04A2B3C4D5");

  write_text (f->write_fd, "\n\nDEADBEEF\n");
  wait_for (&f->cards->len, 2);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 1), ==, "DEADBEEF");
  drain ();
  g_assert_cmpuint (f->cards->len, ==, 2);
  g_assert_cmpuint (f->rejected->len, ==, 0);
}

static void
test_reader_release_repeat (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (GArray) events = events_new ();
  const char *text = "11223344";

  start_on_pipe (f, LT_WEDGE_HEX, 0);
  /* Each key held long enough to autorepeat, released late. */
  for (const char *p = text; *p; p++) {
    guint16 code = char_to_key (*p, FALSE);

    add_event (events, EV_MSC, MSC_SCAN, code);
    add_event (events, EV_KEY, code, 1);
    add_event (events, EV_SYN, SYN_REPORT, 0);
    add_event (events, EV_KEY, code, 2);
    add_event (events, EV_SYN, SYN_REPORT, 0);
    add_event (events, EV_KEY, code, 2);
    add_event (events, EV_KEY, code, 0);
    add_event (events, EV_SYN, SYN_REPORT, 0);
  }
  add_key (events, KEY_ENTER, TRUE);
  write_events (f->write_fd, events);
  wait_for (&f->cards->len, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "11223344");
}

static void
test_reader_keypad (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (GArray) events = events_new ();

  start_on_pipe (f, LT_WEDGE_HEX, 0);
  add_text (events, "9876543210", TRUE);
  add_key (events, KEY_KPENTER, TRUE);
  write_events (f->write_fd, events);
  wait_for (&f->cards->len, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "9876543210");
}

static void
test_reader_garbage (Fixture      *f,
                     gconstpointer data)
{
  start_on_pipe (f, LT_WEDGE_HEX, 0);
  /* The good card after the bad line proves the bad line was read. */
  write_text (f->write_fd, "04A2G3C4D5\n04A2B3 C4D5\n04A2B3C4\n");
  wait_for (&f->cards->len, 1);
  g_assert_cmpuint (f->cards->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "04A2B3C4");
  g_assert_cmpuint (f->rejected->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->rejected, 0), ==, "garbage");
  g_assert_cmpstr (g_ptr_array_index (f->rejected, 1), ==, "garbage");
}

static void
test_reader_overlong (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *digits = g_strnfill (LT_KEY_DECODER_MAX_CHARS + 1, '4');
  g_autofree char *text = g_strconcat (digits, "\n", "0102030405060708090A\n", NULL);

  start_on_pipe (f, LT_WEDGE_HEX, 0);
  write_text (f->write_fd, text);
  wait_for (&f->cards->len, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "0102030405060708090A");
  g_assert_cmpuint (f->rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->rejected, 0), ==, "garbage");
}

static void
test_reader_decimal (Fixture      *f,
                     gconstpointer data)
{
  start_on_pipe (f, LT_WEDGE_DECIMAL, 0);
  /* Too big for 4 bytes, then 12345678 = 0x00BC614E. */
  write_text (f->write_fd, "4294967296\n0012345678\n");
  wait_for (&f->cards->len, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "00BC614E");
  g_assert_cmpuint (f->rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->rejected, 0), ==, "malformed");
}

static void
test_reader_malformed_hex (Fixture      *f,
                           gconstpointer data)
{
  start_on_pipe (f, LT_WEDGE_HEX, 0);
  /* Seven hex digits is no UID. */
  write_text (f->write_fd, "ABCDEF1\nABCDEF12\n");
  wait_for (&f->cards->len, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "ABCDEF12");
  g_assert_cmpuint (f->rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->rejected, 0), ==, "malformed");
}

static void
test_reader_partial (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GArray) events = events_new ();
  const gsize   size = sizeof (struct input_event);
  const guint8 *bytes;
  gsize         total;

  start_on_pipe (f, LT_WEDGE_HEX, 0);
  add_text (events, "CAFEF00D\n", FALSE);
  bytes = (const guint8 *)events->data;
  total = events->len * size;

  /* Half a record, let the reader see it, then the rest of it. */
  write_all (f->write_fd, bytes, size / 2);
  drain ();
  write_all (f->write_fd, bytes + size / 2, size - size / 2);
  drain ();

  /* Then odd-sized pieces that never line up with a record. */
  for (gsize off = size; off < total; off += 7) {
    write_all (f->write_fd, bytes + off, MIN (7, total - off));
    drain ();
  }
  wait_for (&f->cards->len, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "CAFEF00D");
  g_assert_cmpuint (f->rejected->len, ==, 0);
}

/* Events the kernel dropped (SYN_DROPPED) leave a gap in the line: what
 * is left of it must not read as a card, not even as another one. */
static void
test_reader_syn_dropped (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (GArray) events = events_new ();

  start_on_pipe (f, LT_WEDGE_HEX, 0);
  add_text (events, "04A2", FALSE);
  add_event (events, EV_SYN, SYN_DROPPED, 0);
  add_event (events, EV_SYN, SYN_REPORT, 0);
  /* "B3" was lost; the rest of the card arrives: "04A2C4D5" is another card. */
  add_text (events, "C4D5\n", FALSE);
  /* The next card is read whole. */
  add_text (events, "04A2B3C4D5\n", FALSE);
  write_events (f->write_fd, events);
  wait_for (&f->cards->len, 1);
  drain ();
  g_assert_cmpuint (f->cards->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "04A2B3C4D5");
  g_assert_cmpuint (f->rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->rejected, 0), ==, "garbage");
}

static void
test_reader_flood (Fixture      *f,
                   gconstpointer data)
{
  start_on_pipe (f, LT_WEDGE_HEX, 3);
  write_text (f->write_fd, "00000001\n00000002\n00000003\n00000004\n00000005\n");
  wait_for (&f->rejected->len, 2);
  drain ();
  g_assert_cmpuint (f->cards->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "00000001");
  g_assert_cmpstr (g_ptr_array_index (f->cards, 2), ==, "00000003");
  g_assert_cmpuint (f->rejected->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->rejected, 0), ==, "flood");
  g_assert_cmpstr (g_ptr_array_index (f->rejected, 1), ==, "flood");
}

static void
test_reader_disconnect (Fixture      *f,
                        gconstpointer data)
{
  start_on_pipe (f, LT_WEDGE_HEX, 0);
  /* The card typed just before the unplug still counts. */
  write_text (f->write_fd, "01020304\n");
  close (f->write_fd);
  f->write_fd = -1;
  wait_for (&f->n_disconnected, 1);
  g_assert_cmpuint (f->cards->len, ==, 1);
  g_assert_false (lt_evdev_reader_get_connected (f->reader));
  drain ();
  g_assert_cmpuint (f->n_disconnected, ==, 1);
  g_assert_cmpuint (f->n_connected, ==, 1);
}

/* Closing is observable from the write end: the pipe has no reader. */
static void
assert_read_end_closed (Fixture *f)
{
  struct input_event ev = { 0 };

  g_assert_cmpint (write (f->write_fd, &ev, sizeof ev), ==, -1);
  g_assert_cmpint (errno, ==, EPIPE);
}

static void
test_reader_stop (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  start_on_pipe (f, LT_WEDGE_HEX, 0);
  lt_evdev_reader_stop (f->reader);
  g_assert_false (lt_evdev_reader_get_connected (f->reader));
  assert_read_end_closed (f);
  /* Stopping is not an unplug. */
  g_assert_cmpuint (f->n_disconnected, ==, 0);

  /* The fd is gone; a reader made from it cannot start again. */
  g_assert_false (lt_evdev_reader_start (f->reader, &error));
  g_assert_error (error, LT_EVDEV_READER_ERROR, LT_EVDEV_READER_ERROR_OPEN);
}

static void
test_reader_dispose_twice (Fixture      *f,
                           gconstpointer data)
{
  start_on_pipe (f, LT_WEDGE_HEX, 0);
  g_object_run_dispose (G_OBJECT (f->reader));
  g_object_run_dispose (G_OBJECT (f->reader));
  assert_read_end_closed (f);
}

/* A handler that drops the reader while a line is being processed. */
static void
on_card_stop (LtEvdevReader *reader,
              const char    *card,
              Fixture       *f)
{
  lt_evdev_reader_stop (reader);
}

static void
test_reader_stop_in_handler (Fixture      *f,
                             gconstpointer data)
{
  start_on_pipe (f, LT_WEDGE_HEX, 0);
  g_signal_connect (f->reader, "card", G_CALLBACK (on_card_stop), f);
  write_text (f->write_fd, "01020304\n05060708\n");
  wait_for (&f->cards->len, 1);
  drain ();
  g_assert_cmpuint (f->cards->len, ==, 1);
  assert_read_end_closed (f);
}

static void
test_reader_unowned_fd (Fixture      *f,
                        gconstpointer data)
{
  /* Never started: dispose still closes the fd it was given. */
  f->reader = lt_evdev_reader_new_for_fd (f->read_fd, LT_WEDGE_HEX, 0);
  f->read_fd = -1;
  g_clear_object (&f->reader);
  assert_read_end_closed (f);
}

/* Reader on a path */

static void
test_reader_grab_char_device (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  /* /dev/null is a character device that cannot be grabbed: on a real
   * device that is an error, never silently tolerated. */
  f->reader = lt_evdev_reader_new ("/dev/null", LT_WEDGE_HEX, 0);
  connect_signals (f);
  g_assert_false (lt_evdev_reader_start (f->reader, &error));
  g_assert_error (error, LT_EVDEV_READER_ERROR, LT_EVDEV_READER_ERROR_GRAB);
  g_assert_nonnull (strstr (error->message, "/dev/null"));
  g_assert_false (lt_evdev_reader_get_connected (f->reader));
  g_assert_cmpuint (f->n_connected, ==, 0);
}

static int
open_writer (const char *path)
{
  int fd = open (path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

  g_assert_no_errno (fd);
  return fd;
}

static void
test_reader_reconnect (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("lintel-evdev-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "event-kbd", NULL);

  /* Not plugged in at start: no error, the reader waits. */
  f->reader = lt_evdev_reader_new (path, LT_WEDGE_HEX, 0);
  connect_signals (f);
  g_assert_true (lt_evdev_reader_start (f->reader, &error));
  g_assert_no_error (error);
  g_assert_false (lt_evdev_reader_get_connected (f->reader));
  g_assert_cmpuint (f->n_connected, ==, 0);
  g_assert_cmpstr (lt_evdev_reader_get_path (f->reader), ==, path);

  /* Plugged in. */
  g_assert_no_errno (mkfifo (path, 0600));
  wait_for (&f->n_connected, 1);
  g_assert_true (lt_evdev_reader_get_connected (f->reader));
  f->write_fd = open_writer (path);
  write_text (f->write_fd, "0A0B0C0D\n");
  wait_for (&f->cards->len, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 0), ==, "0A0B0C0D");

  /* Unplugged, and back. */
  close (f->write_fd);
  f->write_fd = -1;
  wait_for (&f->n_disconnected, 1);
  wait_for (&f->n_connected, 2);
  f->write_fd = open_writer (path);
  write_text (f->write_fd, "01020304\n");
  wait_for (&f->cards->len, 2);
  g_assert_cmpstr (g_ptr_array_index (f->cards, 1), ==, "01020304");
  g_assert_cmpuint (f->n_disconnected, ==, 1);
  g_assert_cmpuint (f->n_connected, ==, 2);

  /* Stopped while unplugged: no retry keeps running. */
  close (f->write_fd);
  f->write_fd = -1;
  wait_for (&f->n_disconnected, 2);
  lt_evdev_reader_stop (f->reader);
  g_assert_false (lt_evdev_reader_get_connected (f->reader));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (lt_test_skip_without_eviocgrab ())
    return 0;
  /* Writes to a closed reader must fail with EPIPE, not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/hw/evdev/decoder", test_decoder);
  g_test_add_func ("/hw/evdev/to-card", test_to_card);

#define ADD(path, func) \
  g_test_add ("/hw/evdev/reader/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("card", test_reader_card);
  ADD ("release-repeat", test_reader_release_repeat);
  ADD ("keypad", test_reader_keypad);
  ADD ("garbage", test_reader_garbage);
  ADD ("overlong", test_reader_overlong);
  ADD ("decimal", test_reader_decimal);
  ADD ("malformed-hex", test_reader_malformed_hex);
  ADD ("partial", test_reader_partial);
  ADD ("syn-dropped", test_reader_syn_dropped);
  ADD ("flood", test_reader_flood);
  ADD ("disconnect", test_reader_disconnect);
  ADD ("stop", test_reader_stop);
  ADD ("dispose-twice", test_reader_dispose_twice);
  ADD ("stop-in-handler", test_reader_stop_in_handler);
  ADD ("unowned-fd", test_reader_unowned_fd);
  ADD ("grab-char-device", test_reader_grab_char_device);
  ADD ("reconnect", test_reader_reconnect);
#undef ADD

  return g_test_run ();
}
