/* lt-pass-form.h: the guard's form for a new visitor pass
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-app-types.h"

G_BEGIN_DECLS

#define LT_TYPE_PASS_FORM (lt_pass_form_get_type ())
G_DECLARE_FINAL_TYPE (LtPassForm, lt_pass_form, LT, PASS_FORM, GtkWidget)

/* What the form asks for, once it checked what it can. */
typedef struct {
  const char *unit;            /* the form's; valid until it changes */
  gint64      valid_from_us;
  gint64      valid_until_us;
  guint       max_uses;        /* 0: unlimited within the window */
  char       *phone_last4;     /* the visitor's phone, last 4 digits; NULL: none; owned by the caller */
} LtPassFormValues;

void        lt_pass_form_reset      (LtPassForm       *self);
gboolean    lt_pass_form_check      (LtPassForm       *self,
                                     LtPassFormValues *values);
void        lt_pass_form_show_error (LtPassForm       *self,
                                     const char       *text);
const char *lt_pass_form_get_unit   (LtPassForm       *self);

G_END_DECLS
