/* lt-guard-page-state.h: the guard page's state, shared by its files
 *
 * lt-guard-page.c (the door, the alarm, the life cycle), lt-guard-log.c
 * (the event list), lt-guard-passes.c (the pass lists and what is done
 * to a listed pass) and lt-guard-issue.c (a new pass and its QR code).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-guard-page-private.h"

G_BEGIN_DECLS

struct _LtGuardPage {
  LtStaffPage parent_instance;

  LtHost       *host;        /* the base class's */
  GCancellable *cancellable; /* the base class's, for every query and call */
  gint64        staff_id;
  const char   *staff_name;

  GtkWidget  *content;
  GtkLabel   *title_label;
  GtkLabel   *lock_label;
  GtkLabel   *door_label;
  GtkWidget  *alarm_box;
  GtkWidget  *acknowledge_button;
  GtkButton  *unlock_button;
  GSource    *unlock_confirm; /* armed by a first tap on Unlock */
  gint64      help_seen_us;   /* the newest help event already sounded */
  guint       help_calls;     /* how often a new one sounded */
  GtkLabel   *alarm_label;
  GtkBox     *events_list;
  GtkLabel   *events_empty;
  GtkWidget  *passes_box;
  GtkStack   *stack;
  GtkWidget  *new_pass_button;
  GtkLabel   *passes_error;
  GtkLabel   *passes_empty;
  GtkBox     *passes_list;
  LtPassForm *pass_form;
  GtkLabel   *pass_words;
  GtkPicture *qr_picture;
  GtkWidget  *undo_box;
  GtkBox     *history_list;
  GtkLabel   *history_empty;

  gboolean  acknowledged; /* the current alarm was acknowledged */
  GSource  *refresh_timer;
  GBinding *lock_binding;
  GBinding *door_binding;

  /* the pass being issued */
  gboolean         issuing; /* the host is checking or signing it */
  LtPassFormValues request;
  char            *last_token;
  gint64           last_pass_id;

  /* revoke with undo (lt-guard-passes.c) */
  gint64   revoking_pass_id;
  gint64   undo_tapped_us; /* monotonic */
  gint64   undo_pass_id;   /* the bar offers to undo this one */
  GSource *undo_timer;
};

/* How long the Undo bar stays after a tap on Revoke: the engine's window. */
#define LT_GUARD_UNDO_SECONDS LT_PASS_UNDO_SECONDS

/* lt-guard-log.c */
void lt_guard_page_refresh_events   (LtGuardPage    *self);
void lt_guard_page_queue_refresh    (LtGuardPage    *self);

/* lt-guard-passes.c */
void lt_guard_page_refresh_passes   (LtGuardPage    *self);
void lt_guard_passes_class_init     (GtkWidgetClass *widget_class);
void lt_guard_passes_init           (LtGuardPage    *self);
char *lt_guard_pass_visitor         (const LtPassInfo *pass);

/* lt-guard-issue.c */
void lt_guard_issue_class_init      (GtkWidgetClass *widget_class);
gboolean lt_guard_page_show_pass    (LtGuardPage        *self,
                                     const LtIssuedPass *pass,
                                     GError            **error);

G_END_DECLS
