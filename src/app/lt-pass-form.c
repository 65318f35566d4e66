/* lt-pass-form.c: the guard's form for a new visitor pass
 *
 * The unit on a keypad, and on the same keypad the last 4 digits of the
 * visitor's phone (optional; a name can only be given with `lintelctl
 * pass issue --name`), a validity preset or custom hours (today, tomorrow
 * or the day after, in half-hour steps, edited in the keypad's place
 * until a field is tapped) and a number of entries. The form
 * checks what it can by itself; whether the unit exists and the signing
 * are the guard page's business, through the host. Its choices are
 * property actions ("pass-form.validity", "pass-form.uses",
 * "pass-form.field", "pass-form.day"); Cancel and Issue are the page's
 * actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-pass-form"

#include "lt-pass-form-private.h"
#include "lt-keypad.h"
#include "lt-pass-request.h"
#include "lt-pass-token.h"
#include "lt-pass-words.h"

#include <glib/gi18n.h>
#include <string.h>

#define CUSTOM_MAX_DAY   2 /* a custom pass starts today, tomorrow or the day after */
#define PHONE_DIGITS     4
#define CUSTOM_MAX_HOURS 24                        /* and how long it may last */
#define CUSTOM_STEP      (30 * G_TIME_SPAN_MINUTE) /* a visitor's hours are rarely on the hour */

struct _LtPassForm {
  GtkWidget parent_instance;

  GtkWidget *issue_box;
  GtkButton *unit_field;
  GtkButton *phone_field;
  LtKeypad  *keypad;
  GtkStack  *left_stack; /* the keypad, or the custom hours in its place */
  GtkWidget *custom_grid;
  GtkLabel  *custom_start_label;
  GtkLabel  *custom_end_label;
  GtkLabel  *issue_error;

  GString *unit;
  GString *phone;    /* the visitor's phone: its last digits as typed */
  char    *field;    /* what the keypad types: "unit" or "phone" */
  char    *validity; /* "2h", "4h", "today" or "custom" */
  guint    uses;     /* 0: unlimited within the window */
  guint    day;      /* custom hours: 0 today, 1 tomorrow, 2 the day after */
  gint64   custom_from_us;
  gint64   custom_until_us;
};

enum {
  PROP_0,
  PROP_VALIDITY,
  PROP_USES,
  PROP_FIELD,
  PROP_DAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LtPassForm, lt_pass_form, GTK_TYPE_WIDGET)

static gint64
floor_to (gint64 time_us,
          gint64 step_us)
{
  return time_us - time_us % step_us;
}

static void
update_custom (LtPassForm *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) from = g_date_time_new_from_unix_local (self->custom_from_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) until = g_date_time_new_from_unix_local (self->custom_until_us / G_USEC_PER_SEC);
  g_autofree char *from_when = lt_pass_when_words (from, now);
  g_autofree char *until_when = lt_pass_when_words (until, now);
  /* Translators: the start of a custom pass, e.g. "From today 14:00" */
  g_autofree char *from_text = g_strdup_printf (_ ("From %s"), from_when);
  /* Translators: the end of a custom pass, e.g. "Until today 16:00" */
  g_autofree char *until_text = g_strdup_printf (_ ("Until %s"), until_when);

  gtk_label_set_label (self->custom_start_label, from_text);
  gtk_label_set_label (self->custom_end_label, until_text);
}

/* Midnight that begins today + DAYS, local time. */
static GDateTime *
day_start (guint days)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                       g_date_time_get_day_of_month (now), 0, 0, 0);

  return g_date_time_add_days (today, (int)days);
}

/* The two fields the keypad types into, each a button that picks it. */
static void
update_fields (LtPassForm *self)
{
  g_autofree char *unit = self->unit->len ? g_strdup_printf (_ ("Unit %s"), self->unit->str) : g_strdup (_ ("Unit"));
  g_autofree char *digits = lt_pass_phone_words (self->phone->str);
  /* Translators: the visitor's phone, shown as "•••• 1234" */
  g_autofree char *phone = g_strdup_printf (_ ("Phone %s"), digits);
  gboolean         on_unit = g_str_equal (self->field, "unit");

  gtk_button_set_label (self->unit_field, unit);
  gtk_button_set_label (self->phone_field, phone);
  /* The checked look of a choice shows where the digits go. */
  if (on_unit) {
    gtk_widget_add_css_class (GTK_WIDGET (self->unit_field), "current");
    gtk_widget_remove_css_class (GTK_WIDGET (self->phone_field), "current");
  } else {
    gtk_widget_add_css_class (GTK_WIDGET (self->phone_field), "current");
    gtk_widget_remove_css_class (GTK_WIDGET (self->unit_field), "current");
  }
  lt_keypad_set_dash (self->keypad, on_unit);
}

void
lt_pass_form_show_error (LtPassForm *self,
                         const char *text)
{
  g_return_if_fail (LT_IS_PASS_FORM (self));

  gtk_label_set_label (self->issue_error, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->issue_error), text != NULL);
}

static void
on_keypad_key (LtKeypad   *keypad,
               const char *key,
               LtPassForm *self)
{
  gboolean on_unit = g_str_equal (self->field, "unit");
  GString *text = on_unit ? self->unit : self->phone;
  gsize    most = on_unit ? LT_PASS_UNIT_MAX_BYTES : PHONE_DIGITS;

  lt_pass_form_show_error (self, NULL);
  if (g_str_equal (key, "back")) {
    if (text->len > 0)
      g_string_truncate (text, text->len - 1);
  } else if (!on_unit && !g_ascii_isdigit (key[0])) {
    lt_pass_form_show_error (self, _ ("A phone number has only digits."));
  } else if (text->len < most) {
    g_string_append (text, key);
  }
  update_fields (self);
}

/* The window the chosen preset means, from now. */
static void
pass_window (LtPassForm *self,
             gint64     *from_us,
             gint64     *until_us)
{
  gint64 now = floor_to (g_get_real_time (), G_TIME_SPAN_MINUTE);

  *from_us = now;
  if (g_str_equal (self->validity, "4h")) {
    *until_us = now + 4 * G_TIME_SPAN_HOUR;
  } else if (g_str_equal (self->validity, "today")) {
    g_autoptr (GDateTime) local = g_date_time_new_now_local ();
    g_autoptr (GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                                            g_date_time_get_day_of_month (local), 23, 59, 0);
    *until_us = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  } else if (g_str_equal (self->validity, "custom")) {
    *from_us = self->custom_from_us;
    *until_us = self->custom_until_us;
  } else {
    *until_us = now + 2 * G_TIME_SPAN_HOUR;
  }
}

/* Fills VALUES and returns TRUE when the form holds a pass that can be
 * asked for; otherwise it shows what is wrong and returns FALSE. */
gboolean
lt_pass_form_check (LtPassForm       *self,
                    LtPassFormValues *values)
{
  g_return_val_if_fail (LT_IS_PASS_FORM (self), FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  memset (values, 0, sizeof *values);
  if (self->unit->len == 0) {
    lt_pass_form_show_error (self, _ ("Enter the unit number first."));
    return FALSE;
  }
  if (self->phone->len > 0 && !lt_pass_phone_valid (self->phone->str)) {
    lt_pass_form_show_error (self, _ ("Enter all 4 last digits of the visitor's phone, or clear them."));
    return FALSE;
  }
  pass_window (self, &values->valid_from_us, &values->valid_until_us);
  if (values->valid_until_us <= g_get_real_time ()) {
    lt_pass_form_show_error (self, _ ("This pass would already be over. Choose later hours."));
    return FALSE;
  }
  values->unit = self->unit->str;
  values->phone_last4 = self->phone->len > 0 ? g_strdup (self->phone->str) : NULL;
  values->max_uses = self->uses;
  lt_pass_form_show_error (self, NULL);
  return TRUE;
}

const char *
lt_pass_form_get_unit (LtPassForm *self)
{
  g_return_val_if_fail (LT_IS_PASS_FORM (self), NULL);

  return self->unit->str;
}

/* ---- properties -------------------------------------------------------------- */

static void
set_validity (LtPassForm *self,
              const char *validity)
{
  static const char *const presets[] = { "2h", "4h", "today", "custom", NULL };

  if (validity == NULL || !g_strv_contains (presets, validity)) {
    g_warning ("Unknown pass validity “%s”", validity ? validity : "(null)");
    return;
  }
  /* Custom hours take the keypad's place (tapped again, they come back);
   * a preset needs no editor. */
  if (g_str_equal (validity, "custom"))
    gtk_stack_set_visible_child (self->left_stack, self->custom_grid);
  else
    gtk_stack_set_visible_child (self->left_stack, GTK_WIDGET (self->keypad));
  if (g_strcmp0 (self->validity, validity) == 0)
    return;
  g_free (self->validity);
  self->validity = g_strdup (validity);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDITY]);
}

static void
set_uses (LtPassForm *self,
          guint       uses)
{
  if (self->uses == uses)
    return;
  self->uses = uses;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USES]);
}

static void
set_field (LtPassForm *self,
           const char *field)
{
  if (g_strcmp0 (field, "unit") != 0 && g_strcmp0 (field, "phone") != 0) {
    g_warning ("Unknown pass form field “%s”", field ? field : "(null)");
    return;
  }
  /* A field tapped: the keypad that types into it is back. */
  gtk_stack_set_visible_child (self->left_stack, GTK_WIDGET (self->keypad));
  if (g_strcmp0 (self->field, field) == 0)
    return;
  g_free (self->field);
  self->field = g_strdup (field);
  update_fields (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
}

/* Which day the custom start falls on (0-2), from the start itself. */
static void
sync_day (LtPassForm *self)
{
  g_autoptr (GDateTime) today = day_start (0);
  gint64 days = (self->custom_from_us / G_USEC_PER_SEC - g_date_time_to_unix (today)) / (24 * 3600);
  guint  day = (guint)CLAMP (days, 0, CUSTOM_MAX_DAY);

  update_custom (self);
  if (self->day == day)
    return;
  self->day = day;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY]);
}

/* The same time of day on another day, the pass as long as it was; never
 * before the current half hour. */
static void
set_day (LtPassForm *self,
         guint       day)
{
  gint64 earliest = floor_to (g_get_real_time (), CUSTOM_STEP);
  gint64 length = self->custom_until_us - self->custom_from_us;
  gint64 time_of_day;
  g_autoptr (GDateTime) start = day_start (self->day);
  g_autoptr (GDateTime) target = day_start (MIN (day, CUSTOM_MAX_DAY));

  time_of_day = self->custom_from_us - g_date_time_to_unix (start) * G_USEC_PER_SEC;
  self->custom_from_us = MAX (g_date_time_to_unix (target) * G_USEC_PER_SEC + time_of_day, earliest);
  self->custom_until_us = self->custom_from_us + length;
  sync_day (self);
}

/* A new form: no unit, two hours, one entry, no name. Keypad beside the
 * choices, or above them on a portrait panel (the window's size is fixed
 * by then, so this is decided once per form). */
void
lt_pass_form_reset (LtPassForm *self)
{
  gint64     hour = floor_to (g_get_real_time (), CUSTOM_STEP);
  GtkWidget *root;
  gboolean   portrait;

  g_return_if_fail (LT_IS_PASS_FORM (self));

  g_string_truncate (self->unit, 0);
  g_string_truncate (self->phone, 0);
  set_field (self, "unit");
  update_fields (self);
  set_validity (self, "2h");
  set_uses (self, 1);
  self->custom_from_us = hour;
  self->custom_until_us = hour + 2 * G_TIME_SPAN_HOUR;
  sync_day (self);
  lt_pass_form_show_error (self, NULL);
  root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  portrait = root != NULL && gtk_widget_get_width (root) < gtk_widget_get_height (root);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->issue_box),
                                  portrait ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
}

/* Half-hour steps: the start never before this half hour nor after the
 * day after tomorrow, the end half an hour to CUSTOM_MAX_HOURS hours
 * after it. */
static void
action_custom_step (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LtPassForm *self = LT_PASS_FORM (widget);
  gint64      step = (gint64)g_variant_get_int32 (parameter) * CUSTOM_STEP;
  gint64      earliest = floor_to (g_get_real_time (), CUSTOM_STEP);
  gint64      length = self->custom_until_us - self->custom_from_us;
  g_autoptr (GDateTime) beyond = day_start (CUSTOM_MAX_DAY + 1);
  gint64 latest = g_date_time_to_unix (beyond) * G_USEC_PER_SEC - CUSTOM_STEP;

  if (g_str_equal (action_name, "pass-form.custom-start")) {
    self->custom_from_us = CLAMP (self->custom_from_us + step, earliest, latest);
    /* The end moves along, keeping the pass as long as it was. */
    self->custom_until_us = self->custom_from_us + length;
  } else {
    self->custom_until_us = CLAMP (self->custom_until_us + step, self->custom_from_us + CUSTOM_STEP,
                                   self->custom_from_us + CUSTOM_MAX_HOURS * G_TIME_SPAN_HOUR);
  }
  sync_day (self);
}

static void
lt_pass_form_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LtPassForm *self = LT_PASS_FORM (object);

  switch (prop_id) {
  case PROP_VALIDITY:
    g_value_set_string (value, self->validity);
    break;
  case PROP_USES:
    g_value_set_uint (value, self->uses);
    break;
  case PROP_FIELD:
    g_value_set_string (value, self->field);
    break;
  case PROP_DAY:
    g_value_set_uint (value, self->day);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_pass_form_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LtPassForm *self = LT_PASS_FORM (object);

  switch (prop_id) {
  case PROP_VALIDITY:
    set_validity (self, g_value_get_string (value));
    break;
  case PROP_USES:
    set_uses (self, g_value_get_uint (value));
    break;
  case PROP_FIELD:
    set_field (self, g_value_get_string (value));
    break;
  case PROP_DAY:
    set_day (self, g_value_get_uint (value));
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

static void
lt_pass_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LT_TYPE_PASS_FORM);
  G_OBJECT_CLASS (lt_pass_form_parent_class)->dispose (object);
}

static void
lt_pass_form_finalize (GObject *object)
{
  LtPassForm *self = LT_PASS_FORM (object);

  g_string_free (self->unit, TRUE);
  g_string_free (self->phone, TRUE);
  g_free (self->field);
  g_free (self->validity);
  G_OBJECT_CLASS (lt_pass_form_parent_class)->finalize (object);
}

static void
lt_pass_form_class_init (LtPassFormClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lt_pass_form_get_property;
  object_class->set_property = lt_pass_form_set_property;
  object_class->dispose = lt_pass_form_dispose;
  object_class->finalize = lt_pass_form_finalize;

  /**
   * LtPassForm:validity:
   *
   * The new pass's hours: "2h", "4h", "today" or "custom".
   */
  properties[PROP_VALIDITY] = g_param_spec_string ("validity", NULL, NULL, "2h",
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LtPassForm:uses:
   *
   * The new pass's entries; 0 for any number within its hours.
   */
  properties[PROP_USES] = g_param_spec_uint ("uses", NULL, NULL, 0, LT_PASS_MAX_USES, 1,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LtPassForm:field:
   *
   * What the keypad types: "unit" or "phone" (the visitor's last 4 digits).
   */
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, "unit",
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * LtPassForm:day:
   *
   * The day custom hours start: 0 today, 1 tomorrow, 2 the day after.
   */
  properties[PROP_DAY] = g_param_spec_uint ("day", NULL, NULL, 0, CUSTOM_MAX_DAY, 0,
                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LT_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/lintel/Kiosk/lt-pass-form.ui");
  gtk_widget_class_bind_template_child (widget_class, LtPassForm, issue_box);
  gtk_widget_class_bind_template_child (widget_class, LtPassForm, unit_field);
  gtk_widget_class_bind_template_child (widget_class, LtPassForm, phone_field);
  gtk_widget_class_bind_template_child (widget_class, LtPassForm, keypad);
  gtk_widget_class_bind_template_child (widget_class, LtPassForm, left_stack);
  gtk_widget_class_bind_template_child (widget_class, LtPassForm, custom_grid);
  gtk_widget_class_bind_template_child (widget_class, LtPassForm, custom_start_label);
  gtk_widget_class_bind_template_child (widget_class, LtPassForm, custom_end_label);
  gtk_widget_class_bind_template_child (widget_class, LtPassForm, issue_error);

  gtk_widget_class_install_property_action (widget_class, "pass-form.validity", "validity");
  gtk_widget_class_install_property_action (widget_class, "pass-form.uses", "uses");
  gtk_widget_class_install_property_action (widget_class, "pass-form.field", "field");
  gtk_widget_class_install_property_action (widget_class, "pass-form.day", "day");
  gtk_widget_class_install_action (widget_class, "pass-form.custom-start", "i", action_custom_step);
  gtk_widget_class_install_action (widget_class, "pass-form.custom-end", "i", action_custom_step);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "passform");
}

static void
lt_pass_form_init (LtPassForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->unit = g_string_new (NULL);
  self->phone = g_string_new (NULL);
  self->field = g_strdup ("unit");
  self->validity = g_strdup ("2h");
  self->uses = 1;
  lt_keypad_set_dash (self->keypad, TRUE);
  g_signal_connect (self->keypad, "key", G_CALLBACK (on_keypad_key), self);
}

/* ---- for tests and accessibility tools --------------------------------------------- */

/* Clicks the unit keypad's buttons for each character of KEYS. */
void
lt_pass_form_press (LtPassForm *self,
                    const char *keys)
{
  g_return_if_fail (LT_IS_PASS_FORM (self));

  lt_keypad_press (self->keypad, keys);
}

/* The phone digits as typed, and the label of their field. */
const char *
lt_pass_form_get_phone (LtPassForm *self)
{
  g_return_val_if_fail (LT_IS_PASS_FORM (self), NULL);

  return self->phone->str;
}

const char *
lt_pass_form_get_phone_label (LtPassForm *self)
{
  g_return_val_if_fail (LT_IS_PASS_FORM (self), NULL);

  return gtk_button_get_label (self->phone_field);
}

/* The error on the form, or NULL. */
const char *
lt_pass_form_get_issue_error (LtPassForm *self)
{
  g_return_val_if_fail (LT_IS_PASS_FORM (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->issue_error)) ? gtk_label_get_label (self->issue_error) : NULL;
}

/* What the form's left side shows: "keypad", or "custom" (the custom
 * hours in the keypad's place). */
const char *
lt_pass_form_get_editor (LtPassForm *self)
{
  g_return_val_if_fail (LT_IS_PASS_FORM (self), NULL);

  return gtk_stack_get_visible_child (self->left_stack) == self->custom_grid ? "custom" : "keypad";
}

/* The custom hours as chosen (real time, µs). */
void
lt_pass_form_get_custom_range (LtPassForm *self,
                               gint64     *from_us,
                               gint64     *until_us)
{
  g_return_if_fail (LT_IS_PASS_FORM (self));

  *from_us = self->custom_from_us;
  *until_us = self->custom_until_us;
}
