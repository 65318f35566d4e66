/* test-kiosk.c: the kiosk's screens driven like a finger would, on Xvfb
 *
 * The real application, the real engine (in its thread) on simulated
 * hardware, the real widgets: keypad buttons are clicked, actions are
 * activated, and what is asserted is what a person would see or the door
 * would do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-application.h"
#include "lt-engine-host.h"
#include "lt-face-page.h"
#include "lt-face-store.h"
#include "lt-resident-page.h"
#include "lt-guard-page-private.h"
#include "lt-kiosk-window-private.h"
#include "lt-maintenance-page.h"
#include "lt-sim-window.h"
#include "lt-pass.h"
#include "lt-qr-image.h"
#include "lt-qr-scanner.h"
#include "lt-test-util.h"
#include "lt-layout-check.h"
#include "lt-lockout.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  LtFixture      base;
  LtEngineHost  *host;
  LtApplication *app;
  gint64         resident;
  gint64         guard;
  gint64         technician;
  guint          unlock_count;
} Fixture;

#define CONFIG                                                                          \
  "[terminal]\nlanguage=zh_CN\nidle-seconds=5\nfullscreen=false\nbuilding=Test Court\n" \
  "[door]\nunlock-seconds=2\nrelock-on-close=false\n"                                   \
  "[simulator]\ncards=Resident=04A2B3C4D5\n"

/* A guard who waits out the 5 s undo is not signed out meanwhile. */
#define CONFIG_GUARD_IDLE                                                                \
  "[terminal]\nlanguage=zh_CN\nidle-seconds=60\nfullscreen=false\nbuilding=Test Court\n" \
  "[door]\nunlock-seconds=2\nrelock-on-close=false\n"                                    \
  "[simulator]\ncards=Resident=04A2B3C4D5\n"

#define CONFIG_LONG_UNLOCK                                                               \
  "[terminal]\nlanguage=zh_CN\nidle-seconds=30\nfullscreen=false\nbuilding=Test Court\n" \
  "[door]\nunlock-seconds=10\nrelock-on-close=false\n"                                   \
  "[simulator]\ncards=Resident=04A2B3C4D5\n"

static void
on_unlocked (GObject    *host,
             GParamSpec *pspec,
             Fixture    *f)
{
  if (lt_host_get_unlocked (LT_HOST (host)))
    f->unlock_count++;
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  LtConfig *config;

  lt_fixture_setup (&f->base, data ? data : CONFIG);
  if (data != NULL && strstr (data, "[camera]") != NULL) {
    g_assert_true (lt_pass_key_create (f->base.key_dir, &error));
    g_assert_no_error (error);
  }
  f->resident = lt_fixture_add_resident (&f->base, "1-101", "Wang Fang", "246810", "04A2B3C4D5");
  f->guard = lt_fixture_add_staff (&f->base, LT_PERSON_GUARD, "Guard Zhou", "909090", NULL);
  f->technician = lt_fixture_add_staff (&f->base, LT_PERSON_TECHNICIAN, "Tech Sun", "808080", NULL);
  if (data != NULL && strstr (data, "[face]") != NULL) {
    gint64 minor = lt_fixture_add_resident (&f->base, "1-101", "Wang Xiaoming", "135246", NULL);

    g_assert_true (lt_store_set_minor (f->base.store, minor, TRUE, NULL));
  }
  g_clear_object (&f->base.store);

  config = lt_config_load (f->base.config_path, &error);
  g_assert_no_error (error);
  f->host = lt_engine_host_new (config, &error);
  g_assert_no_error (error);
  f->app = lt_application_new (LT_HOST (f->host));
  g_signal_connect (f->host, "notify::unlocked", G_CALLBACK (on_unlocked), f);
  {
    /* One process runs many applications: each needs its own bus path. */
    static guint     n;
    g_autofree char *id = g_strdup_printf ("org.lintel.Kiosk.Test%u", ++n);
    g_application_set_application_id (G_APPLICATION (f->app), id);
  }
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (f->app));
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  GtkWindow *kiosk = lt_application_get_kiosk (f->app);
  GtkWindow *sim = lt_application_get_simulator (f->app);

  if (sim != NULL)
    gtk_window_destroy (sim);
  if (kiosk != NULL)
    gtk_window_destroy (kiosk);
  g_signal_handlers_disconnect_by_data (f->host, f);
  lt_engine_host_shutdown (f->host);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->app);
  g_clear_object (&f->host);
  lt_fixture_teardown (&f->base, data);
}

/* Iterates the main context until COND holds, or fails after SECONDS
 * (bounds that hold under a loaded machine: the shared helper's). */
#define WAIT_UNTIL(cond, seconds) LT_TEST_ITERATE_UNTIL (cond, (seconds)*1000)

static void
on_simulated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lt_host_call_finish (LT_HOST (source), result, &error));
  g_assert_no_error (error);
}

/* What the hardware window's buttons do: a typed simulator action. */
static void
simulate (Fixture    *f,
          LtSimAction action,
          const char *argument)
{
  lt_host_simulate_async (LT_HOST (f->host), action, argument, NULL, on_simulated, NULL);
}

static LtKioskWindow *
kiosk (Fixture *f)
{
  return LT_KIOSK_WINDOW (lt_application_get_kiosk (f->app));
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kiosk (f)), action, NULL));
}

/* "Next" after the unit: the kiosk asks for the unit's lockout first,
 * then shows the PIN keypad (or the lockout's countdown). */
static void
next_to_pin (Fixture *f)
{
  activate (f, "kiosk.ok");
  /* (Not the busy flag: a previous PIN's late answer may clear it.) */
  WAIT_UNTIL (kiosk (f)->mode == MODE_PIN || !g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "entry"), 5);
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");
  g_assert_cmpint (kiosk (f)->mode, ==, MODE_PIN);
}

static void
enter_unit_pin (Fixture    *f,
                const char *unit,
                const char *pin)
{
  activate (f, "kiosk.unit-pin");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");
  lt_kiosk_window_press (kiosk (f), unit);
  g_assert_cmpstr (lt_kiosk_window_get_display (kiosk (f)), ==, unit);
  next_to_pin (f);
  lt_kiosk_window_press (kiosk (f), pin);
  /* The PIN is never on screen: only as many dots as digits. */
  g_assert_null (strstr (lt_kiosk_window_get_display (kiosk (f)), pin));
  g_assert_cmpuint (g_utf8_strlen (lt_kiosk_window_get_display (kiosk (f)), -1), ==, strlen (pin));
  activate (f, "kiosk.ok");
}

static void
test_pin_grant (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *result = NULL;

  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "lobby");
  g_assert_false (lt_host_get_unlocked (LT_HOST (f->host)));
  enter_unit_pin (f, "1-101", "246810");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);

  /* The lock line really moved, and moves back by itself. */
  WAIT_UNTIL (f->unlock_count == 1, 10);
  result = lt_kiosk_window_dup_result (kiosk (f));
  g_test_message ("result: %s", result);
  g_assert_nonnull (strstr (result, "门已解锁"));
  WAIT_UNTIL (!lt_host_get_unlocked (LT_HOST (f->host)), 5);
  /* The result screen counts down with the door, then the lobby returns. */
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "lobby"), 10);
}

static void
test_wrong_pin (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *wrong = NULL;
  g_autofree char *unknown = NULL;

  lt_application_set_language (f->app, "en");
  enter_unit_pin (f, "1-101", "111111");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  wrong = lt_kiosk_window_dup_result (kiosk (f));
  g_assert_nonnull (strstr (wrong, "Access denied"));
  activate (f, "kiosk.cancel");

  /* A unit that does not exist reads exactly like a wrong PIN. */
  enter_unit_pin (f, "9-909", "111111");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  unknown = lt_kiosk_window_dup_result (kiosk (f));
  g_assert_cmpstr (wrong, ==, unknown);

  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->unlock_count, ==, 0);
}

/* Short lockouts, and a keypad that takes many refusals, so the unit's
 * own count is what a resident meets. */
#define CONFIG_LOCKOUT                                                                   \
  "[terminal]\nlanguage=zh_CN\nidle-seconds=30\nfullscreen=false\nbuilding=Test Court\n" \
  "[door]\nunlock-seconds=2\nrelock-on-close=false\n"                                    \
  "[access]\nlockout-seconds=3\nreader-lockout-failures=100\n"

static guint
count_decisions (Fixture    *f,
                 const char *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = lt_store_open (f->base.db_path, &error);
  g_autoptr (GPtrArray) events = lt_store_list_events (store, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++) {
    const LtEvent *e = g_ptr_array_index (events, i);
    n += e->kind == LT_EVENT_KIND_DECISION && g_strcmp0 (e->reason, reason) == 0;
  }
  return n;
}

/* Five wrong PINs for UNIT: the denials from the 3rd say how many tries
 * are left, the 5th counts its lockout down at once, and the unit typed
 * again shows the countdown instead of the keypad. Returns what the
 * screen said, one line a step. */
static char *
lock_unit (Fixture    *f,
           const char *unit)
{
  g_autoptr (GString) said = g_string_new (NULL);
  g_autofree char *before = NULL;

  for (guint i = 1; i <= 5; i++) {
    g_autofree char *result = NULL;

    enter_unit_pin (f, unit, "000000");
    WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
    result = lt_kiosk_window_dup_result (kiosk (f));
    g_test_message ("%s, failure %u: %s", unit, i, result);
    g_string_append_printf (said, "%s\n", result);
    if (i < 3)
      g_assert_null (strstr (result, "left"));
    else if (i == 3)
      g_assert_nonnull (strstr (result, "2 tries left, then a 3-second wait."));
    else if (i == 4)
      g_assert_nonnull (strstr (result, "1 try left, then a 3-second wait."));
    if (i < 5) {
      g_assert_nonnull (strstr (result, "Access denied"));
    } else {
      /* Locked by this very failure: said now, not after a 6th PIN. */
      g_assert_nonnull (strstr (result, "Please wait"));
      g_assert_nonnull (strstr (result, "3 seconds"));
      g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (kiosk (f)->retry_button)));
    }
    activate (f, "kiosk.cancel");
  }

  /* Before any PIN is typed: the countdown, not the keypad. */
  activate (f, "kiosk.unit-pin");
  lt_kiosk_window_press (kiosk (f), unit);
  activate (f, "kiosk.ok");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  before = lt_kiosk_window_dup_result (kiosk (f));
  g_test_message ("%s, unit typed: %s", unit, before);
  g_assert_nonnull (strstr (before, "Please wait"));
  g_assert_nonnull (strstr (before, "Too many attempts"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (kiosk (f)->retry_button)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (kiosk (f)->retry_button)));
  g_string_append (said, "-\n");
  return g_string_free (g_steal_pointer (&said), FALSE);
}

static void
test_lockout (Fixture      *f,
              gconstpointer data)
{
  g_autofree char *known = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *result = NULL;

  lt_application_set_language (f->app, "en");
  known = lock_unit (f, "1-101");
  lt_engine_host_flush (f->host);
  /* Asking before the PIN decided nothing and counted nothing. */
  g_assert_cmpuint (count_decisions (f, "wrong-pin"), ==, 5);
  g_assert_cmpuint (count_decisions (f, "locked-out"), ==, 0);

  /* The live wait ends; Try again opens the PIN for the same unit. */
  WAIT_UNTIL (gtk_widget_get_sensitive (GTK_WIDGET (kiosk (f)->retry_button)), 8);
  activate (f, "kiosk.retry");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");
  g_assert_nonnull (strstr (gtk_label_get_label (kiosk (f)->entry_title), "1-101"));
  lt_kiosk_window_press (kiosk (f), "246810");
  activate (f, "kiosk.ok");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  result = lt_kiosk_window_dup_result (kiosk (f));
  g_assert_nonnull (strstr (result, "Door unlocked"));
  activate (f, "kiosk.cancel");

  /* A unit that does not exist: word for word the same, step by step. */
  unknown = lock_unit (f, "9-909");
  g_assert_cmpstr (known, ==, unknown);
  g_assert_cmpuint (f->unlock_count, ==, 1);
}

static void
test_card (Fixture      *f,
           gconstpointer data)
{
  g_autofree char *result = NULL;

  lt_application_set_language (f->app, "en");
  /* The demo's hardware window presents the card through the USB reader. */
  simulate (f, LT_SIM_USB_CARD, "04A2B3C4D5");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  result = lt_kiosk_window_dup_result (kiosk (f));
  g_assert_nonnull (strstr (result, "Door unlocked"));
  WAIT_UNTIL (f->unlock_count == 1, 10);

  /* An unknown card gives the same screen as a wrong PIN, and no unlock. */
  activate (f, "kiosk.cancel");
  WAIT_UNTIL (!lt_host_get_unlocked (LT_HOST (f->host)), 5);
  simulate (f, LT_SIM_USB_CARD, "0499999999");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  g_clear_pointer (&result, g_free);
  result = lt_kiosk_window_dup_result (kiosk (f));
  g_assert_nonnull (strstr (result, "Access denied"));
  g_assert_cmpuint (f->unlock_count, ==, 1);
}

static void
count_decision (GObject *host,
                gpointer decision,
                guint   *count)
{
  (*count)++;
}

static guint
countdown_seconds (Fixture *f)
{
  g_autofree char *result = lt_kiosk_window_dup_result (kiosk (f));
  const char      *in = strstr (result, "again in ");
  guint            seconds = 0;

  g_assert_nonnull (in);
  g_assert_cmpint (sscanf (in, "again in %u", &seconds), ==, 1);
  return seconds;
}

/* A card that keeps an open door open longer shows the new, longer
 * countdown, not the one of the first card. */
static void
test_extended_countdown (Fixture      *f,
                         gconstpointer data)
{
  guint decisions = 0;

  lt_application_set_language (f->app, "en");
  g_signal_connect (f->host, "decision", G_CALLBACK (count_decision), &decisions);
  simulate (f, LT_SIM_USB_CARD, "04A2B3C4D5");
  WAIT_UNTIL (decisions == 1 && g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  g_assert_cmpuint (countdown_seconds (f), >=, 9);
  WAIT_UNTIL (countdown_seconds (f) <= 7, 8);
  g_assert_true (lt_host_get_unlocked (LT_HOST (f->host)));

  simulate (f, LT_SIM_USB_CARD, "04A2B3C4D5");
  WAIT_UNTIL (decisions == 2, 5);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (countdown_seconds (f), >=, 9);
  g_signal_handlers_disconnect_by_data (f->host, &decisions);
}

/* A decision asked for by a window that a language switch replaced
 * reaches no destroyed window; the door still opens, and the new window
 * shows it. */
static void
test_decision_after_rebuild (Fixture      *f,
                             gconstpointer data)
{
  GtkWidget       *first = GTK_WIDGET (kiosk (f));
  g_autofree char *result = NULL;

  enter_unit_pin (f, "1-101", "246810");
  lt_application_set_language (f->app, "en");
  g_assert_true (GTK_WIDGET (kiosk (f)) != first);
  WAIT_UNTIL (f->unlock_count == 1, 5);
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  result = lt_kiosk_window_dup_result (kiosk (f));
  g_assert_nonnull (strstr (result, "Door unlocked"));
}

/* The same for a staff sign-in answered after the window went away. */
static void
test_staff_reply_after_rebuild (Fixture      *f,
                                gconstpointer data)
{
  activate (f, "kiosk.staff");
  lt_kiosk_window_press (kiosk (f), "909090");
  activate (f, "kiosk.ok");
  lt_application_set_language (f->app, "en");
  for (guint i = 0; i < 50; i++) {
    g_main_context_iteration (NULL, FALSE);
    g_usleep (10000);
  }
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "lobby");
  g_assert_null (lt_kiosk_window_get_staff_page (kiosk (f)));
}

/* Staff sign-in arms the capture of the next card; a language switch (or
 * the idle rebuild) that replaces the window must disarm it, or the next
 * resident's card would be swallowed. */
static void
test_capture_after_rebuild (Fixture      *f,
                            gconstpointer data)
{
  g_autofree char *result = NULL;

  activate (f, "kiosk.staff");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");
  lt_application_set_language (f->app, "en");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "lobby");
  simulate (f, LT_SIM_USB_CARD, "04A2B3C4D5");
  WAIT_UNTIL (f->unlock_count == 1, 5);
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  result = lt_kiosk_window_dup_result (kiosk (f));
  g_assert_nonnull (strstr (result, "Door unlocked"));
}

static void
test_idle_timeout (Fixture      *f,
                   gconstpointer data)
{
  lt_application_set_language (f->app, "en");
  activate (f, "kiosk.unit-pin");
  lt_kiosk_window_press (kiosk (f), "1-1");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");

  /* idle-seconds=5: back to the lobby, in the default language. */
  WAIT_UNTIL (g_str_equal (lt_application_get_language (f->app), "zh_CN") && g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "lobby"), 9);
}

static void
test_language_switch (Fixture      *f,
                      gconstpointer data)
{
  GtkWidget       *first = GTK_WIDGET (kiosk (f));
  g_autofree char *chinese = NULL;
  g_autofree char *english = NULL;

  activate (f, "kiosk.unit-pin");
  chinese = g_strdup (gtk_window_get_title (GTK_WINDOW (kiosk (f))));
  activate (f, "kiosk.cancel");
  activate (f, "kiosk.language");
  g_assert_cmpstr (lt_application_get_language (f->app), ==, "en");
  /* A new window, built from the templates in the new language. */
  g_assert_true (GTK_WIDGET (kiosk (f)) != first);
  english = g_strdup (gtk_window_get_title (GTK_WINDOW (kiosk (f))));
  g_assert_cmpstr (english, ==, "Lintel door terminal");
  g_assert_cmpstr (chinese, !=, english);
  activate (f, "kiosk.language");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (kiosk (f))), ==, chinese);
}

static void
sign_in (Fixture    *f,
         const char *pin)
{
  activate (f, "kiosk.staff");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");
  lt_kiosk_window_press (kiosk (f), pin);
  activate (f, "kiosk.ok");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "staff"), 5);
}

static gboolean
has_event (Fixture    *f,
           const char *kind,
           const char *method,
           const char *reason,
           gint64      subject)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = lt_store_open (f->base.db_path, &error);
  g_autoptr (GPtrArray) events = lt_store_list_events (store, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++) {
    const LtEvent *e = g_ptr_array_index (events, i);
    if (g_strcmp0 (lt_event_kind_to_string (e->kind), kind) == 0 && g_strcmp0 (e->method, method) == 0 && g_strcmp0 (e->reason, reason) == 0 && e->subject_id == subject)
      return TRUE;
  }
  return FALSE;
}

/* A short PIN is said at once and never sent; Cancel on the PIN goes
 * back to the unit; a denial offers Try again for the same unit. */
static void
test_pin_feedback (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *result = NULL;

  lt_application_set_language (f->app, "en");
  enter_unit_pin (f, "1-101", "123");
  lt_test_iterate_for (300);
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");
  g_assert_nonnull (strstr (gtk_label_get_label (kiosk (f)->entry_hint), "at least 4 digits"));
  g_assert_false (has_event (f, "decision", "pin", "wrong-pin", 0));

  activate (f, "kiosk.cancel");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");
  g_assert_cmpstr (lt_kiosk_window_get_display (kiosk (f)), ==, "1-101");
  next_to_pin (f);
  lt_kiosk_window_press (kiosk (f), "111111");
  activate (f, "kiosk.ok");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (kiosk (f)->retry_button)));
  lt_engine_host_flush (f->host);
  /* This one was sent and counted (the short one above was not). */
  g_assert_true (has_event (f, "decision", "pin", "wrong-pin", 0));
  activate (f, "kiosk.retry");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");
  g_assert_nonnull (strstr (gtk_label_get_label (kiosk (f)->entry_title), "1-101"));
  lt_kiosk_window_press (kiosk (f), "246810");
  activate (f, "kiosk.ok");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  result = lt_kiosk_window_dup_result (kiosk (f));
  g_assert_nonnull (strstr (result, "Door unlocked"));
}

/* A card tapped while a guard is signed in gets its answer and tone on
 * top of the guard's screen, which stays. */
static void
test_card_while_staff (Fixture      *f,
                       gconstpointer data)
{
  sign_in (f, "909090");
  simulate (f, LT_SIM_USB_CARD, "04A2B3C4D5");
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (kiosk (f)->notice_label)), 5);
  g_assert_cmpstr (gtk_label_get_label (kiosk (f)->notice_label), ==, "门已解锁");
  g_assert_cmpstr (lt_application_get_last_sound (f->app), ==, "resource:///org/lintel/Kiosk/sounds/granted.wav");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "staff");
  g_assert_nonnull (lt_kiosk_window_get_staff_page (kiosk (f)));
}

static void
test_guard (Fixture      *f,
            gconstpointer data)
{
  GtkWidget *page;

  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  g_assert_true (LT_IS_GUARD_PAGE (page));
  /* One tap asks; only a second one unlocks. */
  g_assert_true (gtk_widget_activate_action (page, "guard.unlock", NULL));
  lt_test_iterate_for (500);
  g_assert_cmpuint (f->unlock_count, ==, 0);
  g_assert_true (gtk_widget_activate_action (page, "guard.unlock", NULL));
  WAIT_UNTIL (f->unlock_count == 1, 10);
  lt_engine_host_flush (f->host);
  g_assert_true (has_event (f, "decision", "remote", "remote", f->guard));
  g_assert_true (gtk_widget_activate_action (page, "guard.sign-out", NULL));
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "lobby");
}

static void
test_guard_acknowledge (Fixture      *f,
                        gconstpointer data)
{
  GtkWidget *page;

  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  /* Nothing to acknowledge while all is quiet. */
  g_assert_false (gtk_widget_activate_action (page, "guard.acknowledge", NULL) && has_event (f, "alarm", NULL, "forced", f->guard));
  simulate (f, LT_SIM_OPEN_DOOR, NULL);
  WAIT_UNTIL (lt_host_get_alarm (LT_HOST (f->host)) == LT_ALARM_FORCED, 5);
  g_assert_true (gtk_widget_activate_action (page, "guard.acknowledge", NULL));
  lt_engine_host_flush (f->host);
  /* Recorded with the guard's id; the alarm itself stays until the door shuts. */
  g_assert_true (has_event (f, "alarm", NULL, "forced", f->guard));
  g_assert_cmpuint (lt_host_get_alarm (LT_HOST (f->host)), ==, LT_ALARM_FORCED);
  simulate (f, LT_SIM_CLOSE_DOOR, NULL);
  WAIT_UNTIL (lt_host_get_alarm (LT_HOST (f->host)) == LT_ALARM_NONE, 5);
}

/* Acknowledging a tamper alarm whose switch is still open keeps the
 * banner, with its live state; it goes when the switch closes. */
static void
test_guard_tamper_acknowledged (Fixture      *f,
                                gconstpointer data)
{
  GtkWidget       *page;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  char            *gone;

  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  simulate (f, LT_SIM_TAMPER_ON, NULL);
  WAIT_UNTIL (lt_host_get_alarm (LT_HOST (f->host)) == LT_ALARM_TAMPER, 5);
  before = lt_guard_page_dup_alarm (LT_GUARD_PAGE (page));
  g_assert_nonnull (before);
  g_assert_true (gtk_widget_activate_action (page, "guard.acknowledge", NULL));
  WAIT_UNTIL (!lt_host_get_alarm_pending (LT_HOST (f->host)), 5);
  g_assert_cmpuint (lt_host_get_alarm (LT_HOST (f->host)), ==, LT_ALARM_TAMPER);
  after = lt_guard_page_dup_alarm (LT_GUARD_PAGE (page));
  g_assert_nonnull (after);
  g_assert_cmpstr (before, !=, after);
  lt_engine_host_flush (f->host);
  g_assert_true (has_event (f, "alarm", NULL, "tamper", f->guard));

  simulate (f, LT_SIM_TAMPER_OFF, NULL);
  WAIT_UNTIL (lt_host_get_alarm (LT_HOST (f->host)) == LT_ALARM_NONE, 5);
  gone = lt_guard_page_dup_alarm (LT_GUARD_PAGE (page));
  g_assert_null (gone);
}

/* A forced door reaches the lobby: the guard has been alerted, said
 * aloud; it stays after the door closes until a guard acknowledges. */
static void
test_lobby_alarm (Fixture      *f,
                  gconstpointer data)
{
  GtkWidget *page;

  g_assert_null (lt_kiosk_window_get_banner (kiosk (f)));
  simulate (f, LT_SIM_OPEN_DOOR, NULL);
  WAIT_UNTIL (lt_kiosk_window_get_banner (kiosk (f)) != NULL, 5);
  g_assert_cmpstr (lt_kiosk_window_get_banner (kiosk (f)), ==, "门禁报警：已通知保安");
  g_assert_cmpstr (lt_application_get_last_sound (f->app), ==,
                   "resource:///org/lintel/Kiosk/voice/zh_CN/guard-alerted.wav");
  /* Shown on the residents' other screens too. */
  activate (f, "kiosk.unit-pin");
  g_assert_nonnull (lt_kiosk_window_get_banner (kiosk (f)));
  activate (f, "kiosk.cancel");
  simulate (f, LT_SIM_CLOSE_DOOR, NULL);
  WAIT_UNTIL (!lt_host_get_alarm_active (LT_HOST (f->host)), 5);
  g_assert_nonnull (lt_kiosk_window_get_banner (kiosk (f)));

  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  g_assert_true (gtk_widget_activate_action (page, "guard.acknowledge", NULL));
  WAIT_UNTIL (lt_host_get_alarm (LT_HOST (f->host)) == LT_ALARM_NONE, 5);
  g_assert_true (gtk_widget_activate_action (page, "guard.sign-out", NULL));
  g_assert_null (lt_kiosk_window_get_banner (kiosk (f)));
}

/* Large text is a lobby toggle that the next person does not inherit:
 * the idle timeout (5 s here) turns it off. */
static void
test_large_text (Fixture      *f,
                 gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (kiosk (f));

  /* The language switch names the other language (the screen is zh_CN). */
  g_assert_cmpstr (gtk_button_get_label (kiosk (f)->language_button), ==, "English");
  g_assert_false (gtk_widget_has_css_class (window, "large"));
  activate (f, "kiosk.large-text");
  g_assert_true (gtk_widget_has_css_class (window, "large"));
  activate (f, "kiosk.large-text");
  g_assert_false (gtk_widget_has_css_class (window, "large"));
  activate (f, "kiosk.large-text");
  WAIT_UNTIL (!gtk_widget_has_css_class (GTK_WIDGET (kiosk (f)), "large"), 15);
}

/* "Call guard" on the lobby: the person is told, a help event is
 * recorded, and the guard's screen shows it with a tone. */
static void
test_call_guard (Fixture      *f,
                 gconstpointer data)
{
  GtkWidget *page;

  activate (f, "kiosk.call-guard");
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (kiosk (f)->notice_label)), 5);
  g_assert_cmpstr (gtk_label_get_label (kiosk (f)->notice_label), ==, "已呼叫保安，请在此稍候。");
  lt_engine_host_flush (f->host);
  g_assert_true (has_event (f, "help", NULL, "lobby", 0));

  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  WAIT_UNTIL (lt_guard_page_get_help_calls (LT_GUARD_PAGE (page)) == 1, 5);
  g_assert_cmpstr (lt_application_get_last_sound (f->app), ==, "resource:///org/lintel/Kiosk/sounds/denied.wav");
}

/* Every prompt exists in both languages as a real recording. */
static void
test_voice_prompts (Fixture      *f,
                    gconstpointer data)
{
  static const char *const names[] = {
    "granted",
    "denied",
    "locked-out",
    "close-door",
    "guard-alerted",
    "scan-hint",
    "scan-none",
  };
  static const char *const languages[] = { "en", "zh_CN" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
      g_autofree char *path = g_strdup_printf ("/org/lintel/Kiosk/voice/%s/%s.wav", languages[l], names[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) wav = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

      g_assert_no_error (error);
      /* A RIFF/WAVE file holding at least half a second of 22 kHz speech. */
      g_assert_cmpuint (g_bytes_get_size (wav), >, 22050);
      g_assert_cmpint (memcmp (g_bytes_get_data (wav, NULL), "RIFF", 4), ==, 0);
    }
  /* A denial is said in the screen's language, after its tone. */
  enter_unit_pin (f, "1-101", "111111");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  g_assert_cmpstr (lt_application_get_last_sound (f->app), ==, "resource:///org/lintel/Kiosk/voice/zh_CN/denied.wav");
}

static void
test_wrong_staff_pin (Fixture      *f,
                      gconstpointer data)
{
  /* A resident's PIN is no staff PIN. */
  activate (f, "kiosk.staff");
  lt_kiosk_window_press (kiosk (f), "246810");
  activate (f, "kiosk.ok");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  g_assert_null (lt_kiosk_window_get_staff_page (kiosk (f)));
  g_assert_cmpuint (f->unlock_count, ==, 0);
}

static void
test_maintenance (Fixture      *f,
                  gconstpointer data)
{
  GtkWidget *page;

  sign_in (f, "808080");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  g_assert_true (LT_IS_MAINTENANCE_PAGE (page));
  g_assert_true (gtk_widget_activate_action (page, "maintenance.test-unlock", NULL));
  WAIT_UNTIL (f->unlock_count == 1, 10);
  lt_engine_host_flush (f->host);
  g_assert_true (has_event (f, "maintenance", NULL, "test-unlock", f->technician));
  g_assert_true (gtk_widget_activate_action (page, "maintenance.exit", NULL));
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "lobby");
}

/* ---- QR passes through the camera ----------------------------------------------- */

static char *qr_png; /* the camera's file source */
static char *qr_config;
static char *guard_config; /* the camera, and a guard not signed out within the undo window */

static gboolean
video_device_open (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *link = g_strdup_printf ("/proc/self/fd/%s", name);
    g_autofree char *target = g_file_read_link (link, NULL);
    if (target != NULL && (g_str_has_prefix (target, "/dev/video") || g_str_has_prefix (target, "/dev/media")))
      return TRUE;
  }
  return FALSE;
}

static char *
issue_pass (Fixture    *f,
            const char *from,
            const char *until,
            const char *uses)
{
  g_auto (LtTestRun) run = { 0 };

  lt_test_lintelctl (f->base.config_path, NULL, &run, "pass", "issue", "--unit", "1-101", "--valid-from", from,
                     "--valid-until", until, "--uses", uses, "--png", qr_png, NULL);
  g_assert_cmpint (run.status, ==, 0);
  return g_strstrip (g_steal_pointer (&run.out));
}

static char *
iso_time (int hours_from_now)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) then = g_date_time_add_hours (now, hours_from_now);

  return g_date_time_format_iso8601 (then);
}

static void
write_code (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *gray = lt_qr_image_render (text, 480, 480, 4.0, NULL);

  g_assert_nonnull (gray);
  g_assert_true (lt_qr_image_write_png (qr_png, gray, 480, 480, &error));
  g_assert_no_error (error);
}

/* Taps "Scan QR code" and returns the result screen's text; the camera
 * must be off again by then. */
static char *
scan (Fixture *f)
{
  /* The engine owns the camera; the window only asks for a scan. */
  g_assert_true (lt_host_has_camera (LT_HOST (f->host)));
  g_assert_false (lt_host_get_camera_running (LT_HOST (f->host)));
  g_assert_false (video_device_open ());
  activate (f, "kiosk.scan-qr");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 10);
  /* Off again, the indicator with it. */
  lt_engine_host_flush (f->host);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (lt_host_get_camera_running (LT_HOST (f->host)));
  g_assert_false (video_device_open ());
  g_assert_nonnull (strstr (lt_kiosk_window_get_camera_status (kiosk (f)), "off"));
  return lt_kiosk_window_dup_result (kiosk (f));
}

static void
test_qr_pass (Fixture      *f,
              gconstpointer data)
{
  g_autofree char *from = iso_time (-1);
  g_autofree char *until = iso_time (2);
  g_autofree char *token = issue_pass (f, from, until, "1");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  lt_application_set_language (f->app, "en");
  g_assert_nonnull (strstr (lt_kiosk_window_get_camera_status (kiosk (f)), "off"));
  g_assert_true (g_str_has_prefix (token, LT_PASS_PREFIX));

  first = scan (f);
  g_assert_nonnull (strstr (first, "Door unlocked"));
  WAIT_UNTIL (f->unlock_count == 1, 10);
  g_assert_nonnull (strstr (lt_kiosk_window_get_camera_status (kiosk (f)), "off"));

  activate (f, "kiosk.cancel");
  WAIT_UNTIL (!lt_host_get_unlocked (LT_HOST (f->host)), 5);
  second = scan (f);
  g_assert_nonnull (strstr (second, "used as many times"));
  g_assert_cmpuint (f->unlock_count, ==, 1);
}

static void
test_qr_refused (Fixture      *f,
                 gconstpointer data)
{
  g_autofree char *from = iso_time (-3);
  g_autofree char *until = iso_time (-2);
  g_autofree char *expired = issue_pass (f, from, until, "0");
  g_autoptr (LtPassKey) site_key = lt_pass_key_load (f->base.key_dir, NULL);
  g_autoptr (LtPassKey) stranger = lt_pass_key_new_random ();
  LtPassToken      token = { LT_PASS_VERSION, 4242, 1, 0, 0, 1, 0, "1-101" };
  g_autofree char *other_key = NULL;
  g_autofree char *other_site = NULL;
  g_autofree char *garbled = NULL;
  g_autofree char *result = NULL;

  lt_application_set_language (f->app, "en");
  token.valid_from_us = g_get_real_time () - (gint64)3600 * G_USEC_PER_SEC;
  token.valid_until_us = g_get_real_time () + (gint64)3600 * G_USEC_PER_SEC;
  other_key = lt_pass_token_encode (&token, stranger, NULL);
  token.site_id = 2;
  other_site = lt_pass_token_encode (&token, site_key, NULL);
  garbled = g_strndup (expired, strlen (expired) - 9);

  result = scan (f);
  g_assert_nonnull (strstr (result, "expired"));
  activate (f, "kiosk.cancel");

  write_code (other_key);
  g_clear_pointer (&result, g_free);
  result = scan (f);
  g_assert_nonnull (strstr (result, "not for this building"));
  activate (f, "kiosk.cancel");

  write_code (other_site);
  g_clear_pointer (&result, g_free);
  result = scan (f);
  g_assert_nonnull (strstr (result, "not for this building"));
  activate (f, "kiosk.cancel");

  write_code (garbled);
  g_clear_pointer (&result, g_free);
  result = scan (f);
  g_assert_nonnull (strstr (result, "could not be read"));
  g_assert_cmpuint (f->unlock_count, ==, 0);
}

/* ---- visitor passes issued on the guard screen ------------------------------------ */

typedef struct {
  gboolean        done;
  LtHostDecision *decision;
} Presented;

static void
on_presented (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Presented *presented = user_data;
  g_autoptr (GError) error = NULL;

  presented->decision = lt_host_present_finish (LT_HOST (source), result, &error);
  g_assert_no_error (error);
  presented->done = TRUE;
}

/* The token shown to the camera, through the engine as a scan would. */
static LtHostDecision *
present_token (Fixture    *f,
               const char *token)
{
  Presented presented = { FALSE, NULL };

  lt_host_present_async (LT_HOST (f->host), LT_METHOD_QR, NULL, token, NULL, on_presented, &presented);
  WAIT_UNTIL (presented.done, 5);
  return presented.decision;
}

static LtPassForm *
form_of (GtkWidget *page)
{
  return lt_guard_page_get_pass_form (LT_GUARD_PAGE (page));
}

static void
guard_action (GtkWidget  *page,
              const char *action,
              const char *format,
              ...)
{
  GVariant *parameter = NULL;
  va_list   args;

  if (format != NULL) {
    va_start (args, format);
    parameter = g_variant_new_va (format, NULL, &args);
    va_end (args);
  }
  g_assert_true (gtk_widget_activate_action_variant (page, action, parameter));
}

/* Fills in the form and waits for the QR screen; returns the token. */
static char *
issue_on_screen (GtkWidget  *page,
                 const char *unit,
                 const char *validity,
                 guint       uses)
{
  guard_action (page, "guard.new-pass", NULL);
  g_assert_cmpstr (lt_guard_page_get_view (LT_GUARD_PAGE (page)), ==, "issue");
  lt_pass_form_press (form_of (page), unit);
  g_assert_cmpstr (lt_pass_form_get_unit (form_of (page)), ==, unit);
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.validity", "s", validity);
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.uses", "u", uses);
  guard_action (page, "guard.issue-pass", NULL);
  WAIT_UNTIL (g_str_equal (lt_guard_page_get_view (LT_GUARD_PAGE (page)), "pass"), 5);
  return g_strdup (lt_guard_page_get_last_token (LT_GUARD_PAGE (page)));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_guard_pass (Fixture      *f,
                 gconstpointer data)
{
  g_autofree char *token = NULL;
  g_autofree char *passes = NULL;
  g_autofree char *other = NULL;
  g_autofree char *validity = NULL;
  GdkPaintable    *paintable;
  GtkWidget       *page;
  g_autoptr (LtHostDecision) decision = NULL;
  gint64 first_id, other_id;
  guint  uses = 99;
  guint  notes = 0;

  lt_application_set_language (f->app, "en");
  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  g_assert_true (LT_IS_GUARD_PAGE (page));
  g_assert_cmpstr (lt_guard_page_get_view (LT_GUARD_PAGE (page)), ==, "main");

  /* The form: a unit is needed; the visitor's phone is all 4 last
   * digits or none, typed on the same keypad. */
  guard_action (page, "guard.new-pass", NULL);
  guard_action (page, "guard.issue-pass", NULL);
  g_assert_nonnull (strstr (lt_pass_form_get_issue_error (form_of (page)), "unit number"));
  lt_pass_form_press (form_of (page), "1-101");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.field", "s", "phone");
  lt_pass_form_press (form_of (page), "12");
  g_assert_cmpstr (lt_pass_form_get_unit (form_of (page)), ==, "1-101");
  g_assert_cmpstr (lt_pass_form_get_phone_label (form_of (page)), ==, "Phone •••• 12__");
  guard_action (page, "guard.issue-pass", NULL);
  g_assert_nonnull (strstr (lt_pass_form_get_issue_error (form_of (page)), "4 last digits"));
  lt_pass_form_press (form_of (page), "-");
  g_assert_nonnull (strstr (lt_pass_form_get_issue_error (form_of (page)), "only digits"));
  lt_pass_form_press (form_of (page), "3456");
  g_assert_cmpstr (lt_pass_form_get_phone (form_of (page)), ==, "1234");
  g_assert_cmpstr (lt_pass_form_get_phone_label (form_of (page)), ==, "Phone •••• 1234");
  g_assert_cmpstr (lt_guard_page_get_view (LT_GUARD_PAGE (page)), ==, "issue");
  guard_action (page, "guard.cancel-pass", NULL);
  g_assert_cmpstr (lt_guard_page_get_view (LT_GUARD_PAGE (page)), ==, "main");

  /* The presets are property actions, notified on change only. */
  g_signal_connect (form_of (page), "notify::validity", G_CALLBACK (count_notify), &notes);
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.validity", "s", "4h");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.validity", "s", "4h");
  g_assert_cmpuint (notes, ==, 1);
  g_signal_handlers_disconnect_by_data (form_of (page), &notes);

  token = issue_on_screen (page, "1-101", "2h", 1);
  g_object_get (form_of (page), "validity", &validity, "uses", &uses, NULL);
  g_assert_cmpstr (validity, ==, "2h");
  g_assert_cmpuint (uses, ==, 1);
  g_assert_nonnull (token);
  g_assert_true (g_str_has_prefix (token, LT_PASS_PREFIX));
  paintable = gtk_picture_get_paintable (lt_guard_page_get_qr_picture (LT_GUARD_PAGE (page)));
  g_assert_true (GDK_IS_TEXTURE (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, gdk_paintable_get_intrinsic_height (paintable));
  g_assert_nonnull (strstr (lt_guard_page_get_pass_words (LT_GUARD_PAGE (page)), "1 entry, unit 1-101"));
  first_id = lt_guard_page_get_last_pass_id (LT_GUARD_PAGE (page));
  g_assert_cmpint (first_id, >, 0);
  lt_engine_host_flush (f->host);
  g_assert_true (has_event (f, "pass", "qr", "guard", f->guard));

  /* Done: the code leaves the screen, the pass is in the active list. */
  guard_action (page, "guard.pass-done", NULL);
  g_assert_cmpstr (lt_guard_page_get_view (LT_GUARD_PAGE (page)), ==, "main");
  g_assert_null (gtk_picture_get_paintable (lt_guard_page_get_qr_picture (LT_GUARD_PAGE (page))));
  /* The list comes from the host's reader, off the screen's thread. */
  WAIT_UNTIL (({ g_autofree char *now = lt_guard_page_dup_passes (LT_GUARD_PAGE (page));
                 strstr (now, "Unit 1-101") != NULL; }), 5);
  passes = lt_guard_page_dup_passes (LT_GUARD_PAGE (page));
  g_assert_nonnull (strstr (passes, "1 entry left"));

  /* The visitor's photo of it opens the door once. */
  decision = present_token (f, token);
  g_assert_true (decision->granted);
  g_assert_cmpint (decision->pass_id, ==, first_id);
  g_assert_cmpint (decision->method, ==, LT_METHOD_QR);
  WAIT_UNTIL (f->unlock_count == 1, 10);
  g_clear_pointer (&decision, lt_host_decision_free);
  decision = present_token (f, token);
  g_assert_false (decision->granted);
  g_assert_cmpint (decision->reason, ==, LT_REASON_USED_UP);
  /* Used up, it leaves the list (the page refreshes after decisions). */
  WAIT_UNTIL (({ g_autofree char *now = lt_guard_page_dup_passes (LT_GUARD_PAGE (page));
                 strstr (now, "Unit 1-101") == NULL; }), 3);

  /* A second pass, revoked from the list, opens nothing. */
  other = issue_on_screen (page, "1-101", "today", 0);
  other_id = lt_guard_page_get_last_pass_id (LT_GUARD_PAGE (page));
  g_assert_cmpint (other_id, !=, first_id);
  g_assert_nonnull (strstr (lt_guard_page_get_pass_words (LT_GUARD_PAGE (page)), "unlimited entries"));
  guard_action (page, "guard.pass-done", NULL);
  WAIT_UNTIL (({ g_autofree char *now = lt_guard_page_dup_passes (LT_GUARD_PAGE (page));
                 strstr (now, "unlimited entries") != NULL; }), 5);
  guard_action (page, "guard.revoke-pass", "x", other_id);
  WAIT_UNTIL (({ g_autofree char *now = lt_guard_page_dup_passes (LT_GUARD_PAGE (page));
                 now[0] == '\0'; }), 5);
  lt_engine_host_flush (f->host);
  g_clear_pointer (&decision, lt_host_decision_free);
  decision = present_token (f, other);
  g_assert_false (decision->granted);
  g_assert_cmpint (decision->reason, ==, LT_REASON_REVOKED);
  g_assert_cmpuint (f->unlock_count, ==, 1);
}

/* The QR code on the guard's screen, read back as a camera would. */
static char *
decode_qr_picture (GtkWidget *page)
{
  GdkPaintable      *paintable = gtk_picture_get_paintable (lt_guard_page_get_qr_picture (LT_GUARD_PAGE (page)));
  GdkTexture        *texture;
  int                width, height;
  g_autofree guint8 *rgba = NULL;
  g_autofree guint8 *luma = NULL;
  LtQrScanSettings   settings;
  g_autoptr (LtQrScanner) scanner = NULL;

  g_assert_true (GDK_IS_TEXTURE (paintable));
  texture = GDK_TEXTURE (paintable);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  rgba = g_malloc ((gsize)width * (gsize)height * 4);
  luma = g_malloc ((gsize)width * (gsize)height);
  gdk_texture_download (texture, rgba, (gsize)width * 4);
  for (gsize i = 0; i < (gsize)width * (gsize)height; i++)
    luma[i] = rgba[i * 4 + 1];
  lt_qr_scan_settings_init (&settings);
  scanner = lt_qr_scanner_new (&settings);
  return lt_qr_scanner_scan (scanner, luma, (guint)width, (guint)height, (guint)width);
}

static gboolean
list_has (char *(*dup) (LtGuardPage *),
          GtkWidget  *page,
          const char *text)
{
  g_autofree char *now = dup (LT_GUARD_PAGE (page));

  return strstr (now, text) != NULL;
}

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (lt_host_call_finish (LT_HOST (source), result, error));
}

/* Revoke stops the pass at once; Undo within 5 s gives it back; then the
 * bar goes and a revocation is final. The guard's list says which pass
 * each time, and who did it. */
static void
test_guard_revoke_undo (Fixture      *f,
                        gconstpointer data)
{
  g_autofree char *token = NULL;
  g_autofree char *revoked = NULL;
  g_autofree char *undone = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *page;
  gint64     id, shown_at;
  g_autoptr (LtHostDecision) decision = NULL;

  lt_application_set_language (f->app, "en");
  /* A wrong PIN and a grant, for the log below. */
  enter_unit_pin (f, "1-101", "135790");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  activate (f, "kiosk.cancel");
  enter_unit_pin (f, "1-101", "246810");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  activate (f, "kiosk.cancel");
  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  guard_action (page, "guard.new-pass", NULL);
  lt_pass_form_press (form_of (page), "1-101");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.field", "s", "phone");
  lt_pass_form_press (form_of (page), "0427");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.uses", "u", 0);
  guard_action (page, "guard.issue-pass", NULL);
  WAIT_UNTIL (g_str_equal (lt_guard_page_get_view (LT_GUARD_PAGE (page)), "pass"), 5);
  token = g_strdup (lt_guard_page_get_last_token (LT_GUARD_PAGE (page)));
  id = lt_guard_page_get_last_pass_id (LT_GUARD_PAGE (page));
  g_assert_nonnull (strstr (lt_guard_page_get_pass_words (LT_GUARD_PAGE (page)), "Visitor: •••• 0427"));
  guard_action (page, "guard.pass-done", NULL);
  WAIT_UNTIL (list_has (lt_guard_page_dup_passes, page, "Unit 1-101 — •••• 0427"), 5);
  g_assert_cmpint (lt_guard_page_get_undo_pass_id (LT_GUARD_PAGE (page)), ==, 0);

  /* Revoked: refused at the door at once, Undo offered. */
  guard_action (page, "guard.revoke-pass", "x", id);
  WAIT_UNTIL (lt_guard_page_get_undo_pass_id (LT_GUARD_PAGE (page)) == id, 5);
  decision = present_token (f, token);
  g_assert_false (decision->granted);
  g_assert_cmpint (decision->reason, ==, LT_REASON_REVOKED);
  /* Undo: accepted again. */
  guard_action (page, "guard.undo-revoke", NULL);
  g_assert_cmpint (lt_guard_page_get_undo_pass_id (LT_GUARD_PAGE (page)), ==, 0);
  WAIT_UNTIL (list_has (lt_guard_page_dup_passes, page, "•••• 0427"), 5);
  lt_engine_host_flush (f->host);
  g_clear_pointer (&decision, lt_host_decision_free);
  decision = present_token (f, token);
  g_assert_true (decision->granted);

  /* Revoked again and left: the bar goes after 5 s, for good. */
  guard_action (page, "guard.revoke-pass", "x", id);
  WAIT_UNTIL (lt_guard_page_get_undo_pass_id (LT_GUARD_PAGE (page)) == id, 5);
  shown_at = g_get_monotonic_time ();
  WAIT_UNTIL (lt_guard_page_get_undo_pass_id (LT_GUARD_PAGE (page)) == 0, 15);
  g_assert_cmpint (g_get_monotonic_time () - shown_at, >=, 3 * G_USEC_PER_SEC);
  lt_test_iterate_for (600);
  /* The engine refuses a late undo too, whoever asks. */
  lt_host_restore_pass_async (LT_HOST (f->host), id, f->guard, NULL, on_restored, &error);
  WAIT_UNTIL (error != NULL, 5);
  g_assert_nonnull (strstr (error->message, "stays revoked"));
  g_clear_pointer (&decision, lt_host_decision_free);
  decision = present_token (f, token);
  g_assert_false (decision->granted);
  g_assert_cmpint (decision->reason, ==, LT_REASON_REVOKED);

  /* The log says which pass, and which guard ([guard] show-names). */
  revoked = g_strdup_printf ("Guard Zhou — visitor pass %" G_GINT64_FORMAT " for unit 1-101 revoked", id);
  undone = g_strdup_printf ("revocation of visitor pass %" G_GINT64_FORMAT " for unit 1-101 undone", id);
  guard_action (page, "guard.refresh", NULL);
  WAIT_UNTIL (list_has (lt_guard_page_dup_events, page, undone), 5);
  g_assert_true (list_has (lt_guard_page_dup_events, page, revoked));
  /* A wrong PIN names the unit typed; a grant names the resident too. */
  g_assert_true (list_has (lt_guard_page_dup_events, page, "unit 1-101 — PIN — denied (wrong PIN)"));
  g_assert_true (list_has (lt_guard_page_dup_events, page, "Wang Fang, unit 1-101 — PIN — granted"));
}

/* Used up, expired and revoked passes are in the history; an active
 * pass's code can be shown again and still opens the door. */
static void
test_guard_history_reshow (Fixture      *f,
                           gconstpointer data)
{
  g_autofree char *expired_from = iso_time (-3);
  g_autofree char *expired_until = iso_time (-2);
  g_autofree char *expired = issue_pass (f, expired_from, expired_until, "0");
  g_autofree char *named_from = iso_time (0);
  g_autofree char *named_until = iso_time (3);
  g_auto (LtTestRun) named = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *once = NULL;
  g_autofree char *decoded = NULL;
  g_autoptr (LtHostDecision) decision = NULL;
  GtkWidget *page;
  gint64     once_id, token_id;

  /* A name in any script still comes with lintelctl, and is listed. */
  lt_test_lintelctl (f->base.config_path, NULL, &named, "pass", "issue", "--unit", "1-101", "--valid-from", named_from,
                     "--valid-until", named_until, "--uses", "1", "--name", "王小明", "--phone", "5678", NULL);
  g_assert_cmpint (named.status, ==, 0);
  lt_application_set_language (f->app, "en");
  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  WAIT_UNTIL (list_has (lt_guard_page_dup_passes, page, "Unit 1-101 — 王小明, •••• 5678"), 5);
  once = issue_on_screen (page, "1-101", "2h", 1);
  once_id = lt_guard_page_get_last_pass_id (LT_GUARD_PAGE (page));
  guard_action (page, "guard.pass-done", NULL);
  decision = present_token (f, once);
  g_assert_true (decision->granted);
  token = issue_on_screen (page, "1-101", "4h", 2);
  token_id = lt_guard_page_get_last_pass_id (LT_GUARD_PAGE (page));
  guard_action (page, "guard.pass-done", NULL);
  WAIT_UNTIL (list_has (lt_guard_page_dup_passes, page, "2 entries left"), 5);

  /* Its code again: the very token, and it opens the door. */
  g_assert_true (gtk_widget_activate_action (page, "guard.show-pass", "x", token_id));
  WAIT_UNTIL (g_str_equal (lt_guard_page_get_view (LT_GUARD_PAGE (page)), "pass"), 5);
  g_assert_cmpint (lt_guard_page_get_last_pass_id (LT_GUARD_PAGE (page)), ==, token_id);
  g_assert_cmpstr (lt_guard_page_get_last_token (LT_GUARD_PAGE (page)), ==, token);
  decoded = decode_qr_picture (page);
  g_assert_cmpstr (decoded, ==, token);
  g_clear_pointer (&decision, lt_host_decision_free);
  decision = present_token (f, decoded);
  g_assert_true (decision->granted);
  g_assert_cmpint (decision->pass_id, ==, token_id);
  guard_action (page, "guard.pass-done", NULL);
  /* A used-up pass has no code to show. */
  guard_action (page, "guard.show-pass", "x", once_id);
  lt_test_iterate_for (500);
  g_assert_cmpstr (lt_guard_page_get_view (LT_GUARD_PAGE (page)), ==, "main");

  guard_action (page, "guard.revoke-pass", "x", token_id);
  WAIT_UNTIL (lt_guard_page_get_undo_pass_id (LT_GUARD_PAGE (page)) == token_id, 5);
  guard_action (page, "guard.history", NULL);
  g_assert_cmpstr (lt_guard_page_get_view (LT_GUARD_PAGE (page)), ==, "history");
  WAIT_UNTIL (list_has (lt_guard_page_dup_history, page, "revoked"), 5);
  g_assert_true (list_has (lt_guard_page_dup_history, page, "used up"));
  g_assert_true (list_has (lt_guard_page_dup_history, page, "expired"));
  {
    g_autofree char *history = lt_guard_page_dup_history (LT_GUARD_PAGE (page));
    g_auto (GStrv) lines = g_strsplit (g_strstrip (history), "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    /* The latest end first: the pass that expired two hours ago last. */
    g_assert_nonnull (strstr (lines[2], "expired"));
  }
  guard_action (page, "guard.cancel-pass", NULL);
  g_assert_cmpstr (lt_guard_page_get_view (LT_GUARD_PAGE (page)), ==, "main");
}

/* Custom hours: a day (today, tomorrow, the day after) and half hours. */
static void
test_guard_custom_day (Fixture      *f,
                       gconstpointer data)
{
  GtkWidget *page;
  gint64     from, until, from2, until2;
  guint      day = 9;

  lt_application_set_language (f->app, "en");
  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  guard_action (page, "guard.new-pass", NULL);
  g_assert_cmpstr (lt_pass_form_get_editor (form_of (page)), ==, "keypad");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.validity", "s", "custom");
  /* The custom hours take the keypad's place; a field tapped brings the
   * keypad back, "Custom" tapped again the hours. */
  g_assert_cmpstr (lt_pass_form_get_editor (form_of (page)), ==, "custom");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.field", "s", "unit");
  g_assert_cmpstr (lt_pass_form_get_editor (form_of (page)), ==, "keypad");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.validity", "s", "custom");
  g_assert_cmpstr (lt_pass_form_get_editor (form_of (page)), ==, "custom");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.field", "s", "phone");
  g_assert_cmpstr (lt_pass_form_get_editor (form_of (page)), ==, "keypad");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.validity", "s", "custom");
  lt_pass_form_get_custom_range (form_of (page), &from, &until);
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.day", "u", 1);
  lt_pass_form_get_custom_range (form_of (page), &from2, &until2);
  g_object_get (form_of (page), "day", &day, NULL);
  g_assert_cmpuint (day, ==, 1);
  /* The same hours a day later (a day is 23-25 h across a clock change). */
  g_assert_cmpint (until2 - from2, ==, until - from);
  g_assert_cmpint (from2 - from, >=, 23 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (from2 - from, <=, 25 * G_TIME_SPAN_HOUR);
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.day", "u", 2);
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.custom-end", "i", 1);
  lt_pass_form_get_custom_range (form_of (page), &from2, &until2);
  g_assert_cmpint (until2 - from2, ==, until - from + 30 * G_TIME_SPAN_MINUTE);
  /* Never later than the day after tomorrow. */
  for (guint i = 0; i < 60; i++)
    guard_action (GTK_WIDGET (form_of (page)), "pass-form.custom-start", "i", 1);
  g_object_get (form_of (page), "day", &day, NULL);
  g_assert_cmpuint (day, ==, 2);
  lt_pass_form_get_custom_range (form_of (page), &from2, &until2);
  g_assert_cmpint (from2, <, from + 3 * G_TIME_SPAN_DAY);
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.field", "s", "unit");
  lt_pass_form_press (form_of (page), "1-101");
  guard_action (page, "guard.issue-pass", NULL);
  WAIT_UNTIL (g_str_equal (lt_guard_page_get_view (LT_GUARD_PAGE (page)), "pass"), 5);
  /* Back to today: the hours move back too, never before now. */
  guard_action (page, "guard.pass-done", NULL);
  guard_action (page, "guard.new-pass", NULL);
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.validity", "s", "custom");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.day", "u", 2);
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.day", "u", 0);
  lt_pass_form_get_custom_range (form_of (page), &from2, &until2);
  /* (The current half hour may have begun meanwhile.) */
  g_assert_cmpint (from2, >=, from);
  g_assert_cmpint (from2 - from, <=, 30 * G_TIME_SPAN_MINUTE);
}

/* Without the site's signing key there is no button to issue with. */
static void
test_guard_no_pass_key (Fixture      *f,
                        gconstpointer data)
{
  GtkWidget *page;

  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  /* Disabled: activating it shows no form. */
  gtk_widget_activate_action (page, "guard.new-pass", NULL);
  g_assert_cmpstr (lt_guard_page_get_view (LT_GUARD_PAGE (page)), ==, "main");
}

/* ---- screenshots ---------------------------------------------------------- */

/* What was written is the screen: the window's size, and a picture, not
 * a blank — a screen with text, buttons and icons has many colours (a
 * blank or single-colour failure has one or two). Returns how many (up
 * to 64). */
static guint
picture_colours (const char *path,
                 int         width,
                 int         height)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) saved = gdk_texture_new_from_filename (path, &error);
  g_autoptr (GHashTable) colours = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree guint32 *pixels = NULL;
  gsize               n;

  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (saved), ==, width);
  g_assert_cmpint (gdk_texture_get_height (saved), ==, height);
  n = (gsize)width * (gsize)height;
  pixels = g_new (guint32, n);
  gdk_texture_download (saved, (guchar *)pixels, (gsize)width * 4);
  for (gsize i = 0; i < n && g_hash_table_size (colours) < 64; i++)
    g_hash_table_add (colours, GUINT_TO_POINTER (pixels[i]));
  return g_hash_table_size (colours);
}

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  /* A toplevel paints nothing through a widget paintable; its child does.
   * The window's own background goes underneath. */
  GtkWidget *child = gtk_window_get_child (GTK_WINDOW (widget));
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (child);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  GdkRGBA      background;

  gdk_rgba_parse (&background, "#101418");
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

typedef struct {
  const char *dir; /* LT_SCREENSHOT_DIR, or NULL: layout checks only */
  const char *size;
  int         width, height;
  GString    *problems;
  guint       round;
} Walk;

static int
font_size (GtkWidget *label)
{
  return pango_font_description_get_size (pango_context_get_font_description (gtk_widget_get_pango_context (label)));
}

/* A page's title is larger than the text under it (issue 13: at 800x480
 * titles were smaller than body text). */
static void
check_titles (Fixture *f,
              GString *problems)
{
  const char *page = lt_kiosk_window_get_page (kiosk (f));
  GtkWidget  *title = NULL, *body = NULL;

  if (g_str_equal (page, "result")) {
    title = GTK_WIDGET (kiosk (f)->result_title);
    body = GTK_WIDGET (kiosk (f)->result_detail);
  } else if (g_str_equal (page, "entry")) {
    title = GTK_WIDGET (kiosk (f)->entry_title);
    body = GTK_WIDGET (kiosk (f)->entry_hint);
  }
  if (title != NULL && font_size (title) <= font_size (body))
    g_string_append_printf (problems, "title %d/1024 pt not larger than the text under it (%d/1024 pt)\n",
                            font_size (title), font_size (body));
}

/* What a person at the panel sees of this screen: checked for layout
 * problems (tests/app/lt-layout-check.c), and saved as a picture. 9 mm is
 * 60 px at 1024x600 (and on the larger or portrait panels), 48 px on a
 * 7" 800x480 panel. */
static void
look (Fixture    *f,
      Walk       *walk,
      const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s-%s-%s.png", name, lt_application_get_language (f->app), walk->size);
  g_autoptr (GString) problems = g_string_new (NULL);
  int min_button = walk->height <= 480 ? 48 : 60;

  /* Let layout, the page crossfade and rendering settle. */
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (kiosk (f))) && gtk_widget_get_width (GTK_WIDGET (kiosk (f))) > 0, 5);
  WAIT_UNTIL (!gtk_stack_get_transition_running (kiosk (f)->stack), 5);
  for (guint i = 0; i < 80; i++) {
    g_main_context_iteration (NULL, FALSE);
    g_usleep (5000);
  }
  lt_layout_check (GTK_WIDGET (kiosk (f)), walk->width, walk->height, min_button, 20, problems);
  check_titles (f, problems);
  if (problems->len > 0)
    g_string_append_printf (walk->problems, "== %s\n%s", file, problems->str);
  if (walk->dir != NULL) {
    g_autofree char *path = g_build_filename (walk->dir, file, NULL);
    guint            colours = 0;

    /* A screen that did not fit is reported below, with the rest; one
     * that has not been drawn yet after a resize gets a little longer. */
    for (guint attempt = 0; attempt < 10 && colours < 64; attempt++) {
      if (attempt > 0)
        lt_test_iterate_for (100);
      save_png (GTK_WIDGET (kiosk (f)), path);
      if (problems->len > 0)
        break;
      colours = picture_colours (path, walk->width, walk->height);
    }
    if (problems->len == 0)
      g_assert_cmpuint (colours, >=, 64);
  }
}

/* The resident's feedback, in the order a person meets it: a first
 * denial, the 3rd that says how many tries are left, the 5th that starts
 * the lockout's countdown, the countdown shown before a PIN is typed for
 * the locked unit, a PIN too short to send, the scan countdown, a scan
 * that found no code, and a card's answer on the lobby and while a guard
 * is signed in. A unit of its own each round (one that does not
 * exist: it reads like any other). */
/* Time passing between rounds of the walk, without the wait: the
 * keypad's and the card reader's counts are forgotten, as they would be
 * after lockout-forget-seconds (each round's unit keeps its own). */
static void
forget_reader_counts (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = lt_store_open (f->base.db_path, &error);
  g_autofree char *keypad = lt_lockout_reader_key ("main", "keypad", LT_METHOD_PIN);
  g_autofree char *usb = lt_lockout_reader_key ("main", "usb", LT_METHOD_CARD);

  g_assert_no_error (error);
  g_assert_true (lt_lockout_clear (store, keypad, &error));
  g_assert_true (lt_lockout_clear (store, usb, &error));
  g_assert_no_error (error);
}

static void
walk_feedback (Fixture *f,
               Walk    *walk)
{
  g_autofree char *unit = g_strdup_printf ("9-9%02u", ++walk->round);

  forget_reader_counts (f);
  for (guint i = 1; i <= 5; i++) {
    enter_unit_pin (f, unit, "999999");
    WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
    if (i == 1)
      look (f, walk, "denied");
    else if (i == 3)
      look (f, walk, "denied-attempts");
    else if (i == 5)
      look (f, walk, "denied-lockout");
    activate (f, "kiosk.cancel");
  }
  activate (f, "kiosk.unit-pin");
  lt_kiosk_window_press (kiosk (f), unit);
  activate (f, "kiosk.ok");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  look (f, walk, "pin-locked");
  activate (f, "kiosk.cancel");

  enter_unit_pin (f, "1-101", "123");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");
  look (f, walk, "pin-short");
  activate (f, "kiosk.cancel");
  activate (f, "kiosk.cancel");

  activate (f, "kiosk.scan-qr");
  WAIT_UNTIL (lt_host_get_camera_running (LT_HOST (f->host)), 5);
  look (f, walk, "scan");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 15);
  look (f, walk, "no-code");
  activate (f, "kiosk.cancel");

  /* A card's answer, on the lobby and on top of a guard's screen. */
  simulate (f, LT_SIM_USB_CARD, "0BADC0DE01");
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 5);
  look (f, walk, "card-denied");
  activate (f, "kiosk.cancel");
  sign_in (f, "909090");
  simulate (f, LT_SIM_USB_CARD, "0BADC0DE01");
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (kiosk (f)->notice_label)), 5);
  look (f, walk, "card-notice");
  activate (f, "kiosk.cancel");
  /* The answer stays its few seconds, then the next pictures are clean. */
  WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (kiosk (f)->notice_label)), 10);
  forget_reader_counts (f);
}

static void
walk_resident (Fixture *f,
               Walk    *walk)
{
  activate (f, "kiosk.cancel");
  look (f, walk, "lobby");
  activate (f, "kiosk.large-text");
  look (f, walk, "lobby-large");
  activate (f, "kiosk.unit-pin");
  lt_kiosk_window_press (kiosk (f), "3-12");
  look (f, walk, "unit-large");
  activate (f, "kiosk.large-text");
  look (f, walk, "unit");
  next_to_pin (f);
  lt_kiosk_window_press (kiosk (f), "12");
  look (f, walk, "pin");
  activate (f, "kiosk.cancel");
  activate (f, "kiosk.cancel");
  walk_feedback (f, walk);
  simulate (f, LT_SIM_TAMPER_ON, NULL);
  WAIT_UNTIL (lt_kiosk_window_get_banner (kiosk (f)) != NULL, 5);
  look (f, walk, "lobby-alarm");
  simulate (f, LT_SIM_TAMPER_OFF, NULL);
}

static void
walk_staff (Fixture *f,
            Walk    *walk)
{
  GtkWidget       *page;
  g_autofree char *token = NULL;

  sign_in (f, "909090");
  page = lt_kiosk_window_get_staff_page (kiosk (f));
  look (f, walk, "guard-alarm");
  g_assert_true (gtk_widget_activate_action (page, "guard.acknowledge", NULL));
  WAIT_UNTIL (lt_host_get_alarm (LT_HOST (f->host)) == LT_ALARM_NONE, 5);
  guard_action (page, "guard.new-pass", NULL);
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.validity", "s", "custom");
  {
    gint64 from, until, from2, until2;

    /* Custom hours move in half hours. */
    lt_pass_form_get_custom_range (form_of (page), &from, &until);
    guard_action (GTK_WIDGET (form_of (page)), "pass-form.custom-end", "i", 1);
    lt_pass_form_get_custom_range (form_of (page), &from2, &until2);
    g_assert_cmpint (from2, ==, from);
    g_assert_cmpint (until2 - until, ==, 30 * G_TIME_SPAN_MINUTE);
  }
  guard_action (page, "guard.issue-pass", NULL);
  g_assert_nonnull (lt_pass_form_get_issue_error (form_of (page)));
  look (f, walk, "pass-form-error");
  /* The day the custom hours start, in the keypad's place; then the
   * unit and the visitor's phone digits, the keypad back. */
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.day", "u", 1);
  look (f, walk, "pass-form-custom");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.field", "s", "unit");
  lt_pass_form_press (form_of (page), "1-101");
  guard_action (GTK_WIDGET (form_of (page)), "pass-form.field", "s", "phone");
  lt_pass_form_press (form_of (page), "04");
  look (f, walk, "pass-form");
  guard_action (page, "guard.cancel-pass", NULL);
  token = issue_on_screen (page, "1-101", "2h", 1);
  look (f, walk, "pass");
  guard_action (page, "guard.pass-done", NULL);
  look (f, walk, "guard");
  {
    gint64 id = lt_guard_page_get_last_pass_id (LT_GUARD_PAGE (page));

    /* Signed in again: the screens above took most of [terminal]
     * idle-seconds. */
    activate (f, "kiosk.cancel");
    sign_in (f, "909090");
    page = lt_kiosk_window_get_staff_page (kiosk (f));
    /* Its code again; then revoked, with Undo showing; then the history. */
    guard_action (page, "guard.show-pass", "x", id);
    WAIT_UNTIL (g_str_equal (lt_guard_page_get_view (LT_GUARD_PAGE (page)), "pass"), 5);
    look (f, walk, "pass-again");
    guard_action (page, "guard.pass-done", NULL);
    guard_action (page, "guard.revoke-pass", "x", id);
    WAIT_UNTIL (lt_guard_page_get_undo_pass_id (LT_GUARD_PAGE (page)) == id, 5);
    look (f, walk, "guard-undo");
    guard_action (page, "guard.history", NULL);
    WAIT_UNTIL (({ g_autofree char *h = lt_guard_page_dup_history (LT_GUARD_PAGE (page));
                   strstr (h, "1-101") != NULL; }), 5);
    look (f, walk, "pass-history");
    guard_action (page, "guard.cancel-pass", NULL);
  }
  activate (f, "kiosk.cancel");
  sign_in (f, "808080");
  look (f, walk, "maintenance");
  activate (f, "kiosk.cancel");
}

/* ---- the resident menu and face entry (issue 11) ----------------------------- */

static char *face_frame;  /* the layout walk's camera picture */
static char *face_config; /* the layout walk: face entry on, a file camera */

static void
frame_face (gboolean face)
{
  if (face) {
    g_autofree char *from = g_build_filename (g_getenv ("LT_FACE_REFERENCE"), "pictures", "sample1.png", NULL);
    g_autofree char *bytes = NULL;
    gsize            length;

    g_assert_true (g_file_get_contents (from, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (face_frame, bytes, length, NULL));
  } else {
    g_autoptr (GBytes) grey = g_bytes_new_take (memset (g_malloc (64 * 64 * 4), 0x80, 64 * 64 * 4), 64 * 64 * 4);
    g_autoptr (GdkTexture) texture = gdk_memory_texture_new (64, 64, GDK_MEMORY_R8G8B8A8, grey, 64 * 4);

    g_assert_true (gdk_texture_save_to_png (texture, face_frame));
  }
}

static LtResidentPage *
resident_page (Fixture *f)
{
  GtkWidget *page = lt_kiosk_window_get_resident_page (kiosk (f));

  g_assert_true (LT_IS_RESIDENT_PAGE (page));
  return LT_RESIDENT_PAGE (page);
}

static void
resident_tap (Fixture    *f,
              const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (resident_page (f)), action, NULL));
}

static gboolean
resident_view_is (Fixture    *f,
                  const char *view)
{
  return g_str_equal (lt_resident_page_get_view (resident_page (f)), view);
}

static void
resident_sign_in (Fixture    *f,
                  const char *pin)
{
  activate (f, "kiosk.resident");
  lt_resident_page_press (resident_page (f), "1-101");
  resident_tap (f, "resident.ok");
  lt_resident_page_press (resident_page (f), pin);
  resident_tap (f, "resident.ok");
  WAIT_UNTIL (resident_view_is (f, "menu"), 10);
}

/* Menu → notice → consent, ticked (or not). */
static void
resident_consent (Fixture *f,
                  gboolean tick)
{
  resident_tap (f, "resident.face-entry");
  WAIT_UNTIL (resident_view_is (f, "notice"), 10);
  resident_tap (f, "resident.consent");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (lt_resident_page_get_part (resident_page (f), "consent-check")), tick);
}

static void
walk_face_declined (Fixture *f,
                    Walk    *walk)
{
  frame_face (FALSE);
  activate (f, "kiosk.resident");
  look (f, walk, "resident-sign-in");
  resident_sign_in (f, "246810");
  look (f, walk, "resident-menu");
  resident_tap (f, "resident.face-entry");
  WAIT_UNTIL (resident_view_is (f, "notice"), 10);
  look (f, walk, "face-notice");
  resident_tap (f, "resident.consent");
  look (f, walk, "face-consent");
  /* A picture without a face: the camera keeps looking for a while. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (lt_resident_page_get_part (resident_page (f), "consent-check")), TRUE);
  resident_tap (f, "resident.agree");
  WAIT_UNTIL (lt_host_get_camera_running (LT_HOST (f->host)), 10);
  look (f, walk, "face-camera");
  resident_tap (f, "resident.stop-camera");
  WAIT_UNTIL (!lt_host_get_camera_running (LT_HOST (f->host)), 10);
  resident_consent (f, FALSE);
  resident_tap (f, "resident.decline");
  WAIT_UNTIL (resident_view_is (f, "outcome"), 10);
  look (f, walk, "face-declined");
  resident_tap (f, "resident.my-data");
  WAIT_UNTIL (resident_view_is (f, "my-data"), 10);
  look (f, walk, "my-data");
  resident_tap (f, "resident.confirm-withdraw");
  look (f, walk, "face-withdraw");
  activate (f, "kiosk.cancel");
  /* A minor: a guardian's PIN next. */
  resident_sign_in (f, "135246");
  resident_consent (f, TRUE);
  resident_tap (f, "resident.agree");
  look (f, walk, "face-guardian");
  activate (f, "kiosk.cancel");
}

static void
walk_face_enrolled (Fixture *f,
                    Walk    *walk)
{
  GtkWidget *face_page;

  frame_face (TRUE);
  resident_sign_in (f, "246810");
  resident_consent (f, TRUE);
  resident_tap (f, "resident.agree");
  WAIT_UNTIL (resident_view_is (f, "outcome"), 120);
  look (f, walk, "face-enrolled");
  resident_tap (f, "resident.my-data");
  WAIT_UNTIL (resident_view_is (f, "my-data"), 10);
  look (f, walk, "my-data-enrolled");
  activate (f, "kiosk.cancel");
  WAIT_UNTIL (gtk_widget_get_visible (lt_kiosk_window_get_face_button (kiosk (f))), 10);
  look (f, walk, "lobby-face");
  /* A tap on Face with nobody in front of the camera: it gives up. */
  frame_face (FALSE);
  activate (f, "kiosk.face");
  face_page = lt_kiosk_window_get_resident_page (kiosk (f));
  WAIT_UNTIL (lt_host_get_camera_running (LT_HOST (f->host)), 10);
  look (f, walk, "face-scan");
  WAIT_UNTIL (g_str_equal (lt_face_page_get_view (LT_FACE_PAGE (face_page)), "failed"), 30);
  look (f, walk, "face-failed");
  activate (f, "kiosk.cancel");
  resident_sign_in (f, "246810");
  resident_tap (f, "resident.my-data");
  WAIT_UNTIL (resident_view_is (f, "my-data"), 10);
  resident_tap (f, "resident.confirm-withdraw");
  resident_tap (f, "resident.withdraw");
  WAIT_UNTIL (resident_view_is (f, "outcome"), 10);
  look (f, walk, "face-withdrawn");
  activate (f, "kiosk.cancel");
  WAIT_UNTIL (!gtk_widget_get_visible (lt_kiosk_window_get_face_button (kiosk (f))), 10);
}

/* Every screen in every state we can reach, at each panel size, in both
 * languages: nothing outside the window, no text cut off, buttons a
 * finger can hit, text that can be read. Pictures of each go to
 * LT_SCREENSHOT_DIR when it is set. */
static void
test_layouts (Fixture      *f,
              gconstpointer data)
{
  static const struct {
    int width, height;
  } sizes[] = {
    { 1024, 600 },
    { 800, 480 },
    { 1280, 800 },
    { 600, 1024 },
  };
  static const char *const languages[] = { "zh_CN", "en" };
  g_autoptr (GString) problems = g_string_new (NULL);
  Walk walk = { .dir = g_getenv ("LT_SCREENSHOT_DIR"), .problems = problems };

  if (walk.dir != NULL)
    g_assert_cmpint (g_mkdir_with_parents (walk.dir, 0755), ==, 0);
  /* For the pass screens: the engine loads the key when first asked (the
   * camera fixture has one already). The camera's picture (grey, or a
   * face) holds no code: every scan of the walk ends with no code found. */
  if (!lt_pass_key_exists (f->base.key_dir)) {
    g_autoptr (GError) error = NULL;
    g_assert_true (lt_pass_key_create (f->base.key_dir, &error));
    g_assert_no_error (error);
  }
  frame_face (FALSE);

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++) {
    lt_application_set_language (f->app, languages[l]);
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++) {
      g_autofree char *size = g_strdup_printf ("%dx%d", sizes[s].width, sizes[s].height);

      walk.size = size;
      walk.width = sizes[s].width;
      walk.height = sizes[s].height;
      gtk_window_set_default_size (GTK_WINDOW (kiosk (f)), sizes[s].width, sizes[s].height);
      /* A window whose content does not fit stays larger: not waited for
       * here, found by the checks. */
      for (guint i = 0; i < 100 && !(gtk_widget_get_mapped (GTK_WIDGET (kiosk (f))) && gtk_widget_get_width (GTK_WIDGET (kiosk (f))) == sizes[s].width && gtk_widget_get_height (GTK_WIDGET (kiosk (f))) == sizes[s].height); i++)
        lt_test_iterate_for (30);
      walk_resident (f, &walk);
      walk_staff (f, &walk);
      walk_face_declined (f, &walk);
      walk_face_enrolled (f, &walk);
    }
  }
  if (problems->len > 0)
    g_error ("Layout problems:\n%s", problems->str);
}

int
main (int    argc,
      char **argv)
{
  lt_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  if (lt_test_skip_without_eviocgrab ())
    return 0;
  gst_init (NULL, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/ui/kiosk/pin-grant", test_pin_grant);
  ADD ("/ui/kiosk/wrong-pin", test_wrong_pin);
  g_test_add ("/ui/kiosk/lockout", Fixture, CONFIG_LOCKOUT, fixture_setup, test_lockout, fixture_teardown);
  ADD ("/ui/kiosk/card", test_card);
  ADD ("/ui/kiosk/decision-after-rebuild", test_decision_after_rebuild);
  ADD ("/ui/kiosk/staff-reply-after-rebuild", test_staff_reply_after_rebuild);
  ADD ("/ui/kiosk/capture-after-rebuild", test_capture_after_rebuild);
  g_test_add ("/ui/kiosk/extended-countdown", Fixture, CONFIG_LONG_UNLOCK, fixture_setup, test_extended_countdown,
              fixture_teardown);
  ADD ("/ui/kiosk/idle-timeout", test_idle_timeout);
  ADD ("/ui/kiosk/language-switch", test_language_switch);
  ADD ("/ui/kiosk/guard", test_guard);
  ADD ("/ui/kiosk/wrong-staff-pin", test_wrong_staff_pin);
  ADD ("/ui/kiosk/guard-acknowledge", test_guard_acknowledge);
  ADD ("/ui/kiosk/guard-tamper-acknowledged", test_guard_tamper_acknowledged);
  ADD ("/ui/kiosk/lobby-alarm", test_lobby_alarm);
  ADD ("/ui/kiosk/voice-prompts", test_voice_prompts);
  ADD ("/ui/kiosk/large-text", test_large_text);
  ADD ("/ui/kiosk/call-guard", test_call_guard);
  ADD ("/ui/kiosk/pin-feedback", test_pin_feedback);
  ADD ("/ui/kiosk/card-while-staff", test_card_while_staff);
  ADD ("/ui/kiosk/maintenance", test_maintenance);
  ADD ("/ui/kiosk/guard-no-pass-key", test_guard_no_pass_key);
  /* Every screen, the resident menu and face entry's too: face entry on,
   * a file camera (face-fixtures.sh fetches the models and a picture). */
  face_frame = g_strdup_printf ("%s/lintel-test-face-%d.png", g_get_tmp_dir (), (int)getpid ());
  face_config = g_strdup_printf ("[terminal]\nlanguage=zh_CN\nidle-seconds=120\nfullscreen=false\nbuilding=Test Court\n"
                                 "[door]\nmethods=pin;card;qr;face\nunlock-seconds=2\nrelock-on-close=false\n"
                                 "[simulator]\ncards=Resident=04A2B3C4D5\n"
                                 "[face]\nenabled=true\nliveness=off\nmodels=%s\ncontroller=Test Property Co.\n"
                                 "[camera]\nsource=file\nfile=%s\ntimeout-seconds=5\n",
                                 g_getenv ("LT_FACE_MODELS"), face_frame);
  g_test_add ("/ui/kiosk/layouts", Fixture, face_config, fixture_setup, test_layouts, fixture_teardown);

  qr_png = g_strdup_printf ("%s/lintel-test-qr-%d.png", g_get_tmp_dir (), (int)getpid ());
  qr_config = g_strdup_printf ("%s[camera]\nsource=file\nfile=%s\ntimeout-seconds=5\n", CONFIG, qr_png);
  g_test_add ("/ui/kiosk/qr-pass", Fixture, qr_config, fixture_setup, test_qr_pass, fixture_teardown);
  g_test_add ("/ui/kiosk/qr-refused", Fixture, qr_config, fixture_setup, test_qr_refused, fixture_teardown);
  /* The camera fixture has the site key the guard signs with. */
  g_test_add ("/ui/kiosk/guard-pass", Fixture, qr_config, fixture_setup, test_guard_pass, fixture_teardown);
  guard_config = g_strdup_printf ("%s[camera]\nsource=file\nfile=%s\ntimeout-seconds=5\n", CONFIG_GUARD_IDLE, qr_png);
  g_test_add ("/ui/kiosk/guard-revoke-undo", Fixture, guard_config, fixture_setup, test_guard_revoke_undo,
              fixture_teardown);
  g_test_add ("/ui/kiosk/guard-history-reshow", Fixture, qr_config, fixture_setup, test_guard_history_reshow,
              fixture_teardown);
  g_test_add ("/ui/kiosk/guard-custom-day", Fixture, qr_config, fixture_setup, test_guard_custom_day, fixture_teardown);
  {
    int status = g_test_run ();
    g_unlink (qr_png);
    g_unlink (face_frame);
    return status;
  }
}
