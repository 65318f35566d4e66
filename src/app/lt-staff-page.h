/* lt-staff-page.h: what the guard and maintenance screens share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-app-types.h"

G_BEGIN_DECLS

#define LT_TYPE_STAFF_PAGE (lt_staff_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (LtStaffPage, lt_staff_page, LT, STAFF_PAGE, GtkWidget)

struct _LtStaffPageClass {
  GtkWidgetClass parent_class;
};

LtHost       *lt_staff_page_get_host        (LtStaffPage *self);
GCancellable *lt_staff_page_get_cancellable (LtStaffPage *self);
gint64        lt_staff_page_get_staff_id    (LtStaffPage *self);
const char   *lt_staff_page_get_staff_name  (LtStaffPage *self);
void          lt_staff_page_sign_out        (LtStaffPage *self);

G_END_DECLS
