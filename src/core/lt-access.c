/* lt-access.c: who may go through which door, and when
 *
 * One function decides for every credential. Whatever the method, the
 * person's own rules (active, validity, schedule) are the same, so a
 * resident who declines face recognition loses nothing (COMPLIANCE.md R4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-access"

#include "lt-access.h"
#include "lt-card.h"
#include "lt-lockout.h"
#include "lt-time.h"

#include <string.h>

struct _LtAccess {
  GObject         parent_instance;
  LtStore        *store;
  const LtConfig *config;
  const LtSecret *secret;
  LtPassKey      *pass_key; /* the site's public key, loaded on the first pass */
  gboolean        pass_key_tried;
};

G_DEFINE_FINAL_TYPE (LtAccess, lt_access, G_TYPE_OBJECT)

/* Written to the event log and printed by lintelctl: never rename one. */
static const char *const reason_names[LT_N_REASONS] = {
  [LT_REASON_OK] = "ok",
  [LT_REASON_DURESS] = "duress",
  [LT_REASON_UNKNOWN_CREDENTIAL] = "unknown-credential",
  [LT_REASON_WRONG_PIN] = "wrong-pin",
  [LT_REASON_MALFORMED] = "malformed",
  [LT_REASON_OUTSIDE_SCHEDULE] = "outside-schedule",
  [LT_REASON_INACTIVE] = "inactive",
  [LT_REASON_EXPIRED] = "expired",
  [LT_REASON_LOCKED_OUT] = "locked-out",
  [LT_REASON_METHOD_DISABLED] = "method-disabled",
  [LT_REASON_UNKNOWN_DOOR] = "unknown-door",
  [LT_REASON_STORAGE_ERROR] = "storage-error",
  [LT_REASON_OUT_OF_SERVICE] = "out-of-service",
  [LT_REASON_BAD_SIGNATURE] = "bad-signature",
  [LT_REASON_OTHER_SITE] = "other-site",
  [LT_REASON_NOT_YET_VALID] = "not-yet-valid",
  [LT_REASON_USED_UP] = "used-up",
  [LT_REASON_REVOKED] = "revoked",
};

const char *
lt_reason_to_string (LtReason reason)
{
  g_return_val_if_fail (reason < LT_N_REASONS, "unknown");

  return reason_names[reason];
}

static void
lt_access_dispose (GObject *object)
{
  LtAccess *self = LT_ACCESS (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->pass_key, lt_pass_key_free);
  G_OBJECT_CLASS (lt_access_parent_class)->dispose (object);
}

static void
lt_access_class_init (LtAccessClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lt_access_dispose;
}

static void
lt_access_init (LtAccess *self)
{
}

/* The config and the secret are borrowed: whoever owns the access object
 * (the engine, lintelctl) keeps them alive longer. */
LtAccess *
lt_access_new (LtStore        *store,
               const LtConfig *config,
               const LtSecret *secret)
{
  LtAccess *self;

  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (LT_TYPE_ACCESS, NULL);
  self->store = g_object_ref (store);
  self->config = config;
  self->secret = secret;
  return self;
}

/* Only the public half is kept. Without a call, the key is read from
 * [store] key-dir on the first pass shown. */
void
lt_access_set_pass_key (LtAccess        *self,
                        const LtPassKey *key)
{
  g_return_if_fail (LT_IS_ACCESS (self));

  g_clear_pointer (&self->pass_key, lt_pass_key_free);
  self->pass_key = key ? lt_pass_key_dup_public (key) : NULL;
  self->pass_key_tried = TRUE;
}

static const LtPassKey *
get_pass_key (LtAccess *self)
{
  if (!self->pass_key_tried) {
    g_autoptr (GError) error = NULL;

    self->pass_key_tried = TRUE;
    self->pass_key = lt_pass_key_load_public (self->config->key_dir, &error);
    if (self->pass_key == NULL)
      g_debug ("No QR pass can be accepted: %s", error->message);
  }
  return self->pass_key;
}

/* One presentation on its way to a decision: what each step learns. */
typedef struct {
  const LtPresentation *p;
  const LtDoorConfig   *door;
  gint64                now_us;
  LtDecision           *decision;
  GString              *detail; /* for the event: never a secret */
  char                 *unit;   /* the unit concerned, for the event */
  char                 *reader_key;
  char                 *unit_key;    /* LT_METHOD_PIN with a unit */
  LtPerson             *person;      /* who was identified, if anybody */
  gboolean              brute_force; /* this refusal locked the reader for the first time */
  gboolean              unit_failed; /* this refusal counted against the unit */
} Attempt;

static void
attempt_clear (Attempt *a)
{
  g_free (a->unit);
  g_free (a->reader_key);
  g_free (a->unit_key);
  g_clear_pointer (&a->person, lt_person_free);
}

/* Everything a pass needs is in its signed token; the store only counts
 * its uses and knows whether it was revoked. */
static LtReason
decide_pass (LtAccess *self,
             Attempt  *a,
             GError  **error)
{
  const LtPassKey *key = get_pass_key (self);
  gint64           skew_us = (gint64)self->config->pass_clock_skew_seconds * G_USEC_PER_SEC;
  g_autoptr (GError) use_error = NULL;
  LtPassToken token;

  /* No key, no verifier: nothing of a pass is trusted. */
  if (key == NULL)
    return LT_REASON_UNKNOWN_CREDENTIAL;
  if (a->p->secret == NULL)
    return LT_REASON_MALFORMED;
  switch (lt_pass_token_parse ((const guint8 *)a->p->secret, strlen (a->p->secret), key, &token)) {
  case LT_PASS_PARSE_OK:
    break;
  case LT_PASS_PARSE_BAD_SIGNATURE:
    return LT_REASON_BAD_SIGNATURE;
  case LT_PASS_PARSE_MALFORMED:
  default:
    return LT_REASON_MALFORMED;
  }

  /* The token is never logged: the id and the unit say which pass it was. */
  a->decision->pass_id = token.id;
  a->unit = g_strdup (token.unit);
  g_string_append_printf (a->detail, "pass=%" G_GUINT32_FORMAT " unit=%s", token.id, token.unit);
  if (token.site_id != self->config->pass_site_id)
    return LT_REASON_OTHER_SITE;
  if (a->now_us + skew_us < token.valid_from_us)
    return LT_REASON_NOT_YET_VALID;
  if (a->now_us - skew_us >= token.valid_until_us)
    return LT_REASON_EXPIRED;

  switch (lt_pass_use (self->store, &token, &use_error)) {
  case LT_PASS_USE_OK:
    return LT_REASON_OK;
  case LT_PASS_USE_REVOKED:
    return LT_REASON_REVOKED;
  case LT_PASS_USE_USED_UP:
    return LT_REASON_USED_UP;
  case LT_PASS_USE_CONFLICT:
    /* Another terminal's pass with the id of one of ours: refused rather
     * than counted against the wrong row. */
    return LT_REASON_UNKNOWN_CREDENTIAL;
  case LT_PASS_USE_ERROR:
  default:
    g_propagate_error (error, g_steal_pointer (&use_error));
    return LT_REASON_STORAGE_ERROR;
  }
}

/* The longer wait of a reader's and (NULL: none) a unit's lockout. */
static gboolean
lockout_wait (LtStore    *store,
              const char *reader_key,
              const char *unit_key,
              gint64      now_us,
              guint      *wait_s,
              GError    **error)
{
  guint reader_wait = 0, unit_wait = 0;

  if (!lt_lockout_check (store, reader_key, now_us, &reader_wait, error) || (unit_key != NULL && !lt_lockout_check (store, unit_key, now_us, &unit_wait, error)))
    return FALSE;
  *wait_s = MAX (reader_wait, unit_wait);
  return TRUE;
}

/* A locked-out reader or unit is not even asked: nothing is learnt by
 * trying. The wait told is the longer of the two; a lockout that cannot
 * be read is no lockout lifted: fail closed. */
static LtReason
check_lockouts (LtAccess *self,
                Attempt  *a,
                GError  **error)
{
  if (!lockout_wait (self->store, a->reader_key, a->unit_key, a->now_us, &a->decision->retry_after_s, error))
    return LT_REASON_STORAGE_ERROR;
  return a->decision->retry_after_s > 0 ? LT_REASON_LOCKED_OUT : LT_REASON_OK;
}

gboolean
lt_access_pin_wait (LtStore    *store,
                    const char *door,
                    const char *reader,
                    const char *unit,
                    gint64      now_us,
                    guint      *wait_s,
                    GError    **error)
{
  g_autofree char *reader_key = NULL;
  g_autofree char *unit_key = NULL;

  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (door != NULL && unit != NULL, FALSE);
  g_return_val_if_fail (wait_s != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The same keys a decision checks (decide()). */
  reader_key = lt_lockout_reader_key (door, reader, LT_METHOD_PIN);
  unit_key = lt_lockout_key (LT_LOCKOUT_UNIT, NULL, unit);
  *wait_s = 0;
  return lockout_wait (store, reader_key, unit_key, now_us ? now_us : g_get_real_time (), wait_s, error);
}

/* Tries left are told from this failure in a row on (issue 13). */
#define TELL_FROM_FAILURE 3

/* One counter after a refusal: tries left before it locks (0: locked
 * now) and the wait then, or now. */
typedef struct {
  guint tries;
  guint wait;
  guint threshold;
} Outlook;

static gboolean
read_outlook (LtAccess      *self,
              Attempt       *a,
              LtLockoutScope scope,
              const char    *key,
              Outlook       *out,
              GError       **error)
{
  LtLockoutPolicy policy;

  lt_lockout_policy_init (&policy, self->config, scope);
  out->threshold = policy.threshold;
  return lt_lockout_outlook_at (self->store, &policy, key, a->now_us, &out->tries, &out->wait, error);
}

/* What the person is told after a refusal that counted: the wait of a
 * counter that locked now, or the tries left before the first one locks,
 * from the 3rd failure in a row on (sooner when fewer are allowed). A
 * made-up unit's counter is read like a real one's. */
static gboolean
tell_outlook (LtAccess *self,
              Attempt  *a,
              GError  **error)
{
  Outlook     counters[2], *first;
  guint       n = 1;
  LtDecision *d = a->decision;

  if (!read_outlook (self, a, LT_LOCKOUT_READER, a->reader_key, &counters[0], error))
    return FALSE;
  if (a->unit_failed && !read_outlook (self, a, LT_LOCKOUT_UNIT, a->unit_key, &counters[n++], error))
    return FALSE;
  first = &counters[0];
  for (guint i = 0; i < n; i++) {
    if (counters[i].tries == 0)
      d->retry_after_s = MAX (d->retry_after_s, counters[i].wait);
    if (counters[i].tries < first->tries || (counters[i].tries == first->tries && counters[i].wait > first->wait))
      first = &counters[i];
  }
  if (d->retry_after_s == 0 && (first->tries + TELL_FROM_FAILURE <= first->threshold || first->tries < TELL_FROM_FAILURE)) {
    d->attempts_left = first->tries;
    d->lockout_s = first->wait;
  }
  return TRUE;
}

static LtReason
identify_pin (LtAccess *self,
              Attempt  *a,
              GError  **error)
{
  g_autoptr (GError) lookup_error = NULL;
  LtLockoutPolicy policy;
  LtPinMatch      match;

  if (a->p->unit == NULL || a->p->secret == NULL || !lt_config_unit_valid (self->config, a->p->unit))
    return LT_REASON_MALFORMED;
  g_string_append_printf (a->detail, "unit=%s", a->p->unit);
  a->unit = g_strdup (a->p->unit);
  match = lt_store_match_pin (self->store, self->secret, a->p->unit, a->p->secret, &a->person, &lookup_error);
  if (lookup_error != NULL) {
    g_propagate_error (error, g_steal_pointer (&lookup_error));
    return LT_REASON_STORAGE_ERROR;
  }
  switch (match) {
  case LT_PIN_MATCH_NO_UNIT:
  case LT_PIN_MATCH_NONE:
    /* A made-up unit is answered and locked out exactly like a real one:
     * nothing on the screen says which units exist. */
    lt_lockout_policy_init (&policy, self->config, LT_LOCKOUT_UNIT);
    if (!lt_lockout_fail (self->store, &policy, a->unit_key, a->now_us, NULL, error))
      return LT_REASON_STORAGE_ERROR;
    a->unit_failed = TRUE;
    return LT_REASON_WRONG_PIN;
  case LT_PIN_MATCH_DURESS:
    return LT_REASON_DURESS;
  case LT_PIN_MATCH_NORMAL:
  default:
    return LT_REASON_OK;
  }
}

static LtReason
identify_card (LtAccess *self,
               Attempt  *a,
               GError  **error)
{
  g_autofree char *card = a->p->secret ? lt_card_normalize (a->p->secret, NULL) : NULL;
  g_autoptr (GError) lookup_error = NULL;

  if (card == NULL)
    return LT_REASON_MALFORMED;
  /* The format is no secret and helps a technician; the number is. */
  g_string_append_printf (a->detail, "format=%s", strchr (card, ':') ? (card[0] == '2' ? "26" : "34") : "uid");
  a->person = lt_store_find_card (self->store, self->secret, card, &lookup_error);
  if (a->person != NULL)
    return LT_REASON_OK;
  if (!g_error_matches (lookup_error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND)) {
    g_propagate_error (error, g_steal_pointer (&lookup_error));
    return LT_REASON_STORAGE_ERROR;
  }
  return LT_REASON_UNKNOWN_CREDENTIAL;
}

/* The face engine matched a template (liveness passed first); the match
 * counts only for a resident who is still enrolled. Then the same rules
 * as any other credential decide (R4). */
static LtReason
identify_face (LtAccess *self,
               Attempt  *a,
               GError  **error)
{
  g_autoptr (GError) lookup_error = NULL;

  if (a->p->face_subject_id <= 0)
    return LT_REASON_UNKNOWN_CREDENTIAL;
  a->person = lt_store_get_person (self->store, a->p->face_subject_id, &lookup_error);
  if (a->person == NULL) {
    if (g_error_matches (lookup_error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND))
      return LT_REASON_UNKNOWN_CREDENTIAL;
    g_propagate_error (error, g_steal_pointer (&lookup_error));
    return LT_REASON_STORAGE_ERROR;
  }
  if (a->person->kind != LT_PERSON_RESIDENT || !a->person->face_enrolled) {
    g_clear_pointer (&a->person, lt_person_free);
    return LT_REASON_UNKNOWN_CREDENTIAL;
  }
  a->unit = g_strdup (a->person->unit);
  return LT_REASON_OK;
}

/* The person's own rules, the same whatever credential they showed. */
static LtReason
check_person (LtAccess       *self,
              const LtPerson *person,
              gint64          now_us,
              GError        **error)
{
  g_autoptr (GDateTime) when = lt_time_local (now_us);
  g_autoptr (GError) local_error = NULL;

  if (!person->active)
    return LT_REASON_INACTIVE;
  if (person->valid_until != NULL) {
    g_autofree char *today = g_date_time_format (when, "%Y-%m-%d");
    if (strcmp (today, person->valid_until) > 0)
      return LT_REASON_EXPIRED;
  }
  if (person->schedule_id > 0 && !lt_store_schedule_allows (self->store, person->schedule_id, when, &local_error)) {
    if (local_error != NULL) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return LT_REASON_STORAGE_ERROR;
    }
    return LT_REASON_OUTSIDE_SCHEDULE;
  }
  return LT_REASON_OK;
}

/* Nobody identified: the refusal counts against the method at this reader.
 * Somebody: their own rules decide. A success clears only the unit's own
 * count, never the reader's: failures there decay with time alone. */
static LtReason
settle (LtAccess *self,
        Attempt  *a,
        LtReason  reason,
        GError  **error)
{
  LtLockoutPolicy policy;
  LtReason        rule;

  if (a->person == NULL) {
    lt_lockout_policy_init (&policy, self->config, LT_LOCKOUT_READER);
    if (!lt_lockout_fail (self->store, &policy, a->reader_key, a->now_us, &a->brute_force, error) || !tell_outlook (self, a, error))
      return LT_REASON_STORAGE_ERROR;
    return reason;
  }
  a->decision->subject_id = a->person->id;
  a->decision->subject_kind = a->person->kind;
  rule = check_person (self, a->person, a->now_us, error);
  if (rule != LT_REASON_OK)
    return rule;
  if (a->unit_key != NULL && !lt_lockout_clear (self->store, a->unit_key, error))
    return LT_REASON_STORAGE_ERROR;
  return reason;
}

static LtReason
decide (LtAccess *self,
        Attempt  *a,
        GError  **error)
{
  LtReason reason;

  if (a->p->method >= LT_N_ENTRY_METHODS || !(a->door->methods & LT_METHOD_BIT (a->p->method)))
    return LT_REASON_METHOD_DISABLED;
  a->reader_key = lt_lockout_reader_key (a->door->name, a->p->reader, a->p->method);
  if (a->p->method == LT_METHOD_PIN && a->p->unit != NULL)
    a->unit_key = lt_lockout_key (LT_LOCKOUT_UNIT, NULL, a->p->unit);
  reason = check_lockouts (self, a, error);
  if (reason != LT_REASON_OK)
    return reason;

  switch (a->p->method) {
  case LT_METHOD_PIN:
    reason = identify_pin (self, a, error);
    break;
  case LT_METHOD_CARD:
    reason = identify_card (self, a, error);
    break;
  case LT_METHOD_QR:
    /* A visitor's pass names nobody: a grant ends here, a refusal counts
     * against the reader like any other. */
    reason = decide_pass (self, a, error);
    if (reason == LT_REASON_OK)
      return LT_REASON_OK;
    break;
  case LT_METHOD_FACE:
    reason = identify_face (self, a, error);
    break;
  default:
    reason = LT_REASON_UNKNOWN_CREDENTIAL;
    break;
  }
  if (reason == LT_REASON_STORAGE_ERROR)
    return reason;
  return settle (self, a, reason, error);
}

static gboolean
raise_alarm (LtAccess      *self,
             const LtEvent *event,
             const char    *reason,
             GError       **error)
{
  LtEvent alarm = *event;

  alarm.kind = LT_EVENT_KIND_ALARM;
  alarm.result = LT_EVENT_RESULT_RAISED;
  alarm.reason = (char *)reason;
  return lt_store_add_event (self->store, &alarm, error) != 0;
}

/* The decision's event, the silent alarm of a duress PIN (nothing on
 * screen differs from a normal grant) and the alarm of a reader's first
 * lockout. */
static gboolean
record (LtAccess      *self,
        const Attempt *a,
        LtEvent       *event,
        GError       **error)
{
  event->result = a->decision->granted ? LT_EVENT_RESULT_GRANTED : LT_EVENT_RESULT_DENIED;
  event->reason = (char *)lt_reason_to_string (a->decision->reason);
  a->decision->event_id = lt_store_add_event (self->store, event, error);
  if (a->decision->event_id == 0)
    return FALSE;
  if ((a->decision->reason == LT_REASON_DURESS && !raise_alarm (self, event, event->reason, error)) || (a->brute_force && !raise_alarm (self, event, LT_ALARM_BRUTE_FORCE, error))) {
    a->decision->event_id = 0;
    return FALSE;
  }
  return lt_store_commit (self->store, error);
}

void
lt_access_decide (LtAccess             *self,
                  const LtPresentation *presentation,
                  LtDecision           *decision)
{
  const char *door_name;
  g_autoptr (GString) detail = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  Attempt a = { presentation, NULL, 0, decision, detail };
  LtEvent event = { 0 };

  g_return_if_fail (LT_IS_ACCESS (self));
  g_return_if_fail (presentation != NULL);
  g_return_if_fail (decision != NULL);

  memset (decision, 0, sizeof *decision);
  door_name = presentation->door ? presentation->door : self->config->door;
  a.door = lt_config_get_door (self->config, door_name);
  a.now_us = presentation->time_us ? presentation->time_us : g_get_real_time ();

  /* The decision, its lockout bookkeeping and its event commit together. */
  if (!lt_store_begin (self->store, &error))
    decision->reason = LT_REASON_STORAGE_ERROR;
  else
    decision->reason = a.door == NULL ? LT_REASON_UNKNOWN_DOOR : decide (self, &a, &error);
  decision->granted = decision->reason == LT_REASON_OK || decision->reason == LT_REASON_DURESS;

  /* A dry run (lintelctl pass verify) decides in the same transaction, then
   * rolls it all back. */
  if (presentation->dry_run) {
    if (decision->reason == LT_REASON_STORAGE_ERROR)
      g_warning ("Access decision failed: %s", error ? error->message : "unknown error");
    lt_store_rollback (self->store);
    attempt_clear (&a);
    return;
  }

  event.time_us = a.now_us;
  event.kind = LT_EVENT_KIND_DECISION;
  event.door = (char *)door_name;
  event.method = (char *)lt_method_to_string (presentation->method);
  event.subject_id = decision->subject_id;
  event.unit = a.unit;
  event.pass_id = decision->pass_id;
  event.detail = detail->len ? detail->str : NULL;

  if (decision->reason == LT_REASON_STORAGE_ERROR || !record (self, &a, &event, &error)) {
    /* Fail closed: the door stays shut, and the problem is said where a
     * technician looks. A grant that could not be recorded is no grant. */
    g_warning ("Access decision failed: %s", error ? error->message : "unknown error");
    lt_store_rollback (self->store);
    decision->granted = FALSE;
    decision->reason = LT_REASON_STORAGE_ERROR;
    event.result = LT_EVENT_RESULT_DENIED;
    event.reason = (char *)lt_reason_to_string (LT_REASON_STORAGE_ERROR);
    decision->event_id = lt_store_add_event (self->store, &event, NULL);
  }
  attempt_clear (&a);
}
