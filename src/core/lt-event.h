/* lt-event.h: what happened at the door, as typed values
 *
 * Views switch on the kind and the result; they never parse the strings.
 * The strings are what the event log stores and `lintelctl events` prints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-person.h"

G_BEGIN_DECLS

typedef enum {
  LT_EVENT_KIND_UNKNOWN,        /* a row of a kind this Lintel has no name for */
  LT_EVENT_KIND_DECISION,       /* a credential was shown at a door */
  LT_EVENT_KIND_DOOR,           /* the lock or the door contact changed */
  LT_EVENT_KIND_ALARM,
  LT_EVENT_KIND_READER,         /* a card reader came, went or misread */
  LT_EVENT_KIND_STAFF,          /* a guard or technician signed in */
  LT_EVENT_KIND_PASS,           /* a visitor pass was issued or revoked */
  LT_EVENT_KIND_MAINTENANCE,
  LT_EVENT_KIND_SYSTEM,         /* the terminal started or stopped */
  LT_EVENT_KIND_ADMIN,          /* lintelctl changed something */
  LT_EVENT_KIND_BACKUP,
  LT_EVENT_KIND_HELP,           /* someone at the door pressed "Call guard" */
  LT_N_EVENT_KINDS,
} LtEventKind;

typedef enum {
  LT_EVENT_RESULT_NONE,         /* no result recorded */
  LT_EVENT_RESULT_GRANTED,
  LT_EVENT_RESULT_DENIED,
  LT_EVENT_RESULT_RAISED,
  LT_EVENT_RESULT_CLEARED,
  LT_EVENT_RESULT_ACKNOWLEDGED,
  LT_EVENT_RESULT_UNLOCKED,
  LT_EVENT_RESULT_LOCKED,
  LT_EVENT_RESULT_OPEN,
  LT_EVENT_RESULT_CLOSED,
  LT_EVENT_RESULT_FAILED,
  LT_EVENT_RESULT_REJECTED,
  LT_EVENT_RESULT_CONNECTED,
  LT_EVENT_RESULT_DISCONNECTED,
  LT_EVENT_RESULT_ISSUED,
  LT_EVENT_RESULT_REVOKED,
  LT_EVENT_RESULT_STARTED,
  LT_EVENT_RESULT_STOPPED,
  LT_EVENT_RESULT_SIGNED_IN,
  LT_EVENT_RESULT_OK,
  LT_EVENT_RESULT_RESTORED,     /* a revoked pass, undone at once */
  LT_EVENT_RESULT_UNKNOWN,      /* a result this Lintel has no name for */
  LT_N_EVENT_RESULTS,
} LtEventResult;

typedef struct {
  gint64         id;
  gint64         time_us;       /* wall clock, microseconds since the epoch; 0 when adding: now */
  LtEventKind    kind;
  char          *door;
  char          *method;
  LtEventResult  result;
  char          *reason;
  gint64         subject_id;    /* 0: nobody */
  char          *unit;          /* the unit concerned, or NULL */
  gint64         pass_id;       /* the visitor pass concerned, 0: none */
  char          *detail;
  /* Filled in by the store's queries, ignored when an event is added: */
  char          *subject_name;  /* NULL: nobody, or nobody the store still knows */
  LtPersonKind   subject_kind;  /* meaningful only with a subject_name */
} LtEvent;

/* The reason of the alarm a reader's or the Staff entry's first lockout
 * raises: somebody is guessing credentials there. */
#define LT_ALARM_BRUTE_FORCE "brute-force"

const char *lt_event_kind_to_string     (LtEventKind    kind);
gboolean    lt_event_kind_from_string   (const char    *text,
                                         LtEventKind   *out);
const char *lt_event_result_to_string   (LtEventResult  result);
gboolean    lt_event_result_from_string (const char    *text,
                                         LtEventResult *out);
LtEvent    *lt_event_copy               (const LtEvent *event);
void        lt_event_free               (LtEvent       *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtEvent, lt_event_free)

G_END_DECLS
