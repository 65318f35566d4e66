/* lt-maintenance-page.h: the maintenance screen, after a staff sign-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-staff-page.h"

G_BEGIN_DECLS

#define LT_TYPE_MAINTENANCE_PAGE (lt_maintenance_page_get_type ())
G_DECLARE_FINAL_TYPE (LtMaintenancePage, lt_maintenance_page, LT, MAINTENANCE_PAGE, LtStaffPage)

/* Emits LtStaffPage::sign-out when the staff member leaves. */
GtkWidget *lt_maintenance_page_new (LtHost     *host,
                                    gint64      staff_id,
                                    const char *staff_name);

G_END_DECLS
