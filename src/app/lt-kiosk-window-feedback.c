/* lt-kiosk-window-feedback.c: what the kiosk window tells a person
 * after they tried: the result screen (a grant's honest countdown, a
 * denial that says what to do, how many tries are left and offers "Try
 * again", a lockout that counts down live, also before a PIN is typed
 * for a locked unit), the scan countdown, and a short notice for a card
 * tapped while staff are at the screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-kiosk-window"

#include "lt-kiosk-window-private.h"
#include "lt-decision-words.h"
#include "lt-time.h"

#include <glib/gi18n.h>

#define GRANT_SECONDS  5  /* a grant without a relock time stays this long */
#define DENIAL_SECONDS 15 /* time to read a denial and choose "Try again" */
#define NOTICE_SECONDS 5

static gboolean on_result_tick (gpointer user_data);

static guint
seconds_until (gint64 until)
{
  gint64 left = until - g_get_monotonic_time ();

  return left > 0 ? (guint)((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

static void
update_result_countdown (LtKioskWindow *self)
{
  if (self->result_countdown) {
    g_autofree char *text = lt_countdown_words (seconds_until (self->result_until));

    gtk_label_set_label (self->result_detail, text);
  } else if (self->lockout_until != 0) {
    /* The lockout's own time, counting down, in the denial's words. */
    LtHostDecision   wait = { .reason = LT_REASON_LOCKED_OUT, .retry_after_s = seconds_until (self->lockout_until) };
    g_autofree char *text = lt_denial_words (LT_METHOD_PIN, &wait);

    gtk_label_set_label (self->result_detail, text);
    gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), wait.retry_after_s == 0);
  }
}

static gboolean
on_result_tick (gpointer user_data)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (user_data);

  if (g_get_monotonic_time () >= self->result_until) {
    g_clear_pointer (&self->result_timer, g_source_unref);
    gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.cancel", NULL);
    return G_SOURCE_REMOVE;
  }
  update_result_countdown (self);
  return G_SOURCE_CONTINUE;
}

/* What "Try again" does after this decision: the PIN for the same unit,
 * another scan, or nothing (a card is simply tapped again). */
static RetryKind
retry_for (LtKioskWindow        *self,
           LtMethod              method,
           const LtHostDecision *decision)
{
  if (decision->granted)
    return RETRY_NONE;
  if (method == LT_METHOD_PIN && self->mode == MODE_PIN && self->unit->len > 0)
    return RETRY_PIN;
  if (method == LT_METHOD_QR && self->camera)
    return RETRY_SCAN;
  return RETRY_NONE;
}

/* The result page for DECISION, without its tone or prompt. */
static void
show_result (LtKioskWindow        *self,
             LtMethod              method,
             const LtHostDecision *decision)
{
  gint64 now = g_get_monotonic_time ();
  gint64 relock = decision->relock_deadline_us;

  lt_clear_source (&self->result_timer);
  self->retry = retry_for (self, method, decision);
  self->lockout_until = 0;
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_title), "granted");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_title), "denied");
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), TRUE);
  if (decision->granted) {
    gtk_image_set_from_icon_name (self->result_icon, "changes-allow-symbolic");
    /* Unlocked, not open: the door opens when the person pushes it. */
    gtk_label_set_label (self->result_title, _ ("Door unlocked"));
    gtk_widget_add_css_class (GTK_WIDGET (self->result_title), "granted");
    /* The countdown is the door's own relock time, as the decision left
     * it (a card at an open door moves it later), not a guess. */
    self->result_until = relock > now ? relock : now + GRANT_SECONDS * G_USEC_PER_SEC;
    self->result_countdown = TRUE;
  } else {
    g_autofree char *text = lt_denial_words (method, decision);
    /* A lockout in force, or the one this refusal started: count it down now. */
    gboolean locked_out = decision->reason == LT_REASON_LOCKED_OUT || decision->retry_after_s > 0;

    gtk_image_set_from_icon_name (self->result_icon, "action-unavailable-symbolic");
    gtk_label_set_label (self->result_title, locked_out ? _ ("Please wait") : _ ("Access denied"));
    gtk_label_set_label (self->result_detail, text);
    gtk_widget_add_css_class (GTK_WIDGET (self->result_title), "denied");
    self->result_until = now + DENIAL_SECONDS * G_USEC_PER_SEC;
    if (locked_out) {
      self->lockout_until = now + (gint64)decision->retry_after_s * G_USEC_PER_SEC;
      self->result_until = MAX (self->result_until, self->lockout_until + G_USEC_PER_SEC);
    }
    self->result_countdown = FALSE;
  }
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), self->retry != RETRY_NONE);
  update_result_countdown (self);
  self->result_timer = g_timeout_source_new (250);
  g_source_set_callback (self->result_timer, on_result_tick, self, NULL);
  g_source_attach (self->result_timer, NULL);
  lt_kiosk_window_set_page (self, "result");
}

void
lt_kiosk_window_show_decision (LtKioskWindow        *self,
                               LtMethod              method,
                               const LtHostDecision *decision)
{
  show_result (self, method, decision);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.tone", "s", decision->granted ? "granted" : "denied");
  gtk_widget_activate_action (GTK_WIDGET (self), "app.prompt", "s",
                              decision->granted     ? "granted"
                              : self->lockout_until ? "locked-out"
                                                    : "denied");
}

/* ---- a unit's lockout, before its PIN is typed ------------------------------------ */

/* The live countdown instead of the keypad; "Try again" opens the PIN
 * entry for the same unit once the wait is over. No tone: nothing was
 * refused, the person is only told before they type. */
static void
show_lockout (LtKioskWindow *self,
              guint          seconds)
{
  LtHostDecision wait = { .method = LT_METHOD_PIN, .reason = LT_REASON_LOCKED_OUT, .retry_after_s = seconds };

  self->mode = MODE_PIN;
  show_result (self, LT_METHOD_PIN, &wait);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.prompt", "s", "locked-out");
}

static void
on_unit_lockout (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  guint          seconds = 0;
  gboolean       known = lt_host_unit_lockout_finish (LT_HOST (source), result, &seconds, &error);
  LtKioskWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the window is gone */
  self = LT_KIOSK_WINDOW (user_data);
  self->busy = FALSE;
  /* Cancelled on screen meanwhile: nothing to show. */
  if (self->mode != MODE_UNIT || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "entry") != 0)
    return;
  /* Not knowing costs nothing: the decision checks the lockout again. */
  if (!known)
    g_warning ("Lockout of a unit: %s", error->message);
  if (seconds > 0)
    show_lockout (self, seconds);
  else
    lt_kiosk_window_start_pin (self);
}

/* The unit is typed: its PIN entry, or its lockout's countdown. */
void
lt_kiosk_window_check_unit (LtKioskWindow *self)
{
  self->busy = TRUE;
  lt_host_unit_lockout_async (self->host, self->unit->str, self->cancellable, on_unit_lockout, self);
}

/* A scan that found no code is no denial: say so and offer another go. */
void
lt_kiosk_window_show_no_code (LtKioskWindow *self)
{
  LtHostDecision nothing = { .method = LT_METHOD_QR, .reason = LT_REASON_MALFORMED };

  lt_kiosk_window_show_decision (self, LT_METHOD_QR, &nothing);
  gtk_image_set_from_icon_name (self->result_icon, "edit-find-symbolic");
  gtk_label_set_label (self->result_title, _ ("No code found — try again"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_title), "denied");
  gtk_label_set_label (self->result_detail,
                       _ ("Hold the code still, about 20 cm in front of the camera, then tap Try again."));
  gtk_widget_activate_action (GTK_WIDGET (self), "app.prompt", "s", "scan-none");
}

/* ---- notices: a card tapped while staff are at the screen ------------------------- */

static gboolean
on_notice_timeout (gpointer user_data)
{
  LtKioskWindow *self = LT_KIOSK_WINDOW (user_data);

  g_clear_pointer (&self->notice_timer, g_source_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);
  return G_SOURCE_REMOVE;
}

/* The decision in one line above the staff screen, with its tone, so a
 * resident at the reader is never left without an answer. */
void
lt_kiosk_window_show_notice_text (LtKioskWindow *self,
                                  const char    *text)
{
  gtk_label_set_label (self->notice_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);
  lt_clear_source (&self->notice_timer);
  self->notice_timer = lt_timeout_source_add (NOTICE_SECONDS * 1000, on_notice_timeout, self);
}

void
lt_kiosk_window_show_notice (LtKioskWindow        *self,
                             const LtHostDecision *decision)
{
  g_autofree char *words = decision->granted ? g_strdup (_ ("Door unlocked"))
                                             : lt_denial_words (decision->method, decision);

  lt_kiosk_window_show_notice_text (self, words);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.tone", "s", decision->granted ? "granted" : "denied");
}

/* ---- scan countdown ---------------------------------------------------------------- */

static gboolean
on_scan_tick (gpointer user_data)
{
  LtKioskWindow   *self = LT_KIOSK_WINDOW (user_data);
  guint            left = seconds_until (self->scan_until);
  g_autofree char *text = NULL;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "scan") != 0) {
    g_clear_pointer (&self->scan_timer, g_source_unref);
    return G_SOURCE_REMOVE;
  }
  text = g_strdup_printf (g_dngettext (NULL, "Scanning: %u second left", "Scanning: %u seconds left", left), left);
  gtk_label_set_label (self->scan_countdown, text);
  return G_SOURCE_CONTINUE;
}

/* The camera's own timeout, counted down while it looks for a code. */
void
lt_kiosk_window_start_scan_countdown (LtKioskWindow *self,
                                      guint          seconds)
{
  lt_clear_source (&self->scan_timer);
  self->scan_until = g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC;
  self->scan_timer = g_timeout_source_new (250);
  g_source_set_callback (self->scan_timer, on_scan_tick, self, NULL);
  g_source_attach (self->scan_timer, NULL);
  on_scan_tick (self);
}
