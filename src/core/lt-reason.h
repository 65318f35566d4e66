/* lt-reason.h: why a door opened or stayed shut
 *
 * On its own so that what the views see of a decision (lt-host-types.h)
 * needs no store or pass header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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

const char *lt_reason_to_string (LtReason reason);

G_END_DECLS
