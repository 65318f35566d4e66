/* lt-person.h: residents and staff as the rest of Lintel sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LT_PERSON_RESIDENT,
  LT_PERSON_GUARD,
  LT_PERSON_TECHNICIAN,
} LtPersonKind;

#define LT_NAME_MAX_CHARS 64
#define LT_PIN_MIN_DIGITS 4
#define LT_PIN_MAX_DIGITS 8

typedef struct {
  gint64       id;
  LtPersonKind kind;
  char        *unit;        /* NULL for staff */
  char        *name;
  gboolean     active;
  char        *valid_until; /* YYYY-MM-DD, last day of access, or NULL */
  gint64       schedule_id; /* 0: at any time */
  gboolean     has_pin;
  gboolean     has_duress;
  guint        n_cards;
  gboolean     minor;       /* enrols in face only with a guardian's PIN (R9) */
  gboolean     face_enrolled;
  guint        pin_digits;  /* the PIN's length; 0: no PIN, or set before lengths were kept */
} LtPerson;

gboolean    lt_person_kind_from_string (const char   *text,
                                        LtPersonKind *out);
const char *lt_person_kind_to_string   (LtPersonKind  kind);
void        lt_person_free             (LtPerson     *person);

/* Validation shared by every way in (CLI, CSV, UI); errors are in
 * LT_STORE_ERROR, LT_STORE_ERROR_INVALID. */
gboolean    lt_pin_valid               (const char   *pin,
                                        GError      **error);
gboolean    lt_name_valid              (const char   *name,
                                        GError      **error);
gboolean    lt_date_valid              (const char   *date,
                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtPerson, lt_person_free)

G_END_DECLS
