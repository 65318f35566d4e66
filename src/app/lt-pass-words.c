/* lt-pass-words.c: a visitor pass's hours and entries in words
 *
 * GTK-free: the guard page's list, its QR screen and the pass form use
 * it; tested on its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-pass-words"

#include "lt-pass-words.h"

#include <glib/gi18n.h>
#include <string.h>

/* "today 14:00", "tomorrow 09:00", "12/05 09:00". */
char *
lt_pass_when_words (GDateTime *when,
                    GDateTime *now)
{
  g_autoptr (GDateTime) today = NULL;
  g_autofree char *hhmm = NULL;
  GTimeSpan        days;

  g_return_val_if_fail (when != NULL && now != NULL, NULL);

  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  hhmm = g_date_time_format (when, "%H:%M");
  days = g_date_time_difference (when, today);

  if (days >= 0 && days < G_TIME_SPAN_DAY)
    /* Translators: %s is a time of day, e.g. 14:00 */
    return g_strdup_printf (_ ("today %s"), hhmm);
  if (days >= G_TIME_SPAN_DAY && days < 2 * G_TIME_SPAN_DAY)
    return g_strdup_printf (_ ("tomorrow %s"), hhmm);
  if (days < 0 && days >= -G_TIME_SPAN_DAY)
    return g_strdup_printf (_ ("yesterday %s"), hhmm);
  /* Translators: a day and a time on a visitor pass; strftime codes, e.g. "%m月%d日 %H:%M" */
  return g_date_time_format (when, _ ("%d/%m %H:%M"));
}

/* "today 14:00–16:00", or "today 22:00 – tomorrow 02:00" across midnight. */
char *
lt_pass_window_words (gint64 from_us,
                      gint64 until_us)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) from = g_date_time_new_from_unix_local (from_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) until = g_date_time_new_from_unix_local (until_us / G_USEC_PER_SEC);
  g_autofree char *start = lt_pass_when_words (from, now);

  if (g_date_time_get_year (from) == g_date_time_get_year (until) && g_date_time_get_day_of_year (from) == g_date_time_get_day_of_year (until)) {
    g_autofree char *end = g_date_time_format (until, "%H:%M");

    /* Translators: a pass's hours on one day: "today 14:00" and "16:00" */
    return g_strdup_printf (_ ("%s–%s"), start, end);
  } else {
    g_autofree char *end = lt_pass_when_words (until, now);

    /* Translators: a pass's hours over two days: "today 22:00" and "tomorrow 02:00" */
    return g_strdup_printf (_ ("%s – %s"), start, end);
  }
}

char *
lt_pass_entries_words (guint max_uses)
{
  if (max_uses == 0)
    return g_strdup (_ ("unlimited entries"));
  return g_strdup_printf (g_dngettext (NULL, "%u entry", "%u entries", max_uses), max_uses);
}

char *
lt_pass_entries_left_words (guint max_uses,
                            guint uses)
{
  guint left;

  if (max_uses == 0)
    return g_strdup (_ ("unlimited entries"));
  left = uses < max_uses ? max_uses - uses : 0;
  return g_strdup_printf (g_dngettext (NULL, "%u entry left", "%u entries left", left), left);
}

/* "•••• 1234": a visitor's phone by its last digits, as many as typed so
 * far (the rest "_"). */
char *
lt_pass_phone_words (const char *digits)
{
  GString *shown = g_string_new ("•••• ");

  g_return_val_if_fail (digits != NULL, NULL);

  g_string_append (shown, digits);
  for (gsize i = strlen (digits); i < 4; i++)
    g_string_append_c (shown, '_');
  return g_string_free (shown, FALSE);
}

/* Why a pass in the history no longer opens the door: revoked, used up
 * (all its entries used, whether or not its hours are over) or expired. */
const char *
lt_pass_ended_words (gint64 revoked_at_us,
                     gint64 valid_until_us,
                     guint  max_uses,
                     guint  uses,
                     gint64 now_us)
{
  if (revoked_at_us != 0)
    return _ ("revoked");
  if (max_uses != 0 && uses >= max_uses)
    return _ ("used up");
  if (now_us >= valid_until_us)
    return _ ("expired");
  return _ ("active");
}
