/* lt-face-words.c: what the kiosk says about face entry and the resident
 * menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-face-words.h"

#include <glib/gi18n.h>

const char *
lt_face_step_words (const char *step)
{
  if (g_strcmp0 (step, "turn-left") == 0)
    return _ ("Slowly turn your head to your left");
  if (g_strcmp0 (step, "turn-right") == 0)
    return _ ("Slowly turn your head to your right");
  if (g_strcmp0 (step, "open-mouth") == 0)
    return _ ("Open your mouth");
  if (g_strcmp0 (step, "hold-still") == 0)
    return _ ("Hold still, looking at the camera");
  return _ ("Look at the camera");
}

char *
lt_face_captures_words (guint captures,
                        guint needed)
{
  if (needed == 0)
    return g_strdup ("");
  /* Translators: progress of a face enrolment, e.g. "Captures: 2 of 3" */
  return g_strdup_printf (_ ("Captures: %u of %u"), MIN (captures, needed), needed);
}

const char *
lt_face_error_words (const GError *error)
{
  if (error == NULL || error->domain != LT_HOST_ERROR)
    return _ ("Something went wrong at this terminal. Please try again, or use your PIN, card or a QR code.");
  switch ((LtHostError)error->code) {
  case LT_HOST_ERROR_SIGN_IN:
    return _ ("Unit and PIN, or the card, were not recognised. Please try again.");
  case LT_HOST_ERROR_LOCKED_OUT:
    return _ ("Too many wrong tries. Please wait a while, then try again.");
  case LT_HOST_ERROR_SESSION:
    return _ ("You were signed out after a while without a touch. Please sign in again.");
  case LT_HOST_ERROR_GUARDIAN:
    return _ ("The PIN was not a parent's or guardian's of this unit. Nothing was recorded.");
  case LT_HOST_ERROR_BUSY:
    return _ ("The camera is in use. Please try again in a moment.");
  case LT_HOST_ERROR_CAMERA:
    return _ ("No face could be checked. Please use your PIN, card or a QR code.");
  case LT_HOST_ERROR_LIVENESS:
    return _ ("The face check did not succeed. Please use your PIN, card or a QR code, or try again.");
  case LT_HOST_ERROR_DISABLED:
    return _ ("Face entry is not available at this terminal. PIN, card and QR code work as always.");
  case LT_HOST_ERROR_FAILED:
  default:
    return _ ("Something went wrong at this terminal. Please try again, or use your PIN, card or a QR code.");
  }
}

char *
lt_face_time_words (gint64 time_us)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static const char *
method_words (const char *method)
{
  if (g_strcmp0 (method, "pin") == 0)
    return _ ("Unit + PIN");
  if (g_strcmp0 (method, "card") == 0)
    return _ ("Card");
  if (g_strcmp0 (method, "qr") == 0)
    return _ ("QR code");
  if (g_strcmp0 (method, "face") == 0)
    return _ ("Face");
  return method != NULL ? method : "?";
}

char *
lt_resident_data_words (const LtResidentData *data)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (data != NULL, NULL);

  g_string_append_printf (text, _ ("Name: %s"), data->name);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _ ("Unit: %s"), data->unit != NULL ? data->unit : "");
  g_string_append_c (text, '\n');
  if (data->valid_until != NULL)
    g_string_append_printf (text, _ ("Access valid until: %s"), data->valid_until);
  else
    g_string_append (text, _ ("Access valid: no end date"));
  g_string_append_c (text, '\n');
  /* Credentials by kind only: never a digit of a PIN or of a card. */
  g_string_append (text, data->has_pin ? _ ("PIN: ●●●● (set; never shown)") : _ ("PIN: none"));
  g_string_append_c (text, '\n');
  g_string_append_printf (text,
                          g_dngettext (NULL, "Cards: %u (numbers never shown)", "Cards: %u (numbers never shown)",
                                       data->n_cards),
                          data->n_cards);
  g_string_append_c (text, '\n');
  if (data->face_enrolled) {
    g_autofree char *since = lt_face_time_words (data->consent_us);

    /* Translators: %1$s the date and time of consent, %2$s the notice's version */
    g_string_append_printf (text, _ ("Face entry: on since %1$s (consent to notice version %2$s)"), since,
                            data->notice_version != NULL ? data->notice_version : "?");
  } else {
    g_string_append (text, _ ("Face entry: not used; no face data is kept"));
  }
  return g_string_free (text, FALSE);
}

char *
lt_resident_entries_words (const LtResidentData *data)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (data != NULL, NULL);

  if (data->entries->len == 0)
    g_string_append (text, _ ("No entries yet"));
  for (guint i = 0; i < data->entries->len; i++) {
    const LtResidentEntry *entry = g_ptr_array_index (data->entries, i);
    g_autofree char       *when = lt_face_time_words (entry->time_us);

    if (i > 0)
      g_string_append_c (text, '\n');
    /* Translators: one entry: %1$s time, %2$s the way in, %3$s "opened" or "refused" */
    g_string_append_printf (text, _ ("%1$s  %2$s  %3$s"), when, method_words (entry->method),
                            entry->granted ? _ ("opened") : _ ("refused"));
  }
  return g_string_free (text, FALSE);
}
