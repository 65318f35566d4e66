/* lt-pass-words.h: a visitor pass's hours and entries in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *lt_pass_when_words         (GDateTime *when,
                                  GDateTime *now);
char *lt_pass_window_words       (gint64     from_us,
                                  gint64     until_us);
char *lt_pass_entries_words      (guint      max_uses);
char *lt_pass_entries_left_words (guint      max_uses,
                                  guint      uses);
char *lt_pass_phone_words        (const char *digits);
const char *lt_pass_ended_words  (gint64     revoked_at_us,
                                  gint64     valid_until_us,
                                  guint      max_uses,
                                  guint      uses,
                                  gint64     now_us);

G_END_DECLS
