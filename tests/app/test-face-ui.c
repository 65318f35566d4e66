/* test-face-ui.c: the resident menu and face entry, driven like a finger
 * would, on Xvfb
 *
 * The real application and engine on simulated hardware, with the file
 * camera showing face-api's demo picture (fetched by face-fixtures.sh at
 * test time, never committed) and [face] liveness=off, so that a still
 * picture stands in for a person. What is asserted is what a person sees
 * and what the engine keeps (through the store, read from outside).
 * The /ui/face/remote/ tests run the same screens as the kiosk of a
 * separate engine: through LtRemoteHost and the engine's exporter over a
 * real socket, as `lintel --engine-socket` does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-application.h"
#include "lt-engine-host.h"
#include "lt-face-page.h"
#include "lt-face-store.h"
#include "lt-host-exporter.h"
#include "lt-kiosk-window-private.h"
#include "lt-remote-host.h"
#include "lt-resident-page.h"
#include "lt-test-util.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>
#include <unistd.h>

#define UNIT      "2-201"
#define ADULT_PIN "135790"
#define MINOR_PIN "246802"
#define CARD      "04A2B3C4D5"

/* What a test runs against. */
typedef struct {
  const char *idle_seconds;
  gboolean    remote; /* the kiosk of a separate engine, over a socket */
} Variant;

typedef struct {
  LtFixture       base;
  LtEngineHost   *engine;
  LtHostExporter *exporter; /* remote only */
  LtRemoteHost   *remote;
  LtHost         *host; /* what the kiosk talks to */
  LtApplication  *app;
  gint64          adult;
  gint64          minor;
  guint           unlocks;
  char           *frame; /* the file camera's picture */
} Fixture;

static void
on_unlocked (GObject    *host,
             GParamSpec *pspec,
             Fixture    *f)
{
  if (lt_host_get_unlocked (LT_HOST (host)))
    f->unlocks++;
}

static void
copy_picture (const char *name,
              const char *to)
{
  g_autofree char *from = g_build_filename (g_getenv ("LT_FACE_REFERENCE"), "pictures", name, NULL);
  g_autofree char *bytes = NULL;
  gsize            length;

  g_assert_true (g_file_get_contents (from, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (to, bytes, length, NULL));
}

static void
setup (Fixture      *f,
       gconstpointer data)
{
  const Variant *variant = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *config_text = NULL;
  LtConfig        *config;

  g_assert_nonnull (g_getenv ("LT_FACE_REFERENCE"));
  f->frame = g_strdup_printf ("%s/lintel-face-ui-%d.png", g_get_tmp_dir (), (int)getpid ());
  copy_picture ("sample1.png", f->frame);
  config_text = g_strdup_printf ("[terminal]\nlanguage=en\nidle-seconds=%s\nfullscreen=false\nbuilding=Test Court\n"
                                 "[door]\nmethods=pin;card;qr;face\nunlock-seconds=1\nrelock-on-close=false\n"
                                 "[simulator]\ncards=Adult=" CARD "\n"
                                 "[face]\nenabled=true\nliveness=off\nmodels=%s\ncontroller=Test Property Co.\n"
                                 "[camera]\nsource=file\nfile=%s\ntimeout-seconds=20\n",
                                 variant->idle_seconds, g_getenv ("LT_FACE_MODELS"), f->frame);
  lt_fixture_setup (&f->base, config_text);
  f->adult = lt_fixture_add_resident (&f->base, UNIT, "Adult Li", ADULT_PIN, CARD);
  f->minor = lt_fixture_add_resident (&f->base, UNIT, "Minor Li", MINOR_PIN, NULL);
  g_assert_true (lt_store_set_minor (f->base.store, f->minor, TRUE, NULL));
  g_clear_object (&f->base.store);

  config = lt_config_load (f->base.config_path, &error);
  g_assert_no_error (error);
  f->engine = lt_engine_host_new (config, &error);
  g_assert_no_error (error);
  f->host = LT_HOST (f->engine);
  if (variant->remote) {
    g_autofree char *socket_path = g_build_filename (f->base.dir, "engine.sock", NULL);

    f->exporter = lt_host_exporter_new (f->host, socket_path, &error);
    g_assert_no_error (error);
    config = lt_config_load (f->base.config_path, &error);
    g_assert_no_error (error);
    f->remote = lt_remote_host_new (config, socket_path);
    LT_TEST_ITERATE_UNTIL (lt_remote_host_get_connected (f->remote), 10000);
    f->host = LT_HOST (f->remote);
  }
  f->app = lt_application_new (f->host);
  g_signal_connect (f->host, "notify::unlocked", G_CALLBACK (on_unlocked), f);
  {
    static guint     n;
    g_autofree char *id = g_strdup_printf ("org.lintel.Kiosk.FaceTest%u", ++n);
    g_application_set_application_id (G_APPLICATION (f->app), id);
  }
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (f->app));
}

static void
teardown (Fixture      *f,
          gconstpointer data)
{
  GtkWindow *kiosk = lt_application_get_kiosk (f->app);
  GtkWindow *sim = lt_application_get_simulator (f->app);

  if (sim != NULL)
    gtk_window_destroy (sim);
  if (kiosk != NULL)
    gtk_window_destroy (kiosk);
  g_signal_handlers_disconnect_by_data (f->host, f);
  if (f->remote != NULL) {
    g_object_run_dispose (G_OBJECT (f->remote));
    lt_test_iterate_for (50);
  }
  g_clear_object (&f->exporter);
  lt_engine_host_shutdown (f->engine);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->app);
  g_clear_object (&f->remote);
  g_clear_object (&f->engine);
  g_unlink (f->frame);
  g_free (f->frame);
  lt_fixture_teardown (&f->base, data);
}

#define WAIT_UNTIL(cond, seconds) LT_TEST_ITERATE_UNTIL (cond, (seconds)*1000)

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

static LtResidentPage *
page (Fixture *f)
{
  GtkWidget *widget = lt_kiosk_window_get_resident_page (kiosk (f));

  g_assert_true (LT_IS_RESIDENT_PAGE (widget));
  return LT_RESIDENT_PAGE (widget);
}

static void
tap (Fixture    *f,
     const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page (f)), action, NULL));
}

static const char *
view (Fixture *f)
{
  return lt_resident_page_get_view (page (f));
}

static gboolean
view_is (Fixture    *f,
         const char *name)
{
  return g_str_equal (view (f), name);
}

static char *
text (Fixture *f)
{
  return lt_resident_page_dup_text (page (f));
}

static gint64
templates_kept (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtStore) store = lt_store_open_reader (f->base.db_path, &error);

  g_assert_no_error (error);
  return lt_face_store_count (store, NULL);
}

/* "My account" → unit + PIN on the page's own keypad → the menu. */
static void
sign_in (Fixture    *f,
         const char *pin)
{
  activate (f, "kiosk.resident");
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "resident");
  g_assert_cmpstr (view (f), ==, "sign-in");
  lt_resident_page_press (page (f), UNIT);
  tap (f, "resident.ok");
  lt_resident_page_press (page (f), pin);
  tap (f, "resident.ok");
  WAIT_UNTIL (view_is (f, "menu"), 10);
}

/* Menu → notice → the consent screen. */
static void
to_consent (Fixture *f)
{
  tap (f, "resident.face-entry");
  WAIT_UNTIL (view_is (f, "notice"), 10);
  tap (f, "resident.consent");
  g_assert_cmpstr (view (f), ==, "consent");
}

static void
settle (void)
{
  for (guint i = 0; i < 40; i++) {
    g_main_context_iteration (NULL, FALSE);
    g_usleep (5000);
  }
}

/* R1, R2, R7, R8: the notice first, with the controller and a version; a
 * consent screen of its own with an unticked box; "Agree" insensitive
 * until ticked; "No thanks" as large and in the same style; declining is
 * one tap, recorded, and keeps no template. */
static void
test_consent_and_decline (Fixture      *f,
                          gconstpointer data)
{
  g_autofree char *short_pin = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *outcome = NULL;
  GtkWidget       *agree, *decline, *check;

  /* Nobody enrolled: no Face button on the lobby. */
  g_assert_false (gtk_widget_get_visible (lt_kiosk_window_get_face_button (kiosk (f))));
  /* A PIN too short is said at once, not sent. */
  activate (f, "kiosk.resident");
  lt_resident_page_press (page (f), UNIT);
  tap (f, "resident.ok");
  lt_resident_page_press (page (f), "12");
  tap (f, "resident.ok");
  g_assert_cmpstr (view (f), ==, "sign-in");
  short_pin = text (f);
  g_assert_nonnull (strstr (short_pin, "at least 4 digits"));
  activate (f, "kiosk.cancel");
  sign_in (f, ADULT_PIN);
  tap (f, "resident.face-entry");
  WAIT_UNTIL (view_is (f, "notice"), 10);
  notice = text (f);
  g_assert_nonnull (strstr (notice, "Test Property Co."));
  g_assert_nonnull (strstr (notice, "Notice version"));
  g_assert_false (lt_host_get_camera_running (LT_HOST (f->host)));

  tap (f, "resident.consent");
  settle ();
  check = lt_resident_page_get_part (page (f), "consent-check");
  agree = lt_resident_page_get_part (page (f), "agree");
  decline = lt_resident_page_get_part (page (f), "decline");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_false (gtk_widget_get_sensitive (agree));
  g_assert_true (gtk_widget_get_sensitive (decline));
  /* As prominent: the same size, and neither is the suggested one. */
  g_assert_cmpint (gtk_widget_get_width (decline), >=, gtk_widget_get_width (agree));
  g_assert_cmpint (gtk_widget_get_height (decline), >=, gtk_widget_get_height (agree));
  g_assert_cmpint (gtk_widget_get_height (decline), >=, 60);
  g_assert_false (gtk_widget_has_css_class (agree, "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (decline, "suggested-action"));
  g_assert_false (gtk_widget_has_default (agree));
  /* "Agree" unticked does nothing, whatever asks. */
  tap (f, "resident.agree");
  g_assert_cmpstr (view (f), ==, "consent");
  g_assert_false (lt_host_get_camera_running (LT_HOST (f->host)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (gtk_widget_get_sensitive (agree));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  g_assert_false (gtk_widget_get_sensitive (agree));

  /* One tap. */
  g_signal_emit_by_name (decline, "clicked");
  WAIT_UNTIL (view_is (f, "outcome"), 10);
  outcome = text (f);
  g_assert_nonnull (strstr (outcome, "You chose not to use face entry"));
  g_assert_cmpint (templates_kept (f), ==, 0);
  g_assert_false (lt_host_get_camera_running (LT_HOST (f->host)));
  g_assert_false (lt_host_get_face_available (LT_HOST (f->host)));
  /* Back to the consent screen: unticked again. */
  tap (f, "resident.menu");
  to_consent (f);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
}

/* Enrolment with the file camera → Face appears on the lobby → a tap
 * opens → my data shows the right fields, never a credential →
 * withdrawal takes Face away and keeps no template. */
static void
test_enrol_face_withdraw (Fixture      *f,
                          gconstpointer data)
{
  g_autofree char *outcome = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *after = NULL;
  GtkWidget       *face_button = lt_kiosk_window_get_face_button (kiosk (f));
  GtkWidget       *face_page;

  sign_in (f, ADULT_PIN);
  to_consent (f);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (lt_resident_page_get_part (page (f), "consent-check")), TRUE);
  tap (f, "resident.agree");
  g_assert_cmpstr (view (f), ==, "camera");
  WAIT_UNTIL (view_is (f, "outcome"), 120);
  outcome = text (f);
  g_test_message ("enrol: %s", outcome);
  g_assert_nonnull (strstr (outcome, "Face entry is on"));
  WAIT_UNTIL (!lt_host_get_camera_running (LT_HOST (f->host)), 10);
  g_assert_cmpint (templates_kept (f), ==, 1);

  /* Face on the lobby now, never the default or the focus (R8). */
  WAIT_UNTIL (gtk_widget_get_visible (face_button), 10);
  g_assert_false (gtk_widget_has_css_class (face_button, "suggested-action"));
  g_assert_false (gtk_widget_get_can_focus (face_button));

  /* My data: the fields, credentials by kind only. */
  tap (f, "resident.my-data");
  WAIT_UNTIL (view_is (f, "my-data"), 10);
  mine = text (f);
  g_test_message ("my data: %s", mine);
  g_assert_nonnull (strstr (mine, "Name: Adult Li"));
  g_assert_nonnull (strstr (mine, "Unit: " UNIT));
  g_assert_nonnull (strstr (mine, "Access valid: no end date"));
  g_assert_nonnull (strstr (mine, "PIN: ●●●●"));
  g_assert_nonnull (strstr (mine, "Cards: 1"));
  g_assert_nonnull (strstr (mine, "Face entry: on since"));
  g_assert_nonnull (strstr (mine, "notice version"));
  g_assert_null (strstr (mine, ADULT_PIN));
  g_assert_null (strstr (mine, CARD));
  g_assert_true (gtk_widget_get_visible (lt_resident_page_get_part (page (f), "withdraw")));

  /* Sign out, then a tap on Face opens the door (method face). */
  activate (f, "kiosk.cancel");
  g_assert_null (lt_kiosk_window_get_resident_page (kiosk (f)));
  g_assert_false (lt_host_get_camera_running (LT_HOST (f->host)));
  g_signal_emit_by_name (face_button, "clicked");
  g_assert_true (LT_IS_FACE_PAGE (lt_kiosk_window_get_resident_page (kiosk (f))));
  WAIT_UNTIL (f->unlocks == 1, 120);
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "result"), 10);
  WAIT_UNTIL (!lt_host_get_camera_running (LT_HOST (f->host)), 10);
  activate (f, "kiosk.cancel");

  /* Somebody else: refused, and every other way in is one tap away. */
  copy_picture ("sample2.png", f->frame);
  g_signal_emit_by_name (face_button, "clicked");
  face_page = lt_kiosk_window_get_resident_page (kiosk (f));
  WAIT_UNTIL (g_str_equal (lt_face_page_get_view (LT_FACE_PAGE (face_page)), "failed"), 120);
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "resident");
  g_assert_cmpuint (f->unlocks, ==, 1);
  WAIT_UNTIL (!lt_host_get_camera_running (LT_HOST (f->host)), 10);
  g_assert_true (gtk_widget_activate_action (face_page, "kiosk.unit-pin", NULL));
  g_assert_cmpstr (lt_kiosk_window_get_page (kiosk (f)), ==, "entry");
  activate (f, "kiosk.cancel");

  /* The entry is among the resident's own; then withdraw, with a confirmation. */
  sign_in (f, ADULT_PIN);
  tap (f, "resident.my-data");
  WAIT_UNTIL (view_is (f, "my-data"), 10);
  after = text (f);
  g_assert_nonnull (strstr (after, "Face  opened"));
  tap (f, "resident.confirm-withdraw");
  g_assert_cmpstr (view (f), ==, "withdraw");
  g_assert_cmpint (templates_kept (f), ==, 1);
  tap (f, "resident.withdraw");
  WAIT_UNTIL (view_is (f, "outcome"), 10);
  g_assert_cmpint (templates_kept (f), ==, 0);
  WAIT_UNTIL (!gtk_widget_get_visible (face_button), 10);
  g_assert_false (lt_host_get_face_available (LT_HOST (f->host)));
  tap (f, "resident.my-data");
  WAIT_UNTIL (view_is (f, "my-data"), 10);
  g_assert_false (gtk_widget_get_visible (lt_resident_page_get_part (page (f), "withdraw")));
}

/* R9: a minor's consent needs an adult of the unit's own PIN. */
static void
test_minor_guardian (Fixture      *f,
                     gconstpointer data)
{
  g_autofree char *refused = NULL;
  g_autofree char *enrolled = NULL;

  sign_in (f, MINOR_PIN);
  to_consent (f);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (lt_resident_page_get_part (page (f), "consent-check")), TRUE);
  tap (f, "resident.agree");
  g_assert_cmpstr (view (f), ==, "guardian");
  g_assert_false (lt_host_get_camera_running (LT_HOST (f->host)));
  /* The minor's own PIN is no guardian's. */
  lt_resident_page_press (page (f), MINOR_PIN);
  tap (f, "resident.guardian-ok");
  WAIT_UNTIL (view_is (f, "outcome"), 10);
  refused = text (f);
  g_assert_nonnull (strstr (refused, "guardian"));
  g_assert_cmpint (templates_kept (f), ==, 0);

  tap (f, "resident.menu");
  to_consent (f);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (lt_resident_page_get_part (page (f), "consent-check")), TRUE);
  tap (f, "resident.agree");
  lt_resident_page_press (page (f), ADULT_PIN);
  tap (f, "resident.guardian-ok");
  WAIT_UNTIL (view_is (f, "outcome"), 120);
  enrolled = text (f);
  g_assert_nonnull (strstr (enrolled, "Face entry is on"));
  g_assert_cmpint (templates_kept (f), ==, 1);
}

/* A card signs in too; the idle timeout returns to the lobby, ends the
 * session and stops the camera. */
static void
test_card_and_idle (Fixture      *f,
                    gconstpointer data)
{
  activate (f, "kiosk.resident");
  g_assert_cmpstr (view (f), ==, "sign-in");
  /* A card at the reader while sign-in shows: captured, nothing opens. */
  lt_host_simulate_async (LT_HOST (f->host), LT_SIM_USB_CARD, CARD, NULL, NULL, NULL);
  WAIT_UNTIL (view_is (f, "menu"), 10);
  g_assert_cmpuint (f->unlocks, ==, 0);
  to_consent (f);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (lt_resident_page_get_part (page (f), "consent-check")), TRUE);
  /* A picture without a face: the camera keeps looking until idle ends it. */
  {
    g_autoptr (GdkTexture) blank = NULL;
    g_autofree guint8 *pixels = g_malloc0 (64 * 64 * 4);
    g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&pixels), 64 * 64 * 4);

    blank = gdk_memory_texture_new (64, 64, GDK_MEMORY_R8G8B8A8, bytes, 64 * 4);
    g_assert_true (gdk_texture_save_to_png (blank, f->frame));
  }
  tap (f, "resident.agree");
  WAIT_UNTIL (lt_host_get_camera_running (LT_HOST (f->host)), 10);
  /* Nobody touches the screen: [terminal] idle-seconds=8. */
  WAIT_UNTIL (g_str_equal (lt_kiosk_window_get_page (kiosk (f)), "lobby"), 30);
  g_assert_null (lt_kiosk_window_get_resident_page (kiosk (f)));
  WAIT_UNTIL (!lt_host_get_camera_running (LT_HOST (f->host)), 10);
  g_assert_cmpint (templates_kept (f), ==, 0);
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

  static const Variant here = { "120", FALSE }, idle = { "8", FALSE }, there = { "120", TRUE };

  g_test_add ("/ui/face/consent-and-decline", Fixture, &here, setup, test_consent_and_decline, teardown);
  g_test_add ("/ui/face/enrol-face-withdraw", Fixture, &here, setup, test_enrol_face_withdraw, teardown);
  g_test_add ("/ui/face/minor-guardian", Fixture, &here, setup, test_minor_guardian, teardown);
  g_test_add ("/ui/face/card-and-idle", Fixture, &idle, setup, test_card_and_idle, teardown);
  g_test_add ("/ui/face/remote/consent-and-decline", Fixture, &there, setup, test_consent_and_decline, teardown);
  g_test_add ("/ui/face/remote/enrol-face-withdraw", Fixture, &there, setup, test_enrol_face_withdraw, teardown);
  return g_test_run ();
}
