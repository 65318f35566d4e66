/* lt-access.h: who may go through which door, and when
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lt-config.h"
#include "lt-method.h"
#include "lt-pass.h"
#include "lt-secret.h"
#include "lt-store.h"

G_BEGIN_DECLS

typedef enum {
  LT_REASON_OK,
  LT_REASON_DURESS,            /* granted, and a silent alarm raised */
  LT_REASON_UNKNOWN_CREDENTIAL,
  LT_REASON_WRONG_PIN,
  LT_REASON_MALFORMED,
  LT_REASON_OUTSIDE_SCHEDULE,
  LT_REASON_INACTIVE,
  LT_REASON_EXPIRED,
  LT_REASON_LOCKED_OUT,
  LT_REASON_METHOD_DISABLED,
  LT_REASON_UNKNOWN_DOOR,
  LT_REASON_STORAGE_ERROR,
  LT_REASON_OUT_OF_SERVICE,    /* the terminal is shutting down */
  LT_REASON_BAD_SIGNATURE,     /* a pass not signed with this site's key */
  LT_REASON_OTHER_SITE,
  LT_REASON_NOT_YET_VALID,
  LT_REASON_USED_UP,
  LT_REASON_REVOKED,
  LT_N_REASONS,
} LtReason;

typedef struct {
  LtMethod    method;
  const char *door;            /* NULL: the terminal's own door */
  const char *reader;          /* which reader or keypad, for lockouts */
  const char *unit;            /* LT_METHOD_PIN */
  const char *secret;          /* the PIN digits, the card identifier or the pass token */
  gint64      time_us;         /* 0: now */
  gboolean    dry_run;         /* decide, then keep nothing: no use, no event, no lockout */
  gint64      face_subject_id; /* LT_METHOD_FACE: the resident the face engine matched, 0: nobody */
} LtPresentation;

typedef struct {
  gboolean     granted;
  LtReason     reason;
  gint64       subject_id;     /* 0 when nobody was identified */
  LtPersonKind subject_kind;
  guint        retry_after_s;  /* LT_REASON_LOCKED_OUT: seconds to wait */
  gint64       event_id;       /* 0 for a dry run */
  gint64       pass_id;        /* LT_METHOD_QR: the pass, once its signature is good */
} LtDecision;

#define LT_TYPE_ACCESS (lt_access_get_type ())
G_DECLARE_FINAL_TYPE (LtAccess, lt_access, LT, ACCESS, GObject)

LtAccess   *lt_access_new          (LtStore              *store,
                                    const LtConfig       *config,
                                    const LtSecret       *secret);
void        lt_access_set_pass_key (LtAccess             *self,
                                    const LtPassKey      *key);
void        lt_access_decide       (LtAccess             *self,
                                    const LtPresentation *presentation,
                                    LtDecision           *decision);
const char *lt_reason_to_string    (LtReason              reason);

G_END_DECLS
