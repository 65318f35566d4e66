/* bench-scan.c: from the camera's first frame to the lock line, for real
 *
 * A visitor pass shown to the camera (the file source plays a PNG of the
 * pass as a live camera would), decoded by the real pipeline and ZBar
 * settings, decided by the engine against a signed pass in the store, and
 * the simulated lock line set. Prints p50/p99 in ms of
 *   running → lock: the pipeline reaches PLAYING (its first frame) until
 *                   the lock line is energised;
 *   tap → lock:     lt_camera_start () (the person's tap) until the same.
 * Target: under 300 ms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-bench-util.h"
#include "lt-camera.h"
#include "lt-engine.h"
#include "lt-pass.h"
#include "lt-qr-image.h"

#include <gst/gst.h>
#include <stdio.h>
#include <stdlib.h>

#define N_SCANS 30

typedef struct {
  LtEngine *engine;
  gint64    tap_us;
  gint64    running_us;
  gint64    locked_us;
} Run;

static void
on_running (LtCamera   *camera,
            GParamSpec *pspec,
            Run        *run)
{
  if (lt_camera_get_running (camera) && run->running_us == 0)
    run->running_us = g_get_monotonic_time ();
}

/* The engine decides the code it read itself, as on a terminal. */
static void
on_decision (LtEngine             *engine,
             const LtHostDecision *decision,
             Run                  *run)
{
  g_assert_true (decision->granted);
}

static void
on_lock_edge (LtLine  *line,
              gboolean active,
              guint64  timestamp_ns,
              Run     *run)
{
  if (active)
    run->locked_us = g_get_monotonic_time ();
}

/* A store of 100 000 residents, and a pass of the first unit's in a PNG
 * the camera's file source shows. */
static void
prepare (const char *dir,
         const char *db,
         const char *png)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LtSecret) secret = NULL;
  g_autoptr (LtStore) store = NULL;
  g_autoptr (LtPassKey) key = NULL;
  g_autofree char   *token = NULL;
  g_autofree guint8 *frame = NULL;
  gint64             pass_id, now = g_get_real_time ();

  g_assert_true (lt_secret_create (dir, &error));
  g_assert_true (lt_pass_key_create (dir, &error));
  secret = lt_secret_load (dir, &error);
  store = lt_store_open (db, &error);
  key = lt_pass_key_load (dir, &error);
  g_assert_no_error (error);
  lt_bench_fill_store (store, secret, 100000, 2);
  token = lt_pass_issue (store, key,
                         &(LtPassRequest){ 1, lt_bench_unit (0), now - G_USEC_PER_SEC,
                                           now + (gint64)3600 * G_USEC_PER_SEC, 0, 0, NULL },
                         &pass_id, &error);
  g_assert_no_error (error);
  /* A phone held at arm's length: the code fills about half the frame. */
  frame = lt_qr_image_render (token, 640, 480, 5.0, NULL);
  g_assert_true (lt_qr_image_write_png (png, frame, 640, 480, &error));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("lintel-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "lintel.db", NULL);
  g_autofree char *png = g_build_filename (dir, "pass.png", NULL);
  g_autofree char *conf_text = g_strdup_printf ("[store]\ndatabase=%s\nkey-dir=%s\n[hardware]\nbackend=sim\n"
                                                "[camera]\nsource=file\nfile=%s\n",
                                                db, dir, png);
  g_autoptr (GArray) from_running = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) from_tap = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GError) error = NULL;
  g_autoptr (LtEngine) engine = NULL;
  LtCamera        *camera;
  g_autofree char *cmd = NULL;
  LtConfig        *config;
  Run              run = { 0 };

  gst_init (&argc, &argv);
  prepare (dir, db, png);
  config = lt_config_load_data (conf_text, "bench.conf", &error);
  g_assert_no_error (error);
  engine = lt_engine_new (config, &error);
  g_assert_no_error (error);
  run.engine = engine;
  /* The engine's own camera, started as a tap or `scan` starts it. */
  camera = lt_engine_get_camera (engine);
  g_assert_nonnull (camera);
  g_signal_connect (camera, "notify::running", G_CALLBACK (on_running), &run);
  g_signal_connect (engine, "decision", G_CALLBACK (on_decision), &run);
  g_signal_connect (lt_sim_hardware_get_line (lt_engine_get_sim (engine), LT_LINE_LOCK), "edge",
                    G_CALLBACK (on_lock_edge), &run);

  for (guint i = 0; i < N_SCANS; i++) {
    gint64 deadline;
    double a, b;

    run.tap_us = g_get_monotonic_time ();
    run.running_us = run.locked_us = 0;
    g_assert_true (lt_engine_start_scan (engine, &error));
    deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (run.locked_us == 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (run.locked_us, >, 0);
    g_assert_false (lt_camera_has_pipeline (camera));
    b = (run.locked_us - run.tap_us) / 1000.0;
    g_array_append_val (from_tap, b);
    /* PLAYING may be reported after the code when the first frame decodes
     * at once; such a run has no "running" moment to measure from. */
    if (run.running_us > 0 && run.running_us <= run.locked_us) {
      a = (run.locked_us - run.running_us) / 1000.0;
      g_array_append_val (from_running, a);
    }
    g_assert_true (lt_door_lock (lt_engine_get_door (engine), NULL));
  }

  lt_bench_report_unit ("scan: running→lock", from_running, "ms");
  lt_bench_report_unit ("scan: tap→lock", from_tap, "ms");

  /* The camera is the engine's: it goes with it. */
  lt_engine_shutdown (engine);
  g_clear_object (&engine);
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  return system (cmd) == 0 ? 0 : 1;
}
