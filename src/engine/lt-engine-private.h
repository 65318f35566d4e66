/* lt-engine-private.h: the engine, shared by its two files, and its test hooks
 *
 * lt-engine.c wires readers, decisions, the door and the event log;
 * lt-engine-requests.c answers staff, the camera and the simulator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-engine.h"
#include "lt-evdev-reader.h"
#include "lt-event.h"
#include "lt-face-door.h"
#include "lt-wiegand-reader.h"

G_BEGIN_DECLS

struct _LtEngine {
  GObject          parent_instance;

  LtConfig        *config;
  LtSimHardware   *sim;
  LtLine          *lines[LT_N_LINES];
  LtDoor          *door;
  LtSecret        *secret;
  LtStore         *store;
  LtAccess        *access;
  LtWiegandReader *wiegand;
  LtEvdevReader   *usb;
  LtCamera        *camera;         /* NULL without a camera or without QR at this door */
  gboolean         capture_card;   /* the next card is captured, not decided */
  guint            capture_timeout_ms;
  GSource         *capture_timer;
  LtPassKey       *pass_key;       /* the site's signing key, loaded on first use */
  LtFaceDoor      *face;           /* NULL unless [face] enabled=true */
  GSource         *face_purge;     /* retention check every few hours, on the engine's loop */
  gboolean         shut_down;
  gboolean         owns_config;
  GSource         *prune_timer;    /* the daily pruning of the event log */
  GSource         *reject_timer;   /* the end of the current minute of reader rejects */
  GHashTable      *rejects;        /* "READER\nREASON" → rejects this minute */
};

void lt_engine_record       (LtEngine      *self,
                             LtEventKind    kind,
                             const char    *method,
                             LtEventResult  result,
                             const char    *reason,
                             gint64         subject,
                             const char    *detail);
void lt_engine_record_full  (LtEngine      *self,
                             LtEventKind    kind,
                             const char    *method,
                             LtEventResult  result,
                             const char    *reason,
                             gint64         subject,
                             const char    *unit,
                             gint64         pass_id,
                             const char    *detail);
void lt_engine_start_camera (LtEngine      *self);
void lt_engine_log_start    (LtEngine      *self);
void lt_engine_log_reject   (LtEngine      *self,
                             const char    *reader,
                             const char    *reason);
void lt_engine_log_stop     (LtEngine      *self);

/* Test hook: a shorter capture timeout than the 30 s. */
void lt_engine_set_capture_timeout (LtEngine *self,
                                    guint     timeout_ms);

G_END_DECLS
