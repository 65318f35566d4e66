/* lt-person.c: residents and staff, and the checks on what is said of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-person"

#include "lt-person.h"
#include "lt-store.h"

#include <glib/gi18n.h>
#include <string.h>

gboolean
lt_pin_valid (const char *pin,
              GError    **error)
{
  g_return_val_if_fail (pin != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gsize    len = strlen (pin);
  gboolean digits = len >= LT_PIN_MIN_DIGITS && len <= LT_PIN_MAX_DIGITS;

  for (gsize i = 0; digits && i < len; i++)
    digits = g_ascii_isdigit (pin[i]);
  if (!digits) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _ ("A PIN is %d to %d digits (0-9) and nothing else"), LT_PIN_MIN_DIGITS, LT_PIN_MAX_DIGITS);
    return FALSE;
  }
  return TRUE;
}

gboolean
lt_name_valid (const char *name,
               GError    **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (name, -1, NULL)) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _ ("The name is not valid UTF-8 text; save the file as UTF-8"));
    return FALSE;
  }
  if (g_utf8_strlen (name, -1) > LT_NAME_MAX_CHARS || *name == '\0') {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _ ("A name must have 1 to %d characters"), LT_NAME_MAX_CHARS);
    return FALSE;
  }
  for (const char *p = name; *p; p = g_utf8_next_char (p)) {
    if (g_unichar_iscntrl (g_utf8_get_char (p))) {
      g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                   _ ("A name must not contain control characters such as tabs or line breaks"));
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
lt_date_valid (const char *date,
               GError    **error)
{
  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  guint    year = 0, month = 0, day = 0;
  gboolean shape = strlen (date) == 10 && date[4] == '-' && date[7] == '-';

  for (guint i = 0; shape && i < 10; i++)
    shape = i == 4 || i == 7 || g_ascii_isdigit (date[i]);
  if (shape) {
    year = (guint)g_ascii_strtoull (date, NULL, 10);
    month = (guint)g_ascii_strtoull (date + 5, NULL, 10);
    day = (guint)g_ascii_strtoull (date + 8, NULL, 10);
  }
  if (!shape || !g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year)) {
    g_set_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID,
                 _ ("“%s” is not a date; write it as YYYY-MM-DD, for example 2027-06-30"), date);
    return FALSE;
  }
  return TRUE;
}

static const char *const kind_names[] = { "resident", "guard", "technician", NULL };

const char *
lt_person_kind_to_string (LtPersonKind kind)
{
  g_return_val_if_fail (kind <= LT_PERSON_TECHNICIAN, "unknown");

  return kind_names[kind];
}

gboolean
lt_person_kind_from_string (const char   *text,
                            LtPersonKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; kind_names[i] != NULL; i++) {
    if (g_strcmp0 (text, kind_names[i]) == 0) {
      *out = (LtPersonKind)i;
      return TRUE;
    }
  }
  return FALSE;
}

void
lt_person_free (LtPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->unit);
  g_free (person->name);
  g_free (person->valid_until);
  g_free (person);
}
