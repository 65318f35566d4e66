/* fuzz-csv.c: libFuzzer target for the CSV record parser of imports
 *
 * A resident list comes from any spreadsheet. Whatever the bytes, the
 * parser must stop at the end, move forward on every record and never
 * read outside the buffer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-import.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* A copy of exactly size bytes: ASan sees any read past the end. */
  char       *copy = g_malloc (size ? size : 1);
  const char *cursor = copy, *end = copy + size;

  /* lt_import_residents refuses a file with a NUL byte before parsing. */
  if (memchr (data, '\0', size) != NULL) {
    g_free (copy);
    return 0;
  }
  memcpy (copy, data, size);
  while (cursor < end) {
    const char *before = cursor;
    gboolean    ok = TRUE;
    GPtrArray  *fields = lt_csv_parse_line (&cursor, end, &ok);

    if (cursor <= before || cursor > end)
      abort ();
    if (fields != NULL)
      g_ptr_array_unref (fields);
  }
  g_free (copy);
  return 0;
}
