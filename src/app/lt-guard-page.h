/* lt-guard-page.h: the guard screen, after a staff sign-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lt-application.h"

G_BEGIN_DECLS

#define LT_TYPE_GUARD_PAGE (lt_guard_page_get_type ())
G_DECLARE_FINAL_TYPE (LtGuardPage, lt_guard_page, LT, GUARD_PAGE, GtkWidget)

/* Emits ::sign-out when the staff member leaves (button or idle timeout). */
GtkWidget *lt_guard_page_new (LtApplication *app,
                                gint64         staff_id,
                                const char    *staff_name);

/* For tests and accessibility tools. */
void        lt_guard_page_press            (LtGuardPage *self,
                                            const char  *keys);
void        lt_guard_page_set_visitor_name (LtGuardPage *self,
                                            const char  *name);
const char *lt_guard_page_get_view         (LtGuardPage *self);
const char *lt_guard_page_get_unit         (LtGuardPage *self);
const char *lt_guard_page_get_issue_error  (LtGuardPage *self);
const char *lt_guard_page_get_last_token   (LtGuardPage *self);
gint64      lt_guard_page_get_last_pass_id (LtGuardPage *self);
const char *lt_guard_page_get_pass_words   (LtGuardPage *self);
GtkPicture *lt_guard_page_get_qr_picture   (LtGuardPage *self);
char       *lt_guard_page_dup_passes       (LtGuardPage *self);

G_END_DECLS
