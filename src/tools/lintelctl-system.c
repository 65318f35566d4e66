/* lintelctl-system.c: set-up, checks, the event log and the configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lintelctl"

#include "lintelctl.h"
#include "lt-access.h"
#include "lt-card.h"
#include "lt-pass.h"
#include "lt-time.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

static gboolean opt_json;
static gboolean opt_csv;
static char    *opt_since;

static int
run_init (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (GPtrArray) people = NULL;
  GError  *error = NULL;
  gboolean had_db;

  LT_CTL_PARSE (NULL, 0);
  if (!lt_ctl_load_config (ctl, &error))
    return lt_ctl_fail (error);

  /* A database whose credentials were hashed under a lost secret cannot be
   * given a new one: every PIN and card in it would silently stop working. */
  had_db = g_file_test (ctl->config->database, G_FILE_TEST_EXISTS);
  if (!lt_secret_create (ctl->config->key_dir, &error))
    return lt_ctl_fail (error);
  ctl->store = lt_store_open (ctl->config->database, &error);
  if (ctl->store == NULL)
    return lt_ctl_fail (error);
  ctl->secret = lt_secret_load (ctl->config->key_dir, &error);
  if (ctl->secret == NULL || !lt_store_check_key (ctl->store, ctl->secret, TRUE, &error))
    return lt_ctl_fail (error);
  if (had_db) {
    people = lt_store_list_people (ctl->store, FALSE, NULL, NULL);
    if (people != NULL && people->len > 0)
      g_printerr (_ ("lintelctl: warning: the existing database %s already holds residents; their PINs and cards were made with another device secret and must be set again\n"),
                  ctl->config->database);
  }
  lt_ctl_record_admin (ctl, "init", 0, NULL);
  g_print (_ ("Created the device secret in %s and the database %s\n"),
           ctl->config->key_dir, ctl->config->database);
  /* A terminal that only checks passes has site.pub copied in: kept. */
  if (!lt_pass_key_exists (ctl->config->key_dir)) {
    if (!lt_pass_key_create (ctl->config->key_dir, &error))
      return lt_ctl_fail (error);
    g_print (_ ("Created the pass signing key %s/%s and its public key %s/%s\n"),
             ctl->config->key_dir, LT_PASS_KEY_FILE, ctl->config->key_dir, LT_PASS_PUBLIC_KEY_FILE);
  }
  return LT_EXIT_OK;
}

static int
report_decision (LtCtl *ctl, const LtPresentation *presentation)
{
  g_autoptr (LtAccess) access = lt_access_new (ctl->store, ctl->config, ctl->secret);
  LtDecision decision;

  lt_access_decide (access, presentation, &decision);
  if (decision.granted) {
    /* A duress grant looks like any other: the alarm is silent. */
    g_print ("granted %" G_GINT64_FORMAT "\n", decision.subject_id);
    return LT_EXIT_OK;
  }
  if (decision.reason == LT_REASON_LOCKED_OUT)
    g_print ("denied %s %u\n", lt_reason_to_string (decision.reason), decision.retry_after_s);
  else
    g_print ("denied %s\n", lt_reason_to_string (decision.reason));
  return LT_EXIT_DENIED;
}

static int
run_check_pin (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autofree char *pin = NULL;
  LtPresentation   presentation = { LT_METHOD_PIN };
  GError          *error = NULL;
  int              status;

  LT_CTL_PARSE (NULL, 1);
  if (!lt_ctl_open (ctl, TRUE, &error))
    return lt_ctl_fail (error);
  pin = lt_ctl_read_secret (_ ("PIN: "), &error);
  if (pin == NULL)
    return lt_ctl_fail (error);
  presentation.reader = "lintelctl";
  presentation.unit = argv[1];
  presentation.secret = pin;
  status = report_decision (ctl, &presentation);
  memset (pin, 0, strlen (pin));
  return status;
}

static int
run_check_card (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  LtPresentation   presentation = { LT_METHOD_CARD };
  g_autofree char *card = NULL;
  GError          *error = NULL;

  LT_CTL_PARSE (NULL, 1);
  card = lt_card_normalize (argv[1], &error);
  if (card == NULL)
    return lt_ctl_fail (error);
  if (!lt_ctl_open (ctl, TRUE, &error))
    return lt_ctl_fail (error);
  presentation.reader = "lintelctl";
  presentation.secret = card;
  return report_decision (ctl, &presentation);
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL) {
    g_string_append (out, text);
    return;
  }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      g_string_append_c (out, '"');
    g_string_append_c (out, *p);
  }
  g_string_append_c (out, '"');
}

static void
print_events_csv (GPtrArray *events)
{
  g_autoptr (GString) out = g_string_new ("id,time,kind,door,method,result,reason,subject,detail\n");

  for (guint i = 0; i < events->len; i++) {
    const LtEvent   *e = g_ptr_array_index (events, i);
    g_autofree char *time = lt_ctl_format_time (e->time_us);
    const char      *fields[] = { time, lt_event_kind_to_string (e->kind), e->door, e->method,
                                  lt_event_result_to_string (e->result), e->reason };

    g_string_append_printf (out, "%" G_GINT64_FORMAT, e->id);
    for (guint f = 0; f < G_N_ELEMENTS (fields); f++) {
      g_string_append_c (out, ',');
      csv_field (out, fields[f]);
    }
    g_string_append_c (out, ',');
    if (e->subject_id > 0)
      g_string_append_printf (out, "%" G_GINT64_FORMAT, e->subject_id);
    g_string_append_c (out, ',');
    csv_field (out, e->detail);
    g_string_append_c (out, '\n');
  }
  g_print ("%s", out->str);
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static JsonNode *
events_to_json (GPtrArray *events)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++) {
    const LtEvent   *e = g_ptr_array_index (events, i);
    g_autofree char *time = lt_ctl_format_time (e->time_us);

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "id");
    json_builder_add_int_value (builder, e->id);
    add_member (builder, "time", time);
    add_member (builder, "kind", lt_event_kind_to_string (e->kind));
    add_member (builder, "door", e->door);
    add_member (builder, "method", e->method);
    add_member (builder, "result", lt_event_result_to_string (e->result));
    add_member (builder, "reason", e->reason);
    json_builder_set_member_name (builder, "subject");
    if (e->subject_id > 0)
      json_builder_add_int_value (builder, e->subject_id);
    else
      json_builder_add_null_value (builder);
    add_member (builder, "detail", e->detail);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static int
run_events (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &opt_since, N_ ("Only events from this time on (ISO 8601, e.g. 2026-11-27T08:00)"), N_ ("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print JSON"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &opt_csv, N_ ("Print CSV"), NULL },
    { NULL }
  };
  g_autoptr (GPtrArray) events = NULL;
  GError *error = NULL;
  gint64  since = 0;

  LT_CTL_PARSE (entries, 0);
  if (opt_json && opt_csv)
    return lt_ctl_usage_error (_ ("choose one of --json and --csv"));
  if (opt_since != NULL && !lt_ctl_parse_time (opt_since, FALSE, &since))
    return lt_ctl_usage_error (_ ("“%s” is not an ISO 8601 time; write e.g. 2026-11-27 or 2026-11-27T08:00:00+08:00"),
                               opt_since);
  if (!lt_ctl_open (ctl, FALSE, &error) || (events = lt_store_list_events (ctl->store, since, &error)) == NULL)
    return lt_ctl_fail (error);

  if (opt_json) {
    lt_ctl_print_json (events_to_json (events));
  } else if (opt_csv) {
    print_events_csv (events);
  } else {
    for (guint i = 0; i < events->len; i++) {
      const LtEvent   *e = g_ptr_array_index (events, i);
      g_autofree char *time = lt_ctl_format_time (e->time_us);
      g_autofree char *subject = e->subject_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, e->subject_id)
                                                   : g_strdup ("-");

      const char *result = lt_event_result_to_string (e->result);

      g_print ("%s %-8s %-6s %-7s %-8s %-18s %-6s %s\n", time, lt_event_kind_to_string (e->kind),
               e->door ? e->door : "-", e->method ? e->method : "-",
               result ? result : "-", e->reason ? e->reason : "-",
               subject, e->detail ? e->detail : "");
    }
  }
  return LT_EXIT_OK;
}

static int
run_config_check (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (LtConfig) config = NULL;
  GError *error = NULL;

  LT_CTL_PARSE (NULL, -1);
  if (argc > 2)
    return lt_ctl_usage_error (_ ("usage: lintelctl config check [FILE]"));
  config = lt_config_load (argc == 2 ? argv[1] : ctl->config_path, &error);
  if (config == NULL || !lt_config_check_hardware (config, &error))
    return lt_ctl_fail (error);
  g_print (_ ("%s: the configuration is valid\n"), config->path ? config->path : _ ("built-in defaults"));
  return LT_EXIT_OK;
}

static int
run_backup (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  GError *error = NULL;

  LT_CTL_PARSE (NULL, 1);
  if (!lt_ctl_open (ctl, FALSE, &error) || !lt_store_backup (ctl->store, argv[1], &error))
    return lt_ctl_fail (error);
  g_print (_ ("Backed up the database to %s; keep it, and the key directory, somewhere safe\n"), argv[1]);
  return LT_EXIT_OK;
}

const LtCtlCommand lt_ctl_system_commands[] = {
  { "init", NULL, NULL, N_ ("Create the database, the device secret and the pass signing key"), run_init },
  { "check", "pin", N_ ("UNIT"), N_ ("Decide for a unit and a PIN from standard input, as the door would"), run_check_pin },
  { "check", "card", N_ ("CARD"), N_ ("Decide for a card, as the door would"), run_check_card },
  { "events", NULL, N_ ("[--since TIME] [--json|--csv]"), N_ ("Show the event log"), run_events },
  { "config", "check", N_ ("[FILE]"), N_ ("Validate a configuration file"), run_config_check },
  { "backup", NULL, N_ ("FILE"), N_ ("Copy the database, consistently, to a new FILE"), run_backup },
  { NULL }
};
