/* lt-notice.c: the face entry notice shown before any capture (R2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-notice"

#include "lt-notice.h"
#include "lt-core-resources.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

static char *
replace (const char *text,
         const char *placeholder,
         const char *value)
{
  g_auto (GStrv) parts = g_strsplit (text, placeholder, -1);

  return g_strjoinv (value, parts);
}

LtNotice *
lt_notice_load (const char *language,
                const char *controller,
                guint       unused_days)
{
  g_autofree char *path = g_strdup_printf ("/org/lintel/core/face-notice.%s.txt",
                                           g_strcmp0 (language, "zh_CN") == 0 ? "zh_CN" : "en");
  g_autoptr (GBytes) bytes = g_resource_lookup_data (lt_core_get_resource (), path,
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *days = g_strdup_printf ("%u", unused_days);
  g_autofree char *text = NULL;
  g_autofree char *named = NULL;
  g_auto (GStrv) lines = NULL;
  LtNotice *notice;

  /* Built in: a missing resource is a broken build, not bad input. */
  g_assert (bytes != NULL);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  named = replace (text, "{controller}",
                   controller != NULL && *controller != '\0' ? controller : _ ("the property management company"));
  g_free (text);
  text = replace (named, "{unused_days}", days);
  lines = g_strsplit (text, "\n", 3);
  g_assert (g_strv_length (lines) == 3 && g_str_has_prefix (lines[0], "version: "));

  notice = g_new0 (LtNotice, 1);
  notice->version = g_strdup (lines[0] + strlen ("version: "));
  notice->title = g_strdup (lines[1]);
  notice->body = g_strstrip (g_strdup (lines[2]));
  return notice;
}

void
lt_notice_free (LtNotice *notice)
{
  if (notice == NULL)
    return;
  g_free (notice->version);
  g_free (notice->title);
  g_free (notice->body);
  g_free (notice);
}

char *
lt_notice_dup_version (void)
{
  g_autoptr (LtNotice) notice = lt_notice_load ("en", NULL, 1);

  return g_steal_pointer (&notice->version);
}
