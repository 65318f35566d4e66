/* test-camera.c: the QR camera, headless, from PNG files instead of a camera
 *
 * As in GStreamer's own zbar element test, a still image stands in for the
 * camera: the "file" source shows a PNG as a live camera would, so the real
 * pipeline runs, decodes and stops without any device.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-camera.h"
#include "lt-qr-image.h"
#include "lt-qr-scanner.h"
#include "lt-test-util.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>
#include <unistd.h>

#define WIDTH        640
#define HEIGHT       480
#define WAIT_SECONDS 10

static char *root;         /* removed at the end */
static char *work_dirs[3]; /* TMPDIR, XDG_CACHE_HOME, the cwd */
static char *code_png;
static char *blank_png;
static char *marker_png; /* black left third: shows the mirroring */
static char *pass_text;

/* Recording the camera's signals */

typedef struct {
  GPtrArray *codes;
  GPtrArray *stopped;
  GArray    *running; /* gboolean, one per notify::running */
  guint      previews;
  int        width;
  int        height;
  int        stride;
  gsize      size;
  guint8     left; /* preview pixels (red) near both edges */
  guint8     right;
  gboolean   pipeline_at_code; /* lt_camera_has_pipeline() inside ::code */
  gboolean   running_at_code;
} Record;

static void
on_code (LtCamera   *camera,
         const char *code,
         Record     *record)
{
  g_ptr_array_add (record->codes, g_strdup (code));
  record->pipeline_at_code = lt_camera_has_pipeline (camera);
  record->running_at_code = lt_camera_get_running (camera);
}

static void
on_stopped (LtCamera   *camera,
            const char *reason,
            Record     *record)
{
  g_ptr_array_add (record->stopped, g_strdup (reason));
}

static void
on_running (LtCamera   *camera,
            GParamSpec *pspec,
            Record     *record)
{
  gboolean running = lt_camera_get_running (camera);

  g_array_append_val (record->running, running);
}

static void
on_preview (LtCamera *camera,
            GBytes   *data,
            int       width,
            int       height,
            int       stride,
            Record   *record)
{
  const guint8 *pixels = g_bytes_get_data (data, &record->size);

  /* R5: a frame on screen means the indicator is on. */
  g_assert_true (lt_camera_get_running (camera));
  record->previews++;
  record->width = width;
  record->height = height;
  record->stride = stride;
  if (record->size >= (gsize)stride * height && width > 40) {
    const guint8 *row = pixels + (gsize)stride * (height / 2);

    record->left = row[20 * 4];
    record->right = row[(width - 20) * 4];
  }
}

static void
record_init (Record   *record,
             LtCamera *camera)
{
  memset (record, 0, sizeof *record);
  record->codes = g_ptr_array_new_with_free_func (g_free);
  record->stopped = g_ptr_array_new_with_free_func (g_free);
  record->running = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_signal_connect (camera, "code", G_CALLBACK (on_code), record);
  g_signal_connect (camera, "stopped", G_CALLBACK (on_stopped), record);
  g_signal_connect (camera, "notify::running", G_CALLBACK (on_running), record);
  g_signal_connect (camera, "preview", G_CALLBACK (on_preview), record);
}

static void
record_clear (Record *record)
{
  g_ptr_array_unref (record->codes);
  g_ptr_array_unref (record->stopped);
  g_array_unref (record->running);
}

/* Main loop with a deadline: no test waits for ever. */

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
stopped_yet (gpointer data)
{
  return ((Record *)data)->stopped->len > 0;
}

static gboolean
stopped_twice (gpointer data)
{
  return ((Record *)data)->stopped->len >= 2;
}

static gboolean
running_yet (gpointer data)
{
  Record *record = data;

  return record->running->len > 0 && g_array_index (record->running, gboolean, 0);
}

static gboolean
previews_yet (gpointer data)
{
  return ((Record *)data)->previews >= 3;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Runs the loop until done (data) or seconds pass; returns done (data). */
static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer data,
            double   seconds)
{
  gboolean expired = FALSE;
  GSource *deadline = g_timeout_source_new ((guint)(seconds * 1000));

  g_source_set_callback (deadline, on_deadline, &expired, NULL);
  g_source_attach (deadline, NULL);
  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (deadline);
  g_source_unref (deadline);
  return done (data);
}

/* Cameras */

/* The camera copies its configuration; the LtConfig can go at once. */
static LtCamera *
camera_new (const char *extra)
{
  g_autofree char *data = g_strdup_printf ("[camera]\n%s", extra);
  g_autoptr (GError) error = NULL;
  g_autoptr (LtConfig) config = lt_config_load_data (data, "test.conf", &error);

  g_assert_no_error (error);
  return lt_camera_new (&config->camera);
}

static LtCamera *
file_camera (const char *png,
             guint       timeout_seconds)
{
  g_autofree char *extra = g_strdup_printf ("source=file\nfile=%s\ntimeout-seconds=%u\n"
                                            "width=%d\nheight=%d\n",
                                            png, timeout_seconds, WIDTH, HEIGHT);

  return camera_new (extra);
}

/* What this process has open, as /proc/self/fd names it. */
static GPtrArray *
open_files (void)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
    char            *target = g_file_read_link (link, NULL);

    if (target != NULL)
      g_ptr_array_add (files, target);
  }
  return files;
}

static gboolean
files_contain (GPtrArray  *files,
               const char *prefix)
{
  for (guint i = 0; i < files->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (files, i), prefix))
      return TRUE;
  return FALSE;
}

/* R5: no camera device is open. libcamera opens /dev/media* as well. */
static void
assert_no_camera_open (void)
{
  g_autoptr (GPtrArray) files = open_files ();

  g_assert_false (files_contain (files, "/dev/video"));
  g_assert_false (files_contain (files, "/dev/media"));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

static char *
describe_files (GPtrArray *files)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < files->len; i++) {
    const char *path = g_ptr_array_index (files, i);

    /* Files and devices only: pipes and event fds are GLib's and
     * GStreamer's own, and the proc directory is the listing itself. */
    if (path[0] != '/' || g_str_has_prefix (path, "/proc/"))
      continue;
    g_string_append_printf (text, "%s\n", path);
  }
  return g_string_free (text, FALSE);
}

static char *
describe_open_files (void)
{
  g_autoptr (GPtrArray) files = open_files ();

  g_ptr_array_sort (files, compare_strings);
  return describe_files (files);
}

/* Tests */

static void
test_config (void)
{
  g_autoptr (LtConfig) config = lt_config_load_data ("", "test.conf", NULL);
  struct {
    const char *text;
    const char *needle;
  } bad[] = {
    { "[camera]\nsource=webcam\n", "[camera] source" },
    { "[camera]\nsource=file\n", "[camera] file" },
    { "[camera]\nfile=pass.png\n", "[camera] file" },
    { "[camera]\ndevice=video0\n", "[camera] device" },
    { "[camera]\ntimeout-seconds=0\n", "[camera] timeout-seconds" },
    { "[camera]\nwidth=641\n", "[camera] width" },
    { "[camera]\npreview-fps=100\n", "[camera] preview-fps" },
    { "[camera]\ncolour=yes\n", "[camera] colour" },
  };

  g_assert_nonnull (config);
  /* No camera unless one is configured: the lobby offers no QR scan. */
  g_assert_cmpint (config->camera.source, ==, LT_CAMERA_SOURCE_NONE);
  g_assert_cmpstr (config->camera.device, ==, "/dev/video0");
  g_assert_null (config->camera.file);
  g_assert_cmpuint (config->camera.timeout_seconds, ==, 20);
  g_assert_cmpuint (config->camera.width, ==, 640);
  g_assert_cmpuint (config->camera.height, ==, 480);
  g_assert_cmpuint (config->camera.preview_fps, ==, 10);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    g_autoptr (LtConfig) broken = lt_config_load_data (bad[i].text, "test.conf", &error);

    g_assert_null (broken);
    g_assert_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "test.conf"));
    g_assert_nonnull (strstr (error->message, bad[i].needle));
  }
}

/* The settings LtCamera uses find the pass and nothing in a blank frame. */
static void
test_scanner (void)
{
  LtQrScanSettings settings;
  g_autoptr (LtQrScanner) scanner = NULL;
  g_autofree guint8 *frame = lt_qr_image_render (pass_text, WIDTH, HEIGHT, 5, NULL);
  g_autofree guint8 *blank = lt_qr_image_render (NULL, WIDTH, HEIGHT, 5, NULL);
  g_autofree char   *code = NULL;
  g_autofree char   *nothing = NULL;

  lt_qr_scan_settings_init (&settings);
  g_assert_true (settings.qr_only);
  scanner = lt_qr_scanner_new (&settings);
  code = lt_qr_scanner_scan (scanner, frame, WIDTH, HEIGHT, WIDTH);
  g_assert_cmpstr (code, ==, pass_text);
  nothing = lt_qr_scanner_scan (scanner, blank, WIDTH, HEIGHT, WIDTH);
  g_assert_null (nothing);

  /* A code held far away (3 px a module) is found within three frames. */
  g_free (frame);
  frame = lt_qr_image_render (pass_text, WIDTH, HEIGHT, 3, NULL);
  g_clear_pointer (&code, g_free);
  for (guint i = 0; i < 3 && code == NULL; i++)
    code = lt_qr_scanner_scan (scanner, frame, WIDTH, HEIGHT, WIDTH);
  g_assert_cmpstr (code, ==, pass_text);
}

/* R5: a camera that nobody asked to scan has no pipeline and opens nothing. */
static void
test_idle (void)
{
  g_autofree char *before = describe_open_files ();
  g_autofree char *after = NULL;
  LtCamera        *camera = camera_new ("source=v4l2\ndevice=/dev/video0\n");
  Record           record;

  record_init (&record, camera);
  g_assert_false (lt_camera_has_pipeline (camera));
  g_assert_false (lt_camera_get_running (camera));
  assert_no_camera_open ();

  /* Idle for a while: nothing starts by itself. */
  wait_until (never, NULL, 0.3);
  g_assert_false (lt_camera_has_pipeline (camera));
  g_assert_cmpuint (record.running->len, ==, 0);
  g_assert_cmpuint (record.stopped->len, ==, 0);
  lt_camera_stop (camera);
  g_assert_cmpuint (record.stopped->len, ==, 0);
  after = describe_open_files ();
  g_assert_cmpstr (after, ==, before);

  g_assert_finalize_object (camera);
  record_clear (&record);
}

static void
test_decode (void)
{
  g_autofree char *before = describe_open_files ();
  g_autofree char *after = NULL;
  LtCamera        *camera = file_camera (code_png, 20);
  g_autoptr (GError) error = NULL;
  Record record;

  record_init (&record, camera);
  g_assert_true (lt_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_true (lt_camera_has_pipeline (camera));

  g_assert_true (wait_until (stopped_yet, &record, WAIT_SECONDS));
  g_assert_cmpuint (record.codes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (record.codes, 0), ==, pass_text);
  g_assert_cmpuint (record.stopped->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (record.stopped, 0), ==, "decoded");
  /* The pipeline was gone before the code was handed on. */
  g_assert_false (record.pipeline_at_code);
  g_assert_false (record.running_at_code);
  g_assert_false (lt_camera_has_pipeline (camera));
  g_assert_false (lt_camera_get_running (camera));
  g_assert_cmpuint (record.running->len, ==, 2);
  g_assert_true (g_array_index (record.running, gboolean, 0));
  g_assert_false (g_array_index (record.running, gboolean, 1));

  /* Nothing arrives after the scan ended. */
  wait_until (never, NULL, 0.3);
  g_assert_cmpuint (record.codes->len, ==, 1);
  g_assert_cmpuint (record.stopped->len, ==, 1);
  g_assert_cmpuint (record.running->len, ==, 2);

  assert_no_camera_open ();
  after = describe_open_files ();
  g_assert_cmpstr (after, ==, before);
  g_assert_finalize_object (camera);
  record_clear (&record);
}

static void
test_timeout (void)
{
  /* Three seconds: long enough that a loaded machine under ASan still
   * shows frames before the timeout, which is what is checked below. */
  LtCamera *camera = file_camera (blank_png, 3);
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;
  Record record;

  record_init (&record, camera);
  g_assert_true (lt_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (stopped_yet, &record, WAIT_SECONDS));
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpstr (g_ptr_array_index (record.stopped, 0), ==, "timeout");
  g_assert_cmpuint (record.stopped->len, ==, 1);
  g_assert_cmpuint (record.codes->len, ==, 0);
  g_assert_cmpint (elapsed, >=, 2900 * 1000);
  g_assert_cmpint (elapsed, <, (gint64)lt_test_bound_ms (5000) * 1000);
  g_assert_false (lt_camera_has_pipeline (camera));
  g_assert_false (lt_camera_get_running (camera));
  g_assert_cmpuint (record.running->len, ==, 2);
  g_assert_true (g_array_index (record.running, gboolean, 0));
  g_assert_false (g_array_index (record.running, gboolean, 1));
  /* It was looking at frames all along. */
  g_assert_cmpuint (record.previews, >, 0);

  g_assert_finalize_object (camera);
  record_clear (&record);
}

/* The source is open while the scan runs and closed once it is cancelled:
 * the same check that finds no /dev/video* can see the pipeline's file. */
static void
test_stop (void)
{
  LtCamera *camera = file_camera (blank_png, 20);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) during = NULL;
  g_autoptr (GPtrArray) after = NULL;
  Record record;

  record_init (&record, camera);
  g_assert_true (lt_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (running_yet, &record, WAIT_SECONDS));
  g_assert_true (wait_until (previews_yet, &record, WAIT_SECONDS));
  g_assert_true (lt_camera_get_running (camera));
  during = open_files ();
  g_assert_true (files_contain (during, blank_png));

  lt_camera_stop (camera);
  g_assert_false (lt_camera_has_pipeline (camera));
  g_assert_false (lt_camera_get_running (camera));
  g_assert_cmpuint (record.stopped->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (record.stopped, 0), ==, "cancelled");
  after = open_files ();
  g_assert_false (files_contain (after, blank_png));
  assert_no_camera_open ();

  /* A second stop is nothing; no late frames or signals. */
  lt_camera_stop (camera);
  record.previews = 0;
  wait_until (never, NULL, 0.3);
  g_assert_cmpuint (record.stopped->len, ==, 1);
  g_assert_cmpuint (record.previews, ==, 0);
  g_assert_cmpuint (record.running->len, ==, 2);

  g_assert_finalize_object (camera);
  record_clear (&record);
}

static void
test_preview (void)
{
  g_autofree char *extra = g_strdup_printf ("source=file\nfile=%s\npreview-fps=5\n", marker_png);
  LtCamera        *camera = camera_new (extra);
  g_autoptr (GError) error = NULL;
  Record record;
  guint  counted;

  record_init (&record, camera);
  g_assert_true (lt_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (previews_yet, &record, WAIT_SECONDS));

  g_assert_cmpint (record.width, ==, WIDTH);
  g_assert_cmpint (record.height, ==, HEIGHT);
  g_assert_cmpint (record.stride, >=, WIDTH * 4);
  g_assert_cmpuint (record.size, ==, (gsize)record.stride * HEIGHT);
  /* The image is black on its left: mirrored, that is the right. */
  g_assert_cmpuint (record.left, >, 200);
  g_assert_cmpuint (record.right, <, 50);

  /* A modest rate: 5 a second asked for, the source gives 25. */
  record.previews = 0;
  wait_until (never, NULL, 1.0);
  counted = record.previews;
  g_assert_cmpuint (counted, >, 0);
  g_assert_cmpuint (counted, <=, 8);

  lt_camera_stop (camera);
  g_assert_finalize_object (camera);
  record_clear (&record);
}

/* A second start during a scan changes nothing; after a scan, a new one
 * builds a new pipeline. */
static void
test_start_twice (void)
{
  LtCamera *camera = file_camera (code_png, 20);
  g_autoptr (GError) error = NULL;
  Record record;

  record_init (&record, camera);
  g_assert_true (lt_camera_start (camera, &error));
  g_assert_true (lt_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (stopped_yet, &record, WAIT_SECONDS));
  wait_until (never, NULL, 0.3);
  g_assert_cmpuint (record.codes->len, ==, 1);
  g_assert_cmpuint (record.stopped->len, ==, 1);
  g_assert_cmpuint (record.running->len, ==, 2);

  g_assert_true (lt_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_true (lt_camera_has_pipeline (camera));
  g_assert_true (wait_until (stopped_twice, &record, WAIT_SECONDS));
  g_assert_cmpuint (record.stopped->len, ==, 2);
  g_assert_cmpuint (record.codes->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (record.codes, 1), ==, pass_text);
  g_assert_false (lt_camera_has_pipeline (camera));

  g_assert_finalize_object (camera);
  record_clear (&record);
}

static void
test_dispose_during_scan (void)
{
  LtCamera *camera = file_camera (blank_png, 20);
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GError) error = NULL;
  Record record;

  record_init (&record, camera);
  g_assert_true (lt_camera_start (camera, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (running_yet, &record, WAIT_SECONDS));
  g_assert_finalize_object (camera);

  /* Results already queued for the main loop find no camera; the file
   * is closed. */
  wait_until (never, NULL, 0.3);
  g_assert_cmpuint (record.codes->len, ==, 0);
  g_assert_cmpuint (record.stopped->len, ==, 0);
  assert_no_camera_open ();
  after = open_files ();
  g_assert_false (files_contain (after, blank_png));
  record_clear (&record);
}

static void
test_missing_device (void)
{
  LtCamera *camera = camera_new ("source=v4l2\ndevice=/nonexistent/video9\n");
  g_autoptr (GError) error = NULL;
  Record record;

  record_init (&record, camera);
  g_assert_false (lt_camera_start (camera, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == LT_CAMERA_ERROR);
  g_assert_false (lt_camera_has_pipeline (camera));
  g_assert_false (lt_camera_get_running (camera));
  wait_until (never, NULL, 0.2);
  g_assert_cmpuint (record.stopped->len, ==, 0);
  g_assert_cmpuint (record.running->len, ==, 0);

  g_assert_finalize_object (camera);
  record_clear (&record);
}

/* R5: a scan's pipeline and every element in it are finalized when the
 * scan ends, whichever way it ends: nothing of it (a source element, its
 * buffer pool, a device descriptor) is left behind. */

typedef struct {
  guint created;
  guint finalized;
} Lifetimes;

static void
on_finalized (gpointer data,
              GObject *where_the_object_was)
{
  ((Lifetimes *)data)->finalized++;
}

static void
watch_element (const GValue *item,
               gpointer      data)
{
  g_object_weak_ref (g_value_get_object (item), on_finalized, data);
  ((Lifetimes *)data)->created++;
}

/* Weak references on the pipeline and all its elements, sub-bins too. */
static void
watch_pipeline (LtCamera  *camera,
                Lifetimes *lifetimes)
{
  GstBin *pipeline = lt_camera_peek_pipeline (camera);
  g_autoptr (GstIterator) it = NULL;

  g_assert_true (GST_IS_PIPELINE (pipeline));
  g_object_weak_ref (G_OBJECT (pipeline), on_finalized, lifetimes);
  lifetimes->created++;
  it = gst_bin_iterate_recurse (pipeline);
  g_assert_cmpint (gst_iterator_foreach (it, watch_element, lifetimes), ==, GST_ITERATOR_DONE);
  /* A source, the scan and preview branches: a dozen or so. */
  g_assert_cmpuint (lifetimes->created, >, 10);
}

static void
test_pipeline_finalized (gconstpointer data)
{
  const char *how = data;
  gboolean    decode = g_str_equal (how, "decoded");
  LtCamera   *camera = file_camera (decode ? code_png : blank_png, g_str_equal (how, "timeout") ? 2 : 20);
  g_autoptr (GError) error = NULL;
  Lifetimes lifetimes = { 0 };
  Record    record;

  record_init (&record, camera);
  g_assert_true (lt_camera_start (camera, &error));
  g_assert_no_error (error);
  watch_pipeline (camera, &lifetimes);
  if (g_str_equal (how, "cancelled")) {
    g_assert_true (wait_until (previews_yet, &record, WAIT_SECONDS));
    lt_camera_stop (camera);
  }
  g_assert_true (wait_until (stopped_yet, &record, WAIT_SECONDS));
  g_assert_cmpstr (g_ptr_array_index (record.stopped, 0), ==, how);

  /* Gone by the time ::stopped is emitted, not later. */
  g_assert_null (lt_camera_peek_pipeline (camera));
  g_assert_cmpuint (lifetimes.finalized, ==, lifetimes.created);
  assert_no_camera_open ();
  g_assert_finalize_object (camera);
  record_clear (&record);
}

/* GStreamer 1.22's v4l2src keeps its buffer pool, and with it the
 * device's descriptor, after the pipeline is gone when the driver orphans
 * buffers (lt-camera.c); the camera code makes it drain instead. No V4L2
 * device is needed to see that this is in force for every program that
 * links the camera code: the test runner does not set it. */
static void
test_v4l2_drains (void)
{
  g_assert_cmpstr (g_getenv ("GST_V4L2_FORCE_DRAIN"), ==, "1");
}

/* R14: every kind of scan, and no file appears anywhere we can look. */

static void
list_tree (const char *dir,
           GPtrArray  *out)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL) {
    g_autofree char *path = g_build_filename (dir, name, NULL);
    GStatBuf         st;

    if (g_lstat (path, &st) != 0)
      continue;
    g_ptr_array_add (out, g_strdup_printf ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                           path, (gint64)st.st_size, (gint64)st.st_mtime));
    if (S_ISDIR (st.st_mode))
      list_tree (path, out);
  }
}

static char *
snapshot (void)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *images = g_build_filename (root, "images", NULL);
  GString         *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (work_dirs); i++)
    list_tree (work_dirs[i], entries);
  list_tree (images, entries);
  g_ptr_array_sort (entries, compare_strings);
  for (guint i = 0; i < entries->len; i++)
    g_string_append_printf (text, "%s\n", (char *)g_ptr_array_index (entries, i));
  return g_string_free (text, FALSE);
}

static void
test_no_files_written (void)
{
  g_autofree char *before = snapshot ();
  g_autofree char *after = NULL;
  const char      *pngs[] = { code_png, blank_png };

  for (guint i = 0; i < G_N_ELEMENTS (pngs); i++) {
    /* The code ends its scan when decoded; the blank one runs to its
     * timeout, long enough to show frames on a loaded machine under ASan. */
    LtCamera *camera = file_camera (pngs[i], i == 0 ? 20 : 3);
    g_autoptr (GError) error = NULL;
    Record record;

    record_init (&record, camera);
    g_assert_true (lt_camera_start (camera, &error));
    g_assert_no_error (error);
    g_assert_true (wait_until (stopped_yet, &record, WAIT_SECONDS));
    g_assert_cmpstr (g_ptr_array_index (record.stopped, 0), ==, i == 0 ? "decoded" : "timeout");
    /* A code may be found before the first preview; seconds of nothing
     * show several. */
    if (i == 1)
      g_assert_cmpuint (record.previews, >, 0);
    g_assert_finalize_object (camera);
    record_clear (&record);
  }

  after = snapshot ();
  g_assert_cmpstr (after, ==, before);
}

static void
write_png (const char   *path,
           const guint8 *gray)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (lt_qr_image_write_png (path, gray, WIDTH, HEIGHT, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *registry = NULL;
  g_autofree char   *images = NULL;
  g_autofree guint8 *code = NULL;
  g_autofree guint8 *blank = NULL;
  g_autofree guint8 *marker = NULL;
  const char        *names[] = { "tmp", "cache", "cwd" };
  int                status;

  g_test_init (&argc, &argv, NULL);

  root = g_dir_make_tmp ("lintel-camera-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (work_dirs); i++) {
    work_dirs[i] = g_build_filename (root, names[i], NULL);
    g_assert_cmpint (g_mkdir (work_dirs[i], 0700), ==, 0);
  }
  g_setenv ("TMPDIR", work_dirs[0], TRUE);
  g_setenv ("XDG_CACHE_HOME", work_dirs[1], TRUE);
  g_assert_cmpint (chdir (work_dirs[2]), ==, 0);

  /* GStreamer's plugin registry is a cache of its own, not a frame: keep
   * it out of the directories the R14 test watches, and make it now. */
  registry = g_build_filename (root, "registry.bin", NULL);
  g_setenv ("GST_REGISTRY", registry, TRUE);
  gst_init (NULL, NULL);

  /* The images are written before any snapshot is taken. */
  images = g_build_filename (root, "images", NULL);
  g_assert_cmpint (g_mkdir (images, 0700), ==, 0);
  pass_text = lt_qr_image_pass_text (42);
  code = lt_qr_image_render (pass_text, WIDTH, HEIGHT, 5, NULL);
  blank = lt_qr_image_render (NULL, WIDTH, HEIGHT, 5, NULL);
  marker = lt_qr_image_render (NULL, WIDTH, HEIGHT, 5, NULL);
  for (guint y = 0; y < HEIGHT; y++)
    memset (marker + (gsize)y * WIDTH, 0, WIDTH / 3);
  code_png = g_build_filename (images, "pass.png", NULL);
  blank_png = g_build_filename (images, "blank.png", NULL);
  marker_png = g_build_filename (images, "marker.png", NULL);
  write_png (code_png, code);
  write_png (blank_png, blank);
  write_png (marker_png, marker);

  g_test_add_func ("/Lintel/Camera/config", test_config);
  g_test_add_func ("/Lintel/Camera/scanner", test_scanner);
  g_test_add_func ("/Lintel/Camera/idle", test_idle);
  g_test_add_func ("/Lintel/Camera/decode", test_decode);
  g_test_add_func ("/Lintel/Camera/timeout", test_timeout);
  g_test_add_func ("/Lintel/Camera/stop", test_stop);
  g_test_add_func ("/Lintel/Camera/preview", test_preview);
  g_test_add_func ("/Lintel/Camera/start-twice", test_start_twice);
  g_test_add_func ("/Lintel/Camera/dispose-during-scan", test_dispose_during_scan);
  g_test_add_func ("/Lintel/Camera/missing-device", test_missing_device);
  g_test_add_func ("/Lintel/Camera/no-files-written", test_no_files_written);
  g_test_add_data_func ("/Lintel/Camera/pipeline-finalized/decoded", "decoded", test_pipeline_finalized);
  g_test_add_data_func ("/Lintel/Camera/pipeline-finalized/timeout", "timeout", test_pipeline_finalized);
  g_test_add_data_func ("/Lintel/Camera/pipeline-finalized/cancelled", "cancelled", test_pipeline_finalized);
  g_test_add_func ("/Lintel/Camera/v4l2-drains", test_v4l2_drains);
  status = g_test_run ();

  g_assert_cmpint (chdir ("/"), ==, 0);
  g_free (code_png);
  g_free (blank_png);
  g_free (marker_png);
  g_free (pass_text);
  for (guint i = 0; i < G_N_ELEMENTS (work_dirs); i++)
    g_free (work_dirs[i]);
  gst_deinit ();
  lt_test_rm_rf (root);
  g_free (root);
  return status;
}
