/* test-privacy.c: COMPLIANCE.md R1-R15, one test each, every one able to fail
 *
 * Core tests work on a store directly; engine tests run the door engine in
 * this process on simulated hardware with the file camera showing a face
 * (face-api's demo picture, fetched by face-fixtures.sh, never committed)
 * and [face] liveness=off, so that a still picture stands in for a person.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-consent.h"
#include "lt-engine.h"
#include "lt-face-door.h"
#include "lt-face-store.h"
#include "lt-notice.h"
#include "lt-sim-server.h"
#include "lt-store-private.h"
#include "lt-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#define UNIT               "3-1203"
#define ATTEMPT_TIMEOUT_MS 60000
/* 128 float32 and the 16-byte tag */
#define SEALED_LEN (LT_FACE_TEMPLATE_LEN * 4 + 16)

typedef struct {
  LtFixture   base;
  LtEngine   *engine;
  LtFaceDoor *face;
  GPtrArray  *face_events; /* "action id" */
  gint64      adult;
  gint64      minor;
  gint64      other; /* an adult without face */
} Fixture;

/* ---- set-up ----------------------------------------------------------------- */

static char *
face_picture (void)
{
  const char *ref = g_getenv ("LT_FACE_REFERENCE");

  g_assert_nonnull (ref);
  return g_build_filename (ref, "pictures", "sample1.png", NULL);
}

static char *
engine_config (void)
{
  g_autofree char *picture = face_picture ();

  return g_strdup_printf ("[door]\nmethods=pin;card;qr;face\n\n"
                          "[face]\nenabled=true\nliveness=off\nmodels=%s\ncontroller=Test Property Co.\n\n"
                          "[camera]\nsource=file\nfile=%s\ntimeout-seconds=60\n",
                          g_getenv ("LT_FACE_MODELS"), picture);
}

static void
setup (Fixture      *f,
       gconstpointer data)
{
  g_autofree char *config = engine_config ();

  lt_fixture_setup (&f->base, config);
  f->adult = lt_fixture_add_resident (&f->base, UNIT, "Adult", "1111", "26:12:1001");
  f->minor = lt_fixture_add_resident (&f->base, UNIT, "Minor", "2222", NULL);
  f->other = lt_fixture_add_resident (&f->base, UNIT, "Other", "3333", "26:12:1003");
  g_assert_true (lt_store_set_minor (f->base.store, f->minor, TRUE, NULL));
  f->face_events = g_ptr_array_new_with_free_func (g_free);
}

static void
on_face_event (LtFaceDoor *face,
               const char *action,
               gint64      id,
               gpointer    user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->face_events, g_strdup_printf ("%s %" G_GINT64_FORMAT, action, id));
}

/* Under qemu's user mode (the arm64 build's tests) skips the test and
 * returns TRUE: the engine takes its USB card reader with EVIOCGRAB, which
 * qemu does not implement (the boot test covers it on a real kernel). */
static gboolean
skip_without_engine (void)
{
  if (!lt_test_under_qemu_user ())
    return FALSE;
  g_test_skip ("qemu's user mode does not implement the EVIOCGRAB ioctl the engine's card reader needs; "
               "the boot test (packaging/system-test.sh) covers it on a real kernel");
  return TRUE;
}

/* Returns FALSE when the test is skipped (skip_without_engine()). */
static gboolean
start_engine (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  if (skip_without_engine ())
    return FALSE;
  f->engine = lt_engine_new_borrowed (f->base.config, &error);
  g_assert_no_error (error);
  f->face = lt_engine_get_face (f->engine);
  g_assert_nonnull (f->face);
  g_signal_connect (f->face, "face-event", G_CALLBACK (on_face_event), f);
  return TRUE;
}

static void
teardown (Fixture      *f,
          gconstpointer data)
{
  if (f->engine != NULL) {
    lt_engine_shutdown (f->engine);
    g_assert_finalize_object (f->engine);
  }
  g_ptr_array_unref (f->face_events);
  lt_fixture_teardown (&f->base, data);
}

typedef struct {
  gboolean done;
  gint64   id;
  GError  *error;
} Outcome;

static void
on_enrolled (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;

  o->id = lt_face_door_enrol_finish (LT_FACE_DOOR (source), result, &o->error);
  o->done = TRUE;
}

static void
on_recognised (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;

  o->id = lt_face_door_recognise_finish (LT_FACE_DOOR (source), result, &o->error);
  o->done = TRUE;
}

static gint64
enrol (Fixture *f, gint64 id, const char *guardian_pin)
{
  Outcome o = { 0 };

  lt_face_door_enrol_async (f->face, id, guardian_pin, NULL, on_enrolled, &o);
  LT_TEST_ITERATE_UNTIL (o.done, ATTEMPT_TIMEOUT_MS);
  g_assert_no_error (o.error);
  return o.id;
}

static gint64
recognise (Fixture *f)
{
  Outcome o = { 0 };

  lt_face_door_recognise_async (f->face, NULL, on_recognised, &o);
  LT_TEST_ITERATE_UNTIL (o.done, ATTEMPT_TIMEOUT_MS);
  g_assert_no_error (o.error);
  return o.id;
}

/* A made-up template, distinct per resident and index. */
static void
fake_templates (float *out, guint n, float seed)
{
  for (guint i = 0; i < n * LT_FACE_TEMPLATE_LEN; i++)
    out[i] = seed + (float)i / 1000.0f;
}

static void
store_enrol (Fixture *f, gint64 id, float *templates)
{
  g_autoptr (GError) error = NULL;

  fake_templates (templates, LT_FACE_MIN_TEMPLATES, (float)id);
  g_assert_true (lt_face_store_enrol (f->base.store, f->base.secret, id, templates, LT_FACE_MIN_TEMPLATES,
                                      "face-notice-test", "main", 0, &error));
  g_assert_no_error (error);
}

/* Every sealed template now in the store, concatenated. */
static GByteArray *
sealed_templates (LtStore *store)
{
  sqlite3_stmt *stmt = NULL;
  GByteArray   *all = g_byte_array_new ();

  g_assert_cmpint (sqlite3_prepare_v2 (lt_store_get_db (store), "SELECT sealed FROM face_templates", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_byte_array_append (all, sqlite3_column_blob (stmt, 0), (guint)sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  return all;
}

/* Whether the database or its -wal or -shm holds these bytes. */
static gboolean
store_files_contain (const char *db_path, const guint8 *needle, gsize length)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++) {
    g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
    if (lt_test_file_contains (path, needle, length))
      return TRUE;
  }
  return FALSE;
}

static gboolean
is_enrolled (LtStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtFaceEnrolment) enrolment = lt_face_store_get (store, id, &error);

  g_assert_no_error (error);
  return enrolment != NULL;
}

static GPtrArray *
ledger (LtStore *store)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *entries = lt_consent_list (store, 0, &error);

  g_assert_no_error (error);
  return entries;
}

static const LtConsentEntry *
last_entry (GPtrArray *entries)
{
  g_assert_cmpuint (entries->len, >, 0);
  return g_ptr_array_index (entries, entries->len - 1);
}

/* ---- R1: its own consent step; a record of who, when, which notice --------- */

static void
test_r1_consent_record (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;
  const LtConsentEntry *e;
  g_autofree char      *version = lt_notice_dup_version ();
  gint64                start = g_get_real_time ();

  if (!start_engine (f))
    return;
  /* Signing in is not consenting: nothing is recorded and no camera runs. */
  g_assert_cmpint (lt_face_door_sign_in (f->face, UNIT, "1111", NULL), ==, f->adult);
  before = ledger (f->base.store);
  g_assert_cmpuint (before->len, ==, 0);
  g_assert_false (lt_camera_get_running (lt_engine_get_camera (f->engine)));
  g_assert_false (is_enrolled (f->base.store, f->adult));

  g_assert_cmpint (enrol (f, f->adult, NULL), ==, f->adult);
  after = ledger (f->base.store);
  g_assert_cmpuint (after->len, ==, 1);
  e = last_entry (after);
  g_assert_cmpint (e->action, ==, LT_CONSENT_ENROL);
  g_assert_cmpint (e->person_id, ==, f->adult);
  g_assert_cmpstr (e->unit, ==, UNIT);
  g_assert_cmpstr (e->notice_version, ==, version);
  g_assert_cmpint (e->time_us, >=, start);
  g_assert_cmpint (e->guardian_id, ==, 0);
}

/* ---- R2: the notice, in both languages, and its version recorded ---------- */

static void
test_r2_notice (Fixture *f, gconstpointer data)
{
  const char *languages[] = { "en", "zh_CN" };
  const char *must[][6] = {
    { "Test Property Co.", "128", "No photo", "this terminal only", "400 days", "Withdraw" },
    { "Test Property Co.", "128", "不会保存任何照片", "仅保存在本终端上", "400 天", "撤回" },
  };
  g_autofree char *version = NULL;

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++) {
    g_autoptr (LtNotice) notice = lt_notice_load (languages[l], "Test Property Co.", 400);

    g_assert_nonnull (notice->version);
    g_assert_cmpstr (notice->version, !=, "");
    if (version == NULL)
      version = g_strdup (notice->version);
    /* One notice, two languages: the same version id. */
    g_assert_cmpstr (notice->version, ==, version);
    for (guint i = 0; i < G_N_ELEMENTS (must[l]); i++)
      if (strstr (notice->body, must[l][i]) == NULL)
        g_error ("the %s notice does not say “%s”", languages[l], must[l][i]);
    g_assert_null (strstr (notice->body, "{controller}"));
    g_assert_null (strstr (notice->body, "{unused_days}"));
  }
  /* Without [face] controller the notice still names someone. */
  {
    g_autoptr (LtNotice) unnamed = lt_notice_load ("en", NULL, 365);
    g_assert_nonnull (strstr (unnamed->body, "property management company"));
  }
}

/* ---- R3: withdrawal leaves no template byte in any store file ------------- */

static void
test_r3_withdraw (Fixture *f, gconstpointer data)
{
  float templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN];
  g_autoptr (GByteArray) sealed = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->adult);
  LtTestRun        result = { 0 };
  const guint      n = 16;

  store_enrol (f, f->adult, templates);
  store_enrol (f, f->other, templates);
  sealed = sealed_templates (f->base.store);
  g_assert_cmpuint (sealed->len, >, 0);
  /* Found before: the search itself works. */
  g_assert_true (store_files_contain (f->base.db_path, sealed->data, n));

  lt_test_lintelctl (f->base.config_path, NULL, &result, "face", "withdraw", id, NULL);
  g_assert_cmpint (result.status, ==, 0);
  lt_test_run_clear (&result);

  /* Every sealed template of the withdrawn resident: gone from every file. */
  for (guint off = 0; off < SEALED_LEN * LT_FACE_MIN_TEMPLATES; off += SEALED_LEN)
    g_assert_false (store_files_contain (f->base.db_path, sealed->data + off, n));
  g_assert_false (is_enrolled (f->base.store, f->adult));
  g_assert_true (is_enrolled (f->base.store, f->other));
  {
    g_autoptr (GPtrArray) entries = ledger (f->base.store);
    g_assert_cmpint (last_entry (entries)->action, ==, LT_CONSENT_WITHDRAW);
  }
  lt_test_lintelctl (f->base.config_path, NULL, &result, "face", "withdraw", id, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "has not enrolled"));
  lt_test_run_clear (&result);
}

/* The same at the terminal, the engine's connection still open (a closing
 * connection checkpoints anyway: this is the case that needs the scrub). */
static void
test_r3_withdraw_at_terminal (Fixture *f, gconstpointer data)
{
  g_autoptr (GByteArray) sealed = NULL;
  g_autoptr (GError) error = NULL;

  if (!start_engine (f))
    return;
  g_assert_cmpint (enrol (f, f->adult, NULL), ==, f->adult);
  sealed = sealed_templates (f->base.store);
  g_assert_cmpuint (sealed->len, ==, 3 * SEALED_LEN);
  g_assert_true (store_files_contain (f->base.db_path, sealed->data, 16));
  g_assert_true (lt_face_door_withdraw (f->face, f->adult, &error));
  g_assert_no_error (error);
  for (guint off = 0; off < sealed->len; off += SEALED_LEN)
    g_assert_false (store_files_contain (f->base.db_path, sealed->data + off, 16));
  g_assert_false (lt_face_door_available (f->face));
  {
    g_autofree char *expected = g_strdup_printf ("withdrawn %" G_GINT64_FORMAT, f->adult);
    g_assert_cmpstr (g_ptr_array_index (f->face_events, f->face_events->len - 1), ==, expected);
  }
}

/* ---- R4: declining loses nothing ------------------------------------------ */

static void
test_r4_same_decisions (Fixture *f, gconstpointer data)
{
  g_autoptr (LtAccess) access = lt_access_new (f->base.store, f->base.config, f->base.secret);
  float templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN];
  g_autoptr (GError) error = NULL;
  gint64 weekend, weekday, late;
  gint64 schedule;
  gint64 times[3];

  schedule = lt_store_add_schedule (f->base.store, "day", "mon-fri 08:00-18:00", &error);
  g_assert_no_error (error);
  g_assert_true (lt_store_set_schedule (f->base.store, f->adult, schedule, NULL));
  g_assert_true (lt_store_set_schedule (f->base.store, f->other, schedule, NULL));
  store_enrol (f, f->adult, templates);
  weekday = lt_test_local_time (2026, 12, 2, 9, 0);
  weekend = lt_test_local_time (2026, 12, 5, 9, 0);
  late = lt_test_local_time (2026, 12, 2, 23, 0);
  times[0] = weekday;
  times[1] = weekend;
  times[2] = late;

  for (guint t = 0; t < G_N_ELEMENTS (times); t++) {
    LtDecision with_face, without_face;

    lt_test_present (access, LT_METHOD_PIN, NULL, "keypad", UNIT, "1111", times[t], &with_face);
    lt_test_present (access, LT_METHOD_PIN, NULL, "keypad", UNIT, "3333", times[t], &without_face);
    g_assert_cmpint (with_face.granted, ==, without_face.granted);
    g_assert_cmpint (with_face.reason, ==, without_face.reason);
    lt_test_present (access, LT_METHOD_CARD, NULL, "usb", NULL, "26:12:1001", times[t], &with_face);
    lt_test_present (access, LT_METHOD_CARD, NULL, "usb", NULL, "26:12:1003", times[t], &without_face);
    g_assert_cmpint (with_face.granted, ==, without_face.granted);
    g_assert_cmpint (with_face.reason, ==, without_face.reason);
    g_assert_cmpint (with_face.granted, ==, t == 0);
  }
  /* And a face obeys the same schedule as the person's PIN. */
  {
    LtPresentation p = { LT_METHOD_FACE, NULL, "camera", NULL, NULL, weekend, FALSE, f->adult };
    LtDecision     d;

    lt_access_decide (access, &p, &d);
    g_assert_false (d.granted);
    g_assert_cmpint (d.reason, ==, LT_REASON_OUTSIDE_SCHEDULE);
    p.time_us = weekday;
    lt_access_decide (access, &p, &d);
    g_assert_true (d.granted);
    /* A resident who never enrolled cannot be "matched". */
    p.face_subject_id = f->other;
    lt_access_decide (access, &p, &d);
    g_assert_false (d.granted);
  }
}

/* ---- R5: the camera runs only for a tap or an enrolment ------------------- */

static void
on_camera_changed (LtEngine *engine, gboolean running, gpointer user_data)
{
  GArray *states = user_data;

  g_array_append_val (states, running);
}

static void
test_r5_camera_off (Fixture *f, gconstpointer data)
{
  g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (gboolean));
  LtCamera *camera;

  if (!start_engine (f))
    return;
  camera = lt_engine_get_camera (f->engine);
  g_assert_nonnull (camera);
  g_signal_connect (f->engine, "camera-changed", G_CALLBACK (on_camera_changed), states);
  /* Started, enrolled residents present, idle: no pipeline, no device. */
  lt_test_iterate_for (500);
  g_assert_false (lt_camera_has_pipeline (camera));
  g_assert_cmpuint (states->len, ==, 0);

  g_assert_cmpint (enrol (f, f->adult, NULL), ==, f->adult);
  g_assert_false (lt_camera_has_pipeline (camera));
  lt_test_iterate_for (500);
  g_assert_false (lt_camera_has_pipeline (camera));
  g_assert_cmpint (recognise (f), ==, f->adult);
  g_assert_false (lt_camera_has_pipeline (camera));
  /* The indicator followed the pipeline: on, off, on, off. */
  g_assert_cmpuint (states->len, ==, 4);
  g_assert_true (g_array_index (states, gboolean, 0));
  g_assert_false (g_array_index (states, gboolean, 1));
  g_assert_true (g_array_index (states, gboolean, 2));
  g_assert_false (g_array_index (states, gboolean, 3));
}

/* ---- R6 and R13: face is never the only way in, at any door --------------- */

static void
assert_config_refused (const char *text, const char *group)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = lt_config_load_data (text, "test.conf", &error);

  g_assert_null (config);
  g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, group));
  g_assert_nonnull (strstr (error->message, "only way in"));
}

static void
test_r6_face_only_refused (Fixture *f, gconstpointer data)
{
  assert_config_refused ("[face]\nenabled=true\n[door]\nmethods=face\n", "[door]");
  assert_config_refused ("[face]\nenabled=true\n[door]\nmethods=face;face\n", "[door]");
}

static void
test_r13_every_door (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) fine = NULL;

  assert_config_refused ("[face]\nenabled=true\n[door]\nmethods=pin;face\n[door:gym]\nmethods=face\n", "gym");
  fine = lt_config_load_data ("[face]\nenabled=true\n[door]\nmethods=pin;face\n[door:gym]\nmethods=card;face\n",
                              "test.conf", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fine);
}

/* ---- R7: consent is never bundled into another flow ------------------------ */

static void
test_r7_own_step (Fixture *f, gconstpointer data)
{
  LtTestRun run = { 0 };
  g_autoptr (GPtrArray) entries = NULL;
  LtDecision decision;

  if (!start_engine (f))
    return;
  /* Residents added, PINs and cards set, doors opened: no consent anywhere. */
  {
    LtPresentation p = { LT_METHOD_PIN, NULL, "keypad", UNIT, "1111", 0 };
    lt_engine_present (f->engine, &p, &decision);
    g_assert_true (decision.granted);
  }
  lt_test_lintelctl (f->base.config_path, NULL, &run, "resident", "add", "--unit", UNIT, "--name", "New", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lt_test_run_clear (&run);
  entries = ledger (f->base.store);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_cmpuint (lt_face_store_count (f->base.store, NULL), ==, 0);
  /* The one step that records consent is the enrolment itself. */
  g_assert_cmpint (enrol (f, f->other, NULL), ==, f->other);
  g_ptr_array_unref (entries);
  entries = ledger (f->base.store);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (last_entry (entries)->action, ==, LT_CONSENT_ENROL);
}

/* ---- R8: declining is one step and recorded, and never starts the camera -- */

static void
test_r8_decline (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;

  if (!start_engine (f))
    return;
  g_assert_true (lt_face_door_decline (f->face, f->adult, &error));
  g_assert_no_error (error);
  g_assert_false (lt_camera_has_pipeline (lt_engine_get_camera (f->engine)));
  entries = ledger (f->base.store);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (last_entry (entries)->action, ==, LT_CONSENT_DECLINE);
  g_assert_cmpuint (lt_face_store_count (f->base.store, NULL), ==, 0);
  g_assert_cmpuint (f->face_events->len, ==, 1);
  {
    g_autofree char *expected = g_strdup_printf ("declined %" G_GINT64_FORMAT, f->adult);
    g_assert_cmpstr (g_ptr_array_index (f->face_events, 0), ==, expected);
  }
  /* Face is not offered while nobody is enrolled. */
  g_assert_false (lt_face_door_available (f->face));
}

/* ---- R9: a minor enrols only with an adult of the unit -------------------- */

static void
test_r9_minor (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gint64 sibling;

  sibling = lt_fixture_add_resident (&f->base, UNIT, "Sibling", "4444", NULL);
  g_assert_true (lt_store_set_minor (f->base.store, sibling, TRUE, NULL));
  lt_fixture_add_resident (&f->base, "5-0501", "Neighbour", "5555", NULL);
  if (!start_engine (f))
    return;

  g_assert_cmpint (lt_face_door_check_consent (f->face, f->minor, NULL, &error), ==, -1);
  g_assert_error (error, LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_GUARDIAN);
  g_clear_error (&error);
  /* Not their own PIN, not another minor's, not a neighbour's, not a wrong one. */
  for (const char *const *pin = (const char *const[]){ "2222", "4444", "5555", "9999", NULL }; *pin; pin++) {
    g_assert_cmpint (lt_face_door_check_consent (f->face, f->minor, *pin, &error), ==, -1);
    g_assert_error (error, LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_GUARDIAN);
    g_clear_error (&error);
  }
  /* The store refuses it too, whatever calls it. */
  {
    float templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN] = { 0 };
    g_assert_false (lt_face_store_enrol (f->base.store, f->base.secret, f->minor, templates, LT_FACE_MIN_TEMPLATES,
                                         "v", "main", 0, &error));
    g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpuint (lt_face_store_count (f->base.store, NULL), ==, 0);

  g_assert_cmpint (enrol (f, f->minor, "1111"), ==, f->minor);
  entries = ledger (f->base.store);
  g_assert_cmpint (last_entry (entries)->person_id, ==, f->minor);
  g_assert_cmpint (last_entry (entries)->guardian_id, ==, f->adult);
}

/* ---- R10: templates never leave the device -------------------------------- */

static void
test_r10_no_export (Fixture *f, gconstpointer data)
{
  float templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN];
  g_autoptr (GByteArray) sealed = NULL;
  g_autofree char *backup = g_build_filename (f->base.dir, "backup.db", NULL);
  g_autoptr (LtStore) copy = NULL;
  g_autoptr (GError) error = NULL;
  LtTestRun run = { 0 };

  store_enrol (f, f->adult, templates);
  sealed = sealed_templates (f->base.store);

  lt_test_lintelctl (f->base.config_path, NULL, &run, "backup", backup, NULL);
  g_assert_cmpint (run.status, ==, 0);
  lt_test_run_clear (&run);
  g_assert_false (lt_test_file_contains (backup, sealed->data, 16));
  g_assert_false (lt_test_file_contains (backup, (const guint8 *)templates, 16));
  copy = lt_store_open (backup, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lt_face_store_count (copy, NULL), ==, 0);
  /* The ledger travels with the backup: it holds no biometric data. */
  {
    g_autoptr (GPtrArray) entries = ledger (copy);
    g_assert_cmpuint (entries->len, ==, 1);
  }

  /* face list names who enrolled, nothing of the templates. */
  lt_test_lintelctl (f->base.config_path, NULL, &run, "face", "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"resident_id\""));
  g_assert_null (strstr (run.out, "template"));
  g_assert_null (strstr (run.out, "sealed"));
  g_assert_null (strstr (run.out, "descriptor"));
  lt_test_run_clear (&run);
  /* No command exports faces. */
  lt_test_lintelctl (f->base.config_path, NULL, &run, "--help", NULL);
  g_assert_null (strstr (run.out, "export"));
  lt_test_run_clear (&run);
}

/* ---- R11: residency ends, templates go ------------------------------------ */

static void
test_r11_retention (Fixture *f, gconstpointer data)
{
  float            templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN];
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->adult);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  LtTestRun run = { 0 };
  gint64    leaving, idle;
  guint     purged = 0;

  /* Removed: purged with a ledger entry. */
  store_enrol (f, f->adult, templates);
  lt_test_lintelctl (f->base.config_path, NULL, &run, "resident", "remove", id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  lt_test_run_clear (&run);
  g_assert_cmpuint (lt_face_store_count (f->base.store, NULL), ==, 0);
  entries = ledger (f->base.store);
  g_assert_cmpint (last_entry (entries)->action, ==, LT_CONSENT_PURGE);
  g_assert_cmpint (last_entry (entries)->person_id, ==, f->adult);

  /* The last day passed; and unused for longer than [face] unused-days. */
  leaving = lt_fixture_add_resident_until (&f->base, UNIT, "Leaving", "2026-06-30", "6666", NULL);
  idle = lt_fixture_add_resident (&f->base, UNIT, "Idle", "7777", NULL);
  store_enrol (f, leaving, templates);
  store_enrol (f, idle, templates);
  store_enrol (f, f->other, templates);
  g_assert_true (lt_face_store_touch (f->base.store, f->other, g_get_real_time () + (gint64)300 * 86400 * G_USEC_PER_SEC, NULL));
  g_assert_true (lt_face_store_purge_due (f->base.store, f->base.secret, "main", "2026-07-01", 365,
                                          g_get_real_time () + (gint64)366 * 86400 * G_USEC_PER_SEC, &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (purged, ==, 2);
  g_assert_false (is_enrolled (f->base.store, leaving));
  g_assert_false (is_enrolled (f->base.store, idle));
  g_assert_true (is_enrolled (f->base.store, f->other));
}

/* The engine applies the retention itself, at start (then every 6 hours). */
static void
test_r11_engine_purges (Fixture *f, gconstpointer data)
{
  float  templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN];
  gint64 left = lt_fixture_add_resident_until (&f->base, UNIT, "Left", "2020-01-31", "8888", NULL);
  g_autoptr (GPtrArray) entries = NULL;

  store_enrol (f, left, templates);
  store_enrol (f, f->adult, templates);
  if (!start_engine (f))
    return;
  g_assert_false (is_enrolled (f->base.store, left));
  g_assert_true (is_enrolled (f->base.store, f->adult));
  entries = ledger (f->base.store);
  g_assert_cmpint (last_entry (entries)->action, ==, LT_CONSENT_PURGE);
  g_assert_cmpint (last_entry (entries)->person_id, ==, left);
}

/* ---- R12: audited, without biometric data; tampering is found ------------- */

static void
test_r12_ledger (Fixture *f, gconstpointer data)
{
  float templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN];
  g_autoptr (GByteArray) sealed = NULL;
  g_autoptr (GError) error = NULL;
  LtTestRun run = { 0 };
  gint64    bad = 0;
  sqlite3  *db = lt_store_get_db (f->base.store);

  store_enrol (f, f->adult, templates);
  sealed = sealed_templates (f->base.store);
  g_assert_true (lt_face_store_decline (f->base.store, f->base.secret, f->other, "v", "main", NULL));
  g_assert_true (lt_face_store_remove (f->base.store, f->base.secret, f->adult, LT_CONSENT_WITHDRAW, "main", NULL));
  /* Nothing of a template in the ledger or the events, which stay. */
  {
    sqlite3_stmt *stmt = NULL;
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT quote(time) || quote(person_id) || unit || action || notice_version"
                                             " || terminal || coalesce(guardian_id, '') FROM consent_ledger"
                                             " UNION ALL SELECT coalesce(detail, '') || coalesce(reason, '') FROM events",
                                         -1, &stmt, NULL),
                     ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
      const char *row = (const char *)sqlite3_column_text (stmt, 0);
      g_assert_cmpuint (strlen (row), <, 200);
      g_assert_null (memmem (row, strlen (row), sealed->data, 8));
    }
    sqlite3_finalize (stmt);
  }
  g_assert_true (lt_consent_verify (f->base.store, f->base.secret, &bad, &error));
  g_assert_no_error (error);
  lt_test_lintelctl (f->base.config_path, NULL, &run, "consent", "verify", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lt_test_run_clear (&run);

  /* One field changed behind Lintel's back: entry 2 is named. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE consent_ledger SET action = 'enrol' WHERE id = 2", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  lt_test_lintelctl (f->base.config_path, NULL, &run, "consent", "verify", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "entry 2"));
  lt_test_run_clear (&run);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE consent_ledger SET action = 'decline' WHERE id = 2", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_true (lt_consent_verify (f->base.store, f->base.secret, &bad, NULL));
  /* The newest entry removed: the chain's head no longer matches. */
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM consent_ledger WHERE id = 3", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (lt_consent_verify (f->base.store, f->base.secret, &bad, &error));
  g_assert_error (error, LT_CONSENT_ERROR, LT_CONSENT_ERROR_BROKEN);
  g_assert_cmpint (bad, ==, -1);
}

/* ---- R14: no camera frame on disk ----------------------------------------- */

static GHashTable *
list_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
    g_autofree char *path = g_build_filename (dir, name, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
      g_autoptr (GHashTable) sub = list_tree (path);
      GHashTableIter iter;
      gpointer       key;
      g_hash_table_iter_init (&iter, sub);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (names, g_strdup (key));
    } else {
      g_hash_table_add (names, g_steal_pointer (&path));
    }
  }
  return names;
}

static void
test_r14_no_frames_on_disk (Fixture *f, gconstpointer data)
{
  g_autofree char *tmp = g_build_filename (f->base.dir, "tmp", NULL);
  g_autoptr (GHashTable) before = NULL;
  g_autoptr (GHashTable) after = NULL;
  GHashTableIter iter;
  gpointer       key;

  g_assert_cmpint (g_mkdir (tmp, 0700), ==, 0);
  g_setenv ("TMPDIR", tmp, TRUE);
  if (!start_engine (f))
    return;
  before = list_tree (f->base.dir);
  g_assert_cmpint (enrol (f, f->adult, NULL), ==, f->adult);
  g_assert_cmpint (recognise (f), ==, f->adult);
  after = list_tree (f->base.dir);
  g_unsetenv ("TMPDIR");
  /* Only the database's own files may have appeared. */
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (before, key) && !g_str_has_prefix (key, f->base.db_path))
      g_error ("a new file appeared during enrolment and recognition: %s", (char *)key);
  g_assert_cmpuint (g_hash_table_size (after), <=, g_hash_table_size (before) + 2);
}

/* ---- R15: only ciphertext at rest, under the device key ------------------- */

typedef struct {
  guint  n;
  gint64 last_id;
} Opened;

static void
count_opened (gint64 id, const float *descriptor, gpointer user_data)
{
  Opened *o = user_data;

  o->n++;
  o->last_id = id;
}

static void
test_r15_encrypted (Fixture *f, gconstpointer data)
{
  float templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN];
  g_autoptr (LtSecret) other_key = lt_secret_new_random ();
  g_autoptr (GError) error = NULL;
  sqlite3 *db = lt_store_get_db (f->base.store);
  Opened   o = { 0 };

  store_enrol (f, f->adult, templates);
  /* No plaintext descriptor in any file of the store. */
  for (guint i = 0; i < LT_FACE_MIN_TEMPLATES; i++)
    g_assert_false (store_files_contain (f->base.db_path, (const guint8 *)(templates + i * LT_FACE_TEMPLATE_LEN), 32));
  /* They open with the device key, to what was sealed. */
  g_assert_true (lt_face_store_open_all (f->base.store, f->base.secret, count_opened, &o, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (o.n, ==, LT_FACE_MIN_TEMPLATES);
  g_assert_cmpint (o.last_id, ==, f->adult);
  /* Not with another terminal's key. */
  g_assert_false (lt_face_store_open_all (f->base.store, other_key, count_opened, &o, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* A template moved to another resident does not open (the id is bound in). */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO face_enrolments (person_id, enrolled_at, notice_version)"
                                     " SELECT 3, 1, 'v'; UPDATE face_templates SET person_id = 3"
                                     " WHERE id = (SELECT min(id) FROM face_templates)",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_false (lt_face_store_open_all (f->base.store, f->base.secret, count_opened, &o, &error));
  g_assert_error (error, LT_STORE_ERROR, LT_STORE_ERROR_INVALID);
}

/* ---- the simulator's contract lines (README) -------------------------------- */

static void
on_decision (LtEngine *engine, const LtHostDecision *decision, gpointer user_data)
{
  GPtrArray *decisions = user_data;

  g_ptr_array_add (decisions, g_strdup_printf ("%s %s %" G_GINT64_FORMAT, decision->granted ? "granted" : "denied",
                                               lt_method_to_string (decision->method), decision->subject_id));
}

static void
on_scan_stopped (LtEngine *engine, const char *reason, gpointer user_data)
{
  (*(guint *)user_data)++;
}

static void
expect_reply (LtSimServer *server, const char *command, const char *reply)
{
  g_autofree char *got = lt_sim_server_handle (server, command);

  g_test_message ("%s → %s", command, got);
  g_assert_cmpstr (got, ==, reply);
}

static void
test_sim_lines (Fixture *f, gconstpointer data)
{
  g_autofree char *socket_path = g_build_filename (f->base.dir, "sim.sock", NULL);
  g_autoptr (GPtrArray) decisions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (LtSimServer) server = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *declined = g_strdup_printf ("ok declined %" G_GINT64_FORMAT, f->other);
  g_autofree char *withdrawn = g_strdup_printf ("ok withdrawn %" G_GINT64_FORMAT, f->adult);
  g_autofree char *granted = g_strdup_printf ("granted face %" G_GINT64_FORMAT, f->adult);
  g_autofree char *enrolled = g_strdup_printf ("enrolled %" G_GINT64_FORMAT, f->adult);
  guint            scans = 0;

  if (!start_engine (f))
    return;
  server = lt_sim_server_new (f->engine, socket_path, &error);
  g_assert_no_error (error);
  g_signal_connect (f->engine, "decision", G_CALLBACK (on_decision), decisions);
  g_signal_connect (f->engine, "scan-stopped", G_CALLBACK (on_scan_stopped), &scans);

  expect_reply (server, "pin " UNIT " 1111", "ok granted");
  expect_reply (server, "pin " UNIT " 0000", "ok denied");
  g_assert_cmpuint (decisions->len, ==, 2);
  expect_reply (server, "face", "error nobody-enrolled");
  expect_reply (server, "enrol " UNIT " 1111", "error unknown-command");
  expect_reply (server, "enrol " UNIT " 1111 yes", "error unknown-command");
  expect_reply (server, "enrol " UNIT " 0000 accept", "error sign-in");
  expect_reply (server, "enrol " UNIT " 2222 accept", "error guardian");
  expect_reply (server, "enrol " UNIT " 3333 decline", declined);
  /* Signing in to the resident menu opens nothing. */
  g_assert_cmpuint (decisions->len, ==, 2);
  g_assert_false (lt_camera_has_pipeline (lt_engine_get_camera (f->engine)));

  expect_reply (server, "enrol " UNIT " 1111 accept", "ok camera");
  LT_TEST_ITERATE_UNTIL (f->face_events->len == 2, ATTEMPT_TIMEOUT_MS);
  g_assert_cmpstr (g_ptr_array_index (f->face_events, 1), ==, enrolled);
  expect_reply (server, "face", "ok camera");
  LT_TEST_ITERATE_UNTIL (decisions->len == 3, ATTEMPT_TIMEOUT_MS);
  g_assert_cmpstr (g_ptr_array_index (decisions, 2), ==, granted);
  expect_reply (server, "withdraw " UNIT " 1111", withdrawn);
  expect_reply (server, "withdraw " UNIT " 1111", "error not-enrolled");
  expect_reply (server, "face", "error nobody-enrolled");
  /* Face attempts are no QR scans: no "event scan" line for them. */
  g_assert_cmpuint (scans, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&server));
}

/* The resident menu is no way round the lockouts. */
static void
test_sign_in_lockout (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!start_engine (f))
    return;
  for (guint i = 0; i < f->base.config->lockout_failures; i++) {
    g_assert_cmpint (lt_face_door_sign_in (f->face, UNIT, "0000", &error), ==, 0);
    g_assert_error (error, LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_SIGN_IN);
    g_clear_error (&error);
  }
  g_assert_cmpint (lt_face_door_sign_in (f->face, UNIT, "1111", &error), ==, 0);
  g_assert_error (error, LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_SIGN_IN);
  g_assert_nonnull (strstr (error->message, "locked-out"));
}

/* Templates that do not open (a moved row) cost face entry, never the door. */
static void
test_bad_templates_keep_door (Fixture *f, gconstpointer data)
{
  float templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN];
  g_autoptr (GError) error = NULL;
  LtPresentation p = { LT_METHOD_PIN, NULL, "keypad", UNIT, "3333", 0 };
  LtDecision     decision;

  if (skip_without_engine ())
    return;
  store_enrol (f, f->adult, templates);
  g_assert_cmpint (sqlite3_exec (lt_store_get_db (f->base.store),
                                 "INSERT INTO face_enrolments (person_id, enrolled_at, notice_version) SELECT 3, 1, 'v';"
                                 "UPDATE face_templates SET person_id = 3",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_test_expect_message ("lt-engine", G_LOG_LEVEL_WARNING, "Face entry is unavailable*");
  f->engine = lt_engine_new_borrowed (f->base.config, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_null (lt_engine_get_face (f->engine));
  lt_engine_present (f->engine, &p, &decision);
  g_assert_true (decision.granted);
}

/* A camera there for face entry alone is no QR scanner (no "Scan QR" button). */
static void
test_r5_face_camera_no_qr (Fixture *f, gconstpointer data)
{
  g_autofree char *picture = face_picture ();
  g_autofree char *config = g_strdup_printf ("[door]\nmethods=pin;card;face\n[face]\nenabled=true\nliveness=off\n"
                                             "models=%s\n[camera]\nsource=file\nfile=%s\n",
                                             g_getenv ("LT_FACE_MODELS"), picture);
  g_autoptr (GError) error = NULL;

  lt_fixture_write_config (&f->base, config);
  if (!start_engine (f))
    return;
  g_assert_nonnull (lt_engine_get_camera (f->engine));
  g_assert_false (lt_engine_has_camera (f->engine));
  g_assert_false (lt_engine_start_scan (f->engine, &error));
  g_assert_error (error, LT_ENGINE_ERROR, LT_ENGINE_ERROR_NO_CAMERA);
  g_assert_false (lt_camera_has_pipeline (lt_engine_get_camera (f->engine)));
}

/* With the challenge on, a still picture never gets in: the attempt fails,
 * nobody is granted, the camera stops. */
static void
test_still_picture_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *picture = face_picture ();
  g_autofree char *config = g_strdup_printf ("[door]\nmethods=pin;card;qr;face\n[face]\nenabled=true\n"
                                             "liveness=challenge\nmodels=%s\n[camera]\nsource=file\nfile=%s\n",
                                             g_getenv ("LT_FACE_MODELS"), picture);
  Outcome          o = { 0 };

  lt_fixture_write_config (&f->base, config);
  if (!start_engine (f))
    return;
  lt_face_door_enrol_async (f->face, f->adult, NULL, NULL, on_enrolled, &o);
  LT_TEST_ITERATE_UNTIL (o.done, ATTEMPT_TIMEOUT_MS);
  g_assert_error (o.error, LT_FACE_DOOR_ERROR, LT_FACE_DOOR_ERROR_LIVENESS);
  g_clear_error (&o.error);
  g_assert_cmpint (o.id, ==, -1);
  g_assert_false (is_enrolled (f->base.store, f->adult));
  g_assert_false (lt_camera_has_pipeline (lt_engine_get_camera (f->engine)));
  {
    g_autoptr (GPtrArray) entries = ledger (f->base.store);
    g_assert_cmpuint (entries->len, ==, 0);
  }
}

/* Shutting down in the middle of an attempt stops the camera and ends it. */
static void
test_shutdown_during_attempt (Fixture *f, gconstpointer data)
{
  float   templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN];
  Outcome o = { 0 };

  store_enrol (f, f->adult, templates);
  if (!start_engine (f))
    return;
  lt_face_door_recognise_async (f->face, NULL, on_recognised, &o);
  g_assert_true (lt_face_door_get_busy (f->face));
  lt_engine_shutdown (f->engine);
  LT_TEST_ITERATE_UNTIL (o.done, ATTEMPT_TIMEOUT_MS);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&o.error);
  g_assert_cmpint (o.id, ==, -1);
  /* A frame still being described when it ended is dropped quietly. */
  lt_test_iterate_for (300);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (lt_crypto_init (NULL));

#define ADD(path, func) g_test_add ("/privacy/" path, Fixture, NULL, setup, func, teardown)
  ADD ("R1/consent-record", test_r1_consent_record);
  ADD ("R2/notice", test_r2_notice);
  ADD ("R3/withdraw-leaves-nothing", test_r3_withdraw);
  ADD ("R3/withdraw-at-terminal", test_r3_withdraw_at_terminal);
  ADD ("R4/same-decisions", test_r4_same_decisions);
  ADD ("R5/camera-off", test_r5_camera_off);
  ADD ("R5/face-camera-no-qr", test_r5_face_camera_no_qr);
  ADD ("R6/face-only-refused", test_r6_face_only_refused);
  ADD ("R7/own-step", test_r7_own_step);
  ADD ("R8/decline", test_r8_decline);
  ADD ("R9/minor", test_r9_minor);
  ADD ("R10/no-export", test_r10_no_export);
  ADD ("R11/retention", test_r11_retention);
  ADD ("R11/engine-purges", test_r11_engine_purges);
  ADD ("R12/ledger", test_r12_ledger);
  ADD ("R13/every-door", test_r13_every_door);
  ADD ("R14/no-frames-on-disk", test_r14_no_frames_on_disk);
  ADD ("R15/encrypted", test_r15_encrypted);
  ADD ("simulator/face-lines", test_sim_lines);
  ADD ("sign-in/lockout", test_sign_in_lockout);
  ADD ("liveness/still-picture-refused", test_still_picture_refused);
  ADD ("engine/shutdown-during-attempt", test_shutdown_during_attempt);
  ADD ("R15/bad-templates-keep-door", test_bad_templates_keep_door);
  return g_test_run ();
}
