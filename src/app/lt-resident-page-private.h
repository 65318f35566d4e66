/* lt-resident-page-private.h: the resident page's state, shared by its
 * two files (lt-resident-page.c, lt-resident-page-hooks.c with what tests
 * see of it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-resident-page.h"
#include "lt-keypad.h"

G_BEGIN_DECLS

struct _LtResidentPage {
  GtkWidget          parent_instance;

  LtHost            *host;
  GCancellable      *cancellable;
  LtResidentSession *session;

  GtkStack          *stack;
  GtkLabel          *sign_in_title;
  GtkLabel          *sign_in_display;
  GtkLabel          *sign_in_hint;
  LtKeypad          *keypad;
  GtkButton         *sign_in_ok;
  GtkLabel          *menu_title;
  GtkLabel          *menu_detail;
  GtkButton         *face_entry_button;
  GtkLabel          *notice_title;
  GtkLabel          *notice_body;
  GtkLabel          *notice_version;
  GtkCheckButton    *consent_check;
  GtkLabel          *guardian_hint;
  GtkButton         *decline_button;
  GtkButton         *agree_button;
  GtkLabel          *guardian_title;
  GtkLabel          *guardian_display;
  LtKeypad          *guardian_keypad;
  GtkButton         *guardian_ok;
  GtkLabel          *camera_indicator;
  GtkLabel          *camera_step;
  GtkLabel          *camera_progress;
  GtkPicture        *camera_preview;
  GtkLabel          *outcome_title;
  GtkLabel          *outcome_detail;
  GtkLabel          *data_label;
  GtkLabel          *entries_label;
  GtkButton         *withdraw_button;

  gboolean           pin_step; /* sign-in: the PIN, after the unit */
  GString           *unit;
  GString           *typed;    /* wiped after use */
  gboolean           busy;     /* a call is on its way */
  gboolean           enrolling;
};

const char *lt_resident_page_view (LtResidentPage *self);

G_END_DECLS
