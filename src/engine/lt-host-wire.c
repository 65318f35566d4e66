/* lt-host-wire.c: LtHost's typed values as D-Bus values, and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-host-wire.h"

#include <string.h>

const char *
lt_wire_nonnull (const char *text)
{
  return text != NULL ? text : "";
}

const char *
lt_wire_nullable (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

GVariant *
lt_wire_decision_to_variant (const LtHostDecision *d)
{
  return g_variant_new (LT_WIRE_DECISION, (guint32)d->method, d->granted, (guint32)d->reason, d->subject_id,
                        (guint32)d->subject_kind, lt_wire_nonnull (d->unit), d->pass_id, (guint32)d->retry_after_s,
                        d->relock_deadline_us, (guint32)d->attempts_left, (guint32)d->lockout_s);
}

LtHostDecision *
lt_wire_decision_from_variant (GVariant *value)
{
  LtHostDecision *d = lt_host_decision_new ();
  guint32         method, reason, kind, retry, attempts_left, lockout_s;
  const char     *unit;

  g_variant_get (value, "(ubuxu&sxuxuu)", &method, &d->granted, &reason, &d->subject_id, &kind, &unit, &d->pass_id,
                 &retry, &d->relock_deadline_us, &attempts_left, &lockout_s);
  d->method = method;
  d->reason = reason;
  d->subject_kind = kind;
  d->unit = g_strdup (lt_wire_nullable (unit));
  d->retry_after_s = retry;
  d->attempts_left = attempts_left;
  d->lockout_s = lockout_s;
  return d;
}

GVariant *
lt_wire_staff_reply_to_variant (const LtStaffReply *r)
{
  return g_variant_new (LT_WIRE_STAFF_REPLY, (guint32)r->result, r->staff_id, (guint32)r->kind,
                        lt_wire_nonnull (r->name), (guint32)r->retry_after_s);
}

LtStaffReply *
lt_wire_staff_reply_from_variant (GVariant *value)
{
  LtStaffReply *r = lt_staff_reply_new ();
  guint32       result, kind, retry;
  const char   *name;

  g_variant_get (value, "(uxu&su)", &result, &r->staff_id, &kind, &name, &retry);
  r->result = result;
  r->kind = kind;
  r->name = g_strdup (lt_wire_nullable (name));
  r->retry_after_s = retry;
  return r;
}

GVariant *
lt_wire_pass_info_to_variant (const LtPassInfo *p)
{
  return g_variant_new (LT_WIRE_PASS_INFO, p->id, lt_wire_nonnull (p->unit), lt_wire_nonnull (p->visitor_name),
                        p->valid_from_us, p->valid_until_us, (guint32)p->max_uses, (guint32)p->uses,
                        lt_wire_nonnull (p->phone_last4), p->revoked_at_us, p->issued_here);
}

LtPassInfo *
lt_wire_pass_info_from_variant (GVariant *value)
{
  LtPassInfo *p = g_new0 (LtPassInfo, 1);
  const char *visitor_name, *phone;
  guint32     max_uses, uses;

  g_variant_get (value, "(xs&sxxuu&sxb)", &p->id, &p->unit, &visitor_name, &p->valid_from_us, &p->valid_until_us,
                 &max_uses, &uses, &phone, &p->revoked_at_us, &p->issued_here);
  p->visitor_name = g_strdup (lt_wire_nullable (visitor_name));
  p->phone_last4 = g_strdup (lt_wire_nullable (phone));
  p->max_uses = max_uses;
  p->uses = uses;
  return p;
}

GVariant *
lt_wire_issued_pass_to_variant (const LtIssuedPass *pass)
{
  LtPassInfo none = { 0 };

  return g_variant_new ("(@" LT_WIRE_PASS_INFO "s)",
                        lt_wire_pass_info_to_variant (pass->pass != NULL ? pass->pass : &none),
                        lt_wire_nonnull (pass->token));
}

LtIssuedPass *
lt_wire_issued_pass_from_variant (GVariant *value)
{
  g_autoptr (GVariant) info = g_variant_get_child_value (value, 0);
  g_autoptr (GVariant) token = g_variant_get_child_value (value, 1);
  LtIssuedPass *pass = g_new0 (LtIssuedPass, 1);

  pass->pass = lt_wire_pass_info_from_variant (info);
  pass->token = g_variant_dup_string (token, NULL);
  return pass;
}

GVariant *
lt_wire_pass_request_to_variant (const LtPassRequest *r)
{
  return g_variant_new (LT_WIRE_PASS_REQUEST, r->site_id, lt_wire_nonnull (r->unit), r->valid_from_us,
                        r->valid_until_us, (guint32)r->max_uses, r->guard_id, lt_wire_nonnull (r->visitor_name),
                        lt_wire_nonnull (r->phone_last4));
}

void
lt_wire_pass_request_from_variant (GVariant      *value,
                                   LtPassRequest *r)
{
  guint32 max_uses;

  memset (r, 0, sizeof *r);
  g_variant_get (value, "(q&sxxux&s&s)", &r->site_id, &r->unit, &r->valid_from_us, &r->valid_until_us, &max_uses,
                 &r->guard_id, &r->visitor_name, &r->phone_last4);
  r->visitor_name = lt_wire_nullable (r->visitor_name);
  r->phone_last4 = lt_wire_nullable (r->phone_last4);
  r->max_uses = max_uses;
}

GVariant *
lt_wire_event_to_variant (const LtEvent *e)
{
  return g_variant_new (LT_WIRE_EVENT, e->id, e->time_us, (guint32)e->kind, lt_wire_nonnull (e->door),
                        lt_wire_nonnull (e->method), (guint32)e->result, lt_wire_nonnull (e->reason), e->subject_id,
                        lt_wire_nonnull (e->unit), e->pass_id, lt_wire_nonnull (e->detail),
                        lt_wire_nonnull (e->subject_name), (guint32)e->subject_kind);
}

LtEvent *
lt_wire_event_from_variant (GVariant *value)
{
  LtEvent    *e = g_new0 (LtEvent, 1);
  guint32     kind, result, subject_kind;
  const char *door, *method, *reason, *unit, *detail, *name;

  g_variant_get (value, "(xxu&s&su&sx&sx&s&su)", &e->id, &e->time_us, &kind, &door, &method, &result, &reason,
                 &e->subject_id, &unit, &e->pass_id, &detail, &name, &subject_kind);
  e->kind = kind;
  e->result = result;
  e->subject_kind = subject_kind;
  e->door = g_strdup (lt_wire_nullable (door));
  e->method = g_strdup (lt_wire_nullable (method));
  e->reason = g_strdup (lt_wire_nullable (reason));
  e->unit = g_strdup (lt_wire_nullable (unit));
  e->detail = g_strdup (lt_wire_nullable (detail));
  e->subject_name = g_strdup (lt_wire_nullable (name));
  return e;
}

GVariant *
lt_wire_storage_to_variant (const LtStorageStatus *s)
{
  return g_variant_new (LT_WIRE_STORAGE, lt_wire_nonnull (s->integrity), s->events, s->last_backup_us);
}

LtStorageStatus *
lt_wire_storage_from_variant (GVariant *value)
{
  LtStorageStatus *s = g_new0 (LtStorageStatus, 1);

  g_variant_get (value, LT_WIRE_STORAGE, &s->integrity, &s->events, &s->last_backup_us);
  return s;
}

/* ---- issue 11: residents at the terminal --------------------------------------- */

GVariant *
lt_wire_session_to_variant (const LtResidentSession *s)
{
  return g_variant_new (LT_WIRE_SESSION, lt_wire_nonnull (s->token), lt_wire_nonnull (s->name),
                        lt_wire_nonnull (s->unit), s->minor, s->face_enabled, s->enrolled, s->consent_us,
                        lt_wire_nonnull (s->notice_version));
}

LtResidentSession *
lt_wire_session_from_variant (GVariant *value)
{
  LtResidentSession *s = g_new0 (LtResidentSession, 1);
  const char        *name, *unit, *version;

  g_variant_get (value, "(s&s&sbbbx&s)", &s->token, &name, &unit, &s->minor, &s->face_enabled, &s->enrolled,
                 &s->consent_us, &version);
  s->name = g_strdup (lt_wire_nullable (name));
  s->unit = g_strdup (lt_wire_nullable (unit));
  s->notice_version = g_strdup (lt_wire_nullable (version));
  return s;
}

GVariant *
lt_wire_notice_to_variant (const LtNoticeText *n)
{
  return g_variant_new (LT_WIRE_NOTICE, lt_wire_nonnull (n->version), lt_wire_nonnull (n->title),
                        lt_wire_nonnull (n->body));
}

LtNoticeText *
lt_wire_notice_from_variant (GVariant *value)
{
  LtNoticeText *n = g_new0 (LtNoticeText, 1);

  g_variant_get (value, LT_WIRE_NOTICE, &n->version, &n->title, &n->body);
  return n;
}

GVariant *
lt_wire_resident_data_to_variant (const LtResidentData *d)
{
  GVariantBuilder entries;

  g_variant_builder_init (&entries, G_VARIANT_TYPE ("a" LT_WIRE_ENTRY));
  for (guint i = 0; d->entries != NULL && i < d->entries->len; i++) {
    const LtResidentEntry *e = g_ptr_array_index (d->entries, i);

    g_variant_builder_add (&entries, LT_WIRE_ENTRY, e->time_us, lt_wire_nonnull (e->method), e->granted,
                           lt_wire_nonnull (e->reason));
  }
  return g_variant_new (LT_WIRE_RESIDENT_DATA, lt_wire_nonnull (d->name), lt_wire_nonnull (d->unit),
                        lt_wire_nonnull (d->valid_until), d->has_pin, (guint32)d->n_cards, d->face_enrolled,
                        d->consent_us, lt_wire_nonnull (d->notice_version), d->face_last_used_us, &entries);
}

LtResidentData *
lt_wire_resident_data_from_variant (GVariant *value)
{
  LtResidentData *d = lt_resident_data_new ();
  g_autoptr (GVariantIter) iter = NULL;
  const char *name, *unit, *valid_until, *version, *method, *reason;
  guint32     n_cards;
  gint64      time_us;
  gboolean    granted;

  g_variant_get (value, "(&s&s&sbubx&sxa" LT_WIRE_ENTRY ")", &name, &unit, &valid_until, &d->has_pin, &n_cards,
                 &d->face_enrolled, &d->consent_us, &version, &d->face_last_used_us, &iter);
  d->name = g_strdup (lt_wire_nullable (name));
  d->unit = g_strdup (lt_wire_nullable (unit));
  d->valid_until = g_strdup (lt_wire_nullable (valid_until));
  d->notice_version = g_strdup (lt_wire_nullable (version));
  d->n_cards = n_cards;
  /* At most what the engine gives; a peer sending more is cut short. */
  while (d->entries->len < LT_RESIDENT_DATA_MAX_ENTRIES
         && g_variant_iter_next (iter, "(x&sb&s)", &time_us, &method, &granted, &reason)) {
    LtResidentEntry *e = g_new0 (LtResidentEntry, 1);

    e->time_us = time_us;
    e->method = g_strdup (method);
    e->granted = granted;
    e->reason = g_strdup (lt_wire_nullable (reason));
    g_ptr_array_add (d->entries, e);
  }
  return d;
}
