/* fuzz-config.c: libFuzzer target for the configuration loader
 *
 * A technician edits the file by hand: any text must load or be refused
 * with an error, never crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-config.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  char     *text = g_strndup ((const char *)data, size);
  GError   *error = NULL;
  LtConfig *config = lt_config_load_data (text, "fuzz.conf", &error);

  if ((config == NULL) == (error == NULL))
    abort (); /* a refusal always says why, a success never does */
  if (config != NULL)
    lt_config_free (config);
  g_clear_error (&error);
  g_free (text);
  return 0;
}
