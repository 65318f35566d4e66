/* lt-pass.h: signed visitor passes, their keys on disk and their rows in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-pass-request.h"
#include "lt-pass-token.h"
#include "lt-store.h"

G_BEGIN_DECLS

/* A pass as this terminal's store knows it. */
typedef struct {
  gint64  id;
  char   *unit;
  char   *visitor_name;                        /* NULL: not given */
  gint64  valid_from_us;
  gint64  valid_until_us;
  guint   max_uses;
  guint   uses;
  gint64  issued_by;                           /* 0: nobody in particular */
  gint64  issued_at_us;                        /* 0: issued on another terminal */
  gint64  revoked_at_us;                       /* 0: not revoked */
  char   *issued_by_name;                      /* the guard's name, NULL if unknown */
  char   *phone_last4;                         /* the visitor's phone, last 4 digits; NULL: not given */
} LtPass;

/* Where a pass stands at a given time. */
typedef enum {
  LT_PASS_STATE_ACTIVE,
  LT_PASS_STATE_PENDING,                       /* its window has not begun */
  LT_PASS_STATE_REVOKED,
  LT_PASS_STATE_EXPIRED,
  LT_PASS_STATE_USED_UP,
} LtPassState;

typedef enum {
  LT_PASS_FILTER_ALL,                          /* by start, oldest first (lintelctl pass list) */
  LT_PASS_FILTER_ACTIVE,                       /* active or pending, by start, oldest first */
  LT_PASS_FILTER_HISTORY,                      /* revoked, expired, used up: the latest first */
} LtPassFilter;

typedef struct {
  LtPassFilter filter;
  gint64       now_us;                         /* 0: now */
  guint        limit;                          /* 0: no limit */
} LtPassQuery;

typedef enum {
  LT_PASS_USE_OK,
  LT_PASS_USE_REVOKED,
  LT_PASS_USE_USED_UP,
  LT_PASS_USE_CONFLICT,                        /* another pass holds this id here */
  LT_PASS_USE_ERROR,                           /* error set */
} LtPassUse;

gboolean    lt_pass_key_create       (const char          *key_dir,
                                      GError             **error);
gboolean    lt_pass_key_exists       (const char          *key_dir);
LtPassKey  *lt_pass_key_load         (const char          *key_dir,
                                      GError             **error);
LtPassKey  *lt_pass_key_load_public  (const char          *key_dir,
                                      GError             **error);

char       *lt_pass_issue            (LtStore             *store,
                                      const LtPassKey     *signing_key,
                                      const LtPassRequest *request,
                                      gint64              *pass_id,
                                      GError             **error);
gboolean    lt_pass_revoke           (LtStore             *store,
                                      gint64               pass_id,
                                      gint64               time_us,
                                      GError             **error);
LtPassUse   lt_pass_use              (LtStore             *store,
                                      const LtPassToken   *token,
                                      GError             **error);
LtPass     *lt_pass_get              (LtStore             *store,
                                      gint64               pass_id,
                                      GError             **error);
GPtrArray  *lt_pass_query            (LtStore             *store,
                                      const LtPassQuery   *query,
                                      GError             **error);
GPtrArray  *lt_pass_list             (LtStore             *store,
                                      gboolean             active_only,
                                      gint64               now_us,
                                      GError             **error);
gboolean    lt_pass_restore          (LtStore             *store,
                                      gint64               pass_id,
                                      gint64               revoked_since_us,
                                      GError             **error);
char       *lt_pass_dup_token        (LtStore             *store,
                                      const LtPassKey     *signing_key,
                                      guint16              site_id,
                                      gint64               pass_id,
                                      gint64               now_us,
                                      GError             **error);
LtPassState lt_pass_get_state        (const LtPass        *pass,
                                      gint64               now_us);
const char *lt_pass_state_to_string  (LtPassState          state);
void        lt_pass_free             (LtPass              *pass);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtPass, lt_pass_free)

G_END_DECLS
