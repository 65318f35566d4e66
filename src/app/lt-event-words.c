/* lt-event-words.c: access events in words a guard reads
 *
 * Switches on the event's kind and result (enums); the method and reason
 * columns are looked up in tables, never taken apart. A subject is shown
 * as its kind and number ("Resident 12"), never by name: this screen
 * faces the lobby.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-event-words"

#include "lt-event-words.h"
#include "lt-method.h"

#include <glib/gi18n.h>
#include <inttypes.h>

const char *
lt_event_method_words (const char *method)
{
  LtMethod value;

  if (method == NULL)
    return NULL;
  if (!lt_method_from_string (method, &value))
    return method;
  switch (value) {
  case LT_METHOD_PIN:
    return _ ("PIN");
  case LT_METHOD_CARD:
    return _ ("card");
  case LT_METHOD_QR:
    return _ ("QR pass");
  case LT_METHOD_FACE:
    return _ ("face");
  case LT_METHOD_EXIT:
    return _ ("exit button");
  case LT_METHOD_REMOTE:
    return _ ("remote unlock");
  case LT_METHOD_ADMIN:
    return _ ("administrator");
  case LT_N_METHODS:
  default:
    return method;
  }
}

const char *
lt_event_reason_words (const char *reason)
{
  static const struct {
    const char *key;
    const char *words;
  } reasons[] = {
    { "unknown-credential", N_ ("unknown credential") },
    { "wrong-pin", N_ ("wrong PIN") },
    { "malformed", N_ ("unreadable") },
    { "outside-schedule", N_ ("outside allowed hours") },
    { "inactive", N_ ("access suspended") },
    { "expired", N_ ("access expired") },
    { "locked-out", N_ ("too many attempts") },
    { "method-disabled", N_ ("not allowed at this door") },
    { "unknown-door", N_ ("unknown door") },
    { "storage-error", N_ ("storage error") },
    { "out-of-service", N_ ("terminal out of service") },
    { "bad-signature", N_ ("pass not signed by this site") },
    { "other-site", N_ ("pass for another site") },
    { "not-yet-valid", N_ ("pass not yet valid") },
    { "used-up", N_ ("pass used up") },
    { "revoked", N_ ("pass revoked") },
    { "parity", N_ ("parity error") },
    { "length", N_ ("wrong number of bits") },
    { "garbage", N_ ("unreadable input") },
    { "flood", N_ ("too many reads") },
  };

  if (reason == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_str_equal (reason, reasons[i].key))
      return _ (reasons[i].words);
  return reason;
}

static const char *
alarm_words (const char *alarm)
{
  if (g_strcmp0 (alarm, "held") == 0)
    return _ ("door held open");
  if (g_strcmp0 (alarm, "forced") == 0)
    return _ ("door forced open");
  if (g_strcmp0 (alarm, "tamper") == 0)
    return _ ("tamper switch");
  if (g_strcmp0 (alarm, LT_ALARM_BRUTE_FORCE) == 0)
    return _ ("repeated wrong credentials at a reader");
  return alarm ? alarm : _ ("unknown");
}

/* "Resident 12", "Guard 3": the kind and number, never a name. */
static char *
subject_words (const LtEvent *event,
               gboolean       names)
{
  g_autofree char *id = NULL;

  if (event->subject_id <= 0)
    return NULL;
  id = g_strdup_printf ("%" G_GINT64_FORMAT, event->subject_id);
  /* No name: nobody the store still knows. */
  if (event->subject_name == NULL)
    return g_strdup_printf (_ ("Person %s"), id);
  if (names) {
    switch (event->subject_kind) {
    case LT_PERSON_GUARD:
      /* Translators: %s is the guard's name */
      return g_strdup_printf (_ ("Guard %s"), event->subject_name);
    case LT_PERSON_TECHNICIAN:
      return g_strdup_printf (_ ("Technician %s"), event->subject_name);
    default:
      return g_strdup (event->subject_name);
    }
  }
  switch (event->subject_kind) {
  case LT_PERSON_RESIDENT:
    /* Translators: %s is a person's number in the store, never a name */
    return g_strdup_printf (_ ("Resident %s"), id);
  case LT_PERSON_GUARD:
    return g_strdup_printf (_ ("Guard %s"), id);
  case LT_PERSON_TECHNICIAN:
    return g_strdup_printf (_ ("Technician %s"), id);
  default:
    return g_strdup_printf (_ ("Person %s"), id);
  }
}

/* Joins the non-NULL parts with " — ". */
static char *
join_parts (const char *a,
            const char *b,
            const char *c)
{
  const char *parts[4] = { NULL };
  guint       n = 0;

  if (a != NULL)
    parts[n++] = a;
  if (b != NULL)
    parts[n++] = b;
  if (c != NULL)
    parts[n++] = c;
  return g_strjoinv (" — ", (char **)parts);
}

static char *
decision_words (const LtEvent *event,
                const char    *who)
{
  g_autofree char *outcome = NULL;

  g_autofree char *unit = NULL;
  g_autofree char *who_where = NULL;

  if (event->result == LT_EVENT_RESULT_GRANTED)
    outcome = g_strdup (_ ("granted"));
  else
    outcome = g_strdup_printf (_ ("denied (%s)"), lt_event_reason_words (event->reason));
  /* The unit typed or the pass's unit: the guard needs it most for a
   * wrong PIN, where nobody is identified. */
  if (event->unit != NULL) {
    /* Translators: %s is a unit, e.g. 3-1203 */
    unit = g_strdup_printf (_ ("unit %s"), event->unit);
    who_where = who != NULL ? g_strdup_printf ("%s, %s", who, unit) : g_steal_pointer (&unit);
  }
  return join_parts (who_where != NULL ? who_where : who, lt_event_method_words (event->method), outcome);
}

static char *
alarm_event_words (const LtEvent *event,
                   const char    *who)
{
  /* The duress alarm stays silent here too: this screen faces the door,
   * where whoever forced the PIN may be standing. */
  if (g_strcmp0 (event->reason, "duress") == 0)
    return NULL;
  switch (event->result) {
  case LT_EVENT_RESULT_CLEARED:
    return g_strdup_printf (_ ("alarm cleared: %s"), alarm_words (event->reason));
  case LT_EVENT_RESULT_ACKNOWLEDGED:
    if (who != NULL && event->subject_name != NULL)
      /* Translators: %1$s is the guard ("Guard Zhou Min"), %2$s the alarm in words */
      return g_strdup_printf (_ ("%1$s acknowledged the alarm: %2$s"), who, alarm_words (event->reason));
    /* Translators: %1$s is the guard's number, %2$s the alarm in words */
    return g_strdup_printf (_ ("Guard %1$" PRId64 " acknowledged the alarm: %2$s"), event->subject_id,
                            alarm_words (event->reason));
  default:
    return g_strdup_printf (_ ("alarm raised: %s"), alarm_words (event->reason));
  }
}

static char *
door_words (const LtEvent *event,
            const char    *who)
{
  if (g_strcmp0 (event->reason, "exit-button") == 0)
    return g_strdup (_ ("exit button — door released"));
  if (g_strcmp0 (event->reason, "lock-fault") == 0)
    return join_parts (who, lt_event_method_words (event->method), _ ("lock fault: the door did not unlock"));
  /* The lock and contact changes that follow every grant: the state
   * line shows them live. */
  return NULL;
}

static char *
staff_words (const LtEvent *event,
             const char    *who)
{
  if (event->result == LT_EVENT_RESULT_SIGNED_IN)
    return join_parts (who, lt_event_method_words (event->method), _ ("staff sign-in"));
  return join_parts (lt_event_method_words (event->method), NULL,
                     g_strcmp0 (event->reason, "locked-out") == 0
                       ? _ ("staff sign-in refused (too many attempts)")
                       : _ ("staff sign-in refused (unknown credential)"));
}

static char *
reader_words (const LtEvent *event)
{
  switch (event->result) {
  case LT_EVENT_RESULT_CONNECTED:
    return g_strdup (_ ("card reader connected"));
  case LT_EVENT_RESULT_DISCONNECTED:
    return g_strdup (_ ("card reader disconnected"));
  default:
    return g_strdup_printf (_ ("card read rejected (%s)"), lt_event_reason_words (event->reason));
  }
}

static char *
pass_words (const LtEvent *event,
            const char    *who)
{
  g_autofree char *what = NULL;
  g_autofree char *pass_number = g_strdup_printf ("%" G_GINT64_FORMAT, event->pass_id);

  if (event->result == LT_EVENT_RESULT_ISSUED && event->unit != NULL)
    /* Translators: %s is a unit, e.g. 3-1203 */
    what = g_strdup_printf (_ ("visitor pass issued for unit %s"), event->unit);
  else if (event->result == LT_EVENT_RESULT_ISSUED)
    what = g_strdup (_ ("visitor pass issued"));
  else if (event->result == LT_EVENT_RESULT_REVOKED && event->pass_id > 0 && event->unit != NULL)
    /* Translators: %1$s is the pass's number, %2$s its unit */
    what = g_strdup_printf (_ ("visitor pass %1$s for unit %2$s revoked"), pass_number, event->unit);
  else if (event->result == LT_EVENT_RESULT_REVOKED && event->pass_id > 0)
    /* Translators: %s is the pass's number */
    what = g_strdup_printf (_ ("visitor pass %s revoked"), pass_number);
  else if (event->result == LT_EVENT_RESULT_REVOKED)
    what = g_strdup (_ ("visitor pass revoked"));
  else if (event->result == LT_EVENT_RESULT_RESTORED && event->unit != NULL)
    /* Translators: %1$s is the pass's number, %2$s its unit */
    what = g_strdup_printf (_ ("revocation of visitor pass %1$s for unit %2$s undone"), pass_number, event->unit);
  else if (event->result == LT_EVENT_RESULT_RESTORED)
    what = g_strdup_printf (_ ("revocation of visitor pass %s undone"), pass_number);
  else
    return NULL;
  return join_parts (who, what, NULL);
}

/* One line for the guard's event list, or NULL for events the list leaves
 * out (lock and contact changes, administration done with lintelctl,
 * which is not access). */
char *
lt_event_words (const LtEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  return lt_event_words_named (event, FALSE);
}

/* The same, naming people when NAMES ([guard] show-names). */
char *
lt_event_words_named (const LtEvent *event,
                      gboolean       names)
{
  g_autofree char *who = NULL;

  g_return_val_if_fail (event != NULL, NULL);

  who = subject_words (event, names);
  switch (event->kind) {
  case LT_EVENT_KIND_DECISION:
    return decision_words (event, who);
  case LT_EVENT_KIND_ALARM:
    return alarm_event_words (event, who);
  case LT_EVENT_KIND_HELP:
    return g_strdup (_ ("someone at the door asked for a guard"));
  case LT_EVENT_KIND_DOOR:
    return door_words (event, who);
  case LT_EVENT_KIND_STAFF:
    return staff_words (event, who);
  case LT_EVENT_KIND_MAINTENANCE:
    return join_parts (who, _ ("test unlock"), NULL);
  case LT_EVENT_KIND_READER:
    return reader_words (event);
  case LT_EVENT_KIND_SYSTEM:
    if (event->result == LT_EVENT_RESULT_STARTED)
      return g_strdup (_ ("terminal started"));
    if (event->result == LT_EVENT_RESULT_STOPPED)
      return g_strdup (_ ("terminal stopped"));
    return NULL;
  case LT_EVENT_KIND_PASS:
    return pass_words (event, who);
  case LT_EVENT_KIND_ADMIN:
    return NULL;
  case LT_EVENT_KIND_BACKUP:
  case LT_EVENT_KIND_UNKNOWN:
  case LT_N_EVENT_KINDS:
  default:
    /* A kind this screen does not know: say what is known, plainly. */
    return join_parts (who, lt_event_kind_to_string (event->kind), lt_event_result_to_string (event->result));
  }
}
