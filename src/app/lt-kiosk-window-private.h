/* lt-kiosk-window-private.h: the kiosk window's state, shared by its two
 * files (lt-kiosk-window.c, and lt-kiosk-window-hooks.c with what tests
 * see of it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-kiosk-window.h"
#include "lt-keypad.h"

G_BEGIN_DECLS

typedef enum {
  RETRY_NONE,
  RETRY_PIN,                    /* the PIN again, for the same unit */
  RETRY_SCAN,
} RetryKind;

typedef enum {
  MODE_UNIT,
  MODE_PIN,
  MODE_STAFF,
} EntryMode;

struct _LtKioskWindow {
  GtkApplicationWindow parent_instance;

  LtHost        *host;
  GCancellable  *cancellable;   /* every call this window made; cancelled in dispose */

  GtkStack      *stack;
  GtkWidget     *banner_slot;   /* the door's alarm, on every resident screen */
  GtkLabel      *building_label;
  GtkButton     *language_button;
  GtkLabel      *clock_label;
  GtkLabel      *date_label;
  GtkLabel      *camera_label;
  GtkButton     *unit_pin_button;
  GtkLabel      *entry_title;
  GtkLabel      *entry_display;
  GtkLabel      *entry_hint;
  LtKeypad      *keypad;
  GtkButton     *ok_button;
  GtkImage      *result_icon;
  GtkLabel      *result_title;
  GtkLabel      *result_detail;
  GtkButton     *retry_button;
  GtkLabel      *notice_label;  /* a card's result while staff are at the screen */
  GtkLabel      *scan_countdown;
  GtkBox        *staff_box;
  GtkLabel      *scan_indicator;
  GtkPicture    *scan_preview;
  GtkButton     *scan_qr_button;
  gboolean       camera;        /* the engine scans QR passes; no pipeline while idle */

  EntryMode      mode;
  GString       *unit;
  GString       *typed;
  GtkWidget     *staff_page;
  gboolean       busy;          /* a decision is on its way */

  GSource       *clock_timer;
  GSource       *result_timer;
  GSource       *idle_timer;
  gint64         result_until;  /* monotonic µs */
  gboolean       result_countdown;
  gint64         lockout_until; /* monotonic µs; 0: no lockout shown */
  RetryKind      retry;
  GSource       *notice_timer;
  GSource       *scan_timer;
  gint64         scan_until;

  /* Issue 11 (lt-kiosk-window-resident.c) */
  GtkButton     *resident_button;
  GtkButton     *face_button;
  GtkBox        *resident_box;
  GtkWidget     *methods_box;   /* the ways in: stacked on a portrait panel */
  GtkBox        *top_row;       /* "My account" here, or on a portrait panel */
  GtkBox        *hint_row;      /* here, beside the card hint */
  GtkWidget     *resident_page; /* the resident menu or a face attempt */
};

/* lt-kiosk-window.c */
void        lt_kiosk_window_set_page          (LtKioskWindow *self,
                                               const char    *name);
void        lt_kiosk_window_start_pin         (LtKioskWindow *self);
/* lt-kiosk-window-feedback.c */
void        lt_kiosk_window_show_decision     (LtKioskWindow        *self,
                                               LtMethod              method,
                                               const LtHostDecision *decision);
void        lt_kiosk_window_show_no_code      (LtKioskWindow *self);
void        lt_kiosk_window_show_notice       (LtKioskWindow        *self,
                                               const LtHostDecision *decision);
void        lt_kiosk_window_show_notice_text  (LtKioskWindow *self,
                                               const char    *text);
void        lt_kiosk_window_start_scan_countdown (LtKioskWindow *self,
                                                  guint          seconds);
void        lt_kiosk_window_check_unit        (LtKioskWindow *self);

/* lt-kiosk-window-hooks.c: what tests see */
const char *lt_kiosk_window_get_page          (LtKioskWindow *self);
GtkWidget  *lt_kiosk_window_get_keypad        (LtKioskWindow *self);
const char *lt_kiosk_window_get_display       (LtKioskWindow *self);
char       *lt_kiosk_window_dup_result        (LtKioskWindow *self);
GtkWidget  *lt_kiosk_window_get_staff_page    (LtKioskWindow *self);
const char *lt_kiosk_window_get_camera_status (LtKioskWindow *self);
const char *lt_kiosk_window_get_banner        (LtKioskWindow *self);
void        lt_kiosk_window_press             (LtKioskWindow *self,
                                               const char    *keys);

/* lt-kiosk-window-resident.c (issue 11) */
void        lt_kiosk_window_resident_class_init  (GtkWidgetClass *widget_class);
void        lt_kiosk_window_resident_constructed (LtKioskWindow  *self);
void        lt_kiosk_window_resident_clear       (LtKioskWindow  *self);
GtkWidget  *lt_kiosk_window_get_resident_page    (LtKioskWindow  *self);
GtkWidget  *lt_kiosk_window_get_face_button      (LtKioskWindow  *self);

G_END_DECLS
