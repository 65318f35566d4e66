/* lintelctl.c: the administrator's command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lintelctl"

#include "lintelctl.h"
#include "lt-build-config.h"
#include "lt-time.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static LtCtl ctl;

static const GOptionEntry global_entries[] = {
  { "config", 0, 0, G_OPTION_ARG_FILENAME, &ctl.config_path,
    N_ ("Read the configuration from FILE (default: $LINTEL_CONFIG or /etc/lintel/lintel.conf)"), N_ ("FILE") },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &ctl.db_path,
    N_ ("Use the database FILE instead of the configured one"), N_ ("FILE") },
  { NULL }
};

int
lt_ctl_fail (GError *error)
{
  /* One line, always: scripts and people read the first line. */
  g_autofree char *message = g_strdup (error->message);

  g_printerr ("lintelctl: %s\n", message);
  g_error_free (error);
  return LT_EXIT_ERROR;
}

int
lt_ctl_usage_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("lintelctl: %s\n", message);
  return LT_EXIT_ERROR;
}

static char *
command_name (const LtCtlCommand *command)
{
  return command->verb ? g_strdup_printf ("%s %s", command->group, command->verb)
                       : g_strdup (command->group);
}

/* Parses a command's own options plus the global ones, and checks that
 * exactly n_args positional arguments remain (-1: any number). */
gboolean
lt_ctl_parse (LtCtl              *self,
              const LtCtlCommand *command,
              const GOptionEntry *entries,
              int                *argc,
              char             ***argv,
              int                 n_args,
              int                *status)
{
  g_autofree char *name = command_name (command);
  g_autofree char *params = g_strdup_printf ("%s %s", name, command->params ? command->params : "");
  g_autoptr (GOptionContext) context = g_option_context_new (params);
  g_autoptr (GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _ (command->summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error)) {
    *status = lt_ctl_usage_error (_ ("%s; see 'lintelctl %s --help'"), error->message, name);
    return FALSE;
  }
  /* argv[0] is the command name. */
  if (n_args >= 0 && *argc - 1 != n_args) {
    *status = lt_ctl_usage_error (_ ("wrong number of arguments; usage: lintelctl %s"), params);
    return FALSE;
  }
  return TRUE;
}

gboolean
lt_ctl_load_config (LtCtl   *self,
                    GError **error)
{
  if (self->config != NULL)
    return TRUE;
  self->config = lt_config_load (self->config_path, error);
  if (self->config == NULL)
    return FALSE;
  if (self->db_path != NULL) {
    g_free (self->config->database);
    self->config->database = g_canonicalize_filename (self->db_path, NULL);
  }
  return TRUE;
}

gboolean
lt_ctl_open (LtCtl   *self,
             gboolean need_secret,
             GError **error)
{
  if (!lt_ctl_load_config (self, error))
    return FALSE;
  /* The secret first: a missing key file must not leave a new empty
   * database behind. */
  if (need_secret && self->secret == NULL) {
    self->secret = lt_secret_load (self->config->key_dir, error);
    if (self->secret == NULL)
      return FALSE;
  }
  if (self->store == NULL) {
    self->store = lt_store_open_existing (self->config->database, self->secret, error);
    if (self->store == NULL)
      return FALSE;
  }
  return TRUE;
}

gboolean
lt_ctl_parse_id (const char *text,
                 gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64)value;
  return TRUE;
}

/* Secrets come from standard input, never from the command line, where
 * every user on the machine could read them in /proc. */
char *
lt_ctl_read_secret (const char *prompt,
                    GError    **error)
{
  char           buffer[256];
  struct termios saved, quiet;
  gboolean       tty = isatty (STDIN_FILENO);
  char          *line;
  gsize          len;

  if (tty) {
    g_printerr ("%s", prompt);
    tcgetattr (STDIN_FILENO, &saved);
    quiet = saved;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  line = fgets (buffer, sizeof buffer, stdin);
  if (tty) {
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
    g_printerr ("\n");
  }
  if (line == NULL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _ ("No PIN on standard input; pipe it in, e.g. echo 123456 | lintelctl …"));
    return NULL;
  }
  len = strcspn (buffer, "\r\n");
  line = g_strndup (buffer, len);
  memset (buffer, 0, sizeof buffer);
  return line;
}

void
lt_ctl_record_admin (LtCtl      *self,
                     const char *action,
                     gint64      subject_id,
                     const char *detail)
{
  lt_ctl_record_pass (self, action, subject_id, 0, NULL, detail);
}

/* An admin event about a pass: its id and unit in their own columns. */
void
lt_ctl_record_pass (LtCtl      *self,
                    const char *action,
                    gint64      subject_id,
                    gint64      pass_id,
                    const char *unit,
                    const char *detail)
{
  LtEvent event = { 0 };
  g_autoptr (GError) error = NULL;

  event.kind = LT_EVENT_KIND_ADMIN;
  event.method = (char *)"lintelctl";
  event.result = LT_EVENT_RESULT_OK;
  event.reason = (char *)action;
  event.subject_id = subject_id;
  event.pass_id = pass_id;
  event.unit = (char *)unit;
  event.detail = (char *)detail;
  if (lt_store_add_event (self->store, &event, &error) == 0)
    g_printerr ("lintelctl: %s\n", error->message);
}

void
lt_ctl_print_json (gpointer json_node)
{
  g_autoptr (JsonNode) node = json_node;
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

char *
lt_ctl_format_time (gint64 time_us)
{
  g_autoptr (GDateTime) time = lt_time_local (time_us);

  return g_date_time_format_iso8601 (time);
}

/* ISO 8601, local time unless it says otherwise; seconds may be left out
 * ("2026-11-27T08:00"). A bare date is the start of that day, or with
 * end_of_day its end (the next midnight). */
gboolean
lt_ctl_parse_time (const char *text,
                   gboolean    end_of_day,
                   gint64     *time_us)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (text, local);
  gsize len = strlen (text);

  if (time == NULL && len == 16 && text[10] == 'T') {
    g_autofree char *with_seconds = g_strconcat (text, ":00", NULL);
    time = g_date_time_new_from_iso8601 (with_seconds, local);
  }
  if (time == NULL && len == 10) {
    g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);
    g_autoptr (GDateTime) start = g_date_time_new_from_iso8601 (midnight, local);

    if (start != NULL)
      time = end_of_day ? g_date_time_add_days (start, 1) : g_date_time_ref (start);
  }
  if (time == NULL)
    return FALSE;
  *time_us = lt_time_to_us (time);
  return TRUE;
}

static const LtCtlCommand *
find_command (const LtCtlCommand *table,
              const char         *group,
              const char         *verb)
{
  for (const LtCtlCommand *c = table; c->group != NULL; c++)
    if (g_str_equal (c->group, group) && (c->verb == NULL || g_strcmp0 (c->verb, verb) == 0))
      return c;
  return NULL;
}

static void
print_help (void)
{
  const LtCtlCommand *tables[] = { lt_ctl_system_commands, lt_ctl_people_commands, lt_ctl_pass_commands,
                                   lt_ctl_face_commands, lt_ctl_scan_commands, lt_ctl_consent_commands };

  g_print (_ ("Usage: lintelctl [--config FILE] [--db FILE] COMMAND …\n\nCommands:\n"));
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++) {
    for (const LtCtlCommand *c = tables[t]; c->group != NULL; c++) {
      g_autofree char *name = command_name (c);
      g_autofree char *line = g_strdup_printf ("%s %s", name, c->params ? c->params : "");
      g_print ("  %-44s %s\n", line, _ (c->summary));
    }
  }
  g_print (_ ("\n'lintelctl COMMAND --help' describes a command's options.\n"));
}

int
main (int    argc,
      char **argv)
{
  const LtCtlCommand *command = NULL;
  g_autoptr (GError) error = NULL;
  int status, skip;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LINTEL_LOCALEDIR") ? g_getenv ("LINTEL_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options may come before the command too. */
  while (argc > 2 && (g_str_equal (argv[1], "--config") || g_str_equal (argv[1], "--db"))) {
    char **slot = g_str_equal (argv[1], "--config") ? &ctl.config_path : &ctl.db_path;
    g_free (*slot);
    *slot = g_strdup (argv[2]);
    argv[2] = argv[0];
    argv += 2;
    argc -= 2;
  }

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help")) {
    print_help ();
    return argc < 2 ? LT_EXIT_ERROR : LT_EXIT_OK;
  }
  if (g_str_equal (argv[1], "--version")) {
    g_print ("lintelctl %s\n", PACKAGE_VERSION);
    return LT_EXIT_OK;
  }

  command = find_command (lt_ctl_system_commands, argv[1], argc > 2 ? argv[2] : NULL);
  if (command == NULL)
    command = find_command (lt_ctl_people_commands, argv[1], argc > 2 ? argv[2] : NULL);
  if (command == NULL)
    command = find_command (lt_ctl_pass_commands, argv[1], argc > 2 ? argv[2] : NULL);
  if (command == NULL)
    command = find_command (lt_ctl_face_commands, argv[1], argc > 2 ? argv[2] : NULL);
  if (command == NULL)
    command = find_command (lt_ctl_scan_commands, argv[1], argc > 2 ? argv[2] : NULL);
  if (command == NULL)
    command = find_command (lt_ctl_consent_commands, argv[1], argc > 2 ? argv[2] : NULL);
  if (command == NULL)
    return lt_ctl_usage_error (_ ("unknown command '%s%s%s'; run 'lintelctl --help' for the list"),
                               argv[1], argc > 2 ? " " : "", argc > 2 ? argv[2] : "");

  if (!lt_crypto_init (&error))
    return lt_ctl_fail (g_steal_pointer (&error));

  /* The command sees its own name as argv[0]. */
  skip = command->verb ? 2 : 1;
  argv[skip] = argv[0];
  status = command->run (&ctl, command, argc - skip, argv + skip);

  g_clear_object (&ctl.store);
  g_clear_pointer (&ctl.secret, lt_secret_free);
  g_clear_pointer (&ctl.config, lt_config_free);
  g_free (ctl.config_path);
  g_free (ctl.db_path);
  return status;
}
