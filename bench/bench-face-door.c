/* bench-face-door.c: a tap on Face to the access decision, 10,000 templates enrolled
 *
 * The engine on simulated hardware, the file camera showing a face, and
 * [face] liveness=off: the figure is the terminal's own time from the tap
 * (camera start, first frame, detection, landmarks, descriptor, 1:N search,
 * the access decision and its event, camera stop), without the seconds a
 * person takes for the liveness challenge.
 *
 *   bench-face-door MODELS_DIR PICTURE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-bench-util.h"
#include "lt-engine.h"
#include "lt-face-door.h"
#include "lt-face-store.h"
#include "lt-store-private.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#define N_TEMPLATES 10000
#define N_TAPS      40

typedef struct {
  gboolean done;
  gint64   id;
} Outcome;

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;
  g_autoptr (GError) error = NULL;

  o->id = lt_face_door_recognise_finish (LT_FACE_DOOR (source), result, &error);
  if (error != NULL)
    g_error ("recognition failed: %s", error->message);
  o->done = TRUE;
}

static void
on_enrolled (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *o = user_data;
  g_autoptr (GError) error = NULL;

  o->id = lt_face_door_enrol_finish (LT_FACE_DOOR (source), result, &error);
  if (error != NULL)
    g_error ("enrolment failed: %s", error->message);
  o->done = TRUE;
}

/* Residents with random unit-length descriptors, three each. */
static void
enrol_crowd (LtStore *store, const LtSecret *secret, guint n_residents)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  float  templates[LT_FACE_MIN_TEMPLATES * LT_FACE_TEMPLATE_LEN];
  gint64 start = g_get_monotonic_time ();

  lt_bench_fill_store (store, secret, n_residents, 0);
  sqlite3_exec (lt_store_get_db (store), "PRAGMA synchronous = OFF", NULL, NULL, NULL);
  for (guint i = 1; i <= n_residents; i++) {
    for (guint t = 0; t < LT_FACE_MIN_TEMPLATES; t++) {
      double norm = 0;
      float *d = templates + t * LT_FACE_TEMPLATE_LEN;
      for (guint k = 0; k < LT_FACE_TEMPLATE_LEN; k++) {
        d[k] = (float)g_rand_double_range (rand, -1, 1);
        norm += d[k] * d[k];
      }
      for (guint k = 0; k < LT_FACE_TEMPLATE_LEN; k++)
        d[k] /= (float)sqrt (norm);
    }
    if (!lt_face_store_enrol (store, secret, i, templates, LT_FACE_MIN_TEMPLATES, "bench", "main", 0, &error))
      g_error ("%s", error->message);
  }
  printf ("enrolled %u residents, %u templates in %.1f s\n", n_residents, n_residents * LT_FACE_MIN_TEMPLATES,
          (g_get_monotonic_time () - start) / 1e6);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *config_text = NULL;
  g_autoptr (LtConfig) config = NULL;
  g_autoptr (LtSecret) secret = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *db = NULL, *keys = NULL;
  LtEngine        *engine;
  LtFaceDoor      *face;
  gint64           me;
  Outcome          o = { 0 };

  if (argc != 3 || !g_file_test (argv[2], G_FILE_TEST_EXISTS)) {
    fprintf (stderr, "usage: bench-face-door MODELS_DIR PICTURE (tests/face/face-fixtures.sh prepares both)\n");
    return 77;
  }
  g_assert_true (lt_crypto_init (NULL));
  dir = g_dir_make_tmp ("lintel-bench-face-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "lintel.db", NULL);
  keys = g_build_filename (dir, "keys", NULL);
  g_assert_true (lt_secret_create (keys, &error));
  secret = lt_secret_load (keys, &error);
  config_text = g_strdup_printf ("[store]\ndatabase=%s\nkey-dir=%s\n[hardware]\nbackend=sim\n"
                                 "[door]\nmethods=pin;card;qr;face\n"
                                 "[face]\nenabled=true\nliveness=off\nmodels=%s\n"
                                 "[camera]\nsource=file\nfile=%s\npreview-fps=30\n",
                                 db, keys, argv[1], argv[2]);
  config = lt_config_load_data (config_text, "bench.conf", &error);
  g_assert_no_error (error);
  {
    g_autoptr (LtStore) store = lt_store_open (db, &error);
    g_assert_no_error (error);
    enrol_crowd (store, secret, N_TEMPLATES / LT_FACE_MIN_TEMPLATES);
    g_assert_true (lt_store_add_unit (store, "Z-1", NULL));
    me = lt_store_add_person (store, LT_PERSON_RESIDENT, "Z-1", "Me", NULL, &error);
  }

  engine = lt_engine_new_borrowed (config, &error);
  g_assert_no_error (error);
  face = lt_engine_get_face (engine);
  g_assert_true (lt_face_door_preload (face, &error));
  lt_face_door_enrol_async (face, me, NULL, NULL, on_enrolled, &o);
  while (!o.done)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < N_TAPS; i++) {
    gint64 start = g_get_monotonic_time ();
    double elapsed_ms;

    o.done = FALSE;
    lt_face_door_recognise_async (face, NULL, on_done, &o);
    while (!o.done)
      g_main_context_iteration (NULL, TRUE);
    elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
    if (o.id != me)
      g_error ("tap %u: the enrolled face was not recognised", i);
    g_array_append_val (samples, elapsed_ms);
  }
  printf ("taps: %u, templates: %u + %u\n", N_TAPS, N_TEMPLATES / LT_FACE_MIN_TEMPLATES * LT_FACE_MIN_TEMPLATES,
          LT_FACE_MIN_TEMPLATES);
  lt_bench_report_unit ("face tap → decision", samples, "ms");

  lt_engine_shutdown (engine);
  g_object_unref (engine);
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
  }
  return 0;
}
