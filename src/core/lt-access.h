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
  guint        retry_after_s;  /* seconds to wait: a lockout in force (LT_REASON_LOCKED_OUT), or the one this refusal started */
  gint64       event_id;       /* 0 for a dry run */
  gint64       pass_id;        /* LT_METHOD_QR: the pass, once its signature is good */
  guint        attempts_left;  /* a refusal that counted: tries left before a lockout (the last one locks),
                                * told from the 3rd failure in a row; 0: nothing to tell */
  guint        lockout_s;      /* with attempts_left: how long that lockout will last */
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

/* Seconds before a PIN for UNIT can be checked at READER of DOOR (NULL:
 * the terminal's own door): the longer of the unit's lockout and the
 * reader's PIN lockout, 0 if neither. Read from the counters alone, so
 * the answer is the same whether the unit exists or not. */
gboolean    lt_access_pin_wait     (LtStore              *store,
                                    const char           *door,
                                    const char           *reader,
                                    const char           *unit,
                                    gint64                now_us,
                                    guint                *wait_s,
                                    GError              **error);

G_END_DECLS
