/* lintelctl-people.c: units, residents, staff and their credentials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lintelctl"

#include "lintelctl.h"
#include "lt-card.h"
#include "lt-face-store.h"
#include "lt-import.h"
#include "lt-staff.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>

static gboolean opt_json;
static char    *opt_unit;
static char    *opt_name;
static char    *opt_valid_until;
static char    *opt_role;
static gboolean opt_duress;
static gboolean opt_none;
static gboolean opt_minor;

static const GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print JSON instead of a table"), NULL },
  { NULL }
};

/* ---- units ---------------------------------------------------------------- */

static int
run_unit_add (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  GError *error = NULL;

  LT_CTL_PARSE (NULL, 1);
  if (!lt_ctl_open (ctl, FALSE, &error))
    return lt_ctl_fail (error);
  if (!lt_config_unit_valid (ctl->config, argv[1]))
    return lt_ctl_usage_error (_ ("“%s” is not a unit in this building's format (%s); check [terminal] unit-pattern"),
                               argv[1], ctl->config->unit_pattern);
  if (!lt_store_add_unit (ctl->store, argv[1], &error))
    return lt_ctl_fail (error);
  lt_ctl_record_admin (ctl, "unit-add", 0, argv[1]);
  return LT_EXIT_OK;
}

static int
run_unit_list (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (GPtrArray) units = NULL;
  GError *error = NULL;

  LT_CTL_PARSE (json_entries, 0);
  if (!lt_ctl_open (ctl, FALSE, &error) || (units = lt_store_list_units (ctl->store, &error)) == NULL)
    return lt_ctl_fail (error);
  if (opt_json) {
    JsonArray *array = json_array_sized_new (units->len);
    JsonNode  *node = json_node_new (JSON_NODE_ARRAY);

    for (guint i = 0; i < units->len; i++)
      json_array_add_string_element (array, g_ptr_array_index (units, i));
    json_node_take_array (node, array);
    lt_ctl_print_json (node);
  } else {
    for (guint i = 0; i < units->len; i++)
      g_print ("%s\n", (const char *)g_ptr_array_index (units, i));
  }
  return LT_EXIT_OK;
}

/* ---- residents and staff ------------------------------------------------- */

static JsonNode *
people_to_json (const LtConfig *config,
                GPtrArray      *people)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < people->len; i++) {
    const LtPerson *p = g_ptr_array_index (people, i);

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "id");
    json_builder_add_int_value (builder, p->id);
    json_builder_set_member_name (builder, "kind");
    json_builder_add_string_value (builder, lt_person_kind_to_string (p->kind));
    if (p->unit != NULL) {
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, p->unit);
    }
    json_builder_set_member_name (builder, "name");
    json_builder_add_string_value (builder, p->name);
    json_builder_set_member_name (builder, "active");
    json_builder_add_boolean_value (builder, p->active);
    json_builder_set_member_name (builder, "valid_until");
    if (p->valid_until != NULL)
      json_builder_add_string_value (builder, p->valid_until);
    else
      json_builder_add_null_value (builder);
    json_builder_set_member_name (builder, "has_pin");
    json_builder_add_boolean_value (builder, p->has_pin);
    json_builder_set_member_name (builder, "has_duress_pin");
    json_builder_add_boolean_value (builder, p->has_duress);
    json_builder_set_member_name (builder, "cards");
    json_builder_add_int_value (builder, p->n_cards);
    if (p->kind == LT_PERSON_RESIDENT) {
      json_builder_set_member_name (builder, "minor");
      json_builder_add_boolean_value (builder, p->minor);
      json_builder_set_member_name (builder, "face");
      json_builder_add_boolean_value (builder, p->face_enrolled);
    }
    if (p->kind != LT_PERSON_RESIDENT) {
      json_builder_set_member_name (builder, "short_pin");
      json_builder_add_boolean_value (builder, lt_staff_pin_short (config, p));
    }
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static void
print_people (const LtConfig *config,
              GPtrArray      *people)
{
  /* Names can be Chinese: pad by display width, not bytes. */
  for (guint i = 0; i < people->len; i++) {
    const LtPerson *p = g_ptr_array_index (people, i);

    g_autofree char *short_pin = NULL;

    /* Translators: %u is [access] staff-pin-length */
    if (lt_staff_pin_short (config, p))
      short_pin = g_strdup_printf (_ (" [PIN shorter than %u digits: set a new one with lintelctl pin set]"),
                                   config->staff_pin_length);
    if (p->minor)
      short_pin = g_strdup (_ (" [minor]"));
    g_print ("%-6" G_GINT64_FORMAT " %-10s %-12s %s%s%s%s%s\n", p->id,
             p->unit ? p->unit : lt_person_kind_to_string (p->kind),
             p->has_pin ? (p->n_cards ? "pin+card" : "pin") : (p->n_cards ? "card" : "-"),
             p->name,
             p->valid_until ? _ (" (until ") : "", p->valid_until ? p->valid_until : "",
             p->valid_until ? ")" : "", short_pin ? short_pin : "");
  }
}

static int
run_resident_add (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "unit", 0, 0, G_OPTION_ARG_STRING, &opt_unit, N_ ("The resident's unit, e.g. 3-1203"), N_ ("UNIT") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_ ("The resident's name"), N_ ("NAME") },
    { "valid-until", 0, 0, G_OPTION_ARG_STRING, &opt_valid_until, N_ ("Last day of access (YYYY-MM-DD)"), N_ ("DATE") },
    { "minor", 0, 0, G_OPTION_ARG_NONE, &opt_minor, N_ ("A minor: face entry needs a guardian's consent"), NULL },
    { NULL }
  };
  GError *error = NULL;
  gint64  id;

  LT_CTL_PARSE (entries, 0);
  if (opt_unit == NULL || opt_name == NULL)
    return lt_ctl_usage_error (_ ("both --unit and --name are needed"));
  if (!lt_ctl_open (ctl, FALSE, &error))
    return lt_ctl_fail (error);
  id = lt_store_add_person (ctl->store, LT_PERSON_RESIDENT, opt_unit, opt_name, opt_valid_until, &error);
  if (id == 0 || (opt_minor && !lt_store_set_minor (ctl->store, id, TRUE, &error)))
    return lt_ctl_fail (error);
  lt_ctl_record_admin (ctl, "resident-add", id, NULL);
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return LT_EXIT_OK;
}

static int
run_resident_list (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "unit", 0, 0, G_OPTION_ARG_STRING, &opt_unit, N_ ("Only the residents of UNIT"), N_ ("UNIT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print JSON instead of a table"), NULL },
    { NULL }
  };
  g_autoptr (GPtrArray) people = NULL;
  GError *error = NULL;

  LT_CTL_PARSE (entries, 0);
  if (!lt_ctl_open (ctl, FALSE, &error))
    return lt_ctl_fail (error);
  if (opt_unit != NULL && !lt_store_unit_exists (ctl->store, opt_unit))
    return lt_ctl_usage_error (_ ("unit %s does not exist; 'lintelctl unit list' shows the units"), opt_unit);
  people = lt_store_list_people (ctl->store, FALSE, opt_unit, &error);
  if (people == NULL)
    return lt_ctl_fail (error);
  if (opt_json)
    lt_ctl_print_json (people_to_json (ctl->config, people));
  else
    print_people (ctl->config, people);
  return LT_EXIT_OK;
}

static int
parse_id_arg (const char *text,
              gint64     *id)
{
  if (!lt_ctl_parse_id (text, id))
    return lt_ctl_usage_error (_ ("“%s” is not an id; ids are the whole numbers 'lintelctl resident list' shows"), text);
  return LT_EXIT_OK;
}

static int
run_resident_remove (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (LtPerson) person = NULL;
  GError *error = NULL;
  gint64  id;
  int     status;

  LT_CTL_PARSE (NULL, 1);
  if ((status = parse_id_arg (argv[1], &id)) != LT_EXIT_OK)
    return status;
  if (!lt_ctl_open (ctl, FALSE, &error) || (person = lt_store_get_person (ctl->store, id, &error)) == NULL)
    return lt_ctl_fail (error);
  if (person->kind != LT_PERSON_RESIDENT)
    return lt_ctl_usage_error (_ ("%" PRId64 " is a staff member, not a resident"), id);
  /* Residency ends: the face templates go first, with a ledger entry (R11). */
  if (person->face_enrolled && (!lt_ctl_open (ctl, TRUE, &error) || !lt_face_store_remove (ctl->store, ctl->secret, id, LT_CONSENT_PURGE, ctl->config->door, &error)) && !g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY))
    return lt_ctl_fail (error);
  g_clear_error (&error);
  /* BUSY: removed, but the WAL could not be emptied yet; recorded, then said. */
  if (!lt_store_remove_person (ctl->store, id, &error) && !g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY))
    return lt_ctl_fail (error);
  lt_ctl_record_admin (ctl, "resident-remove", id, NULL);
  return error != NULL ? lt_ctl_fail (error) : LT_EXIT_OK;
}

static int
run_staff_add (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &opt_role, N_ ("guard or technician"), N_ ("ROLE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_ ("The staff member's name"), N_ ("NAME") },
    { NULL }
  };
  LtPersonKind kind;
  GError      *error = NULL;
  gint64       id;

  LT_CTL_PARSE (entries, 0);
  if (opt_role == NULL || opt_name == NULL)
    return lt_ctl_usage_error (_ ("both --role and --name are needed"));
  if (!lt_person_kind_from_string (opt_role, &kind) || kind == LT_PERSON_RESIDENT)
    return lt_ctl_usage_error (_ ("--role must be guard or technician, not “%s”"), opt_role);
  if (!lt_ctl_open (ctl, FALSE, &error))
    return lt_ctl_fail (error);
  id = lt_store_add_person (ctl->store, kind, NULL, opt_name, NULL, &error);
  if (id == 0)
    return lt_ctl_fail (error);
  lt_ctl_record_admin (ctl, "staff-add", id, opt_role);
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return LT_EXIT_OK;
}

static int
run_staff_list (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (GPtrArray) people = NULL;
  GError *error = NULL;

  LT_CTL_PARSE (json_entries, 0);
  if (!lt_ctl_open (ctl, FALSE, &error) || (people = lt_store_list_people (ctl->store, TRUE, NULL, &error)) == NULL)
    return lt_ctl_fail (error);
  if (opt_json)
    lt_ctl_print_json (people_to_json (ctl->config, people));
  else
    print_people (ctl->config, people);
  return LT_EXIT_OK;
}

/* ---- credentials ----------------------------------------------------------- */

static int
run_pin_set (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "duress", 0, 0, G_OPTION_ARG_NONE, &opt_duress,
      N_ ("Set the duress PIN: it opens the door and silently raises an alarm"), NULL },
    { NULL }
  };
  g_autofree char *pin = NULL;
  g_autoptr (LtPerson) person = NULL;
  GError *error = NULL;
  gint64  id;
  int     status;

  LT_CTL_PARSE (entries, 1);
  if ((status = parse_id_arg (argv[1], &id)) != LT_EXIT_OK)
    return status;
  if (!lt_ctl_open (ctl, TRUE, &error))
    return lt_ctl_fail (error);
  pin = lt_ctl_read_secret (_ ("PIN: "), &error);
  if (pin == NULL)
    return lt_ctl_fail (error);
  if ((person = lt_store_get_person (ctl->store, id, &error)) == NULL || !lt_staff_pin_check (ctl->config, person, pin, &error)) {
    memset (pin, 0, strlen (pin));
    return lt_ctl_fail (error);
  }
  if (!lt_store_set_pin (ctl->store, ctl->secret, id, pin, opt_duress, &error) && !g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY)) {
    memset (pin, 0, strlen (pin));
    return lt_ctl_fail (error);
  }
  memset (pin, 0, strlen (pin));
  lt_ctl_record_admin (ctl, opt_duress ? "duress-pin-set" : "pin-set", id, NULL);
  return error != NULL ? lt_ctl_fail (error) : LT_EXIT_OK;
}

static int
run_card (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv, gboolean add)
{
  g_autofree char *card = NULL;
  GError          *error = NULL;
  gint64           id;
  int              status;

  LT_CTL_PARSE (NULL, 2);
  if ((status = parse_id_arg (argv[1], &id)) != LT_EXIT_OK)
    return status;
  card = lt_card_normalize (argv[2], &error);
  if (card == NULL)
    return lt_ctl_fail (error);
  if (!lt_ctl_open (ctl, TRUE, &error))
    return lt_ctl_fail (error);
  if ((add ? !lt_store_add_card (ctl->store, ctl->secret, id, card, &error)
           : !lt_store_remove_card (ctl->store, ctl->secret, id, card, &error))
      && !g_error_matches (error, LT_STORE_ERROR, LT_STORE_ERROR_BUSY))
    return lt_ctl_fail (error);
  lt_ctl_record_admin (ctl, add ? "card-add" : "card-remove", id, NULL);
  return error != NULL ? lt_ctl_fail (error) : LT_EXIT_OK;
}

static int
run_card_add (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  return run_card (ctl, command, argc, argv, TRUE);
}

static int
run_card_remove (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  return run_card (ctl, command, argc, argv, FALSE);
}

static int
run_import_residents (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autofree char *contents = NULL;
  gsize            length;
  GError          *error = NULL;
  guint            n = 0;
  g_autofree char *detail = NULL;

  LT_CTL_PARSE (NULL, 1);
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    return lt_ctl_fail (error);
  if (!lt_ctl_open (ctl, TRUE, &error))
    return lt_ctl_fail (error);
  if (!lt_import_residents (ctl->store, ctl->config, ctl->secret, contents, length, &n, &error)) {
    /* The rows that need fixing each get their line. */
    g_printerr ("lintelctl: %s\n", error->message);
    g_error_free (error);
    return LT_EXIT_ERROR;
  }
  detail = g_strdup_printf ("rows=%u", n);
  lt_ctl_record_admin (ctl, "import", 0, detail);
  g_print (g_dngettext (NULL, "Imported %u resident\n", "Imported %u residents\n", n), n);
  return LT_EXIT_OK;
}

/* ---- schedules -------------------------------------------------------------- */

static int
run_schedule_add (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  GError *error = NULL;

  LT_CTL_PARSE (NULL, 2);
  if (!lt_ctl_open (ctl, FALSE, &error) || lt_store_add_schedule (ctl->store, argv[1], argv[2], &error) == 0)
    return lt_ctl_fail (error);
  lt_ctl_record_admin (ctl, "schedule-add", 0, argv[1]);
  return LT_EXIT_OK;
}

static int
run_schedule_list (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (GPtrArray) schedules = NULL;
  GError *error = NULL;

  LT_CTL_PARSE (NULL, 0);
  if (!lt_ctl_open (ctl, FALSE, &error) || (schedules = lt_store_list_schedules (ctl->store, &error)) == NULL)
    return lt_ctl_fail (error);
  for (guint i = 0; i < schedules->len; i++)
    g_print ("%s\n", (const char *)g_ptr_array_index (schedules, i));
  return LT_EXIT_OK;
}

static int
run_schedule_assign (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "none", 0, 0, G_OPTION_ARG_NONE, &opt_none, N_ ("Remove the schedule: access at any time"), NULL },
    { NULL }
  };
  GError *error = NULL;
  gint64  id, schedule = 0;
  int     status;

  LT_CTL_PARSE (entries, -1);
  if (argc != (opt_none ? 2 : 3))
    return lt_ctl_usage_error (_ ("usage: lintelctl schedule assign ID NAME, or ID --none"));
  if ((status = parse_id_arg (argv[1], &id)) != LT_EXIT_OK)
    return status;
  if (!lt_ctl_open (ctl, FALSE, &error))
    return lt_ctl_fail (error);
  if (!opt_none && (schedule = lt_store_find_schedule (ctl->store, argv[2], &error)) == 0)
    return lt_ctl_fail (error);
  if (!lt_store_set_schedule (ctl->store, id, schedule, &error))
    return lt_ctl_fail (error);
  lt_ctl_record_admin (ctl, "schedule-assign", id, opt_none ? NULL : argv[2]);
  return LT_EXIT_OK;
}

static int
run_holiday_add (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  GError *error = NULL;

  LT_CTL_PARSE (NULL, -1);
  if (argc != 2 && argc != 3)
    return lt_ctl_usage_error (_ ("usage: lintelctl holiday add DATE [NAME]"));
  if (!lt_ctl_open (ctl, FALSE, &error) || !lt_store_add_holiday (ctl->store, argv[1], argc == 3 ? argv[2] : NULL, &error))
    return lt_ctl_fail (error);
  lt_ctl_record_admin (ctl, "holiday-add", 0, argv[1]);
  return LT_EXIT_OK;
}

#define CMD(g, v, params, summary, fn) \
  {                                    \
    g, v, params, summary, fn          \
  }

const LtCtlCommand lt_ctl_people_commands[] = {
  CMD ("unit", "add", N_ ("UNIT"), N_ ("Add a unit (flat) such as 3-1203"), run_unit_add),
  CMD ("unit", "list", "[--json]", N_ ("List the units"), run_unit_list),
  CMD ("resident", "add", N_ ("--unit UNIT --name NAME [--valid-until DATE] [--minor]"), N_ ("Add a resident; prints the new id"), run_resident_add),
  CMD ("resident", "list", N_ ("[--unit UNIT] [--json]"), N_ ("List residents"), run_resident_list),
  CMD ("resident", "remove", N_ ("ID"), N_ ("Remove a resident and all their credentials"), run_resident_remove),
  CMD ("staff", "add", N_ ("--role guard|technician --name NAME"), N_ ("Add a guard or technician; prints the new id"), run_staff_add),
  CMD ("staff", "list", "[--json]", N_ ("List guards and technicians"), run_staff_list),
  CMD ("pin", "set", N_ ("ID [--duress]"), N_ ("Set a PIN, read from standard input"), run_pin_set),
  CMD ("card", "add", N_ ("ID CARD"), N_ ("Give a card to a resident or staff member"), run_card_add),
  CMD ("card", "remove", N_ ("ID CARD"), N_ ("Take a card away"), run_card_remove),
  CMD ("import", "residents", N_ ("FILE.csv"), N_ ("Import residents from unit,name[,pin][,card] rows, all or nothing"), run_import_residents),
  CMD ("schedule", "add", N_ ("NAME WINDOWS"), N_ ("Add a weekly schedule, e.g. \"mon-fri 07:00-22:00; sat,sun 09:00-18:00\""), run_schedule_add),
  CMD ("schedule", "list", NULL, N_ ("List schedules"), run_schedule_list),
  CMD ("schedule", "assign", N_ ("ID NAME|--none"), N_ ("Limit a person's access to a schedule"), run_schedule_assign),
  CMD ("holiday", "add", N_ ("DATE [NAME]"), N_ ("Mark a day as a holiday: schedules use their holiday windows"), run_holiday_add),
  { NULL }
};
