/* lt-resident-page.h: the resident menu at the terminal — sign-in, face
 * entry (notice, consent, guardian, camera) and my data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-app-types.h"

G_BEGIN_DECLS

#define LT_TYPE_RESIDENT_PAGE (lt_resident_page_get_type ())
G_DECLARE_FINAL_TYPE (LtResidentPage, lt_resident_page, LT, RESIDENT_PAGE, GtkWidget)

GtkWidget  *lt_resident_page_new      (LtHost         *host);

/* For tests and accessibility tools. The view: "sign-in", "menu",
 * "notice", "consent", "guardian", "camera", "outcome", "my-data" or
 * "withdraw". */
const char *lt_resident_page_get_view (LtResidentPage *self);
/* Presses the visible keypad's keys, as a finger would. */
void        lt_resident_page_press    (LtResidentPage *self,
                                       const char     *keys);
/* "consent-check", "agree", "decline", "face-entry", "withdraw",
 * "guardian-ok". */
GtkWidget  *lt_resident_page_get_part (LtResidentPage *self,
                                       const char     *part);
/* The words the view shows (sign-in hint, notice, outcome, my data). */
char       *lt_resident_page_dup_text (LtResidentPage *self);

G_END_DECLS
