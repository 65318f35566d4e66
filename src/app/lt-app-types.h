/* lt-app-types.h: the kiosk's types, declared once for every view
 *
 * Views include this and lt-host.h, never each other's headers nor
 * lt-application.h: a view knows the engine host it was given and the
 * application's actions ("app.language", "app.tone"), nothing more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lt-host.h"

G_BEGIN_DECLS

typedef struct _LtApplication     LtApplication;
typedef struct _LtKioskWindow     LtKioskWindow;
typedef struct _LtGuardPage       LtGuardPage;
typedef struct _LtMaintenancePage LtMaintenancePage;
typedef struct _LtSimWindow       LtSimWindow;
typedef struct _LtKeypad          LtKeypad;

/* The application's language, the state of its "language" action. */
char *lt_app_dup_language (GtkWidget *widget);

G_END_DECLS
