/* fuzz-keyfile.c: libFuzzer target for the key-file readers
 *
 * The bytes become device.key and site.pub in a private directory; the
 * readers must accept exactly the right sizes and refuse everything else
 * with an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-pass.h"
#include "lt-secret.h"

#include <glib/gstdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *dir;

static void
write_key (const char   *name,
           const guint8 *data,
           size_t        size)
{
  char *path = g_build_filename (dir, name, NULL);

  if (!g_file_set_contents (path, (const char *)data, (gssize)size, NULL) || g_chmod (path, 0600) != 0)
    abort ();
  g_free (path);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GError    *error = NULL;
  LtSecret  *secret;
  LtPassKey *key;

  if (dir == NULL)
    dir = g_dir_make_tmp ("lintel-fuzz-keys-XXXXXX", NULL);
  write_key (LT_SECRET_FILE, data, size);
  write_key (LT_PASS_PUBLIC_KEY_FILE, data, size);

  secret = lt_secret_load (dir, &error);
  if ((secret == NULL) == (error == NULL) || (secret != NULL && size != LT_SECRET_BYTES))
    abort ();
  g_clear_pointer (&secret, lt_secret_free);
  g_clear_error (&error);

  key = lt_pass_key_load_public (dir, &error);
  if ((key == NULL) == (error == NULL) || (key != NULL && size != LT_PASS_PUBLIC_KEY_BYTES))
    abort ();
  g_clear_pointer (&key, lt_pass_key_free);
  g_clear_error (&error);
  return 0;
}
