/* lintelctl-pass.c: visitor passes: the site key, issuing, listing, revoking, checking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lintelctl"

#include "lintelctl.h"
#include "lt-access.h"
#include "lt-pass.h"
#include "lt-qr.h"
#include "lt-time.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

static gboolean opt_json;
static char    *opt_unit;
static char    *opt_name;
static char    *opt_phone;
static char    *opt_valid_from;
static char    *opt_valid_until;
static int      opt_uses = -1;
static char    *opt_guard;
static char    *opt_png;
static char    *opt_svg;

static int
run_pass_keygen (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  GError *error = NULL;

  LT_CTL_PARSE (NULL, 0);
  if (!lt_ctl_load_config (ctl, &error) || !lt_pass_key_create (ctl->config->key_dir, &error))
    return lt_ctl_fail (error);
  g_print (_ ("Created the pass signing key %s/%s and its public key %s/%s; copy the public key to every terminal that checks passes\n"),
           ctl->config->key_dir, LT_PASS_KEY_FILE, ctl->config->key_dir, LT_PASS_PUBLIC_KEY_FILE);
  return LT_EXIT_OK;
}

static int
run_pass_issue (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "unit", 0, 0, G_OPTION_ARG_STRING, &opt_unit, N_ ("The unit visited, e.g. 3-1203"), N_ ("UNIT") },
    { "valid-from", 0, 0, G_OPTION_ARG_STRING, &opt_valid_from, N_ ("Start of validity (ISO 8601, e.g. 2026-11-27T08:00)"), N_ ("TIME") },
    { "valid-until", 0, 0, G_OPTION_ARG_STRING, &opt_valid_until, N_ ("End of validity (ISO 8601; a bare date means the end of that day)"), N_ ("TIME") },
    { "uses", 0, 0, G_OPTION_ARG_INT, &opt_uses, N_ ("How many times the pass opens the door, 1-255; 0: any number within its validity"), N_ ("N") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_ ("The visitor's name (kept on this terminal only, not in the pass)"), N_ ("VISITOR") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &opt_phone, N_ ("The last 4 digits of the visitor's phone (kept on this terminal only, not in the pass)"), N_ ("DIGITS") },
    { "guard", 0, 0, G_OPTION_ARG_STRING, &opt_guard, N_ ("Id of the guard issuing the pass (default: none)"), N_ ("ID") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &opt_png, N_ ("Write the QR code as a PNG image to FILE"), N_ ("FILE") },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &opt_svg, N_ ("Write the QR code as an SVG image to FILE"), N_ ("FILE") },
    { NULL }
  };
  g_autoptr (LtPassKey) key = NULL;
  g_autofree char *token = NULL;
  g_autofree char *detail = NULL;
  LtPassRequest    request = { 0 };
  gint64           valid_from, valid_until, pass_id = 0;
  guint64          guard = 0;
  GError          *error = NULL;

  LT_CTL_PARSE (entries, 0);
  if (opt_unit == NULL || opt_valid_from == NULL || opt_valid_until == NULL || opt_uses < 0)
    return lt_ctl_usage_error (_ ("--unit, --valid-from, --valid-until and --uses are all needed"));
  if (opt_uses > LT_PASS_MAX_USES)
    return lt_ctl_usage_error (_ ("--uses must be from 0 (any number within the validity) to %d, not %d"),
                               LT_PASS_MAX_USES, opt_uses);
  if (!lt_ctl_parse_time (opt_valid_from, FALSE, &valid_from))
    return lt_ctl_usage_error (_ ("--valid-from “%s” is not an ISO 8601 time; write e.g. 2026-11-27T08:00 or 2026-11-27T08:00:00+08:00"),
                               opt_valid_from);
  if (!lt_ctl_parse_time (opt_valid_until, TRUE, &valid_until))
    return lt_ctl_usage_error (_ ("--valid-until “%s” is not an ISO 8601 time; write e.g. 2026-11-27T18:00 or 2026-11-27"),
                               opt_valid_until);
  if (opt_guard != NULL && !g_ascii_string_to_unsigned (opt_guard, 10, 1, G_MAXUINT32, &guard, NULL))
    return lt_ctl_usage_error (_ ("--guard “%s” is not an id; 'lintelctl staff list' shows the guards"), opt_guard);
  if (!lt_ctl_open (ctl, FALSE, &error))
    return lt_ctl_fail (error);
  if (!lt_config_unit_valid (ctl->config, opt_unit))
    return lt_ctl_usage_error (_ ("“%s” is not a unit in this building's format (%s); check [terminal] unit-pattern"),
                               opt_unit, ctl->config->unit_pattern);
  key = lt_pass_key_load (ctl->config->key_dir, &error);
  if (key == NULL)
    return lt_ctl_fail (error);

  request.site_id = (guint16)ctl->config->pass_site_id;
  request.unit = opt_unit;
  request.valid_from_us = valid_from;
  request.valid_until_us = valid_until;
  request.max_uses = (guint)opt_uses;
  request.guard_id = (gint64)guard;
  request.visitor_name = opt_name;
  request.phone_last4 = opt_phone;
  token = lt_pass_issue (ctl->store, key, &request, &pass_id, &error);
  if (token == NULL)
    return lt_ctl_fail (error);
  if ((opt_png != NULL && !lt_qr_write_png (token, opt_png, &error)) || (opt_svg != NULL && !lt_qr_write_svg (token, opt_svg, &error))) {
    /* Nobody can be given a pass whose picture failed: take it back. */
    lt_pass_revoke (ctl->store, pass_id, 0, NULL);
    g_prefix_error (&error, _ ("The pass was revoked again: "));
    return lt_ctl_fail (error);
  }

  /* Which pass, never the token: whoever reads the log could copy it. */
  detail = g_strdup_printf ("pass=%" G_GINT64_FORMAT " unit=%s", pass_id, opt_unit);
  lt_ctl_record_pass (ctl, "pass-issue", (gint64)guard, pass_id, opt_unit, detail);
  g_print ("%s\n", token);
  return LT_EXIT_OK;
}

static JsonNode *
passes_to_json (GPtrArray *passes,
                gint64     now_us)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < passes->len; i++) {
    const LtPass    *pass = g_ptr_array_index (passes, i);
    g_autofree char *from = lt_ctl_format_time (pass->valid_from_us);
    g_autofree char *until = lt_ctl_format_time (pass->valid_until_us);
    g_autofree char *issued = pass->issued_at_us ? lt_ctl_format_time (pass->issued_at_us) : NULL;
    g_autofree char *revoked = pass->revoked_at_us ? lt_ctl_format_time (pass->revoked_at_us) : NULL;
    const struct {
      const char *name;
      const char *value;
    } strings[] = {
      { "unit", pass->unit },
      { "visitor_name", pass->visitor_name },
      { "phone_last4", pass->phone_last4 },
      { "valid_from", from },
      { "valid_until", until },
      { "issued_at", issued },
      { "revoked_at", revoked },
      { "state", lt_pass_state_to_string (lt_pass_get_state (pass, now_us)) },
    };

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "id");
    json_builder_add_int_value (builder, pass->id);
    for (guint s = 0; s < G_N_ELEMENTS (strings); s++) {
      json_builder_set_member_name (builder, strings[s].name);
      if (strings[s].value != NULL)
        json_builder_add_string_value (builder, strings[s].value);
      else
        json_builder_add_null_value (builder);
    }
    json_builder_set_member_name (builder, "max_uses");
    json_builder_add_int_value (builder, pass->max_uses);
    json_builder_set_member_name (builder, "uses");
    json_builder_add_int_value (builder, pass->uses);
    json_builder_set_member_name (builder, "issued_by");
    if (pass->issued_by > 0)
      json_builder_add_int_value (builder, pass->issued_by);
    else
      json_builder_add_null_value (builder);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static int
run_pass_list (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print JSON instead of a table"), NULL },
    { NULL }
  };
  g_autoptr (GPtrArray) passes = NULL;
  gint64  now = g_get_real_time ();
  GError *error = NULL;

  LT_CTL_PARSE (entries, 0);
  if (!lt_ctl_open (ctl, FALSE, &error) || (passes = lt_pass_list (ctl->store, FALSE, now, &error)) == NULL)
    return lt_ctl_fail (error);
  if (opt_json) {
    lt_ctl_print_json (passes_to_json (passes, now));
    return LT_EXIT_OK;
  }
  for (guint i = 0; i < passes->len; i++) {
    const LtPass    *pass = g_ptr_array_index (passes, i);
    g_autofree char *from = lt_ctl_format_time (pass->valid_from_us);
    g_autofree char *until = lt_ctl_format_time (pass->valid_until_us);
    g_autofree char *uses = pass->max_uses ? g_strdup_printf ("%u/%u", pass->uses, pass->max_uses)
                                           : g_strdup_printf ("%u/-", pass->uses);

    g_print ("%-10" G_GINT64_FORMAT " %-10s %s %s %-7s %-7s %s\n", pass->id, pass->unit, from, until,
             uses, lt_pass_state_to_string (lt_pass_get_state (pass, now)), pass->visitor_name ? pass->visitor_name : "");
  }
  return LT_EXIT_OK;
}

static int
run_pass_revoke (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autofree char *detail = NULL;
  GError          *error = NULL;
  gint64           id;

  LT_CTL_PARSE (NULL, 1);
  if (!lt_ctl_parse_id (argv[1], &id))
    return lt_ctl_usage_error (_ ("“%s” is not a pass id; ids are the whole numbers 'lintelctl pass list' shows"), argv[1]);
  if (!lt_ctl_open (ctl, FALSE, &error) || !lt_pass_revoke (ctl->store, id, 0, &error))
    return lt_ctl_fail (error);
  detail = g_strdup_printf ("pass=%" G_GINT64_FORMAT, id);
  lt_ctl_record_pass (ctl, "pass-revoke", 0, id, NULL, detail);
  return LT_EXIT_OK;
}

/* What this terminal's door would decide now, without using the pass up
 * or writing an event. */
static int
run_pass_verify (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (LtPassKey) key = NULL;
  g_autoptr (LtAccess) access = NULL;
  LtPresentation presentation = { LT_METHOD_QR };
  LtDecision     decision;
  GError        *error = NULL;

  LT_CTL_PARSE (NULL, 1);
  if (!lt_ctl_open (ctl, FALSE, &error))
    return lt_ctl_fail (error);
  key = lt_pass_key_load_public (ctl->config->key_dir, &error);
  if (key == NULL)
    return lt_ctl_fail (error);
  access = lt_access_new (ctl->store, ctl->config, NULL);
  lt_access_set_pass_key (access, key);
  presentation.reader = "lintelctl";
  presentation.secret = argv[1];
  presentation.dry_run = TRUE;
  lt_access_decide (access, &presentation, &decision);
  if (decision.granted) {
    g_print ("granted %" G_GINT64_FORMAT "\n", decision.pass_id);
    return LT_EXIT_OK;
  }
  if (decision.reason == LT_REASON_LOCKED_OUT)
    g_print ("denied %s %u\n", lt_reason_to_string (decision.reason), decision.retry_after_s);
  else
    g_print ("denied %s\n", lt_reason_to_string (decision.reason));
  return LT_EXIT_DENIED;
}

const LtCtlCommand lt_ctl_pass_commands[] = {
  { "pass", "keygen", NULL, N_ ("Create the site's pass signing key, if this terminal has none"), run_pass_keygen },
  { "pass", "issue", N_ ("--unit UNIT --valid-from TIME --valid-until TIME --uses N [--name VISITOR] [--phone DIGITS] [--guard ID] [--png FILE] [--svg FILE]"),
    N_ ("Issue a visitor pass; prints its token"), run_pass_issue },
  { "pass", "list", N_ ("[--json]"), N_ ("List the passes this terminal knows"), run_pass_list },
  { "pass", "revoke", N_ ("ID"), N_ ("Revoke a pass on this terminal"), run_pass_revoke },
  { "pass", "verify", N_ ("TOKEN"), N_ ("Decide for a pass token as the door would, without using it"), run_pass_verify },
  { NULL }
};
