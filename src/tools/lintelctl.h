/* lintelctl.h: what the command groups of lintelctl share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-config.h"
#include "lt-secret.h"
#include "lt-store.h"

G_BEGIN_DECLS

/* Exit statuses are a contract with scripts. */
enum {
  LT_EXIT_OK = 0,
  LT_EXIT_DENIED = 1,
  LT_EXIT_ERROR = 2,
};

typedef struct {
  char     *config_path;
  char     *db_path;
  LtConfig *config;
  LtStore  *store;
  LtSecret *secret;
} LtCtl;

typedef struct _LtCtlCommand LtCtlCommand;
typedef int (*LtCtlRun) (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv);

struct _LtCtlCommand {
  const char *group;
  const char *verb;      /* NULL for one-word commands */
  const char *params;
  const char *summary;
  LtCtlRun    run;
};

int       lt_ctl_fail           (GError           *error);
int       lt_ctl_usage_error    (const char       *format,
                                 ...) G_GNUC_PRINTF (1, 2);
gboolean  lt_ctl_parse          (LtCtl            *ctl,
                                 const LtCtlCommand *command,
                                 const GOptionEntry *entries,
                                 int              *argc,
                                 char           ***argv,
                                 int               n_args,
                                 int              *status);
gboolean  lt_ctl_load_config    (LtCtl            *ctl,
                                 GError          **error);
gboolean  lt_ctl_open           (LtCtl            *ctl,
                                 gboolean          need_secret,
                                 GError          **error);
gboolean  lt_ctl_parse_id       (const char       *text,
                                 gint64           *id);
char     *lt_ctl_read_secret    (const char       *prompt,
                                 GError          **error);
void      lt_ctl_record_admin   (LtCtl            *ctl,
                                 const char       *action,
                                 gint64            subject_id,
                                 const char       *detail);
void      lt_ctl_record_pass    (LtCtl            *ctl,
                                 const char       *action,
                                 gint64            subject_id,
                                 gint64            pass_id,
                                 const char       *unit,
                                 const char       *detail);
void      lt_ctl_print_json     (gpointer          json_node);
char     *lt_ctl_format_time    (gint64            time_us);
gboolean  lt_ctl_parse_time     (const char       *text,
                                 gboolean          end_of_day,
                                 gint64           *time_us);

/* In a command's run function: parse its options or return the status. */
#define LT_CTL_PARSE(entries, n)                                                    \
  G_STMT_START {                                                                     \
    int status_;                                                                     \
    if (!lt_ctl_parse (ctl, command, entries, &argc, &argv, n, &status_))            \
      return status_;                                                                \
  } G_STMT_END

extern const LtCtlCommand lt_ctl_pass_commands[];
extern const LtCtlCommand lt_ctl_people_commands[];
extern const LtCtlCommand lt_ctl_system_commands[];
extern const LtCtlCommand lt_ctl_face_commands[];
extern const LtCtlCommand lt_ctl_scan_commands[];
extern const LtCtlCommand lt_ctl_consent_commands[];

G_END_DECLS
