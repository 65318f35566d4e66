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
  static const char *const names[] = {
    N_ ("Monday"), N_ ("Tuesday"), N_ ("Wednesday"), N_ ("Thursday"), N_ ("Friday"), N_ ("Saturday"), N_ ("Sunday")
  };

  g_return_val_if_fail (day >= 1 && day <= 7, NULL);

  return _ (names[day - 1]);
}

static char *
lockout_words (guint seconds)
{
  guint minutes = (seconds + 59) / 60;

  if (seconds < 120)
    return g_strdup_printf (g_dngettext (NULL, "Too many attempts. Please wait %u second and try again.",
                                         "Too many attempts. Please wait %u seconds and try again.", seconds),
                            seconds);
  return g_strdup_printf (g_dngettext (NULL, "Too many attempts. Please wait %u minute and try again.",
                                       "Too many attempts. Please wait %u minutes and try again.", minutes),
                          minutes);
}

/* "2 tries left, then a 30-second wait." */
static char *
attempts_words (guint tries,
                guint lockout_s)
{
  g_autofree char *wait = NULL;

  if (lockout_s < 120)
    /* Translators: how long a lockout lasts, in "then a 30-second wait" */
    wait = g_strdup_printf (_ ("%u-second"), lockout_s);
  else
    /* Translators: how long a lockout lasts, in "then a 5-minute wait" */
    wait = g_strdup_printf (_ ("%u-minute"), (lockout_s + 59) / 60);
  /* Translators: the tries left before a lockout, then its length ("30-second") */
  return g_strdup_printf (g_dngettext (NULL, "%u try left, then a %s wait.", "%u tries left, then a %s wait.", tries),
                          tries, wait);
}

static char *reason_words (LtMethod              method,
                           const LtHostDecision *decision);

/* A denial's words: a lockout (in force, or started by this refusal)
 * says how long to wait; a refusal that counts towards one says, from
 * the 3rd failure on, how many tries are left. */
char *
lt_denial_words (LtMethod              method,
                 const LtHostDecision *decision)
{
  g_autofree char *words = NULL;
  g_autofree char *attempts = NULL;

  g_return_val_if_fail (decision != NULL, NULL);

  if (decision->retry_after_s > 0 || decision->reason == LT_REASON_LOCKED_OUT)
    return lockout_words (decision->retry_after_s);
  words = reason_words (method, decision);
  if (decision->attempts_left == 0)
    return g_steal_pointer (&words);
  attempts = attempts_words (decision->attempts_left, decision->lockout_s);
  /* A line of its own: it is what to keep in mind before the next try. */
  return g_strconcat (words, "\n", attempts, NULL);
}

static char *
reason_words (LtMethod              method,
              const LtHostDecision *decision)
{
  switch (decision->reason) {
  case LT_REASON_WRONG_PIN:
  case LT_REASON_UNKNOWN_CREDENTIAL:
    /* The same words for both, so the screen never tells whether a unit
     * exists; a card has its own. */
    if (method == LT_METHOD_CARD)
      return g_strdup (_ ("This card is not recognised. Use another card, or your unit number and PIN."));
    return g_strdup (_ ("Not recognised. Check the unit number and PIN and try again."));
  case LT_REASON_MALFORMED:
    return g_strdup (_ ("This could not be read. Please try again."));
  case LT_REASON_OUTSIDE_SCHEDULE:
    return g_strdup (_ ("Your access is not allowed at this time."));
  case LT_REASON_EXPIRED:
    if (method == LT_METHOD_QR)
      return g_strdup (_ ("This pass has expired. Please ask the guard for a new one."));
    return g_strdup (_ ("Your access is no longer valid. Please contact the property office."));
  case LT_REASON_INACTIVE:
    return g_strdup (_ ("Your access is no longer valid. Please contact the property office."));
  case LT_REASON_LOCKED_OUT:
    return lockout_words (decision->retry_after_s);
  case LT_REASON_METHOD_DISABLED:
    return g_strdup (_ ("This way in is not available at this door."));
  case LT_REASON_USED_UP:
    return g_strdup (_ ("This pass has been used as many times as it allows. Please ask the guard for a new one."));
  case LT_REASON_NOT_YET_VALID:
    return g_strdup (_ ("This pass is not valid yet. Please come back at the time on the pass."));
  case LT_REASON_REVOKED:
    return g_strdup (_ ("This pass has been cancelled. Please ask the guard."));
  case LT_REASON_BAD_SIGNATURE:
  case LT_REASON_OTHER_SITE:
    return g_strdup (_ ("This pass is not for this building. Please ask the guard."));
  default:
    return g_strdup (_ ("The terminal cannot open the door right now. Please call the guard."));
  }
}

char *
lt_countdown_words (guint seconds)
{
  return g_strdup_printf (g_dngettext (NULL, "Please go in: the door locks again in %u second",
                                       "Please go in: the door locks again in %u seconds", seconds),
                          seconds);
}

/* A staff sign-in that failed (not a resident's denial). */
const char *
lt_staff_denial_words (void)
{
  return _ ("Staff PIN or card not recognised. Try again, or sign in with your staff card.");
}

/* What a GPIO line's state means, for the maintenance screen: never
 * "active"/"inactive", which read as working/broken. The lock line is
 * worded from the door (LOCKED says whether the door is locked). */
const char *
lt_line_state_words (LtLineRole role,
                     gboolean   active,
                     gboolean   locked)
{
  switch (role) {
  case LT_LINE_LOCK:
    return locked ? C_ ("lock line", "locked") : C_ ("lock line", "unlocked");
  case LT_LINE_CONTACT:
    return active ? C_ ("door contact", "open") : C_ ("door contact", "closed");
  case LT_LINE_EXIT_BUTTON:
    return active ? C_ ("exit button", "pressed") : C_ ("exit button", "released");
  case LT_LINE_TAMPER:
    return active ? C_ ("tamper switch", "tampered") : C_ ("tamper switch", "normal");
  case LT_LINE_BUZZER:
    return active ? C_ ("buzzer", "sounding") : C_ ("buzzer", "silent");
  case LT_LINE_STATUS_LED:
    return active ? C_ ("status light", "on") : C_ ("status light", "off");
  case LT_LINE_WIEGAND_D0:
  case LT_LINE_WIEGAND_D1:
  case LT_N_LINES:
  default:
    /* Data lines idle high and pulse low for each bit. */
    return active ? C_ ("data line", "idle") : C_ ("data line", "receiving");
  }
}

/* The alarm in a word or two, for the maintenance and simulator screens. */
const char *
lt_alarm_short_words (LtAlarm alarm)
{
  switch (alarm) {
  case LT_ALARM_HELD:
    return _ ("held open");
  case LT_ALARM_FORCED:
    return _ ("forced open");
  case LT_ALARM_TAMPER:
    return _ ("tamper");
  case LT_ALARM_NONE:
  case LT_N_ALARMS:
  default:
    return C_ ("alarm", "none");
  }
}

/* The guard's header line: "Door locked · closed". */
char *
lt_door_state_words (gboolean unlocked,
                     gboolean contact_wired,
                     gboolean open)
{
  const char *lock = unlocked ? _ ("Door unlocked") : _ ("Door locked");

  if (!contact_wired)
    /* Translators: the door's lock state, then that its position is unknown */
    return g_strdup_printf (_ ("%s · contact not wired"), lock);
  /* Translators: "Door locked · closed": the lock state, then the door's position */
  return g_strdup_printf (_ ("%s · %s"), lock, open ? C_ ("door position", "open") : C_ ("door position", "closed"));
}

/* The residents' banner on every resident screen; NULL: nothing to say. */
const char *
lt_alarm_lobby_words (LtAlarm alarm)
{
  switch (alarm) {
  case LT_ALARM_HELD:
    return _ ("Please close the door");
  case LT_ALARM_FORCED:
  case LT_ALARM_TAMPER:
    return _ ("Door alarm: the guard has been alerted");
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
    return _ ("Still active — not yet acknowledged");
  if (active)
    return _ ("Acknowledged — still active; it ends when its cause is cleared");
  if (pending)
    return _ ("Cleared — acknowledge to end it");
  return _ ("Acknowledged");
}

/* The guard's banner for the door's alarm. */
const char *
lt_alarm_state_words (LtAlarm alarm)
{
  switch (alarm) {
  case LT_ALARM_HELD:
    return _ ("Alarm: the door is held open");
  case LT_ALARM_FORCED:
    return _ ("Alarm: the door was forced open");
  case LT_ALARM_TAMPER:
    return _ ("Alarm: the terminal's tamper switch was triggered");
  case LT_ALARM_NONE:
  case LT_N_ALARMS:
  default:
    return _ ("No alarm");
  }
}
