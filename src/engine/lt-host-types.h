/* lt-host-types.h: the typed values the engine host hands to views
 *
 * Plain values that own their strings and copy whole: what a view gets
 * from the host it keeps, and the same values could cross a process
 * boundary (the kiosk talking to a separate `lintel --headless`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lt-door.h"
#include "lt-method.h"
#include "lt-pass-request.h"
#include "lt-person.h"
#include "lt-reason.h"
#include "lt-staff-result.h"

G_BEGIN_DECLS

/* One access decision, as the screen shows it: emitted once, after the
 * door state it caused. */
typedef struct {
  LtMethod     method;
  gboolean     granted;
  LtReason     reason;
  gint64       subject_id;          /* 0 when nobody was identified */
  LtPersonKind subject_kind;
  char        *unit;                /* the unit typed with a PIN, or NULL */
  gint64       pass_id;             /* LT_METHOD_QR: the pass, or 0 */
  guint        retry_after_s;       /* seconds to wait: a lockout in force (LT_REASON_LOCKED_OUT),
                                     * or the one this refusal started */
  gint64       relock_deadline_us;  /* monotonic time the door relocks; 0: it did not open */
  /* Attempts left (issue 13): a refusal that counted towards a lockout
   * says how many tries are left before it (the last one locks), from
   * the 3rd failure in a row on; the same for a unit that does not exist. */
  guint        attempts_left;       /* 0: nothing to tell */
  guint        lockout_s;           /* with attempts_left: how long that lockout will last */
} LtHostDecision;

#define LT_TYPE_HOST_DECISION (lt_host_decision_get_type ())
GType           lt_host_decision_get_type (void) G_GNUC_CONST;
LtHostDecision *lt_host_decision_new      (void);
LtHostDecision *lt_host_decision_copy     (const LtHostDecision *decision);
void            lt_host_decision_free     (LtHostDecision       *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtHostDecision, lt_host_decision_free)

/* The answer to a staff sign-in. */
typedef struct {
  LtStaffResult result;
  gint64        staff_id;           /* LT_STAFF_OK only */
  LtPersonKind  kind;
  char         *name;
  guint         retry_after_s;      /* LT_STAFF_LOCKED_OUT: seconds to wait */
} LtStaffReply;

#define LT_TYPE_STAFF_REPLY (lt_staff_reply_get_type ())
GType         lt_staff_reply_get_type (void) G_GNUC_CONST;
LtStaffReply *lt_staff_reply_new      (void);
LtStaffReply *lt_staff_reply_copy     (const LtStaffReply *reply);
void          lt_staff_reply_free     (LtStaffReply       *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtStaffReply, lt_staff_reply_free)

/* A visitor pass as the guard screen shows it. */
typedef struct {
  gint64  id;
  char   *unit;
  char   *visitor_name;               /* NULL: not given */
  gint64  valid_from_us;              /* wall clock */
  gint64  valid_until_us;
  guint   max_uses;                   /* 0: unlimited within the window */
  guint   uses;
  /* issue 13, guard tools: */
  char    *phone_last4;               /* the visitor's phone, last 4 digits; NULL: not given */
  gint64   revoked_at_us;             /* 0: not revoked */
  gboolean issued_here;               /* this terminal can show its QR code again */
} LtPassInfo;

#define LT_TYPE_PASS_INFO (lt_pass_info_get_type ())
GType       lt_pass_info_get_type (void) G_GNUC_CONST;
LtPassInfo *lt_pass_info_copy     (const LtPassInfo *info);
void        lt_pass_info_free     (LtPassInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtPassInfo, lt_pass_info_free)

/* A visitor pass a guard issued: what the store keeps of it and the token
 * to show as a QR code. */
typedef struct {
  LtPassInfo *pass;
  char       *token;
} LtIssuedPass;

#define LT_TYPE_ISSUED_PASS (lt_issued_pass_get_type ())
GType         lt_issued_pass_get_type (void) G_GNUC_CONST;
LtIssuedPass *lt_issued_pass_copy     (const LtIssuedPass *pass);
void          lt_issued_pass_free     (LtIssuedPass       *pass);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtIssuedPass, lt_issued_pass_free)

/* What simulated hardware can be made to do (backend=sim). */
typedef enum {
  LT_SIM_PRESS_EXIT,
  LT_SIM_OPEN_DOOR,
  LT_SIM_CLOSE_DOOR,
  LT_SIM_TAMPER_ON,
  LT_SIM_TAMPER_OFF,
  LT_SIM_WIEGAND,                   /* argument: the frame's bits, "0" and "1" */
  LT_SIM_USB_CARD,                  /* argument: the card's hex UID */
} LtSimAction;

/* The door as the host last heard of it. */
typedef struct {
  gboolean unlocked;
  gboolean open;
  LtAlarm  alarm;                   /* shown: active, or not yet acknowledged */
  gboolean alarm_active;            /* its condition is still present */
  gboolean alarm_pending;           /* no guard has acknowledged it yet */
  gint64   relock_deadline_us;      /* monotonic; 0 while locked */
} LtDoorState;

G_END_DECLS
