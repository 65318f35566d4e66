/* lt-pass.c: visitor passes in this terminal's store
 *
 * The pass itself is its signed token (lt-pass-token.c); a row holds what
 * a terminal must remember about it: its uses and whether it was revoked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-pass"

#include "lt-pass-private.h"
#include "lt-store-private.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

/* ---- the store ----------------------------------------------------------- */

static gboolean
pass_db_error (LtStore    *store,
               GError    **error,
               const char *what)
{
  g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_DATABASE,
               _ ("Database error while %s in %s: %s"), what, lt_store_get_path (store),
               sqlite3_errmsg (lt_store_get_db (store)));
  return FALSE;
}

static gboolean
check_guard (LtStore *store,
             gint64   guard_id,
             GError **error)
{
  g_autoptr (LtPerson) person = NULL;

  if (guard_id == 0)
    return TRUE;
  if (guard_id < 0 || guard_id > G_MAXUINT32 || (person = lt_store_get_person (store, guard_id, NULL)) == NULL || person->kind != LT_PERSON_GUARD) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("%" PRId64 " is not the id of a guard; 'lintelctl staff list' shows the guards"),
                 guard_id);
    return FALSE;
  }
  return TRUE;
}

/* Whole seconds: the row must say exactly what the token says. */
static gboolean
check_request (LtStore             *store,
               const LtPassRequest *request,
               LtPassToken         *token,
               GError             **error)
{
  gint64 from = request->valid_from_us - request->valid_from_us % G_USEC_PER_SEC;
  gint64 until = request->valid_until_us - request->valid_until_us % G_USEC_PER_SEC;

  if (!lt_pass_unit_valid (request->unit, strlen (request->unit))) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("“%s” cannot go on a pass: a unit on a pass is 1 to %d bytes of text"),
                 request->unit, LT_PASS_UNIT_MAX_BYTES);
    return FALSE;
  }
  if (!lt_store_unit_exists (store, request->unit)) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("Unit %s does not exist; add it first with 'lintelctl unit add %s'"),
                 request->unit, request->unit);
    return FALSE;
  }
  if (from < 0 || until / G_USEC_PER_SEC > G_MAXUINT32) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("A pass must be valid between 1970 and 2106; check the dates"));
    return FALSE;
  }
  if (from >= until) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("A pass must end after it starts; check --valid-from and --valid-until"));
    return FALSE;
  }
  if (request->max_uses > LT_PASS_MAX_USES) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("A pass allows at most %d uses (0: unlimited within its validity), not %u"),
                 LT_PASS_MAX_USES, request->max_uses);
    return FALSE;
  }
  if (!check_guard (store, request->guard_id, error) || (request->visitor_name != NULL && !lt_name_valid (request->visitor_name, error)))
    return FALSE;
  if (request->phone_last4 != NULL && !lt_pass_phone_valid (request->phone_last4)) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("A visitor's phone is given by its last 4 digits, such as 1234"));
    return FALSE;
  }

  g_strlcpy (token->unit, request->unit, sizeof token->unit);
  token->site_id = request->site_id;
  token->valid_from_us = from;
  token->valid_until_us = until;
  token->max_uses = request->max_uses;
  token->guard_id = (guint32)request->guard_id;
  return TRUE;
}

/* Ids are random, so that terminals issuing on their own rarely meet. */
static gboolean
insert_row (LtStore             *store,
            const LtPassRequest *request,
            LtPassToken         *token,
            GError             **error)
{
  sqlite3_stmt *stmt = lt_store_prepare (store,
                                         "INSERT INTO passes (id, unit, visitor_name, valid_from, valid_until,"
                                         " max_uses, uses, issued_by, issued_at, phone_last4)"
                                         " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                                         error);
  int           rc = SQLITE_CONSTRAINT_PRIMARYKEY;

  if (stmt == NULL)
    return FALSE;
  for (guint attempt = 0; attempt < 16 && rc == SQLITE_CONSTRAINT_PRIMARYKEY; attempt++) {
    token->id = randombytes_uniform (G_MAXUINT32) + 1;
    sqlite3_reset (stmt);
    sqlite3_bind_int64 (stmt, 1, token->id);
    sqlite3_bind_text (stmt, 2, token->unit, -1, SQLITE_TRANSIENT);
    lt_store_bind_text_or_null (stmt, 3, request->visitor_name);
    sqlite3_bind_int64 (stmt, 4, token->valid_from_us);
    sqlite3_bind_int64 (stmt, 5, token->valid_until_us);
    sqlite3_bind_int (stmt, 6, (int)token->max_uses);
    if (request->guard_id > 0)
      sqlite3_bind_int64 (stmt, 7, request->guard_id);
    else
      sqlite3_bind_null (stmt, 7);
    sqlite3_bind_int64 (stmt, 8, g_get_real_time ());
    lt_store_bind_text_or_null (stmt, 9, request->phone_last4);
    rc = sqlite3_step (stmt);
  }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pass_db_error (store, error, _ ("issuing a pass"));
  return TRUE;
}

char *
lt_pass_issue (LtStore             *store,
               const LtPassKey     *signing_key,
               const LtPassRequest *request,
               gint64              *pass_id,
               GError             **error)
{
  LtPassToken      token = { LT_PASS_VERSION };
  g_autofree char *text = NULL;

  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  g_return_val_if_fail (request != NULL && request->unit != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lt_pass_key_can_sign (signing_key))
    return lt_pass_token_encode (&token, signing_key, error);
  if (!check_request (store, request, &token, error) || !lt_store_begin (store, error))
    return NULL;
  if (!insert_row (store, request, &token, error) || (text = lt_pass_token_encode (&token, signing_key, error)) == NULL || !lt_store_commit (store, error)) {
    lt_store_rollback (store);
    return NULL;
  }
  if (pass_id != NULL)
    *pass_id = token.id;
  return g_steal_pointer (&text);
}

gboolean
lt_pass_revoke (LtStore *store,
                gint64   pass_id,
                gint64   time_us,
                GError **error)
{
  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sqlite3_stmt *stmt = lt_store_prepare (store,
                                         "UPDATE passes SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
                                         error);
  int           rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, time_us ? time_us : g_get_real_time ());
  sqlite3_bind_int64 (stmt, 2, pass_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pass_db_error (store, error, _ ("revoking a pass"));
  if (sqlite3_changes (lt_store_get_db (store)) == 0) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _ ("This terminal knows no pass %" PRId64 "; 'lintelctl pass list' shows the passes (one issued elsewhere is known here after its first use)"),
                 pass_id);
    return FALSE;
  }
  return TRUE;
}

/* Undoes a revocation made at or after REVOKED_SINCE_US: the caller
 * decides how long an undo is offered, and a revocation older than that
 * stays. */
gboolean
lt_pass_restore (LtStore *store,
                 gint64   pass_id,
                 gint64   revoked_since_us,
                 GError **error)
{
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = lt_store_prepare (store,
                           "UPDATE passes SET revoked_at = NULL WHERE id = ? AND revoked_at >= ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pass_id);
  sqlite3_bind_int64 (stmt, 2, revoked_since_us);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pass_db_error (store, error, _ ("restoring a pass"));
  if (sqlite3_changes (lt_store_get_db (store)) == 0) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("Pass %" PRId64 " stays revoked: it was not revoked just now, and a revocation can only be undone at once; issue a new pass"),
                 pass_id);
    return FALSE;
  }
  return TRUE;
}

/* The token of a pass issued here, again: Ed25519 signatures are
 * deterministic, so the same fields signed with the same key give the
 * very token first handed out — nothing new can open the door. Only a
 * pass that can still be used, and only one this terminal issued (the
 * row of a pass issued elsewhere does not know its site). */
char *
lt_pass_dup_token (LtStore         *store,
                   const LtPassKey *signing_key,
                   guint16          site_id,
                   gint64           pass_id,
                   gint64           now_us,
                   GError         **error)
{
  g_autoptr (LtPass) pass = NULL;
  LtPassToken token = { LT_PASS_VERSION };
  LtPassState state;

  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((pass = lt_pass_get (store, pass_id, error)) == NULL)
    return NULL;
  state = lt_pass_get_state (pass, now_us ? now_us : g_get_real_time ());
  if (state != LT_PASS_STATE_ACTIVE && state != LT_PASS_STATE_PENDING) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("Pass %" PRId64 " is %s and opens nothing: issue a new pass"), pass_id,
                 lt_pass_state_to_string (state));
    return NULL;
  }
  if (pass->issued_at_us == 0) {
    g_set_error (error, LT_PASS_ERROR, LT_PASS_ERROR_INVALID,
                 _ ("Pass %" PRId64 " was issued on another terminal; show it there"), pass_id);
    return NULL;
  }
  token.id = (guint32)pass->id;
  token.site_id = site_id;
  token.valid_from_us = pass->valid_from_us;
  token.valid_until_us = pass->valid_until_us;
  token.max_uses = pass->max_uses;
  token.guard_id = (guint32)pass->issued_by;
  g_strlcpy (token.unit, pass->unit, sizeof token.unit);
  return lt_pass_token_encode (&token, signing_key, error);
}

/* Called inside the decision's transaction: the first use of a pass from
 * another terminal adds its row, and a use is counted only while one is
 * left, in one statement, so two doors cannot both take the last one. */
LtPassUse
lt_pass_use (LtStore           *store,
             const LtPassToken *token,
             GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LT_IS_STORE (store), LT_PASS_USE_ERROR);
  g_return_val_if_fail (token != NULL, LT_PASS_USE_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, LT_PASS_USE_ERROR);

  gboolean same, revoked;
  int      rc;

  stmt = lt_store_prepare (store,
                           "INSERT OR IGNORE INTO passes (id, unit, valid_from, valid_until, max_uses, uses, issued_by)"
                           " VALUES (?, ?, ?, ?, ?, 0, ?)",
                           error);
  if (stmt == NULL)
    return LT_PASS_USE_ERROR;
  sqlite3_bind_int64 (stmt, 1, token->id);
  sqlite3_bind_text (stmt, 2, token->unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, token->valid_from_us);
  sqlite3_bind_int64 (stmt, 4, token->valid_until_us);
  sqlite3_bind_int (stmt, 5, (int)token->max_uses);
  if (token->guard_id > 0)
    sqlite3_bind_int64 (stmt, 6, token->guard_id);
  else
    sqlite3_bind_null (stmt, 6);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    pass_db_error (store, error, _ ("recording a pass"));
    return LT_PASS_USE_ERROR;
  }

  stmt = lt_store_prepare (store,
                           "SELECT unit = ?2 AND valid_from = ?3 AND valid_until = ?4 AND max_uses = ?5"
                           " AND coalesce(issued_by, 0) = ?6, revoked_at IS NOT NULL FROM passes WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return LT_PASS_USE_ERROR;
  sqlite3_bind_int64 (stmt, 1, token->id);
  sqlite3_bind_text (stmt, 2, token->unit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, token->valid_from_us);
  sqlite3_bind_int64 (stmt, 4, token->valid_until_us);
  sqlite3_bind_int (stmt, 5, (int)token->max_uses);
  sqlite3_bind_int64 (stmt, 6, token->guard_id);
  rc = sqlite3_step (stmt);
  same = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  revoked = rc == SQLITE_ROW && sqlite3_column_int (stmt, 1) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW) {
    pass_db_error (store, error, _ ("reading a pass"));
    return LT_PASS_USE_ERROR;
  }
  if (!same)
    return LT_PASS_USE_CONFLICT;
  if (revoked)
    return LT_PASS_USE_REVOKED;

  stmt = lt_store_prepare (store,
                           "UPDATE passes SET uses = uses + 1 WHERE id = ? AND (max_uses = 0 OR uses < max_uses)",
                           error);
  if (stmt == NULL)
    return LT_PASS_USE_ERROR;
  sqlite3_bind_int64 (stmt, 1, token->id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    pass_db_error (store, error, _ ("counting a pass's use"));
    return LT_PASS_USE_ERROR;
  }
  return sqlite3_changes (lt_store_get_db (store)) == 0 ? LT_PASS_USE_USED_UP : LT_PASS_USE_OK;
}

#define PASS_COLUMNS                                                                                         \
  "s.id, s.unit, s.visitor_name, s.valid_from, s.valid_until, s.max_uses, s.uses, s.issued_by, s.issued_at," \
  " s.revoked_at, p.name, s.phone_last4 FROM passes s LEFT JOIN people p ON p.id = s.issued_by"

static LtPass *
pass_from_row (sqlite3_stmt *stmt)
{
  LtPass *pass = g_new0 (LtPass, 1);

  pass->id = sqlite3_column_int64 (stmt, 0);
  pass->unit = lt_store_column_dup (stmt, 1);
  pass->visitor_name = lt_store_column_dup (stmt, 2);
  pass->valid_from_us = sqlite3_column_int64 (stmt, 3);
  pass->valid_until_us = sqlite3_column_int64 (stmt, 4);
  pass->max_uses = (guint)sqlite3_column_int (stmt, 5);
  pass->uses = (guint)sqlite3_column_int (stmt, 6);
  pass->issued_by = sqlite3_column_int64 (stmt, 7);
  pass->issued_at_us = sqlite3_column_int64 (stmt, 8);
  pass->revoked_at_us = sqlite3_column_int64 (stmt, 9);
  pass->issued_by_name = lt_store_column_dup (stmt, 10);
  pass->phone_last4 = lt_store_column_dup (stmt, 11);
  return pass;
}

LtPass *
lt_pass_get (LtStore *store,
             gint64   pass_id,
             GError **error)
{
  sqlite3_stmt *stmt;
  LtPass       *pass = NULL;
  int           rc;

  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = lt_store_prepare (store, "SELECT " PASS_COLUMNS " WHERE s.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pass_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    pass = pass_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_NOT_FOUND,
                 _ ("This terminal knows no pass %" PRId64 "; 'lintelctl pass list' shows the passes"),
                 pass_id);
  else
    pass_db_error (store, error, _ ("reading a pass"));
  sqlite3_reset (stmt);
  return pass;
}

/* Active: not revoked, not over, a use left. The same rule as
 * lt_pass_get_state(), in SQL. */
#define PASS_ACTIVE "(s.revoked_at IS NULL AND s.valid_until > ?1 AND (s.max_uses = 0 OR s.uses < s.max_uses))"

static const char *
query_sql (LtPassFilter filter)
{
  switch (filter) {
  case LT_PASS_FILTER_ACTIVE:
    return "SELECT " PASS_COLUMNS " WHERE " PASS_ACTIVE " ORDER BY s.valid_from, s.id LIMIT ?2";
  case LT_PASS_FILTER_HISTORY:
    /* The latest first: when it was revoked, or else when it ended. */
    return "SELECT " PASS_COLUMNS " WHERE NOT " PASS_ACTIVE
           " ORDER BY coalesce(s.revoked_at, s.valid_until) DESC, s.id DESC LIMIT ?2";
  case LT_PASS_FILTER_ALL:
  default:
    return "SELECT " PASS_COLUMNS " WHERE ?1 = ?1 ORDER BY s.valid_from, s.id LIMIT ?2";
  }
}

GPtrArray *
lt_pass_query (LtStore           *store,
               const LtPassQuery *query,
               GError           **error)
{
  g_autoptr (GPtrArray) passes = NULL;
  sqlite3_stmt *stmt;
  int           rc;

  g_return_val_if_fail (LT_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL && query->filter <= LT_PASS_FILTER_HISTORY, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = lt_store_prepare (store, query_sql (query->filter), error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, query->now_us ? query->now_us : g_get_real_time ());
  sqlite3_bind_int64 (stmt, 2, query->limit > 0 ? (gint64)query->limit : -1);
  passes = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_pass_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (passes, pass_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE) {
    pass_db_error (store, error, _ ("listing passes"));
    return NULL;
  }
  return g_steal_pointer (&passes);
}

GPtrArray *
lt_pass_list (LtStore *store,
              gboolean active_only,
              gint64   now_us,
              GError **error)
{
  LtPassQuery query = { active_only ? LT_PASS_FILTER_ACTIVE : LT_PASS_FILTER_ALL, now_us, 0 };

  g_return_val_if_fail (LT_IS_STORE (store), NULL);

  return lt_pass_query (store, &query, error);
}

LtPassState
lt_pass_get_state (const LtPass *pass,
                   gint64        now_us)
{
  g_return_val_if_fail (pass != NULL, LT_PASS_STATE_REVOKED);

  if (pass->revoked_at_us != 0)
    return LT_PASS_STATE_REVOKED;
  if (now_us >= pass->valid_until_us)
    return LT_PASS_STATE_EXPIRED;
  if (pass->max_uses != 0 && pass->uses >= pass->max_uses)
    return LT_PASS_STATE_USED_UP;
  if (now_us < pass->valid_from_us)
    return LT_PASS_STATE_PENDING;
  return LT_PASS_STATE_ACTIVE;
}

/* Printed by `lintelctl pass list`: never rename one. */
const char *
lt_pass_state_to_string (LtPassState state)
{
  static const char *const names[] = {
    [LT_PASS_STATE_ACTIVE] = "active",
    [LT_PASS_STATE_PENDING] = "pending",
    [LT_PASS_STATE_REVOKED] = "revoked",
    [LT_PASS_STATE_EXPIRED] = "expired",
    [LT_PASS_STATE_USED_UP] = "used-up",
  };

  g_return_val_if_fail (state <= LT_PASS_STATE_USED_UP, "unknown");

  return names[state];
}

void
lt_pass_free (LtPass *pass)
{
  if (pass == NULL)
    return;
  g_free (pass->unit);
  g_free (pass->visitor_name);
  g_free (pass->issued_by_name);
  g_free (pass->phone_last4);
  g_free (pass);
}
