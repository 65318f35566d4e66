/* lt-resident-page-hooks.c: what tests (and accessibility tools) see of
 * the resident page and do with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-resident-page"

#include "lt-resident-page-private.h"

/* ---- for tests and accessibility tools ------------------------------------------ */

const char *
lt_resident_page_get_view (LtResidentPage *self)
{
  g_return_val_if_fail (LT_IS_RESIDENT_PAGE (self), NULL);

  return lt_resident_page_view (self);
}

void
lt_resident_page_press (LtResidentPage *self,
                        const char     *keys)
{
  g_return_if_fail (LT_IS_RESIDENT_PAGE (self));

  lt_keypad_press (g_strcmp0 (lt_resident_page_view (self), "guardian") == 0 ? self->guardian_keypad : self->keypad, keys);
}

GtkWidget *
lt_resident_page_get_part (LtResidentPage *self,
                           const char     *part)
{
  const struct {
    const char *name;
    gpointer    widget;
  } parts[] = {
    { "consent-check", self->consent_check },
    { "agree", self->agree_button },
    { "decline", self->decline_button },
    { "face-entry", self->face_entry_button },
    { "withdraw", self->withdraw_button },
    { "guardian-ok", self->guardian_ok },
  };

  g_return_val_if_fail (LT_IS_RESIDENT_PAGE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (g_str_equal (parts[i].name, part))
      return parts[i].widget;
  g_return_val_if_reached (NULL);
}

char *
lt_resident_page_dup_text (LtResidentPage *self)
{
  const char *name;

  g_return_val_if_fail (LT_IS_RESIDENT_PAGE (self), NULL);

  name = lt_resident_page_view (self);
  if (g_str_equal (name, "sign-in"))
    return g_strdup (gtk_label_get_label (self->sign_in_hint));
  if (g_str_equal (name, "notice"))
    return g_strdup_printf ("%s\n%s\n%s", gtk_label_get_label (self->notice_title),
                            gtk_label_get_label (self->notice_body), gtk_label_get_label (self->notice_version));
  if (g_str_equal (name, "my-data"))
    return g_strdup_printf ("%s\n%s", gtk_label_get_label (self->data_label), gtk_label_get_label (self->entries_label));
  if (g_str_equal (name, "camera"))
    return g_strdup_printf ("%s\n%s", gtk_label_get_label (self->camera_step), gtk_label_get_label (self->camera_progress));
  return g_strdup_printf ("%s\n%s", gtk_label_get_label (self->outcome_title), gtk_label_get_label (self->outcome_detail));
}
