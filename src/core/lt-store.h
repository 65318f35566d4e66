/* lt-store.h: residents, credentials, schedules and events in SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lt-event.h"
#include "lt-person.h"
#include "lt-secret.h"

G_BEGIN_DECLS

#define LT_STORE_ERROR (lt_store_error_quark ())
GQuark lt_store_error_quark (void);

typedef enum {
  LT_STORE_ERROR_DATABASE,
  LT_STORE_ERROR_VERSION,
  LT_STORE_ERROR_NOT_FOUND,
  LT_STORE_ERROR_EXISTS,
  LT_STORE_ERROR_INVALID,
  LT_STORE_ERROR_BUSY,      /* done, but another connection kept the WAL from being emptied */
  LT_STORE_ERROR_MISSING,   /* no database, or an empty file: only lintelctl init makes one */
  LT_STORE_ERROR_DAMAGED,   /* the integrity check failed */
  LT_STORE_ERROR_OTHER_KEY, /* made under another device key */
} LtStoreError;

typedef enum {
  LT_PIN_MATCH_NONE,        /* the unit exists, no PIN of it matches */
  LT_PIN_MATCH_NORMAL,
  LT_PIN_MATCH_DURESS,
  LT_PIN_MATCH_NO_UNIT,
} LtPinMatch;

typedef struct {
  gint64   since_us;        /* only events at or after this time */
  guint    limit;           /* at most this many, 0: no limit */
  gboolean oldest_first;    /* FALSE: the newest first */
  gint64   subject_id;      /* only this person's events, 0: anyone's */
} LtEventQuery;

typedef struct {
  guint   failures;
  guint   level;
  gint64  locked_until_us;
  gint64  last_failure_us;  /* 0: never */
} LtLockout;

#define LT_TYPE_STORE (lt_store_get_type ())
G_DECLARE_FINAL_TYPE (LtStore, lt_store, LT, STORE, GObject)

LtStore    *lt_store_open             (const char   *path,
                                       GError      **error);
LtStore    *lt_store_open_reader      (const char   *path,
                                       GError      **error);
LtStore    *lt_store_open_existing    (const char   *path,
                                       const LtSecret *secret,
                                       GError      **error);
gboolean    lt_store_check_key        (LtStore      *self,
                                       const LtSecret *secret,
                                       gboolean      replace,
                                       GError      **error);
gboolean    lt_store_is_reader        (LtStore      *self);
const char *lt_store_get_path         (LtStore      *self);
void        lt_store_set_busy_timeout (LtStore      *self,
                                       guint         milliseconds);
void        lt_store_set_bulk         (LtStore      *self,
                                       gboolean      bulk);
guint       lt_store_latest_version   (void);

gboolean    lt_store_begin            (LtStore      *self,
                                       GError      **error);
gboolean    lt_store_commit           (LtStore      *self,
                                       GError      **error);
void        lt_store_rollback         (LtStore      *self);
gboolean    lt_store_flush_events     (LtStore      *self,
                                       GError      **error);
gboolean    lt_store_prune_events     (LtStore      *self,
                                       gint64        before_us,
                                       guint         max_rows,
                                       guint        *n_pruned,
                                       GError      **error);
guint       lt_store_pending_events   (LtStore      *self);

gboolean    lt_store_add_unit         (LtStore      *self,
                                       const char   *unit,
                                       GError      **error);
gboolean    lt_store_unit_exists      (LtStore      *self,
                                       const char   *unit);
GPtrArray  *lt_store_list_units       (LtStore      *self,
                                       GError      **error);

gint64      lt_store_add_person       (LtStore      *self,
                                       LtPersonKind  kind,
                                       const char   *unit,
                                       const char   *name,
                                       const char   *valid_until,
                                       GError      **error);
LtPerson   *lt_store_get_person       (LtStore      *self,
                                       gint64        id,
                                       GError      **error);
GPtrArray  *lt_store_list_people      (LtStore      *self,
                                       gboolean      staff,
                                       const char   *unit,
                                       GError      **error);
gboolean    lt_store_remove_person    (LtStore      *self,
                                       gint64        id,
                                       GError      **error);
gboolean    lt_store_set_schedule     (LtStore      *self,
                                       gint64        person_id,
                                       gint64        schedule_id,
                                       GError      **error);

gboolean    lt_store_set_pin          (LtStore      *self,
                                       const LtSecret *secret,
                                       gint64        person_id,
                                       const char   *pin,
                                       gboolean      duress,
                                       GError      **error);
gboolean    lt_store_add_card         (LtStore      *self,
                                       const LtSecret *secret,
                                       gint64        person_id,
                                       const char   *card,
                                       GError      **error);
gboolean    lt_store_remove_card      (LtStore      *self,
                                       const LtSecret *secret,
                                       gint64        person_id,
                                       const char   *card,
                                       GError      **error);
gboolean    lt_store_card_in_use      (LtStore      *self,
                                       const LtSecret *secret,
                                       const char   *card);

LtPerson   *lt_store_find_card        (LtStore      *self,
                                       const LtSecret *secret,
                                       const char   *card,
                                       GError      **error);
LtPinMatch  lt_store_match_pin        (LtStore      *self,
                                       const LtSecret *secret,
                                       const char   *unit,
                                       const char   *pin,
                                       LtPerson    **person,
                                       GError      **error);
LtPerson   *lt_store_match_staff_pin  (LtStore      *self,
                                       const LtSecret *secret,
                                       const char   *pin,
                                       GError      **error);

gint64      lt_store_add_schedule     (LtStore      *self,
                                       const char   *name,
                                       const char   *windows,
                                       GError      **error);
gint64      lt_store_find_schedule    (LtStore      *self,
                                       const char   *name,
                                       GError      **error);
GPtrArray  *lt_store_list_schedules   (LtStore      *self,
                                       GError      **error);
gboolean    lt_store_add_holiday      (LtStore      *self,
                                       const char   *date,
                                       const char   *name,
                                       GError      **error);
gboolean    lt_store_schedule_allows  (LtStore      *self,
                                       gint64        schedule_id,
                                       GDateTime    *when,
                                       GError      **error);

gboolean    lt_store_get_lockout      (LtStore      *self,
                                       const char   *key,
                                       LtLockout    *out,
                                       GError      **error);
gboolean    lt_store_set_lockout      (LtStore      *self,
                                       const char   *key,
                                       const LtLockout *lockout,
                                       GError      **error);

gint64      lt_store_add_event        (LtStore      *self,
                                       const LtEvent *event,
                                       GError      **error);
GPtrArray  *lt_store_list_events      (LtStore      *self,
                                       gint64        since_us,
                                       GError      **error);
GPtrArray  *lt_store_query_events     (LtStore      *self,
                                       const LtEventQuery *query,
                                       GError      **error);

char       *lt_store_check_integrity  (LtStore      *self,
                                       GError      **error);
gint64      lt_store_count_events     (LtStore      *self,
                                       GError      **error);
gint64      lt_store_last_backup      (LtStore      *self,
                                       GError      **error);
gboolean    lt_store_backup           (LtStore      *self,
                                       const char   *destination,
                                       GError      **error);


G_END_DECLS
