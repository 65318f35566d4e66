/* lt-staff.h: guards and technicians signing in at the terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-config.h"
#include "lt-method.h"
#include "lt-secret.h"
#include "lt-staff-result.h"
#include "lt-store.h"

G_BEGIN_DECLS

LtStaffResult lt_staff_identify    (LtStore        *store,
                                    const LtConfig *config,
                                    const LtSecret *secret,
                                    LtMethod        method,
                                    const char     *credential,
                                    const char     *reader,
                                    LtPerson      **staff,
                                    guint          *retry_after_s);
LtStaffResult lt_staff_identify_at (LtStore        *store,
                                    const LtConfig *config,
                                    const LtSecret *secret,
                                    LtMethod        method,
                                    const char     *credential,
                                    const char     *reader,
                                    gint64          time_us,
                                    LtPerson      **staff,
                                    guint          *retry_after_s);

gboolean      lt_staff_pin_check   (const LtConfig *config,
                                    const LtPerson *person,
                                    const char     *pin,
                                    GError        **error);
gboolean      lt_staff_pin_short   (const LtConfig *config,
                                    const LtPerson *person);

G_END_DECLS
