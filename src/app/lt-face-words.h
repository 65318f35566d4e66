/* lt-face-words.h: what the kiosk says about face entry and the resident
 * menu (GTK-free, tested without a display)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-host-face-types.h"

G_BEGIN_DECLS

/* The instruction for a ::face-progress step ("turn-left", …). */
const char *lt_face_step_words      (const char            *step);
/* "Captures: 2 of 3", or "" for a recognition. */
char       *lt_face_captures_words  (guint                  captures,
                                     guint                  needed);
/* Why a resident or face call failed, for the person at the screen. */
const char *lt_face_error_words     (const GError          *error);
/* "My data": the resident's record in lines, credentials only by kind. */
char       *lt_resident_data_words  (const LtResidentData  *data);
/* The resident's own entries, a line each, newest first. */
char       *lt_resident_entries_words (const LtResidentData *data);
/* A wall-clock time as "2026-12-01 14:05" in local time. */
char       *lt_face_time_words      (gint64                 time_us);

G_END_DECLS
