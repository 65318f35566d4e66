/* lt-host.h: what a view may ask of the door engine, and hear from it
 *
 * The views of the kiosk see the engine only through this interface:
 * typed values in, typed values out, every call that does work an
 * _async/_finish pair. The engine host (the engine in a thread of the
 * kiosk's process) implements it; a host speaking to a separate
 * `lintel --headless` process could implement it the same way.
 *
 * Implementations complete every _async call with a GTask whose source
 * object is the host, so the _finish functions are shared. A cancelled
 * call finishes with G_IO_ERROR_CANCELLED, also when the answer had
 * already come: a view that cancels in dispose never hears back.
 *
 * Signals, on the thread that made the host:
 *   ::decision (LtHostDecision) — every access decision, once, after the
 *     door state it caused;
 *   ::card-captured (reader, card or NULL, problem or NULL) — the card a
 *     capture asked for (lt_host_capture_card());
 *   ::line-changed (LtLineRole, active) — an input or output line moved;
 *   ::scan-stopped (reason) — a QR scan ended: "decoded", "cancelled",
 *     "timeout" or "error" (a decoded pass comes as ::decision);
 *   ::scan-preview (GBytes RGBA, width, height, stride) — a mirrored frame
 *     while a scan runs.
 * Properties: "unlocked", "open", "alarm", "camera-running" (read-only,
 * notified on change; the camera indicator follows "camera-running").
 *
 * Residents and face entry (issue 11): a resident signs in (unit + PIN or
 * a captured card) and gets an opaque session token; every resident call
 * takes it, and the engine forgets it at sign-out or after
 * LT_HOST_SESSION_IDLE_S without a call. Signal ::face-progress (step,
 * captures, needed) while a face attempt runs; property "face-available"
 * (read-only: [face] enabled, a camera and somebody enrolled).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lt-config.h"
#include "lt-host-types.h"
#include "lt-host-face-types.h"

G_BEGIN_DECLS

#define LT_TYPE_HOST (lt_host_get_type ())
G_DECLARE_INTERFACE (LtHost, lt_host, LT, HOST, GObject)

/* Storage figures for the maintenance screen. */
typedef struct {
  char   *integrity;                /* "ok", or what SQLite found */
  gint64  events;
  gint64  last_backup_us;           /* 0: never */
} LtStorageStatus;

#define LT_TYPE_STORAGE_STATUS (lt_storage_status_get_type ())
GType            lt_storage_status_get_type (void) G_GNUC_CONST;
LtStorageStatus *lt_storage_status_copy     (const LtStorageStatus *status);
void             lt_storage_status_free     (LtStorageStatus       *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtStorageStatus, lt_storage_status_free)

struct _LtHostInterface {
  GTypeInterface parent_iface;

  const LtConfig *(*get_config)     (LtHost              *self);
  gboolean        (*has_simulator)  (LtHost              *self);
  gboolean        (*can_issue_passes) (LtHost            *self);
  gboolean        (*has_camera)     (LtHost              *self);
  gboolean        (*get_camera_running) (LtHost          *self);
  void            (*stop_scan)      (LtHost              *self);
  void            (*get_door_state) (LtHost              *self,
                                     LtDoorState         *state);
  gboolean        (*get_line_state) (LtHost              *self,
                                     LtLineRole           role,
                                     gboolean            *active);
  void            (*capture_card)   (LtHost              *self,
                                     gboolean             capture);

  void (*present_async)           (LtHost              *self,
                                   LtMethod             method,
                                   const char          *unit,
                                   const char          *credential,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*identify_staff_async)    (LtHost              *self,
                                   LtMethod             method,
                                   const char          *credential,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*remote_unlock_async)     (LtHost              *self,
                                   gint64               staff_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*test_unlock_async)       (LtHost              *self,
                                   gint64               technician_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*call_guard_async)        (LtHost              *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*acknowledge_alarm_async) (LtHost              *self,
                                   gint64               staff_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*issue_pass_async)        (LtHost              *self,
                                   const LtPassRequest *request,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*revoke_pass_async)       (LtHost              *self,
                                   gint64               pass_id,
                                   gint64               guard_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*simulate_async)          (LtHost              *self,
                                   LtSimAction          action,
                                   const char          *argument,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*list_events_async)       (LtHost              *self,
                                   gint64               since_us,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*list_passes_async)       (LtHost              *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*unit_exists_async)       (LtHost              *self,
                                   const char          *unit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*start_scan_async)        (LtHost              *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*check_storage_async)     (LtHost              *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);

  /* ---- issue 13, guard tools (branch i13-guard) ---------------------- */
  void (*restore_pass_async)      (LtHost              *self,
                                   gint64               pass_id,
                                   gint64               guard_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*show_pass_async)         (LtHost              *self,
                                   gint64               pass_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*list_pass_history_async) (LtHost              *self,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  /* ---- end of issue 13, guard tools ---------------------------------- */

  /* ---- issue 11: residents at the terminal, face entry (branch i11-ui) ---- */
  gboolean (*get_face_available)  (LtHost              *self);
  void (*resident_sign_in_async)  (LtHost              *self,
                                   LtMethod             method,
                                   const char          *unit,
                                   const char          *credential,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*resident_sign_out)       (LtHost              *self,
                                   const char          *token);
  void (*get_notice_async)        (LtHost              *self,
                                   const char          *language,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*face_decline_async)      (LtHost              *self,
                                   const char          *token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*face_enrol_async)        (LtHost              *self,
                                   const char          *token,
                                   const char          *guardian_pin,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*face_recognise_async)    (LtHost              *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*face_cancel)             (LtHost              *self);
  void (*face_withdraw_async)     (LtHost              *self,
                                   const char          *token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  void (*my_data_async)           (LtHost              *self,
                                   const char          *token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  /* ---- end of issue 11 ---- */

  /* ---- issue 13, resident feedback (i13-resident) ---------------------
   * A unit's PIN lockout, asked once the unit is typed and before the
   * PIN: answered from the lockout counters alone, the same whether the
   * unit exists or not. The task returns the seconds with
   * g_task_return_int() (lt_host_unit_lockout_finish() is shared). */
  void (*unit_lockout_async)      (LtHost              *self,
                                   const char          *unit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
};

const LtConfig  *lt_host_get_config          (LtHost              *self);
gboolean         lt_host_has_simulator       (LtHost              *self);
gboolean         lt_host_can_issue_passes    (LtHost              *self);
gboolean         lt_host_has_camera          (LtHost              *self);
gboolean         lt_host_get_camera_running  (LtHost              *self);
void             lt_host_stop_scan           (LtHost              *self);
gboolean         lt_host_get_unlocked        (LtHost              *self);
gboolean         lt_host_get_open            (LtHost              *self);
LtAlarm          lt_host_get_alarm           (LtHost              *self);
gboolean         lt_host_get_alarm_active    (LtHost              *self);
gboolean         lt_host_get_alarm_pending   (LtHost              *self);
gint64           lt_host_get_relock_deadline (LtHost              *self);
gboolean         lt_host_get_line_state      (LtHost              *self,
                                              LtLineRole           role,
                                              gboolean            *active);
void             lt_host_capture_card        (LtHost              *self,
                                              gboolean             capture);

void             lt_host_present_async       (LtHost              *self,
                                              LtMethod             method,
                                              const char          *unit,
                                              const char          *credential,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
LtHostDecision  *lt_host_present_finish      (LtHost              *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void             lt_host_identify_staff_async (LtHost             *self,
                                              LtMethod             method,
                                              const char          *credential,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
LtStaffReply    *lt_host_identify_staff_finish (LtHost            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void             lt_host_remote_unlock_async (LtHost              *self,
                                              gint64               staff_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void             lt_host_test_unlock_async   (LtHost              *self,
                                              gint64               technician_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void             lt_host_call_guard_async    (LtHost              *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void             lt_host_acknowledge_alarm_async (LtHost          *self,
                                              gint64               staff_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void             lt_host_issue_pass_async    (LtHost              *self,
                                              const LtPassRequest *request,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
LtIssuedPass    *lt_host_issue_pass_finish   (LtHost              *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void             lt_host_revoke_pass_async   (LtHost              *self,
                                              gint64               pass_id,
                                              gint64               guard_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void             lt_host_simulate_async      (LtHost              *self,
                                              LtSimAction          action,
                                              const char          *argument,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void             lt_host_start_scan_async    (LtHost              *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* The finish of remote_unlock, test_unlock, acknowledge_alarm,
 * revoke_pass, simulate and start_scan: TRUE when it was done. */
gboolean         lt_host_call_finish         (LtHost              *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Queries, answered from a reading connection off the screen's thread. */
void             lt_host_list_events_async   (LtHost              *self,
                                              gint64               since_us,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray       *lt_host_list_events_finish  (LtHost              *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void             lt_host_list_passes_async   (LtHost              *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray       *lt_host_list_passes_finish  (LtHost              *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void             lt_host_unit_exists_async   (LtHost              *self,
                                              const char          *unit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean         lt_host_unit_exists_finish  (LtHost              *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void             lt_host_check_storage_async (LtHost              *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
LtStorageStatus *lt_host_check_storage_finish (LtHost             *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* ---- issue 13, guard tools (branch i13-guard) ------------------------------
 * Revoke with undo: lt_host_revoke_pass_async() stops the pass at once;
 * restore_pass undoes that within LT_PASS_UNDO_SECONDS (5 s) of it and
 * fails after (finish with lt_host_call_finish()); both are events naming
 * the pass. show_pass gives an active pass issued on this terminal again,
 * token included (the same token: the signature is deterministic).
 * list_pass_history: used-up, expired and revoked passes, the latest
 * first, each an LtPassInfo; LIMIT 0: the reader's default (100). */
void             lt_host_restore_pass_async  (LtHost              *self,
                                              gint64               pass_id,
                                              gint64               guard_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void             lt_host_show_pass_async     (LtHost              *self,
                                              gint64               pass_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
LtIssuedPass    *lt_host_show_pass_finish    (LtHost              *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void             lt_host_list_pass_history_async (LtHost          *self,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray       *lt_host_list_pass_history_finish (LtHost         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* ---- end of issue 13, guard tools ------------------------------------------ */

/* ---- issue 11: residents at the terminal, face entry (branch i11-ui) ----
 * Errors are LT_HOST_ERROR (or G_IO_ERROR_CANCELLED / _CLOSED). */
#define LT_HOST_SESSION_IDLE_S 120
gboolean            lt_host_get_face_available     (LtHost             *self);
/* @method LT_METHOD_PIN (@unit and the PIN) or LT_METHOD_CARD (@unit
 * NULL, a card from ::card-captured). Nothing opens; a refusal counts
 * towards lockouts like one at the keypad. */
void                lt_host_resident_sign_in_async (LtHost             *self,
                                                    LtMethod            method,
                                                    const char         *unit,
                                                    const char         *credential,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
LtResidentSession  *lt_host_resident_sign_in_finish (LtHost            *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
/* Fire and forget: the token is dead from now on. */
void                lt_host_resident_sign_out      (LtHost             *self,
                                                    const char         *token);
/* @language "en" or "zh_CN"; the controller is the config's. */
void                lt_host_get_notice_async       (LtHost             *self,
                                                    const char         *language,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
LtNoticeText       *lt_host_get_notice_finish      (LtHost             *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
/* Recorded in the consent ledger; nothing else changes (R4, R8). */
void                lt_host_face_decline_async     (LtHost             *self,
                                                    const char         *token,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
/* The resident consented on screen: starts the camera and the challenge;
 * finishes (lt_host_call_finish) when enrolled. @guardian_pin: an adult
 * of the same unit's own PIN, needed for a minor (R9), else NULL. */
void                lt_host_face_enrol_async       (LtHost             *self,
                                                    const char         *token,
                                                    const char         *guardian_pin,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
/* A tap on Face: finishes TRUE once a face was checked (the decision
 * comes as ::decision), or with an error when none was. */
void                lt_host_face_recognise_async   (LtHost             *self,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
/* Ends a running enrolment or recognition: the camera stops. */
void                lt_host_face_cancel            (LtHost             *self);
void                lt_host_face_withdraw_async    (LtHost             *self,
                                                    const char         *token,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
void                lt_host_my_data_async          (LtHost             *self,
                                                    const char         *token,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
LtResidentData     *lt_host_my_data_finish         (LtHost             *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
/* ---- end of issue 11 ---- */

/* ---- issue 13, resident feedback (i13-resident) ------------------------ */
/* Seconds before a PIN for UNIT can be checked at this terminal's keypad
 * (the unit's lockout or the keypad's PIN lockout, whichever is longer);
 * 0: not locked. The same answer whether the unit exists or not. */
void             lt_host_unit_lockout_async  (LtHost              *self,
                                              const char          *unit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean         lt_host_unit_lockout_finish (LtHost              *self,
                                              GAsyncResult        *result,
                                              guint               *retry_after_s,
                                              GError             **error);

G_END_DECLS
