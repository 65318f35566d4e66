/* lt-config-file.c: reading a configuration file strictly
 *
 * The checks GKeyFile does not make: the file must be a small regular file
 * (never a FIFO or a device read forever), and no key may be set twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-config"

#include "lt-config.h"
#include "lt-config-private.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* GKeyFile keeps the last of two equal keys without a word; a file where
 * one line silently undoes another is refused, naming both lines. */
gboolean
lt_config_check_duplicate_keys (const char *data,
                                const char *name,
                                GError    **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  g_autofree char *group = g_strdup ("");

  for (guint i = 0; lines[i] != NULL; i++) {
    char            *line = g_strstrip (lines[i]);
    char            *equals;
    g_autofree char *id = NULL;
    gpointer         first;

    if (line[0] == '\0' || line[0] == '#')
      continue;
    if (line[0] == '[') {
      char *end = strchr (line, ']');
      g_free (group);
      group = g_strndup (line + 1, end ? (gsize)(end - line - 1) : strlen (line + 1));
      continue;
    }
    equals = strchr (line, '=');
    if (equals == NULL)
      continue; /* GKeyFile reports it */
    *equals = '\0';
    id = g_strdup_printf ("%s\n%s", group, g_strstrip (line));
    if (g_hash_table_lookup_extended (seen, id, NULL, &first)) {
      g_set_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_SYNTAX,
                   _ ("%s: the key %s in [%s] is set twice, on lines %u and %u; keep one of them"),
                   name, line, group, GPOINTER_TO_UINT (first), i + 1);
      return FALSE;
    }
    g_hash_table_insert (seen, g_steal_pointer (&id), GUINT_TO_POINTER (i + 1));
  }
  return TRUE;
}

/* A configuration file is a small regular file: a FIFO, a device such as
 * /dev/zero or a directory is refused at once instead of read forever. */
#define MAX_CONFIG_BYTES (1024 * 1024)

char *
lt_config_read_file (const char *path,
                     int        *saved_errno,
                     GError    **error)
{
  g_autofree char *contents = NULL;
  struct stat      st;
  gsize            done = 0;
  int              fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0) {
    *saved_errno = errno;
    return NULL;
  }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > MAX_CONFIG_BYTES) {
    close (fd);
    g_set_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_READ,
                 S_ISREG (st.st_mode) ? _ ("The configuration file %s is too large (more than 1 MiB); is it the right file?")
                                      : _ ("%s is not a regular file; give the path of the configuration file itself"),
                 path);
    return NULL;
  }
  contents = g_malloc ((gsize)st.st_size + 1);
  while (done < (gsize)st.st_size) {
    ssize_t got = read (fd, contents + done, (gsize)st.st_size - done);
    if (got <= 0) {
      if (got < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      break;
    }
    done += (gsize)got;
  }
  close (fd);
  contents[done] = '\0';
  return g_steal_pointer (&contents);
}
