/* lt-consent.h: the face consent ledger, append-only and hash-chained
 *
 * Every enrolment, refusal, withdrawal and purge of face templates is one
 * entry: who (resident id and unit), what, under which notice version, at
 * which terminal, when, and the guardian who consented for a minor. No
 * biometric data, ever (COMPLIANCE.md R12). Each entry's hash is a keyed
 * BLAKE2b of the previous entry's hash and its own fields, under a subkey
 * of the device secret, and the newest hash is kept apart in the store's
 * settings: an entry edited, removed or added behind Lintel's back breaks
 * the chain, and `lintelctl consent verify` names the first bad one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-secret.h"
#include "lt-store.h"

G_BEGIN_DECLS

#define LT_CONSENT_ERROR (lt_consent_error_quark ())
GQuark lt_consent_error_quark (void);

typedef enum {
  LT_CONSENT_ERROR_BROKEN,      /* the chain does not verify */
} LtConsentError;

typedef enum {
  LT_CONSENT_ENROL,
  LT_CONSENT_DECLINE,
  LT_CONSENT_WITHDRAW,
  LT_CONSENT_PURGE,
} LtConsentAction;

typedef struct {
  gint64          id;
  gint64          time_us;        /* 0 when appending: now */
  gint64          person_id;
  char           *unit;
  LtConsentAction action;
  char           *notice_version;
  char           *terminal;
  gint64          guardian_id;    /* 0: none */
} LtConsentEntry;

const char *lt_consent_action_to_string   (LtConsentAction action);
gboolean    lt_consent_action_from_string (const char      *text,
                                           LtConsentAction *out);
void        lt_consent_entry_free         (LtConsentEntry  *entry);

/* Appends @entry (its id and, when 0, its time are filled in). Inside the
 * caller's transaction when there is one, else in one of its own. */
gboolean    lt_consent_append             (LtStore         *store,
                                           const LtSecret  *secret,
                                           LtConsentEntry  *entry,
                                           GError         **error);
/* Oldest first; @person_id 0: everyone. */
GPtrArray  *lt_consent_list               (LtStore         *store,
                                           gint64           person_id,
                                           GError         **error);
/* TRUE when every entry and the newest hash check; FALSE with
 * LT_CONSENT_ERROR_BROKEN and *first_bad set to the first entry that does
 * not (or -1 when entries are missing after the last good one). */
gboolean    lt_consent_verify             (LtStore         *store,
                                           const LtSecret  *secret,
                                           gint64          *first_bad,
                                           GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtConsentEntry, lt_consent_entry_free)

G_END_DECLS
