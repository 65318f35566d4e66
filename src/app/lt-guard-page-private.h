/* lt-guard-page-private.h: what tests (and accessibility tools) drive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-guard-page.h"
#include "lt-pass-form-private.h"

G_BEGIN_DECLS

const char *lt_guard_page_get_view         (LtGuardPage *self);
LtPassForm *lt_guard_page_get_pass_form    (LtGuardPage *self);
const char *lt_guard_page_get_last_token   (LtGuardPage *self);
gint64      lt_guard_page_get_last_pass_id (LtGuardPage *self);
const char *lt_guard_page_get_pass_words   (LtGuardPage *self);
GtkPicture *lt_guard_page_get_qr_picture   (LtGuardPage *self);
char       *lt_guard_page_dup_passes       (LtGuardPage *self);
char       *lt_guard_page_dup_alarm        (LtGuardPage *self);
char       *lt_guard_page_dup_history      (LtGuardPage *self);
char       *lt_guard_page_dup_events       (LtGuardPage *self);
gint64      lt_guard_page_get_undo_pass_id (LtGuardPage *self);
guint       lt_guard_page_get_help_calls   (LtGuardPage *self);

G_END_DECLS
