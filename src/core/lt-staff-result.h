/* lt-staff-result.h: the outcome of a guard's or technician's sign-in
 *
 * On its own so that the views' staff reply (lt-host-types.h) needs no
 * store header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LT_STAFF_OK,
  LT_STAFF_UNKNOWN,      /* no staff member has this PIN or card */
  LT_STAFF_LOCKED_OUT,
  LT_STAFF_ERROR,
} LtStaffResult;

G_END_DECLS
