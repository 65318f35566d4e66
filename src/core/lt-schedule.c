/* lt-schedule.c: weekly access windows, written the way a manager says them
 *
 * "mon-fri 07:00-22:00; sat,sun 09:00-18:00; holiday 10:00-12:00"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-schedule"

#include "lt-schedule.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_QUARK (lt - schedule - error - quark, lt_schedule_error)

static const char *const day_names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday", NULL };

static gboolean
parse_day (const char *text,
           guint      *out)
{
  for (guint i = 0; day_names[i] != NULL; i++) {
    if (g_ascii_strcasecmp (text, day_names[i]) == 0) {
      *out = i;
      return TRUE;
    }
  }
  return FALSE;
}

static gboolean
parse_time (const char *text,
            guint      *out)
{
  guint hours, minutes;

  if (strlen (text) != 5 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || text[2] != ':' || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  hours = (guint)(text[0] - '0') * 10 + (guint)(text[1] - '0');
  minutes = (guint)(text[3] - '0') * 10 + (guint)(text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
    return FALSE;
  *out = hours * 60 + minutes;
  return TRUE;
}

/* "mon-fri", "sat,sun", "holiday" → a bit per day */
static gboolean
parse_days (const char *text,
            guint      *mask)
{
  g_auto (GStrv) items = g_strsplit (text, ",", -1);

  *mask = 0;
  for (guint i = 0; items[i] != NULL; i++) {
    g_auto (GStrv) range = g_strsplit (items[i], "-", 2);
    guint first, last;

    if (range[0] == NULL || !parse_day (range[0], &first))
      return FALSE;
    last = first;
    if (range[1] != NULL && (!parse_day (range[1], &last) || last < first || last == LT_SCHEDULE_HOLIDAY))
      return FALSE;
    for (guint d = first; d <= last; d++)
      *mask |= 1u << d;
  }
  return *mask != 0;
}

GArray *
lt_schedule_parse (const char *text,
                   GError    **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (GArray) windows = g_array_new (FALSE, FALSE, sizeof (LtWindow));
  g_auto (GStrv) parts = g_strsplit (text, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++) {
    g_auto (GStrv) fields = NULL;
    g_auto (GStrv) times = NULL;
    guint mask, start, end;

    g_strstrip (parts[i]);
    if (*parts[i] == '\0')
      continue;
    fields = g_strsplit_set (parts[i], " \t", -1);
    /* Collapse runs of blanks. */
    {
      guint n = 0;
      for (guint f = 0; fields[f] != NULL; f++) {
        if (*fields[f] != '\0')
          fields[n++] = fields[f];
        else
          g_free (fields[f]);
      }
      fields[n] = NULL;
    }
    if (g_strv_length (fields) != 2)
      goto invalid;
    times = g_strsplit (fields[1], "-", 2);
    if (!parse_days (fields[0], &mask) || times[1] == NULL || !parse_time (times[0], &start) || !parse_time (times[1], &end) || start >= end)
      goto invalid;
    for (guint d = 0; d <= LT_SCHEDULE_HOLIDAY; d++) {
      if (mask & (1u << d)) {
        LtWindow window = { d, start, end };
        g_array_append_val (windows, window);
      }
    }
    continue;

invalid:
    g_set_error (error, LT_SCHEDULE_ERROR, LT_SCHEDULE_ERROR_INVALID,
                 _ ("“%s” is not a time window; write days and hours like “mon-fri 07:00-22:00; sat,sun 09:00-18:00; holiday 10:00-12:00”"),
                 parts[i]);
    return NULL;
  }

  if (windows->len == 0) {
    g_set_error (error, LT_SCHEDULE_ERROR, LT_SCHEDULE_ERROR_INVALID,
                 _ ("A schedule needs at least one time window, like “mon-fri 07:00-22:00”"));
    return NULL;
  }
  return g_steal_pointer (&windows);
}

char *
lt_schedule_format (GArray *windows)
{
  g_return_val_if_fail (windows != NULL, NULL);

  GString *out = g_string_new (NULL);

  for (guint i = 0; i < windows->len; i++) {
    const LtWindow *w = &g_array_index (windows, LtWindow, i);
    g_string_append_printf (out, "%s%s %02u:%02u-%02u:%02u", i ? "; " : "", day_names[w->day],
                            w->start_minute / 60, w->start_minute % 60,
                            w->end_minute / 60, w->end_minute % 60);
  }
  return g_string_free (out, FALSE);
}
