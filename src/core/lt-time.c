/* lt-time.c: wall-clock microseconds to and from local GDateTime
 *
 * GLib 2.74 has only whole-second constructors; the microsecond ones came
 * in 2.80.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-time"

#include "lt-time.h"

GDateTime *
lt_time_local (gint64 time_us)
{
  gint64 seconds = time_us / G_USEC_PER_SEC;
  gint64 rest = time_us % G_USEC_PER_SEC;
  g_autoptr (GDateTime) whole = NULL;

  if (rest < 0) {
    seconds--;
    rest += G_USEC_PER_SEC;
  }
  whole = g_date_time_new_from_unix_local (seconds);
  return g_date_time_add (whole, rest);
}

gint64
lt_time_to_us (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* Timers attach to the thread-default main context, so that an engine
 * running in a thread of its own keeps its timers (the relock among them)
 * when another thread, such as the UI's, is busy. */
GSource *
lt_timeout_source_add (guint       interval_ms,
                       GSourceFunc func,
                       gpointer    data)
{
  GSource *source;
  g_autoptr (GMainContext) context = NULL;

  g_return_val_if_fail (func != NULL, NULL);

  source = g_timeout_source_new (interval_ms);
  context = g_main_context_ref_thread_default ();
  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, context);
  return source;
}

void
lt_clear_source (GSource **source)
{
  g_return_if_fail (source != NULL);

  if (*source != NULL) {
    g_source_destroy (*source);
    g_clear_pointer (source, g_source_unref);
  }
}
