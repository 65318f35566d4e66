/* lt-access.h: who may go through which door, and when
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lt-config.h"
#include "lt-method.h"
#include "lt-pass.h"
#include "lt-reason.h"
#include "lt-secret.h"
#include "lt-store.h"

G_BEGIN_DECLS

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

G_END_DECLS
