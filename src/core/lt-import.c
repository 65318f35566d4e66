/* lt-import.c: residents from a spreadsheet, all or nothing
 *
 * Columns: unit,name[,pin][,card]. A first row naming the columns is
 * skipped. Every row is checked before anything is written, and every bad
 * row is reported with its line number, so a manager fixes the file once
 * instead of once per error. The rows are written in bounded transactions
 * (the door must not wait on an import) and undone if a write fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-import"

#include "lt-import.h"
#include "lt-card.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_QUARK (lt - import - error - quark, lt_import_error)

#define MAX_REPORTED_ROWS 20

/* RFC 4180 fields: quoted fields may hold commas, doubled quotes and line
 * breaks. Reads no further than end, advances *cursor past the record;
 * *ok is FALSE on a stray quote. */
GPtrArray *
lt_csv_parse_line (const char **cursor,
                   const char  *end,
                   gboolean    *ok)
{
  g_return_val_if_fail (cursor != NULL, NULL);
  g_return_val_if_fail (end != NULL, NULL);
  g_return_val_if_fail (ok != NULL, NULL);

  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) field = g_string_new (NULL);
  const char *p = *cursor;
  gboolean    quoted = FALSE, was_quoted = FALSE;

  *ok = TRUE;
  for (;; p++) {
    char c = p < end ? *p : '\0';

    if (quoted) {
      if (c == '\0') {
        *ok = FALSE;
        break;
      }
      if (c == '"' && p + 1 < end && p[1] == '"') {
        g_string_append_c (field, '"');
        p++;
      } else if (c == '"') {
        quoted = FALSE;
      } else {
        g_string_append_c (field, c);
      }
      continue;
    }

    if (c == '"') {
      if (field->len != 0 || was_quoted)
        *ok = FALSE;
      quoted = was_quoted = TRUE;
    } else if (c == ',' || c == '\n' || c == '\r' || c == '\0') {
      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      was_quoted = FALSE;
      if (c == ',')
        continue;
      if (c == '\r' && p + 1 < end && p[1] == '\n')
        p++;
      if (c != '\0')
        p++;
      break;
    } else if (was_quoted) {
      *ok = FALSE;
    } else {
      g_string_append_c (field, c);
    }
  }
  *cursor = p;
  return g_steal_pointer (&fields);
}

typedef struct {
  guint line;
  char *unit;
  char *name;
  char *pin;
  char *card;
} Row;

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->unit);
  g_free (row->name);
  if (row->pin != NULL)
    memset (row->pin, 0, strlen (row->pin));
  g_free (row->pin);
  g_free (row->card);
}

static char *
field_or_null (GPtrArray *fields,
               guint      index)
{
  const char *text;

  if (index >= fields->len)
    return NULL;
  text = g_ptr_array_index (fields, index);
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return NULL;
  return g_strstrip (g_strdup (text));
}

static gboolean
is_header (GPtrArray *fields)
{
  g_autofree char *first = field_or_null (fields, 0);

  return first != NULL && g_ascii_strcasecmp (first, "unit") == 0;
}

static void
wipe_free (gpointer data)
{
  char *text = data;

  memset (text, 0, strlen (text));
  g_free (text);
}

/* Whether unit+PIN is already someone's, in the store or in an earlier
 * line; if not, it is remembered for the lines after. */
static gboolean
pin_taken (LtStore        *store,
           const LtSecret *secret,
           GHashTable     *seen,
           const char     *unit,
           const char     *pin)
{
  g_autoptr (LtPerson) person = NULL;
  char *key = g_strconcat (unit, "\n", pin, NULL);

  if (g_hash_table_contains (seen, key) || lt_store_match_pin (store, secret, unit, pin, &person, NULL) != LT_PIN_MATCH_NONE) {
    wipe_free (key);
    return TRUE;
  }
  g_hash_table_add (seen, key);
  return FALSE;
}

/* What the first pass gathers: the rows, what they claim so far, and
 * what is wrong with them. */
typedef struct {
  LtStore        *store;
  const LtConfig *config;
  const LtSecret *secret;
  GArray         *rows;  /* Row */
  GHashTable     *cards; /* normalized card → nothing: earlier lines' cards */
  GHashTable     *pins;  /* "unit\npin", wiped: earlier lines' PINs */
  GString        *problems;
  guint           n_problems;
} Import;

static void
report (Import     *import,
        guint       line,
        const char *message)
{
  if (++import->n_problems <= MAX_REPORTED_ROWS)
    g_string_append_printf (import->problems, _ ("\n  line %u: %s"), line, message);
}

static void
check_card (Import    *import,
            const Row *row)
{
  g_autoptr (GError) card_error = NULL;
  g_autofree char *card = lt_card_normalize (row->card, &card_error);

  if (card == NULL)
    report (import, row->line, card_error->message);
  else if (g_hash_table_contains (import->cards, card))
    report (import, row->line, _ ("the same card appears on an earlier line"));
  else if (lt_store_card_in_use (import->store, import->secret, card))
    report (import, row->line, _ ("this card is already registered to someone"));
  else
    g_hash_table_add (import->cards, g_steal_pointer (&card));
}

/* The first problem of a row, if any, is reported. */
static void
check_row (Import    *import,
           const Row *row)
{
  g_autoptr (GError) row_error = NULL;
  g_autofree char *message = NULL;

  if (row->unit == NULL || !lt_config_unit_valid (import->config, row->unit)) {
    report (import, row->line, _ ("the unit is missing or not in the building's unit format"));
  } else if (!lt_store_unit_exists (import->store, row->unit)) {
    message = g_strdup_printf (_ ("unit %s does not exist; add it with 'lintelctl unit add %s'"), row->unit, row->unit);
    report (import, row->line, message);
  } else if (row->name == NULL || !lt_name_valid (row->name, &row_error)) {
    report (import, row->line, row_error ? row_error->message : _ ("the name is missing"));
  } else if (row->pin != NULL && !lt_pin_valid (row->pin, &row_error)) {
    report (import, row->line, row_error->message);
  } else if (row->pin != NULL && pin_taken (import->store, import->secret, import->pins, row->unit, row->pin)) {
    /* A PIN must pick out one person of the unit. */
    message = g_strdup_printf (_ ("this PIN is already used in unit %s, by an earlier line or a resident; choose another one"),
                               row->unit);
    report (import, row->line, message);
  } else if (row->card != NULL) {
    check_card (import, row);
  }
}

/* One record of the file, starting on line first_line. */
static void
read_record (Import    *import,
             GPtrArray *fields,
             gboolean   ok,
             guint      first_line)
{
  Row row = { first_line, NULL, NULL, NULL, NULL };

  if (!ok) {
    report (import, first_line, _ ("a quoted field is not closed properly"));
    return;
  }
  if (fields->len == 1 && *(const char *)g_ptr_array_index (fields, 0) == '\0')
    return; /* blank line */
  if (first_line == 1 && is_header (fields))
    return;
  if (fields->len < 2 || fields->len > 4) {
    report (import, first_line, _ ("expected the columns unit,name[,pin][,card]"));
    return;
  }
  row.unit = field_or_null (fields, 0);
  row.name = field_or_null (fields, 1);
  row.pin = field_or_null (fields, 2);
  row.card = field_or_null (fields, 3);
  g_array_append_val (import->rows, row);
  check_row (import, &g_array_index (import->rows, Row, import->rows->len - 1));
}

/* First pass: parse and check everything, write nothing. */
static void
read_rows (Import     *import,
           const char *contents,
           gsize       length)
{
  const char *cursor = contents;
  const char *end = contents + length;
  guint       line = 1;

  if (length >= 3 && memcmp (cursor, "\xEF\xBB\xBF", 3) == 0)
    cursor += 3; /* the byte-order mark spreadsheets like to add */
  while (cursor < end) {
    guint       first_line = line;
    const char *start = cursor;
    gboolean    ok;
    g_autoptr (GPtrArray) fields = lt_csv_parse_line (&cursor, end, &ok);

    for (const char *p = start; p < cursor; p++)
      if (*p == '\n')
        line++;
    if (cursor == start)
      break;
    read_record (import, fields, ok, first_line);
  }
}

/* Second pass: one transaction, so a failure half-way leaves nothing. */
/* Rows written per transaction: the write lock is let go between them, so
 * that the door's decisions, which wait at most a fraction of a second for
 * it, are never refused while a large file is imported. */
#define ROWS_PER_TRANSACTION 250
#define IMPORT_HOLD_US       20000
#define IMPORT_PAUSE_US      5000

static gboolean
write_row (Import    *import,
           const Row *row,
           GArray    *ids,
           GError   **error)
{
  gint64 id = lt_store_add_person (import->store, LT_PERSON_RESIDENT, row->unit, row->name, NULL, error);

  if (id == 0)
    return FALSE;
  g_array_append_val (ids, id);
  return (row->pin == NULL || lt_store_set_pin (import->store, import->secret, id, row->pin, FALSE, error)) && (row->card == NULL || lt_store_add_card (import->store, import->secret, id, row->card, error));
}

/* All or nothing across transactions: what the earlier ones wrote is
 * removed again, in bounded transactions too. */
static void
undo_rows (Import *import,
           GArray *ids)
{
  for (guint i = 0; i < ids->len; i += ROWS_PER_TRANSACTION) {
    g_autoptr (GError) error = NULL;

    if (!lt_store_begin (import->store, &error)) {
      g_warning ("Could not undo a failed import: %s", error->message);
      return;
    }
    for (guint k = i; k < MIN (ids->len, i + ROWS_PER_TRANSACTION); k++)
      if (!lt_store_remove_person (import->store, g_array_index (ids, gint64, k), &error))
        break;
    if (error != NULL || !lt_store_commit (import->store, &error)) {
      g_warning ("Could not undo a failed import: %s", error->message);
      lt_store_rollback (import->store);
      return;
    }
  }
}

/* The rows in bounded transactions; *committed counts the ids of the
 * transactions that committed. */
static gboolean
write_chunks (Import  *import,
              GArray  *ids,
              guint   *committed,
              GError **error)
{
  GArray *rows = import->rows;

  for (guint i = 0, end; i < rows->len; i = end) {
    gint64 started = g_get_monotonic_time ();

    end = MIN (rows->len, i + ROWS_PER_TRANSACTION);
    if (!lt_store_begin (import->store, error))
      return FALSE;
    for (guint k = i; k < end; k++) {
      const Row *row = &g_array_index (rows, Row, k);

      /* Bounded in time too, on a slow or busy machine. */
      if (k > i && g_get_monotonic_time () - started > IMPORT_HOLD_US) {
        end = k;
        break;
      }
      if (!write_row (import, row, ids, error)) {
        g_prefix_error (error, _ ("Nothing was imported: line %u: "), row->line);
        return FALSE;
      }
    }
    if (!lt_store_commit (import->store, error))
      return FALSE;
    *committed = ids->len;
    /* A breath between transactions: a waiting door gets the lock. */
    g_usleep (IMPORT_PAUSE_US);
  }
  return TRUE;
}

/* Bulk mode: the transactions hold the lock for their work, not for the
 * disk's sync; leaving it syncs the whole import at once. */
static gboolean
write_rows (Import  *import,
            GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint    committed = 0;
  gboolean ok;

  lt_store_set_bulk (import->store, TRUE);
  ok = write_chunks (import, ids, &committed, error);
  if (!ok) {
    /* The rollback takes the failed transaction's rows; the earlier ones are undone. */
    lt_store_rollback (import->store);
    g_array_set_size (ids, committed);
    undo_rows (import, ids);
  }
  lt_store_set_bulk (import->store, FALSE);
  return ok;
}

gboolean
lt_import_residents (LtStore        *store,
                     const LtConfig *config,
                     const LtSecret *secret,
                     const char     *contents,
                     gsize           length,
                     guint          *n_imported,
                     GError        **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autoptr (GHashTable) cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) pins = g_hash_table_new_full (g_str_hash, g_str_equal, wipe_free, NULL);
  g_autoptr (GString) problems = g_string_new (NULL);
  Import import = { store, config, secret, rows, cards, pins, problems, 0 };

  g_return_val_if_fail (LT_IS_STORE (store), FALSE);
  g_return_val_if_fail (config != NULL && secret != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);
  g_return_val_if_fail (n_imported != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_array_set_clear_func (rows, row_clear);
  *n_imported = 0;
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate_len (contents, length, NULL)) {
    g_set_error (error, LT_IMPORT_ERROR, LT_IMPORT_ERROR_INVALID,
                 _ ("The file is not UTF-8 text; save it from the spreadsheet as “CSV UTF-8” and try again"));
    return FALSE;
  }

  read_rows (&import, contents, length);
  if (import.n_problems > 0) {
    if (import.n_problems > MAX_REPORTED_ROWS)
      g_string_append_printf (problems, _ ("\n  … and %u more"), import.n_problems - MAX_REPORTED_ROWS);
    g_set_error (error, LT_IMPORT_ERROR, LT_IMPORT_ERROR_INVALID,
                 g_dngettext (NULL, "Nothing was imported: %u row needs fixing:%s",
                              "Nothing was imported: %u rows need fixing:%s", import.n_problems),
                 import.n_problems, problems->str);
    return FALSE;
  }
  if (rows->len == 0) {
    g_set_error (error, LT_IMPORT_ERROR, LT_IMPORT_ERROR_INVALID,
                 _ ("The file has no residents in it; expected rows of unit,name[,pin][,card]"));
    return FALSE;
  }
  if (!write_rows (&import, error))
    return FALSE;
  *n_imported = rows->len;
  return TRUE;
}
