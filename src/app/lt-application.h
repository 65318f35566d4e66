/* lt-application.h: the kiosk application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lt-app-types.h"

G_BEGIN_DECLS

#define LT_TYPE_APPLICATION (lt_application_get_type ())
G_DECLARE_FINAL_TYPE (LtApplication, lt_application, LT, APPLICATION, GtkApplication)

LtApplication *lt_application_new          (LtHost        *host);
LtHost        *lt_application_get_host     (LtApplication *self);
GtkWindow     *lt_application_get_kiosk    (LtApplication *self);
GtkWindow     *lt_application_get_simulator (LtApplication *self);
const char    *lt_application_get_language (LtApplication *self);
const char    *lt_application_get_last_sound (LtApplication *self);
void           lt_application_set_language (LtApplication *self,
                                            const char    *language);

void           lt_i18n_init                (void);
void           lt_i18n_set_language        (const char    *language);

G_END_DECLS
