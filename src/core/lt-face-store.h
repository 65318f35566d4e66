/* lt-face-store.h: face templates, sealed at rest, and who enrolled
 *
 * A template is a face descriptor (LT_FACE_TEMPLATE_LEN floats) sealed with
 * XChaCha20-Poly1305 under a subkey of the device secret, the resident's id
 * as associated data, so that the database file holds only ciphertext and
 * a template moved to another resident's row does not open (R15). Only the
 * door engine opens them, on the device; nothing here writes one outward
 * (R10). Every enrolment, withdrawal and purge is a consent ledger entry
 * in the same transaction; deletions are overwritten by secure_delete and
 * the WAL is emptied and checked (R3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-consent.h"
#include "lt-secret.h"
#include "lt-store.h"

G_BEGIN_DECLS

#define LT_FACE_TEMPLATE_LEN 128
/* Captures that make an enrolment, and the most kept per resident. */
#define LT_FACE_MIN_TEMPLATES 3
#define LT_FACE_MAX_TEMPLATES 8

typedef struct {
  gint64  person_id;
  char   *unit;
  char   *name;
  gint64  enrolled_at_us;
  gint64  last_used_us;         /* 0: never used */
  char   *notice_version;
  guint   n_templates;
} LtFaceEnrolment;

void              lt_face_enrolment_free   (LtFaceEnrolment *enrolment);

/* Who enrolled, without any template. */
GPtrArray        *lt_face_store_list       (LtStore         *store,
                                            GError         **error);
/* NULL without an error when @person_id has not enrolled. */
LtFaceEnrolment  *lt_face_store_get        (LtStore         *store,
                                            gint64           person_id,
                                            GError         **error);
guint             lt_face_store_count      (LtStore         *store,
                                            GError         **error);
/* Seals @n descriptors (n × LT_FACE_TEMPLATE_LEN floats) for a resident who
 * consented under @notice_version, replacing any earlier ones, with the
 * ledger's enrol entry; @guardian_id 0 when none was needed. */
gboolean          lt_face_store_enrol      (LtStore         *store,
                                            const LtSecret  *secret,
                                            gint64           person_id,
                                            const float     *descriptors,
                                            guint            n,
                                            const char      *notice_version,
                                            const char      *terminal,
                                            gint64           guardian_id,
                                            GError         **error);
/* Records a refusal: no template is kept or touched. */
gboolean          lt_face_store_decline    (LtStore         *store,
                                            const LtSecret  *secret,
                                            gint64           person_id,
                                            const char      *notice_version,
                                            const char      *terminal,
                                            GError         **error);
/* Deletes every template of @person_id with a ledger entry (@action is
 * WITHDRAW or PURGE), then empties the WAL and says if it could not. An
 * error LT_STORE_ERROR_NOT_FOUND when the resident has not enrolled. */
gboolean          lt_face_store_remove     (LtStore         *store,
                                            const LtSecret  *secret,
                                            gint64           person_id,
                                            LtConsentAction  action,
                                            const char      *terminal,
                                            GError         **error);
typedef void    (*LtFaceTemplateFunc)      (gint64           person_id,
                                            const float     *descriptor,
                                            gpointer         user_data);
/* Opens every template, for the engine's gallery; the plaintext passed to
 * @func is wiped afterwards. A template that does not open is an error. */
gboolean          lt_face_store_open_all   (LtStore         *store,
                                            const LtSecret  *secret,
                                            LtFaceTemplateFunc func,
                                            gpointer         user_data,
                                            GError         **error);
gboolean          lt_face_store_touch      (LtStore         *store,
                                            gint64           person_id,
                                            gint64           time_us,
                                            GError         **error);
/* Retention (R11): purges the templates of residents whose last day has
 * passed by @today (YYYY-MM-DD) and of those unused for @unused_days. */
gboolean          lt_face_store_purge_due  (LtStore         *store,
                                            const LtSecret  *secret,
                                            const char      *terminal,
                                            const char      *today,
                                            guint            unused_days,
                                            gint64           now_us,
                                            guint           *purged,
                                            GError         **error);
gboolean          lt_store_set_minor       (LtStore         *store,
                                            gint64           person_id,
                                            gboolean         minor,
                                            GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtFaceEnrolment, lt_face_enrolment_free)

G_END_DECLS
