/* lt-host-face-types.h: what the host hands the resident screens
 *
 * Residents sign in at the terminal for the resident menu (face entry, my
 * data). The engine keeps who signed in; the view holds only an opaque
 * session token, which the engine forgets after an idle while or at
 * sign-out, so a view can act for the resident who signed in and for
 * nobody else. Plain values that own their strings and copy whole, easy
 * to carry over a process boundary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LT_HOST_ERROR (lt_host_error_quark ())
GQuark lt_host_error_quark (void);

/* Why a resident call failed, so that a screen can say it in its own words. */
typedef enum {
  LT_HOST_ERROR_SIGN_IN,        /* the unit + PIN or card do not sign anybody in */
  LT_HOST_ERROR_LOCKED_OUT,     /* too many wrong tries: wait */
  LT_HOST_ERROR_SESSION,        /* the session token is unknown or expired: sign in again */
  LT_HOST_ERROR_GUARDIAN,       /* a minor without a valid guardian PIN (R9) */
  LT_HOST_ERROR_BUSY,           /* the camera is in use */
  LT_HOST_ERROR_CAMERA,         /* no camera, or it failed */
  LT_HOST_ERROR_LIVENESS,       /* the challenge was not passed in time */
  LT_HOST_ERROR_DISABLED,       /* [face] enabled=false, or nobody enrolled */
  LT_HOST_ERROR_FAILED,         /* anything else; the message says what */
} LtHostError;

/* A resident signed in at the terminal. */
typedef struct {
  char    *token;             /* opaque; pass it back, show it nowhere */
  char    *name;
  char    *unit;
  gboolean minor;             /* enrols only with a guardian's PIN */
  gboolean face_enabled;      /* [face] enabled=true at this terminal */
  gboolean enrolled;
  gint64   consent_us;        /* wall clock of the enrolment's consent, 0: not enrolled */
  char    *notice_version;    /* the notice consented to, or NULL */
} LtResidentSession;

#define LT_TYPE_RESIDENT_SESSION (lt_resident_session_get_type ())
GType              lt_resident_session_get_type (void) G_GNUC_CONST;
LtResidentSession *lt_resident_session_copy     (const LtResidentSession *session);
void               lt_resident_session_free     (LtResidentSession       *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtResidentSession, lt_resident_session_free)

/* The face entry notice in one language (R2). */
typedef struct {
  char *version;
  char *title;
  char *body;
} LtNoticeText;

#define LT_TYPE_NOTICE_TEXT (lt_notice_text_get_type ())
GType         lt_notice_text_get_type (void) G_GNUC_CONST;
LtNoticeText *lt_notice_text_copy     (const LtNoticeText *notice);
void          lt_notice_text_free     (LtNoticeText       *notice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtNoticeText, lt_notice_text_free)

/* One of the resident's own entries. */
typedef struct {
  gint64   time_us;           /* wall clock */
  char    *method;            /* "pin", "card", "qr", "face" */
  gboolean granted;
  char    *reason;            /* the decision's reason word, e.g. "ok", "outside-schedule" */
} LtResidentEntry;

/* What the terminal keeps about the resident (PIPL access right): never a
 * credential, only which kinds there are. */
typedef struct {
  char      *name;
  char      *unit;
  char      *valid_until;     /* YYYY-MM-DD, last day; NULL: no end */
  gboolean   has_pin;
  guint      n_cards;
  gboolean   face_enrolled;
  gint64     consent_us;      /* 0: not enrolled */
  char      *notice_version;  /* NULL: not enrolled */
  gint64     face_last_used_us; /* 0: never */
  GPtrArray *entries;         /* LtResidentEntry, newest first, at most 20 */
} LtResidentData;

#define LT_RESIDENT_DATA_MAX_ENTRIES 20

#define LT_TYPE_RESIDENT_DATA (lt_resident_data_get_type ())
GType           lt_resident_data_get_type (void) G_GNUC_CONST;
LtResidentData *lt_resident_data_new      (void);
LtResidentData *lt_resident_data_copy     (const LtResidentData *data);
void            lt_resident_data_free     (LtResidentData       *data);
void            lt_resident_entry_free    (LtResidentEntry      *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtResidentData, lt_resident_data_free)

G_END_DECLS
