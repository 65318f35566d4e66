/* lt-event.c: the names of event kinds and results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-event"

#include "lt-event.h"

/* Written to the event log, printed by lintelctl and read by scripts:
 * never rename one, only add. */
static const char *const kind_names[LT_N_EVENT_KINDS] = {
  [LT_EVENT_KIND_UNKNOWN] = "unknown",
  [LT_EVENT_KIND_DECISION] = "decision",
  [LT_EVENT_KIND_DOOR] = "door",
  [LT_EVENT_KIND_ALARM] = "alarm",
  [LT_EVENT_KIND_READER] = "reader",
  [LT_EVENT_KIND_STAFF] = "staff",
  [LT_EVENT_KIND_PASS] = "pass",
  [LT_EVENT_KIND_MAINTENANCE] = "maintenance",
  [LT_EVENT_KIND_SYSTEM] = "system",
  [LT_EVENT_KIND_ADMIN] = "admin",
  [LT_EVENT_KIND_BACKUP] = "backup",
  [LT_EVENT_KIND_HELP] = "help",
};

static const char *const result_names[LT_N_EVENT_RESULTS] = {
  [LT_EVENT_RESULT_NONE] = NULL,
  [LT_EVENT_RESULT_GRANTED] = "granted",
  [LT_EVENT_RESULT_DENIED] = "denied",
  [LT_EVENT_RESULT_RAISED] = "raised",
  [LT_EVENT_RESULT_CLEARED] = "cleared",
  [LT_EVENT_RESULT_ACKNOWLEDGED] = "acknowledged",
  [LT_EVENT_RESULT_UNLOCKED] = "unlocked",
  [LT_EVENT_RESULT_LOCKED] = "locked",
  [LT_EVENT_RESULT_OPEN] = "open",
  [LT_EVENT_RESULT_CLOSED] = "closed",
  [LT_EVENT_RESULT_FAILED] = "failed",
  [LT_EVENT_RESULT_REJECTED] = "rejected",
  [LT_EVENT_RESULT_CONNECTED] = "connected",
  [LT_EVENT_RESULT_DISCONNECTED] = "disconnected",
  [LT_EVENT_RESULT_ISSUED] = "issued",
  [LT_EVENT_RESULT_REVOKED] = "revoked",
  [LT_EVENT_RESULT_STARTED] = "started",
  [LT_EVENT_RESULT_STOPPED] = "stopped",
  [LT_EVENT_RESULT_SIGNED_IN] = "signed-in",
  [LT_EVENT_RESULT_OK] = "ok",
  [LT_EVENT_RESULT_RESTORED] = "restored",
  [LT_EVENT_RESULT_UNKNOWN] = "unknown",
};

const char *
lt_event_kind_to_string (LtEventKind kind)
{
  g_return_val_if_fail (kind < LT_N_EVENT_KINDS, "unknown");

  return kind_names[kind];
}

/* "unknown" is no kind: it only stands for a name that was not found. */
gboolean
lt_event_kind_from_string (const char  *text,
                           LtEventKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = LT_EVENT_KIND_UNKNOWN + 1; i < LT_N_EVENT_KINDS; i++) {
    if (g_strcmp0 (text, kind_names[i]) == 0) {
      *out = (LtEventKind)i;
      return TRUE;
    }
  }
  *out = LT_EVENT_KIND_UNKNOWN;
  return FALSE;
}

/* NULL for LT_EVENT_RESULT_NONE. */
const char *
lt_event_result_to_string (LtEventResult result)
{
  g_return_val_if_fail (result < LT_N_EVENT_RESULTS, "unknown");

  return result_names[result];
}

/* NULL reads as LT_EVENT_RESULT_NONE. */
gboolean
lt_event_result_from_string (const char    *text,
                             LtEventResult *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  *out = LT_EVENT_RESULT_NONE;
  if (text == NULL)
    return TRUE;
  for (guint i = LT_EVENT_RESULT_NONE + 1; i < LT_EVENT_RESULT_UNKNOWN; i++) {
    if (g_str_equal (text, result_names[i])) {
      *out = (LtEventResult)i;
      return TRUE;
    }
  }
  *out = LT_EVENT_RESULT_UNKNOWN;
  return FALSE;
}

LtEvent *
lt_event_copy (const LtEvent *event)
{
  LtEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->door = g_strdup (event->door);
  copy->method = g_strdup (event->method);
  copy->reason = g_strdup (event->reason);
  copy->unit = g_strdup (event->unit);
  copy->detail = g_strdup (event->detail);
  copy->subject_name = g_strdup (event->subject_name);
  return copy;
}

void
lt_event_free (LtEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->door);
  g_free (event->method);
  g_free (event->reason);
  g_free (event->unit);
  g_free (event->detail);
  g_free (event->subject_name);
  g_free (event);
}
