/* lt-decision-words.c: what the kiosk says about a decision
 *
 * GTK-free words for the result screen: a denial in terms a person
 * understands (the same for an unknown unit and a wrong PIN, so the
 * screen never tells whether a unit exists), the relock countdown, and
 * the lobby's weekday, the guard's alarm banner. Tested on their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-decision-words"

#include "lt-decision-words.h"

#include <glib/gi18n.h>

const char *
lt_weekday_name (int day)
{
  static const char * const names[] = {
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday")
  };

  g_return_val_if_fail (day >= 1 && day <= 7, NULL);

  return _(names[day - 1]);
}


char *
lt_denial_words (LtMethod              method,
                 const LtHostDecision *decision)
{
  g_return_val_if_fail (decision != NULL, NULL);

  switch (decision->reason) {
  case LT_REASON_WRONG_PIN:
  case LT_REASON_UNKNOWN_CREDENTIAL:
    /* The same words for both, so the screen never tells whether a unit exists. */
    return g_strdup (_("Not recognised. Check the unit number and PIN, or your card, and try again."));
  case LT_REASON_MALFORMED:
    return g_strdup (_("This could not be read. Please try again."));
  case LT_REASON_OUTSIDE_SCHEDULE:
    return g_strdup (_("Your access is not allowed at this time."));
  case LT_REASON_EXPIRED:
    if (method == LT_METHOD_QR)
      return g_strdup (_("This pass has expired. Please ask the guard for a new one."));
    return g_strdup (_("Your access is no longer valid. Please contact the property office."));
  case LT_REASON_INACTIVE:
    return g_strdup (_("Your access is no longer valid. Please contact the property office."));
  case LT_REASON_LOCKED_OUT: {
    guint minutes = (decision->retry_after_s + 59) / 60;
    if (decision->retry_after_s < 120)
      return g_strdup_printf (g_dngettext (NULL, "Too many attempts. Please wait %u second and try again.",
                                           "Too many attempts. Please wait %u seconds and try again.",
                                           decision->retry_after_s), decision->retry_after_s);
    return g_strdup_printf (g_dngettext (NULL, "Too many attempts. Please wait %u minute and try again.",
                                         "Too many attempts. Please wait %u minutes and try again.", minutes), minutes);
  }
  case LT_REASON_METHOD_DISABLED:
    return g_strdup (_("This way in is not available at this door."));
  case LT_REASON_USED_UP:
    return g_strdup (_("This pass has been used as many times as it allows. Please ask the guard for a new one."));
  case LT_REASON_NOT_YET_VALID:
    return g_strdup (_("This pass is not valid yet. Please come back at the time on the pass."));
  case LT_REASON_REVOKED:
    return g_strdup (_("This pass has been cancelled. Please ask the guard."));
  case LT_REASON_BAD_SIGNATURE:
  case LT_REASON_OTHER_SITE:
    return g_strdup (_("This pass is not for this building. Please ask the guard."));
  default:
    return g_strdup (_("The terminal cannot open the door right now. Please call the guard."));
  }
}

char *
lt_countdown_words (guint seconds)
{
  return g_strdup_printf (g_dngettext (NULL, "Please go in: the door locks again in %u second",
                                       "Please go in: the door locks again in %u seconds", seconds),
                          seconds);
}

/* The residents' banner on every resident screen; NULL: nothing to say. */
const char *
lt_alarm_lobby_words (LtAlarm alarm)
{
  switch (alarm) {
  case LT_ALARM_HELD:
    return _("Please close the door");
  case LT_ALARM_FORCED:
  case LT_ALARM_TAMPER:
    return _("Door alarm: the guard has been alerted");
  case LT_ALARM_NONE:
  case LT_N_ALARMS:
  default:
    return NULL;
  }
}

/* The guard's banner, second line: the alarm's live state. */
const char *
lt_alarm_live_words (gboolean active,
                     gboolean pending)
{
  if (active && pending)
    return _("Still active — not yet acknowledged");
  if (active)
    return _("Acknowledged — still active; it ends when its cause is cleared");
  if (pending)
    return _("Cleared — acknowledge to end it");
  return _("Acknowledged");
}

/* The guard's banner for the door's alarm. */
const char *
lt_alarm_state_words (LtAlarm alarm)
{
  switch (alarm) {
  case LT_ALARM_HELD:
    return _("Alarm: the door is held open");
  case LT_ALARM_FORCED:
    return _("Alarm: the door was forced open");
  case LT_ALARM_TAMPER:
    return _("Alarm: the terminal's tamper switch was triggered");
  case LT_ALARM_NONE:
  case LT_N_ALARMS:
  default:
    return _("No alarm");
  }
}
