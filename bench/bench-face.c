/* bench-face.c: the face engine's speed and memory, single thread
 *
 *   bench-face MODELS_DIR
 *
 * On a 640×480 camera-sized frame of noise (the networks' cost does not
 * depend on what the pixels show, and no picture of a person is needed):
 * the detector at inputs 224, 320 and 416, the 68-landmark net on a
 * 200-pixel face box, the descriptor (face-api's crop, and Lintel's
 * upright one, sampled along the eye line), a 1:N
 * search over 10,000 templates, and the resident memory the models take.
 * Targets: detector@320 + landmarks ≤ 12 ms, descriptor ≤ 10 ms, 1:N over
 * 10,000 ≤ 2 ms, models ≤ 40 MB. Times are the thread's CPU time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-bench-util.h"
#include "lt-face-engine.h"
#include "lt-face-match.h"

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS 30

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

/* CPU time of this thread: the machine the figures come from is shared,
 * and time spent waiting for a core is not the engine's. */
static double
cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

typedef void (*Step) (gpointer data);

static void
time_step (const char *name, Step step, gpointer data, GArray *sum_into)
{
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  step (data); /* warm up */
  for (int i = 0; i < RUNS; i++) {
    double t0 = cpu_us (), us;

    step (data);
    us = cpu_us () - t0;
    g_array_append_val (samples, us);
    if (sum_into != NULL)
      g_array_index (sum_into, double, i) += us;
  }
  lt_bench_report (name, samples);
}

typedef struct {
  LtFaceEngine  *engine;
  LtFaceImage    image;
  int            input_size;
  LtFace         face;
  LtFaceGallery *gallery;
  float          query[LT_FACE_DESCRIPTOR_LEN];
} Bench;

static void
step_detect (gpointer data)
{
  Bench *b = data;
  g_autoptr (GPtrArray) faces = lt_face_engine_detect (b->engine, &b->image, b->input_size, NULL);
}

static void
step_landmarks (gpointer data)
{
  Bench *b = data;

  lt_face_engine_landmarks (b->engine, &b->image, &b->face);
}

static void
step_descriptor (gpointer data)
{
  Bench *b = data;

  lt_face_engine_descriptor (b->engine, &b->image, &b->face);
}

static void
step_upright (gpointer data)
{
  Bench *b = data;

  lt_face_engine_descriptor_upright (b->engine, &b->image, &b->face);
}

static void
step_search (gpointer data)
{
  Bench      *b = data;
  LtFaceMatch match;

  lt_face_gallery_search (b->gallery, b->query, &match);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  g_autoptr (GArray) first = g_array_new (FALSE, TRUE, sizeof (double));
  g_autofree guint8 *pixels = g_malloc (640 * 480 * 3);
  g_autofree float  *templates = g_new (float, 10000 * LT_FACE_DESCRIPTOR_LEN);
  Bench              b = { 0 };
  double             before, after;
  const int          sizes[] = { 224, 320, 416 };

  if (argc != 2) {
    fprintf (stderr, "usage: bench-face MODELS_DIR (packaging/fetch-face-models.sh MODELS_DIR fetches them)\n");
    return 2;
  }
  /* Single thread, as the door terminal runs it next to the kiosk. */
  g_setenv ("OPENBLAS_NUM_THREADS", "1", TRUE);
  openblas_set_num_threads (1);

  before = rss_mb ();
  b.engine = lt_face_engine_new (argv[1], &error);
  if (b.engine == NULL) {
    fprintf (stderr, "bench-face: %s\n", error->message);
    return 2;
  }
  after = rss_mb ();
  printf ("models: %.1f MB of weights, resident memory +%.1f MB after loading (target <= 40 MB)\n",
          lt_face_engine_get_model_bytes (b.engine) / 1048576.0, after - before);

  for (gsize i = 0; i < 640 * 480 * 3; i++)
    pixels[i] = (guint8)g_rand_int_range (rand, 0, 256);
  b.image = (LtFaceImage){ pixels, 640, 480, 640 * 3 };
  g_array_set_size (first, RUNS);

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++) {
    g_autofree char *name = g_strdup_printf ("detector@%d", sizes[i]);

    b.input_size = sizes[i];
    time_step (name, step_detect, &b, sizes[i] == 320 ? first : NULL);
  }
  b.face.box[0] = 220;
  b.face.box[1] = 140;
  b.face.box[2] = b.face.box[3] = 200;
  time_step ("landmarks", step_landmarks, &b, first);
  lt_bench_report ("detector@320 + landmarks", first);
  if (!b.face.has_landmarks)
    return 1;
  /* A 10° roll so that the upright path really turns the face. */
  for (int i = 36; i < 48; i++)
    b.face.landmarks[i][1] += (b.face.landmarks[i][0] - 320) * 0.18;
  time_step ("descriptor (face-api crop)", step_descriptor, &b, NULL);
  time_step ("descriptor (upright)", step_upright, &b, NULL);

  b.gallery = lt_face_gallery_new (LT_FACE_DEFAULT_THRESHOLD, LT_FACE_DEFAULT_MARGIN);
  for (int i = 0; i < 10000 * LT_FACE_DESCRIPTOR_LEN; i++)
    templates[i] = (float)g_rand_double_range (rand, -0.2, 0.2);
  for (int i = 0; i < 10000; i++)
    lt_face_gallery_add (b.gallery, 1 + i / 3, templates + i * LT_FACE_DESCRIPTOR_LEN);
  memcpy (b.query, templates + 777 * LT_FACE_DESCRIPTOR_LEN, sizeof b.query);
  time_step ("1:N over 10,000 templates", step_search, &b, NULL);

  lt_face_gallery_free (b.gallery);
  g_object_unref (b.engine);
  return 0;
}
