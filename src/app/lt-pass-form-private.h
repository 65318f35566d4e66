/* lt-pass-form-private.h: what tests (and accessibility tools) drive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-pass-form.h"

G_BEGIN_DECLS

void        lt_pass_form_press            (LtPassForm *self,
                                           const char *keys);
const char *lt_pass_form_get_phone       (LtPassForm *self);
const char *lt_pass_form_get_phone_label (LtPassForm *self);
const char *lt_pass_form_get_issue_error  (LtPassForm *self);
const char *lt_pass_form_get_editor       (LtPassForm *self);
void        lt_pass_form_get_custom_range (LtPassForm *self,
                                           gint64     *from_us,
                                           gint64     *until_us);

G_END_DECLS
