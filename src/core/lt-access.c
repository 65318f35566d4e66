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
#include "lt-time.h"

#include <string.h>

struct _LtAccess {
  GObject         parent_instance;
  LtStore        *store;
  const LtConfig *config;
  const LtSecret *secret;
  LtPassKey      *pass_key;       /* the site's public key, loaded on the first pass */
  gboolean        pass_key_tried;
};

G_DEFINE_FINAL_TYPE (LtAccess, lt_access, G_TYPE_OBJECT)

/* Written to the event log and printed by lintelctl: never rename one. */
static const char * const reason_names[LT_N_REASONS] = {
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
  LtAccess *self = g_object_new (LT_TYPE_ACCESS, NULL);

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
    g_autoptr(GError) error = NULL;

    self->pass_key_tried = TRUE;
    self->pass_key = lt_pass_key_load_public (self->config->key_dir, &error);
    if (self->pass_key == NULL)
      g_debug ("No QR pass can be accepted: %s", error->message);
  }
  return self->pass_key;
}

/* Everything a pass needs is in its signed token; the store only counts
 * its uses and knows whether it was revoked. */
static LtReason
decide_pass (LtAccess             *self,
             const LtPresentation *p,
             gint64                now_us,
             LtDecision           *decision,
             GString              *detail,
             char                **unit,
             GError              **error)
{
  const LtPassKey *key = get_pass_key (self);
  gint64 skew_us = (gint64) self->config->pass_clock_skew_seconds * G_USEC_PER_SEC;
  g_autoptr(GError) use_error = NULL;
  LtPassToken token;

  /* No key, no verifier: nothing of a pass is trusted. */
  if (key == NULL)
    return LT_REASON_UNKNOWN_CREDENTIAL;
  if (p->secret == NULL)
    return LT_REASON_MALFORMED;
  switch (lt_pass_token_parse ((const guint8 *) p->secret, strlen (p->secret), key, &token)) {
  case LT_PASS_PARSE_OK:
    break;
  case LT_PASS_PARSE_BAD_SIGNATURE:
    return LT_REASON_BAD_SIGNATURE;
  case LT_PASS_PARSE_MALFORMED:
  default:
    return LT_REASON_MALFORMED;
  }

  /* The token is never logged: the id and the unit say which pass it was. */
  decision->pass_id = token.id;
  g_string_append_printf (detail, "pass=%" G_GUINT32_FORMAT " unit=%s", token.id, token.unit);
  *unit = g_strdup (token.unit);
  if (token.site_id != self->config->pass_site_id)
    return LT_REASON_OTHER_SITE;
  if (now_us + skew_us < token.valid_from_us)
    return LT_REASON_NOT_YET_VALID;
  if (now_us - skew_us >= token.valid_until_us)
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

/* Returns the seconds still to wait, 0 if the key is not locked out. */
static guint
lockout_remaining (LtAccess   *self,
                   const char *key,
                   gint64      now_us,
                   GError    **error)
{
  LtLockout lockout;

  if (!lt_store_get_lockout (self->store, key, &lockout, error))
    return 0;
  if (lockout.locked_until_us <= now_us)
    return 0;
  return (guint) ((lockout.locked_until_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/* 5 failures lock for 30 s, the next 5 for 60 s, then 120 s …, capped. The
 * level is kept after a lockout ends and only a success resets it. */
static gboolean
count_failure (LtAccess   *self,
               const char *key,
               guint       threshold,
               gint64      now_us,
               GError    **error)
{
  LtLockout lockout;

  if (!lt_store_get_lockout (self->store, key, &lockout, error))
    return FALSE;
  lockout.failures++;
  if (lockout.failures >= threshold) {
    guint64 seconds = (guint64) self->config->lockout_seconds << MIN (lockout.level, 20u);

    seconds = MIN (seconds, self->config->lockout_max_seconds);
    lockout.level++;
    lockout.failures = 0;
    lockout.locked_until_us = now_us + (gint64) seconds * G_USEC_PER_SEC;
  }
  return lt_store_set_lockout (self->store, key, &lockout, error);
}

static gboolean
clear_failures (LtAccess   *self,
                const char *key,
                GError    **error)
{
  static const LtLockout cleared = { 0 };

  return lt_store_set_lockout (self->store, key, &cleared, error);
}

/* The person's own rules, the same whatever credential they showed. */
static LtReason
check_person (LtAccess       *self,
              const LtPerson *person,
              GDateTime      *when,
              GError        **error)
{
  if (!person->active)
    return LT_REASON_INACTIVE;
  if (person->valid_until != NULL) {
    g_autofree char *today = g_date_time_format (when, "%Y-%m-%d");
    if (strcmp (today, person->valid_until) > 0)
      return LT_REASON_EXPIRED;
  }
  if (person->schedule_id > 0) {
    g_autoptr(GError) local_error = NULL;
    if (!lt_store_schedule_allows (self->store, person->schedule_id, when, &local_error)) {
      if (local_error != NULL) {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return LT_REASON_STORAGE_ERROR;
      }
      return LT_REASON_OUTSIDE_SCHEDULE;
    }
  }
  return LT_REASON_OK;
}

static LtReason
decide (LtAccess             *self,
        const LtPresentation *p,
        const LtDoorConfig   *door,
        gint64                now_us,
        LtDecision           *decision,
        GString              *detail,
        char                **unit,
        GError              **error)
{
  g_autoptr(GDateTime) when = lt_time_local (now_us);
  g_autofree char *reader_key = g_strdup_printf ("reader:%s/%s", door->name, p->reader ? p->reader : "default");
  g_autofree char *unit_key = NULL;
  g_autoptr(LtPerson) person = NULL;
  g_autoptr(GError) lookup_error = NULL;
  LtReason reason = LT_REASON_OK;
  guint wait;

  if (p->method >= LT_N_ENTRY_METHODS || !(door->methods & LT_METHOD_BIT (p->method)))
    return LT_REASON_METHOD_DISABLED;

  /* A locked-out reader or unit is not even asked: nothing is learnt by
   * trying. The wait told is the longer of the two. */
  if (p->method == LT_METHOD_PIN && p->unit != NULL)
    unit_key = g_strdup_printf ("unit:%s", p->unit);
  {
    g_autoptr(GError) lock_error = NULL;

    wait = lockout_remaining (self, reader_key, now_us, &lock_error);
    if (unit_key != NULL && lock_error == NULL)
      wait = MAX (wait, lockout_remaining (self, unit_key, now_us, &lock_error));
    /* A lockout that cannot be read is no lockout lifted: fail closed. */
    if (lock_error != NULL) {
      g_propagate_error (error, g_steal_pointer (&lock_error));
      return LT_REASON_STORAGE_ERROR;
    }
  }
  if (wait > 0) {
    decision->retry_after_s = wait;
    return LT_REASON_LOCKED_OUT;
  }

  switch (p->method) {
  case LT_METHOD_PIN: {
    LtPinMatch match;

    if (p->unit == NULL || p->secret == NULL || !lt_config_unit_valid (self->config, p->unit)) {
      reason = LT_REASON_MALFORMED;
      break;
    }
    g_string_append_printf (detail, "unit=%s", p->unit);
    *unit = g_strdup (p->unit);
    match = lt_store_match_pin (self->store, self->secret, p->unit, p->secret, &person, &lookup_error);
    if (lookup_error != NULL) {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return LT_REASON_STORAGE_ERROR;
    }
    if (match == LT_PIN_MATCH_NO_UNIT) {
      reason = LT_REASON_UNKNOWN_CREDENTIAL;
    } else if (match == LT_PIN_MATCH_NONE) {
      reason = LT_REASON_WRONG_PIN;
      if (!count_failure (self, unit_key, self->config->lockout_failures, now_us, error))
        return LT_REASON_STORAGE_ERROR;
    } else if (match == LT_PIN_MATCH_DURESS) {
      reason = LT_REASON_DURESS;
    }
    break;
  }

  case LT_METHOD_CARD: {
    g_autofree char *card = p->secret ? lt_card_normalize (p->secret, NULL) : NULL;

    if (card == NULL) {
      reason = LT_REASON_MALFORMED;
      break;
    }
    /* The format is no secret and helps a technician; the number is. */
    g_string_append_printf (detail, "format=%s", strchr (card, ':') ? (card[0] == '2' ? "26" : "34") : "uid");
    person = lt_store_find_card (self->store, self->secret, card, &lookup_error);
    if (person == NULL) {
      if (!g_error_matches (lookup_error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND)) {
        g_propagate_error (error, g_steal_pointer (&lookup_error));
        return LT_REASON_STORAGE_ERROR;
      }
      reason = LT_REASON_UNKNOWN_CREDENTIAL;
    }
    break;
  }

  case LT_METHOD_QR:
    /* A visitor's pass names nobody: a grant ends here, a refusal counts
     * against the reader like any other. */
    reason = decide_pass (self, p, now_us, decision, detail, unit, error);
    if (reason == LT_REASON_STORAGE_ERROR)
      return reason;
    if (reason == LT_REASON_OK)
      return clear_failures (self, reader_key, error) ? LT_REASON_OK : LT_REASON_STORAGE_ERROR;
    break;

  default:
    /* Faces have no verifier yet, so nothing of theirs is trusted. */
    reason = LT_REASON_UNKNOWN_CREDENTIAL;
    break;
  }

  if (person == NULL) {
    if (!count_failure (self, reader_key, self->config->reader_lockout_failures, now_us, error))
      return LT_REASON_STORAGE_ERROR;
    return reason;
  }

  decision->subject_id = person->id;
  decision->subject_kind = person->kind;
  {
    LtReason rule = check_person (self, person, when, error);
    if (rule != LT_REASON_OK)
      return rule;
  }

  if (!clear_failures (self, reader_key, error) ||
      (unit_key != NULL && !clear_failures (self, unit_key, error)))
    return LT_REASON_STORAGE_ERROR;
  return reason;
}

void
lt_access_decide (LtAccess             *self,
                  const LtPresentation *presentation,
                  LtDecision           *decision)
{
  const char *door_name = presentation->door ? presentation->door : self->config->door;
  const LtDoorConfig *door = lt_config_get_door (self->config, door_name);
  gint64 now_us = presentation->time_us ? presentation->time_us : g_get_real_time ();
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *unit = NULL;
  g_autoptr(GError) error = NULL;
  LtEvent event = { 0 };

  memset (decision, 0, sizeof *decision);

  /* The decision, its lockout bookkeeping and its event commit together. */
  if (!lt_store_begin (self->store, &error)) {
    decision->reason = LT_REASON_STORAGE_ERROR;
  } else {
    decision->reason = door == NULL ? LT_REASON_UNKNOWN_DOOR
                                    : decide (self, presentation, door, now_us, decision, detail, &unit, &error);
  }
  decision->granted = decision->reason == LT_REASON_OK || decision->reason == LT_REASON_DURESS;

  /* A dry run (lintelctl pass verify) decides in the same transaction, then
   * rolls it all back. */
  if (presentation->dry_run) {
    if (decision->reason == LT_REASON_STORAGE_ERROR)
      g_warning ("Access decision failed: %s", error ? error->message : "unknown error");
    lt_store_rollback (self->store);
    return;
  }

  event.time_us = now_us;
  event.kind = LT_EVENT_KIND_DECISION;
  event.door = (char *) door_name;
  event.method = (char *) lt_method_to_string (presentation->method);
  event.subject_id = decision->subject_id;
  event.unit = unit;
  event.pass_id = decision->pass_id;
  event.detail = detail->len ? detail->str : NULL;

  if (decision->reason != LT_REASON_STORAGE_ERROR) {
    event.result = decision->granted ? LT_EVENT_RESULT_GRANTED : LT_EVENT_RESULT_DENIED;
    event.reason = (char *) lt_reason_to_string (decision->reason);
    decision->event_id = lt_store_add_event (self->store, &event, &error);
    if (decision->event_id != 0 && decision->reason == LT_REASON_DURESS) {
      LtEvent alarm = event;
      /* The silent alarm: nothing on screen differs from a normal grant. */
      alarm.kind = LT_EVENT_KIND_ALARM;
      alarm.result = LT_EVENT_RESULT_RAISED;
      if (lt_store_add_event (self->store, &alarm, &error) == 0)
        decision->event_id = 0;
    }
    if (decision->event_id != 0 && lt_store_commit (self->store, &error))
      return;
  }

  /* Fail closed: the door stays shut, and the problem is said where a
   * technician looks. A grant that could not be recorded is no grant. */
  g_warning ("Access decision failed: %s", error ? error->message : "unknown error");
  g_clear_error (&error);
  lt_store_rollback (self->store);
  decision->granted = FALSE;
  decision->reason = LT_REASON_STORAGE_ERROR;
  event.result = LT_EVENT_RESULT_DENIED;
  event.reason = (char *) lt_reason_to_string (LT_REASON_STORAGE_ERROR);
  decision->event_id = lt_store_add_event (self->store, &event, NULL);
}
