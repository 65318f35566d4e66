/* lt-notice.h: the face entry notice shown before any capture (R2)
 *
 * The texts live in data/notice/ (English and zh_CN, built into the
 * program); each starts with a "version:" line that the consent ledger
 * records with every enrolment. {controller} is replaced by [face]
 * controller, {unused_days} by [face] unused-days.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *version;
  char *title;
  char *body;
} LtNotice;

/* @language: "en" or "zh_CN" (anything else: English). */
LtNotice *lt_notice_load (const char *language,
                          const char *controller,
                          guint       unused_days);
void      lt_notice_free (LtNotice   *notice);
/* The version of the notice in force (the same in every language). */
char     *lt_notice_dup_version (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtNotice, lt_notice_free)

G_END_DECLS
