/* lintelctl-consent.c: face enrolments, withdrawal, the consent ledger
 * and the minor flag
 *
 * Nothing here prints or writes a template: `face list` names who
 * enrolled and when, never what was stored (R10).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lintelctl"

#include "lintelctl.h"
#include "lt-consent.h"
#include "lt-face-store.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>

static gboolean opt_json;
static gboolean opt_minor;
static gboolean opt_adult;

static const GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print JSON instead of a table"), NULL },
  { NULL }
};

static int
parse_id (const char *text,
          gint64     *id)
{
  if (!lt_ctl_parse_id (text, id))
    return lt_ctl_usage_error (_ ("“%s” is not an id; ids are the whole numbers 'lintelctl resident list' shows"), text);
  return LT_EXIT_OK;
}

static char *
format_time_or_never (gint64 time_us)
{
  return time_us > 0 ? lt_ctl_format_time (time_us) : g_strdup (_ ("never"));
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       time_us)
{
  json_builder_set_member_name (builder, name);
  if (time_us > 0) {
    g_autofree char *text = lt_ctl_format_time (time_us);
    json_builder_add_string_value (builder, text);
  } else {
    json_builder_add_null_value (builder);
  }
}

static JsonNode *
enrolments_to_json (GPtrArray *list)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++) {
    const LtFaceEnrolment *e = g_ptr_array_index (list, i);

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "resident_id");
    json_builder_add_int_value (builder, e->person_id);
    json_builder_set_member_name (builder, "unit");
    json_builder_add_string_value (builder, e->unit ? e->unit : "");
    add_time_member (builder, "enrolled_at", e->enrolled_at_us);
    add_time_member (builder, "last_used", e->last_used_us);
    json_builder_set_member_name (builder, "notice_version");
    json_builder_add_string_value (builder, e->notice_version);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static int
run_face_list (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (GPtrArray) list = NULL;
  GError *error = NULL;

  LT_CTL_PARSE (json_entries, 0);
  if (!lt_ctl_open (ctl, FALSE, &error) || (list = lt_face_store_list (ctl->store, &error)) == NULL)
    return lt_ctl_fail (error);
  if (opt_json) {
    lt_ctl_print_json (enrolments_to_json (list));
    return LT_EXIT_OK;
  }
  for (guint i = 0; i < list->len; i++) {
    const LtFaceEnrolment *e = g_ptr_array_index (list, i);
    g_autofree char       *enrolled = lt_ctl_format_time (e->enrolled_at_us);
    g_autofree char       *used = format_time_or_never (e->last_used_us);

    g_print ("%-6" G_GINT64_FORMAT " %-10s %s  %s  %s\n", e->person_id, e->unit ? e->unit : "", enrolled, used,
             e->notice_version);
  }
  return LT_EXIT_OK;
}

static int
run_face_withdraw (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  GError *error = NULL;
  gint64  id;
  int     status;

  LT_CTL_PARSE (NULL, 1);
  if ((status = parse_id (argv[1], &id)) != LT_EXIT_OK)
    return status;
  if (!lt_ctl_open (ctl, TRUE, &error))
    return lt_ctl_fail (error);
  /* BUSY: deleted and recorded, but a reader kept the WAL: said, exit 2. */
  if (!lt_face_store_remove (ctl->store, ctl->secret, id, LT_CONSENT_WITHDRAW, ctl->config->door, &error) && !g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY))
    return lt_ctl_fail (error);
  lt_ctl_record_admin (ctl, "face-withdraw", id, NULL);
  return error != NULL ? lt_ctl_fail (error) : LT_EXIT_OK;
}

static JsonNode *
ledger_to_json (GPtrArray *entries)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++) {
    const LtConsentEntry *e = g_ptr_array_index (entries, i);

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "id");
    json_builder_add_int_value (builder, e->id);
    add_time_member (builder, "time", e->time_us);
    json_builder_set_member_name (builder, "resident_id");
    json_builder_add_int_value (builder, e->person_id);
    json_builder_set_member_name (builder, "unit");
    json_builder_add_string_value (builder, e->unit);
    json_builder_set_member_name (builder, "action");
    json_builder_add_string_value (builder, lt_consent_action_to_string (e->action));
    json_builder_set_member_name (builder, "notice_version");
    json_builder_add_string_value (builder, e->notice_version);
    json_builder_set_member_name (builder, "terminal");
    json_builder_add_string_value (builder, e->terminal);
    json_builder_set_member_name (builder, "guardian_id");
    if (e->guardian_id > 0)
      json_builder_add_int_value (builder, e->guardian_id);
    else
      json_builder_add_null_value (builder);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static int
run_consent_log (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (GPtrArray) entries = NULL;
  GError *error = NULL;

  LT_CTL_PARSE (json_entries, 0);
  if (!lt_ctl_open (ctl, FALSE, &error) || (entries = lt_consent_list (ctl->store, 0, &error)) == NULL)
    return lt_ctl_fail (error);
  if (opt_json) {
    lt_ctl_print_json (ledger_to_json (entries));
    return LT_EXIT_OK;
  }
  for (guint i = 0; i < entries->len; i++) {
    const LtConsentEntry *e = g_ptr_array_index (entries, i);
    g_autofree char      *time = lt_ctl_format_time (e->time_us);
    g_autofree char      *guardian = e->guardian_id > 0 ? g_strdup_printf (" guardian=%" PRId64, e->guardian_id) : NULL;

    g_print ("%-5" G_GINT64_FORMAT " %s %-8s resident=%" PRId64 " unit=%s notice=%s terminal=%s%s\n", e->id, time,
             lt_consent_action_to_string (e->action), e->person_id, e->unit, e->notice_version, e->terminal,
             guardian ? guardian : "");
  }
  return LT_EXIT_OK;
}

/* Exit 0: intact; 1: broken, naming the first bad entry; 2: could not check. */
static int
run_consent_verify (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (GPtrArray) entries = NULL;
  GError *error = NULL;
  gint64  first_bad = 0;

  LT_CTL_PARSE (NULL, 0);
  if (!lt_ctl_open (ctl, TRUE, &error) || (entries = lt_consent_list (ctl->store, 0, &error)) == NULL)
    return lt_ctl_fail (error);
  if (!lt_consent_verify (ctl->store, ctl->secret, &first_bad, &error)) {
    if (!g_error_matches (error, LT_CONSENT_ERROR, LT_CONSENT_ERROR_BROKEN))
      return lt_ctl_fail (error);
    g_printerr ("%s\n", error->message);
    g_error_free (error);
    return LT_EXIT_DENIED;
  }
  g_print (g_dngettext (GETTEXT_PACKAGE, "The consent ledger is intact (%u entry)\n",
                        "The consent ledger is intact (%u entries)\n", entries->len),
           entries->len);
  return LT_EXIT_OK;
}

static int
run_resident_set (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "minor", 0, 0, G_OPTION_ARG_NONE, &opt_minor, N_ ("A minor: face entry needs a guardian's consent"), NULL },
    { "adult", 0, 0, G_OPTION_ARG_NONE, &opt_adult, N_ ("An adult: consents alone"), NULL },
    { NULL }
  };
  GError *error = NULL;
  gint64  id;
  int     status;

  LT_CTL_PARSE (entries, 1);
  if (opt_minor == opt_adult)
    return lt_ctl_usage_error (_ ("give exactly one of --minor and --adult"));
  if ((status = parse_id (argv[1], &id)) != LT_EXIT_OK)
    return status;
  if (!lt_ctl_open (ctl, FALSE, &error) || !lt_store_set_minor (ctl->store, id, opt_minor, &error))
    return lt_ctl_fail (error);
  lt_ctl_record_admin (ctl, opt_minor ? "resident-minor" : "resident-adult", id, NULL);
  return LT_EXIT_OK;
}

const LtCtlCommand lt_ctl_consent_commands[] = {
  { "face", "list", N_ ("[--json]"), N_ ("Residents enrolled in face entry: unit, enrolled at, last used, notice version"),
    run_face_list },
  { "face", "withdraw", N_ ("ID"), N_ ("Delete a resident's face templates at once (their withdrawal)"), run_face_withdraw },
  { "consent", "log", N_ ("[--json]"), N_ ("The face consent ledger: enrolments, refusals, withdrawals, purges"),
    run_consent_log },
  { "consent", "verify", NULL, N_ ("Check the consent ledger's hash chain: exit 0 intact, 1 altered"), run_consent_verify },
  { "resident", "set", N_ ("ID --minor|--adult"), N_ ("Mark a resident as a minor (face entry needs a guardian) or an adult"),
    run_resident_set },
  { NULL }
};
