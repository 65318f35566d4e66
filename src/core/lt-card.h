/* lt-card.h: card identifiers in the one normalised form the store uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_CARD_ERROR (lt_card_error_quark ())
GQuark lt_card_error_quark (void);

typedef enum {
  LT_CARD_ERROR_INVALID,
} LtCardError;

char *lt_card_normalize (const char *text,
                         GError    **error);
char *lt_card_mask      (const char *card);

G_END_DECLS
