/* lt-event-words.h: access events in words a guard reads
 *
 * GTK-free, so it is tested on its own; the guard page only lays the
 * lines out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-event.h"

G_BEGIN_DECLS

char       *lt_event_words        (const LtEvent *event);
char       *lt_event_words_named  (const LtEvent *event,
                                   gboolean       names);
const char *lt_event_method_words (const char    *method);
const char *lt_event_reason_words (const char    *reason);

G_END_DECLS
