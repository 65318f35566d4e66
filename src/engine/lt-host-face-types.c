/* lt-host-face-types.c: what the host hands the resident screens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-host-face-types.h"

#include <string.h>

G_DEFINE_QUARK (lt - host - error - quark, lt_host_error)

G_DEFINE_BOXED_TYPE (LtResidentSession, lt_resident_session, lt_resident_session_copy, lt_resident_session_free)
G_DEFINE_BOXED_TYPE (LtNoticeText, lt_notice_text, lt_notice_text_copy, lt_notice_text_free)
G_DEFINE_BOXED_TYPE (LtResidentData, lt_resident_data, lt_resident_data_copy, lt_resident_data_free)

LtResidentSession *
lt_resident_session_copy (const LtResidentSession *session)
{
  LtResidentSession *copy;

  g_return_val_if_fail (session != NULL, NULL);

  copy = g_memdup2 (session, sizeof *session);
  copy->token = g_strdup (session->token);
  copy->name = g_strdup (session->name);
  copy->unit = g_strdup (session->unit);
  copy->notice_version = g_strdup (session->notice_version);
  return copy;
}

void
lt_resident_session_free (LtResidentSession *session)
{
  if (session == NULL)
    return;
  /* The token acts for the resident while it lives: not left in memory. */
  if (session->token != NULL)
    memset (session->token, 0, strlen (session->token));
  g_free (session->token);
  g_free (session->name);
  g_free (session->unit);
  g_free (session->notice_version);
  g_free (session);
}

LtNoticeText *
lt_notice_text_copy (const LtNoticeText *notice)
{
  LtNoticeText *copy;

  g_return_val_if_fail (notice != NULL, NULL);

  copy = g_new0 (LtNoticeText, 1);
  copy->version = g_strdup (notice->version);
  copy->title = g_strdup (notice->title);
  copy->body = g_strdup (notice->body);
  return copy;
}

void
lt_notice_text_free (LtNoticeText *notice)
{
  if (notice == NULL)
    return;
  g_free (notice->version);
  g_free (notice->title);
  g_free (notice->body);
  g_free (notice);
}

void
lt_resident_entry_free (LtResidentEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->method);
  g_free (entry->reason);
  g_free (entry);
}

LtResidentData *
lt_resident_data_new (void)
{
  LtResidentData *data = g_new0 (LtResidentData, 1);

  data->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)lt_resident_entry_free);
  return data;
}

LtResidentData *
lt_resident_data_copy (const LtResidentData *data)
{
  LtResidentData *copy;

  g_return_val_if_fail (data != NULL, NULL);

  copy = lt_resident_data_new ();
  copy->name = g_strdup (data->name);
  copy->unit = g_strdup (data->unit);
  copy->valid_until = g_strdup (data->valid_until);
  copy->has_pin = data->has_pin;
  copy->n_cards = data->n_cards;
  copy->face_enrolled = data->face_enrolled;
  copy->consent_us = data->consent_us;
  copy->notice_version = g_strdup (data->notice_version);
  copy->face_last_used_us = data->face_last_used_us;
  for (guint i = 0; i < data->entries->len; i++) {
    const LtResidentEntry *entry = g_ptr_array_index (data->entries, i);
    LtResidentEntry       *e = g_memdup2 (entry, sizeof *entry);

    e->method = g_strdup (entry->method);
    e->reason = g_strdup (entry->reason);
    g_ptr_array_add (copy->entries, e);
  }
  return copy;
}

void
lt_resident_data_free (LtResidentData *data)
{
  if (data == NULL)
    return;
  g_free (data->name);
  g_free (data->unit);
  g_free (data->valid_until);
  g_free (data->notice_version);
  g_ptr_array_unref (data->entries);
  g_free (data);
}
