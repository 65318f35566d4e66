/* test-line.c: simulated lines, debounced inputs, and the libgpiod backend without a chip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-gpiod-line.h"
#include "lt-input.h"
#include "lt-sim-line.h"

#include <string.h>

#define DEBOUNCE_MS 30

typedef struct {
  guint    count;
  gboolean active;
  guint64  timestamp_ns;
} EdgeLog;

static void
on_edge (LtLine  *line,
         gboolean active,
         guint64  timestamp_ns,
         gpointer user_data)
{
  EdgeLog *log = user_data;

  log->count++;
  log->active = active;
  log->timestamp_ns = timestamp_ns;
}

typedef struct {
  guint  count;
  gint64 last_us; /* monotonic time of the last notify */
} NotifyLog;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  NotifyLog *log = user_data;

  log->count++;
  log->last_us = g_get_monotonic_time ();
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the default main context for @ms, whatever happens. */
static void
iterate_for (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, on_deadline, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the default main context until @cond holds or @ms pass; never hangs. */
#define ITERATE_UNTIL(cond, ms)                                  \
  G_STMT_START                                                   \
  {                                                              \
    gboolean expired_ = FALSE;                                   \
    guint    id_ = g_timeout_add ((ms), on_deadline, &expired_); \
    while (!(cond) && !expired_)                                 \
      g_main_context_iteration (NULL, TRUE);                     \
    if (!expired_)                                               \
      g_source_remove (id_);                                     \
    g_assert_true (cond);                                        \
  }                                                              \
  G_STMT_END

static void
test_sim_output (void)
{
  g_autoptr (GError) error = NULL;
  LtSimLine *line = lt_sim_line_new ("lock", LT_LINE_OUTPUT, FALSE);
  EdgeLog    edges = { 0 };

  g_signal_connect (line, "edge", G_CALLBACK (on_edge), &edges);

  g_assert_cmpstr (lt_line_get_name (LT_LINE (line)), ==, "lock");
  g_assert_false (lt_line_get_value (LT_LINE (line)));
  g_assert_cmpuint (lt_sim_line_get_writes (line), ==, 0);

  g_assert_true (lt_line_set_value (LT_LINE (line), TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (lt_line_get_value (LT_LINE (line)));
  g_assert_cmpuint (lt_sim_line_get_writes (line), ==, 1);
  g_assert_cmpuint (edges.count, ==, 1);
  g_assert_true (edges.active);
  g_assert_cmpuint (edges.timestamp_ns, >, 0);

  /* Writing the same level again is a write, but not an edge. */
  g_assert_true (lt_line_set_value (LT_LINE (line), TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lt_sim_line_get_writes (line), ==, 2);
  g_assert_cmpuint (edges.count, ==, 1);

  g_assert_true (lt_line_set_value (LT_LINE (line), FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (lt_line_get_value (LT_LINE (line)));
  g_assert_cmpuint (edges.count, ==, 2);
  g_assert_false (edges.active);

  /* Any non-zero gboolean is TRUE. */
  g_assert_true (lt_line_set_value (LT_LINE (line), 42, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lt_line_get_value (LT_LINE (line)), ==, TRUE);

  g_assert_finalize_object (line);
}

static void
test_sim_input_direction (void)
{
  g_autoptr (GError) error = NULL;
  LtSimLine *line = lt_sim_line_new ("door-contact", LT_LINE_INPUT, FALSE);
  EdgeLog    edges = { 0 };

  g_signal_connect (line, "edge", G_CALLBACK (on_edge), &edges);

  g_assert_false (lt_line_set_value (LT_LINE (line), TRUE, &error));
  g_assert_error (error, LT_LINE_ERROR, LT_LINE_ERROR_DIRECTION);
  g_assert_nonnull (strstr (error->message, "door-contact"));
  g_assert_false (lt_line_get_value (LT_LINE (line)));
  g_assert_cmpuint (lt_sim_line_get_writes (line), ==, 0);
  g_assert_cmpuint (edges.count, ==, 0);

  g_assert_finalize_object (line);
}

static void
test_sim_edge (void)
{
  LtSimLine *line = lt_sim_line_new ("exit-button", LT_LINE_INPUT, FALSE);
  EdgeLog    edges = { 0 };
  guint64    before, after;

  g_signal_connect (line, "edge", G_CALLBACK (on_edge), &edges);

  lt_sim_line_drive (line, TRUE, G_GUINT64_CONSTANT (123456789));
  g_assert_cmpuint (edges.count, ==, 1);
  g_assert_true (edges.active);
  g_assert_cmpuint (edges.timestamp_ns, ==, G_GUINT64_CONSTANT (123456789));
  g_assert_true (lt_line_get_value (LT_LINE (line)));

  /* No change, no edge. */
  lt_sim_line_drive (line, TRUE, G_GUINT64_CONSTANT (223456789));
  g_assert_cmpuint (edges.count, ==, 1);
  g_assert_cmpuint (edges.timestamp_ns, ==, G_GUINT64_CONSTANT (123456789));

  /* A timestamp of 0 means now, on the monotonic clock. */
  before = (guint64)g_get_monotonic_time () * 1000;
  lt_sim_line_drive (line, FALSE, 0);
  after = (guint64)g_get_monotonic_time () * 1000;
  g_assert_cmpuint (edges.count, ==, 2);
  g_assert_false (edges.active);
  g_assert_cmpuint (edges.timestamp_ns, >=, before);
  g_assert_cmpuint (edges.timestamp_ns, <=, after);
  g_assert_false (lt_line_get_value (LT_LINE (line)));

  g_assert_finalize_object (line);
}

static void
test_sim_fault (void)
{
  g_autoptr (GError) error = NULL;
  LtSimLine *line = lt_sim_line_new ("lock", LT_LINE_OUTPUT, FALSE);
  EdgeLog    edges = { 0 };

  g_signal_connect (line, "edge", G_CALLBACK (on_edge), &edges);

  lt_sim_line_set_fail (line, TRUE);
  g_assert_false (lt_line_set_value (LT_LINE (line), TRUE, &error));
  g_assert_error (error, LT_LINE_ERROR, LT_LINE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "lock"));
  g_assert_false (lt_line_get_value (LT_LINE (line)));
  g_assert_cmpuint (lt_sim_line_get_writes (line), ==, 0);
  g_assert_cmpuint (edges.count, ==, 0);
  g_clear_error (&error);

  lt_sim_line_set_fail (line, FALSE);
  g_assert_true (lt_line_set_value (LT_LINE (line), TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (lt_line_get_value (LT_LINE (line)));
  g_assert_cmpuint (lt_sim_line_get_writes (line), ==, 1);
  g_assert_cmpuint (edges.count, ==, 1);

  g_assert_finalize_object (line);
}

static void
test_input_bounce (void)
{
  LtSimLine *line = lt_sim_line_new ("door-contact", LT_LINE_INPUT, FALSE);
  LtInput   *input = lt_input_new (LT_LINE (line), DEBOUNCE_MS);
  NotifyLog  notifies = { 0 };
  gint64     last_edge_us;

  g_signal_connect (input, "notify::active", G_CALLBACK (on_notify), &notifies);
  g_assert_true (lt_input_get_line (input) == LT_LINE (line));
  g_assert_false (lt_input_get_active (input));

  /* A contact closing bounces: TRUE, FALSE, TRUE within a few ms. */
  lt_sim_line_drive (line, TRUE, 0);
  iterate_for (2);
  lt_sim_line_drive (line, FALSE, 0);
  iterate_for (2);
  lt_sim_line_drive (line, TRUE, 0);
  last_edge_us = g_get_monotonic_time ();

  /* Nothing counts until the level held still for the debounce time. */
  g_assert_cmpuint (notifies.count, ==, 0);
  g_assert_false (lt_input_get_active (input));

  ITERATE_UNTIL (notifies.count > 0, 1000);
  g_assert_cmpuint (notifies.count, ==, 1);
  g_assert_true (lt_input_get_active (input));
  g_assert_cmpint (notifies.last_us - last_edge_us, >=, (DEBOUNCE_MS - 1) * 1000);

  /* And no second notify trails it. */
  iterate_for (3 * DEBOUNCE_MS);
  g_assert_cmpuint (notifies.count, ==, 1);
  g_assert_true (lt_input_get_active (input));

  /* The release bounces too, and is one more notify. */
  lt_sim_line_drive (line, FALSE, 0);
  lt_sim_line_drive (line, TRUE, 0);
  lt_sim_line_drive (line, FALSE, 0);
  ITERATE_UNTIL (notifies.count > 1, 1000);
  iterate_for (3 * DEBOUNCE_MS);
  g_assert_cmpuint (notifies.count, ==, 2);
  g_assert_false (lt_input_get_active (input));

  g_assert_finalize_object (input);
  g_assert_finalize_object (line);
}

static void
test_input_short_pulse (void)
{
  LtSimLine *line = lt_sim_line_new ("exit-button", LT_LINE_INPUT, FALSE);
  LtInput   *input = lt_input_new (LT_LINE (line), DEBOUNCE_MS);
  NotifyLog  notifies = { 0 };

  g_signal_connect (input, "notify::active", G_CALLBACK (on_notify), &notifies);

  /* A spike much shorter than the debounce time is noise. */
  lt_sim_line_drive (line, TRUE, 0);
  iterate_for (3);
  lt_sim_line_drive (line, FALSE, 0);

  iterate_for (4 * DEBOUNCE_MS);
  g_assert_cmpuint (notifies.count, ==, 0);
  g_assert_false (lt_input_get_active (input));

  g_assert_finalize_object (input);
  g_assert_finalize_object (line);
}

static void
test_input_initial (void)
{
  LtSimLine *line = lt_sim_line_new ("tamper", LT_LINE_INPUT, TRUE);
  LtInput   *input = lt_input_new (LT_LINE (line), DEBOUNCE_MS);
  NotifyLog  notifies = { 0 };

  g_signal_connect (input, "notify::active", G_CALLBACK (on_notify), &notifies);

  /* The level at creation is the starting state, not a change. */
  g_assert_true (lt_input_get_active (input));
  iterate_for (2 * DEBOUNCE_MS);
  g_assert_cmpuint (notifies.count, ==, 0);

  lt_sim_line_drive (line, FALSE, 0);
  ITERATE_UNTIL (notifies.count > 0, 1000);
  g_assert_cmpuint (notifies.count, ==, 1);
  g_assert_false (lt_input_get_active (input));

  g_assert_finalize_object (input);
  g_assert_finalize_object (line);
}

static void
test_input_dispose_pending (void)
{
  LtSimLine *line = lt_sim_line_new ("door-contact", LT_LINE_INPUT, FALSE);
  LtInput   *input = lt_input_new (LT_LINE (line), DEBOUNCE_MS);
  EdgeLog    edges = { 0 };

  /* Drop the input while its settle timer is pending: the timer must not
   * fire on a dead object, and the line must lose its handler. */
  lt_sim_line_drive (line, TRUE, 0);
  g_assert_finalize_object (input);
  iterate_for (3 * DEBOUNCE_MS);

  g_signal_connect (line, "edge", G_CALLBACK (on_edge), &edges);
  lt_sim_line_drive (line, FALSE, 0);
  g_assert_cmpuint (edges.count, ==, 1);
  iterate_for (2 * DEBOUNCE_MS);

  g_assert_finalize_object (line);
}

static void
assert_no_chip (const char     *chip,
                LtLineDirection direction,
                const char     *role)
{
  g_autoptr (GError) error = NULL;
  LtLineSpec spec = { .chip = (char *)chip, .offset = 3, .active_low = FALSE };
  LtLine    *line;

  line = lt_gpiod_line_request (&spec, role, direction, FALSE, &error);
  g_assert_null (line);
  g_assert_error (error, LT_LINE_ERROR, LT_LINE_ERROR_NO_CHIP);
  g_test_message ("%s: %s", chip, error->message);
  /* The message names the chip and the role, and says what to check. */
  g_assert_nonnull (strstr (error->message, chip));
  g_assert_nonnull (strstr (error->message, role));
  g_assert_nonnull (strstr (error->message, "check"));
}

static void
test_gpiod_no_chip (void)
{
  static const char *const chips[] = { "gpiochip9", "/dev/gpiochip42", "nosuchlabel" };

  for (guint i = 0; i < G_N_ELEMENTS (chips); i++) {
    g_autofree char *path = g_str_has_prefix (chips[i], "/dev/")
                              ? g_strdup (chips[i])
                              : g_strconcat ("/dev/", chips[i], NULL);

    if (g_file_test (path, G_FILE_TEST_EXISTS)) {
      g_test_skip ("a GPIO chip of that name exists here");
      return;
    }
    assert_no_chip (chips[i], LT_LINE_OUTPUT, "lock");
    assert_no_chip (chips[i], LT_LINE_INPUT, "door-contact");
  }

  /* With the active-low flag the request fails the same way. */
  {
    g_autoptr (GError) error = NULL;
    LtLineSpec spec = { .chip = (char *)"gpiochip9", .offset = 0, .active_low = TRUE };

    g_assert_null (lt_gpiod_line_request (&spec, "buzzer", LT_LINE_OUTPUT, TRUE, &error));
    g_assert_error (error, LT_LINE_ERROR, LT_LINE_ERROR_NO_CHIP);
    g_assert_nonnull (strstr (error->message, "buzzer"));
  }

  /* And a NULL GError ** is fine too. */
  {
    LtLineSpec spec = { .chip = (char *)"gpiochip9", .offset = 0, .active_low = FALSE };

    g_assert_null (lt_gpiod_line_request (&spec, "lock", LT_LINE_OUTPUT, FALSE, NULL));
  }
}

static void
test_gpiod_not_wired (void)
{
  g_autoptr (GError) error = NULL;
  LtLineSpec spec = { .chip = NULL, .offset = 0, .active_low = FALSE };

  g_test_expect_message ("lt-gpiod-line", G_LOG_LEVEL_CRITICAL, "*spec->chip != NULL*");
  g_assert_null (lt_gpiod_line_request (&spec, "lock", LT_LINE_OUTPUT, FALSE, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hw/line/sim/output", test_sim_output);
  g_test_add_func ("/hw/line/sim/input-direction", test_sim_input_direction);
  g_test_add_func ("/hw/line/sim/edge", test_sim_edge);
  g_test_add_func ("/hw/line/sim/fault", test_sim_fault);
  g_test_add_func ("/hw/line/input/bounce", test_input_bounce);
  g_test_add_func ("/hw/line/input/short-pulse", test_input_short_pulse);
  g_test_add_func ("/hw/line/input/initial", test_input_initial);
  g_test_add_func ("/hw/line/input/dispose-pending", test_input_dispose_pending);
  g_test_add_func ("/hw/line/gpiod/no-chip", test_gpiod_no_chip);
  g_test_add_func ("/hw/line/gpiod/not-wired", test_gpiod_not_wired);

  return g_test_run ();
}
