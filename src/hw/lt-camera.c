/* lt-camera.c: the camera, on only while someone scans a QR code
 *
 * R5: the camera is off unless a person asked for a scan. The GStreamer
 * pipeline is built by lt_camera_start() and destroyed, device closed, on
 * the first code, on lt_camera_stop() or after the timeout; between scans
 * no pipeline exists at all. "running" is TRUE from the moment the
 * pipeline has the device (READY or above: the source opened it during
 * the state change) until it is torn down, so the screen's camera
 * indicator cannot claim the camera is off while it could deliver frames,
 * even when the first frame decodes before PLAYING is announced.
 *
 * R14: frames live only in memory. The scan branch hands grey frames to
 * one decoder thread and drops every frame that arrives while it is busy;
 * the preview branch copies a mirrored frame now and then for the screen.
 * Buffers go back to GStreamer as soon as they are copied or scanned, and
 * nothing is written anywhere.
 *
 *   SOURCE ! videoconvert ! videoscale ! video/x-raw,WxH ! tee
 *     tee. ! queue(leaky, 1) ! videoconvert ! GRAY8 ! appsink "scan"
 *     tee. ! queue(leaky, 1) ! videorate(max FPS) ! videoflip(mirror)
 *          ! videoconvert ! RGBA ! appsink "preview"
 *
 * Results come back on the thread-default main context of the caller of
 * lt_camera_start().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-camera"

#include "lt-camera.h"
#include "lt-qr-scanner.h"
#include "lt-time.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <stdlib.h>

G_DEFINE_QUARK (lt - camera - error - quark, lt_camera_error)

/* R5 and GStreamer 1.22's v4l2src: when the driver can orphan its buffers
 * (every videobuf2 driver: UVC webcams, vivid), gst_v4l2_object_stop()
 * takes a reference to the buffer pool and drops it only when orphaning
 * fails. The pool outlives the pipeline for good, and with it its dup()
 * of the device's descriptor (and a reference to the source element):
 * /dev/videoN stays open after every scan. GST_V4L2_FORCE_DRAIN makes
 * v4l2src drain its buffers instead, the path that lets the pool go.
 * Set while the process has one thread (a constructor, before main()),
 * unless the environment already says otherwise. */
__attribute__ ((constructor)) static void
lt_camera_force_v4l2_drain (void)
{
  setenv ("GST_V4L2_FORCE_DRAIN", "1", 0);
}

/* The part of one scan that the streaming and decoder threads see. It
 * outlives the scan until the last thread lets go of it. */
typedef struct {
  gatomicrefcount ref;
  LtCamera       *camera; /* main context only; NULL once the scan ended */
  GMainContext   *context;
  GThreadPool    *decoder; /* one thread */
  LtQrScanner    *scanner; /* decoder thread only */
  int             busy;    /* atomic: a frame is in the decoder, or a code was found */

  GMutex  lock;    /* guards the preview fields */
  GBytes *preview; /* newest frame not yet handed over */
  int     preview_width;
  int     preview_height;
  int     preview_stride;
} Scan;

struct _LtCamera {
  GObject parent_instance;

  LtCameraConfig config;
  GstElement    *pipeline; /* only during a scan */
  Scan          *scan;
  GSource       *bus_source;
  GSource       *timeout_source;
  gboolean       running;
};

G_DEFINE_FINAL_TYPE (LtCamera, lt_camera, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CODE,
  SIGNAL_STOPPED,
  SIGNAL_PREVIEW,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void finish (LtCamera   *self,
                    const char *reason,
                    const char *code);
static void sync_state (LtCamera *self);

/* Scan state */

static Scan *
scan_ref (Scan *scan)
{
  g_atomic_ref_count_inc (&scan->ref);
  return scan;
}

static void
scan_unref (gpointer data)
{
  Scan *scan = data;

  if (!g_atomic_ref_count_dec (&scan->ref))
    return;
  g_assert (scan->decoder == NULL);
  g_clear_pointer (&scan->scanner, lt_qr_scanner_free);
  g_clear_pointer (&scan->preview, g_bytes_unref);
  g_mutex_clear (&scan->lock);
  g_main_context_unref (scan->context);
  g_free (scan);
}

/* Runs func on the scan's main context, holding a reference to the scan. */
static void
scan_invoke (Scan       *scan,
             GSourceFunc func,
             gpointer    data,
             const char *name)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, scan->context);
  g_source_unref (source);
}

typedef struct {
  Scan *scan;
  char *code;
} CodeResult;

static gboolean
on_code_ready (gpointer user_data)
{
  CodeResult *result = user_data;

  /* The scan may have ended (stopped, timed out) while the frame was in
   * the decoder: then the code is dropped with it. */
  if (result->scan->camera != NULL)
    sync_state (result->scan->camera);
  if (result->scan->camera != NULL)
    finish (result->scan->camera, "decoded", result->code);
  scan_unref (result->scan);
  g_free (result->code);
  g_free (result);
  return G_SOURCE_REMOVE;
}

/* Decoder thread. */
static void
decode_frame (gpointer data,
              gpointer user_data)
{
  g_autoptr (GstSample) sample = data;
  Scan            *scan = user_data;
  GstVideoInfo     info;
  GstVideoFrame    frame;
  g_autofree char *code = NULL;
  CodeResult      *result;

  if (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) && gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ)) {
    code = lt_qr_scanner_scan (scan->scanner,
                               GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                               (guint)GST_VIDEO_FRAME_WIDTH (&frame),
                               (guint)GST_VIDEO_FRAME_HEIGHT (&frame),
                               (guint)GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0));
    gst_video_frame_unmap (&frame);
  }
  g_clear_pointer (&sample, gst_sample_unref);

  if (code == NULL) {
    g_atomic_int_set (&scan->busy, FALSE);
    return;
  }
  /* busy stays set: one code ends the scan, later frames are dropped. */
  result = g_new0 (CodeResult, 1);
  result->scan = scan_ref (scan);
  result->code = g_steal_pointer (&code);
  scan_invoke (scan, on_code_ready, result, "[lintel] camera code");
}

/* Streaming thread. */
static GstFlowReturn
on_scan_sample (GstAppSink *sink,
                gpointer    user_data)
{
  Scan      *scan = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_OK;
  /* Drop the frame unless the decoder is idle: the next one is as good. */
  if (!g_atomic_int_compare_and_exchange (&scan->busy, FALSE, TRUE)) {
    gst_sample_unref (sample);
    return GST_FLOW_OK;
  }
  g_thread_pool_push (scan->decoder, sample, NULL);
  return GST_FLOW_OK;
}

static gboolean
on_preview_ready (gpointer user_data)
{
  Scan *scan = user_data;
  g_autoptr (GBytes) bytes = NULL;
  int width, height, stride;

  g_mutex_lock (&scan->lock);
  bytes = g_steal_pointer (&scan->preview);
  width = scan->preview_width;
  height = scan->preview_height;
  stride = scan->preview_stride;
  g_mutex_unlock (&scan->lock);

  if (scan->camera != NULL)
    sync_state (scan->camera);
  /* Never a frame on screen while the indicator says the camera is off. */
  if (bytes != NULL && scan->camera != NULL && scan->camera->running)
    g_signal_emit (scan->camera, signals[SIGNAL_PREVIEW], 0, bytes, width, height, stride);
  scan_unref (scan);
  return G_SOURCE_REMOVE;
}

/* Streaming thread. A frame the main loop has not taken yet is replaced,
 * so a busy screen sees fewer frames instead of older ones. */
static GstFlowReturn
on_preview_sample (GstAppSink *sink,
                   gpointer    user_data)
{
  Scan *scan = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr (GBytes) old = NULL;
  GstVideoInfo  info;
  GstVideoFrame frame;
  GBytes       *bytes;
  int           width, height, stride;
  gboolean      pending;

  if (sample == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) || !gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return GST_FLOW_OK;
  width = GST_VIDEO_FRAME_WIDTH (&frame);
  height = GST_VIDEO_FRAME_HEIGHT (&frame);
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
  /* A copy, so that the buffer goes back to its pool now. */
  bytes = g_bytes_new (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0), (gsize)stride * height);
  gst_video_frame_unmap (&frame);
  g_clear_pointer (&sample, gst_sample_unref);

  g_mutex_lock (&scan->lock);
  pending = scan->preview != NULL;
  old = g_steal_pointer (&scan->preview);
  scan->preview = bytes;
  scan->preview_width = width;
  scan->preview_height = height;
  scan->preview_stride = stride;
  g_mutex_unlock (&scan->lock);

  if (!pending)
    scan_invoke (scan, on_preview_ready, scan_ref (scan), "[lintel] camera preview");
  return GST_FLOW_OK;
}

/* Camera */

static void
set_running (LtCamera *self,
             gboolean  running)
{
  running = !!running;
  if (self->running == running)
    return;
  self->running = running;
  g_debug ("Camera %s", running ? "running" : "off");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Destroys the pipeline, which closes the device; returns FALSE if there
 * was none. Emits nothing. */
static gboolean
teardown (LtCamera *self)
{
  g_autoptr (GstElement) pipeline = g_steal_pointer (&self->pipeline);
  Scan *scan = g_steal_pointer (&self->scan);

  if (pipeline == NULL)
    return FALSE;

  lt_clear_source (&self->timeout_source);
  lt_clear_source (&self->bus_source);
  scan->camera = NULL;
  /* Joins the streaming threads: no frame arrives after this. */
  gst_element_set_state (pipeline, GST_STATE_NULL);
  /* Waits for the frame in the decoder, if any. */
  g_thread_pool_free (g_steal_pointer (&scan->decoder), FALSE, TRUE);
  g_mutex_lock (&scan->lock);
  g_clear_pointer (&scan->preview, g_bytes_unref);
  g_mutex_unlock (&scan->lock);
  scan_unref (scan);
  return TRUE;
}

static void
finish (LtCamera   *self,
        const char *reason,
        const char *code)
{
  g_autoptr (LtCamera) hold = g_object_ref (self);

  if (!teardown (self))
    return;
  g_debug ("Camera scan ended: %s", reason);
  set_running (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_STOPPED], 0, reason);
  if (code != NULL)
    g_signal_emit (self, signals[SIGNAL_CODE], 0, code);
}

/* Returns FALSE once the message ended the scan. */
static gboolean
handle_message (LtCamera   *self,
                GstMessage *message)
{
  switch (GST_MESSAGE_TYPE (message)) {
  case GST_MESSAGE_STATE_CHANGED:
    if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline)) {
      GstState old_state, new_state;

      gst_message_parse_state_changed (message, &old_state, &new_state, NULL);
      set_running (self, new_state >= GST_STATE_READY);
    }
    return TRUE;
  case GST_MESSAGE_ERROR: {
    g_autoptr (GError) error = NULL;
    g_autofree char *debug = NULL;

    gst_message_parse_error (message, &error, &debug);
    g_message ("Camera failed: %s (%s)", error->message, debug != NULL ? debug : "no details");
    finish (self, "error", NULL);
    return FALSE;
  }
  case GST_MESSAGE_EOS:
    g_message ("Camera stream ended");
    finish (self, "error", NULL);
    return FALSE;
  default:
    return TRUE;
  }
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  Scan *scan = user_data;

  if (scan->camera == NULL || !handle_message (scan->camera, message))
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

/* A frame or a code can reach the main loop before the bus watch has
 * seen the pipeline reach PLAYING: take the bus's messages first, so that
 * "running" is TRUE before any frame or code is handed on. */
static void
sync_state (LtCamera *self)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (self->pipeline);

  while (self->pipeline != NULL) {
    g_autoptr (GstMessage) message = gst_bus_pop (bus);

    if (message == NULL || !handle_message (self, message))
      break;
  }
}

static gboolean
on_timeout (gpointer user_data)
{
  LtCamera *self = LT_CAMERA (user_data);

  finish (self, "timeout", NULL);
  return G_SOURCE_REMOVE;
}

static const char *
source_description (LtCameraSource source)
{
  switch (source) {
  case LT_CAMERA_SOURCE_LIBCAMERA:
    return "libcamerasrc name=src";
  case LT_CAMERA_SOURCE_FILE:
    /* A still image delivered like a live camera's frames. */
    return "filesrc name=src ! pngdec ! imagefreeze is-live=true";
  case LT_CAMERA_SOURCE_TEST:
    return "videotestsrc name=src is-live=true";
  case LT_CAMERA_SOURCE_V4L2:
  default:
    return "v4l2src name=src";
  }
}

static const char *
source_name (LtCameraSource source)
{
  switch (source) {
  case LT_CAMERA_SOURCE_LIBCAMERA:
    return "libcamera";
  case LT_CAMERA_SOURCE_FILE:
    return "file";
  case LT_CAMERA_SOURCE_TEST:
    return "test";
  case LT_CAMERA_SOURCE_V4L2:
  default:
    return "v4l2";
  }
}

/* videoflip's older "method" property is ignored in GStreamer 1.22 when
 * set from a launch line (the element resets it); "video-direction" is
 * the one that mirrors. The preview test checks the result.
 *
 * Leaky one-buffer queues keep a slow branch from holding up the other,
 * and appsinks without a last sample keep no frame once it is taken. */
#define QUEUE   "queue leaky=downstream max-size-buffers=1 max-size-bytes=0 max-size-time=0"
#define APPSINK "appsink max-buffers=1 drop=true sync=false enable-last-sample=false wait-on-eos=false"

char *
lt_camera_dup_pipeline_description (LtCamera *self)
{
  g_return_val_if_fail (LT_IS_CAMERA (self), NULL);

  return g_strdup_printf ("%s ! videoconvert ! videoscale"
                          " ! video/x-raw,width=%u,height=%u,pixel-aspect-ratio=1/1 ! tee name=t"
                          " t. ! " QUEUE " ! videoconvert ! video/x-raw,format=GRAY8"
                          " ! " APPSINK " name=scan"
                          " t. ! " QUEUE " ! videorate drop-only=true max-rate=%u"
                          " ! videoflip video-direction=horiz ! videoconvert ! video/x-raw,format=RGBA"
                          " ! " APPSINK " name=preview",
                          source_description (self->config.source),
                          self->config.width, self->config.height, self->config.preview_fps);
}

static void
lt_camera_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LtCamera *self = LT_CAMERA (object);

  switch (prop_id) {
  case PROP_RUNNING:
    g_value_set_boolean (value, self->running);
    break;
  default:
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  }
}

/* Safe during a scan: the pipeline goes away without signals. */
static void
lt_camera_dispose (GObject *object)
{
  LtCamera *self = LT_CAMERA (object);

  teardown (self);
  self->running = FALSE;
  G_OBJECT_CLASS (lt_camera_parent_class)->dispose (object);
}

static void
lt_camera_finalize (GObject *object)
{
  LtCamera *self = LT_CAMERA (object);

  g_free (self->config.device);
  g_free (self->config.file);
  G_OBJECT_CLASS (lt_camera_parent_class)->finalize (object);
}

static void
lt_camera_class_init (LtCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lt_camera_get_property;
  object_class->dispose = lt_camera_dispose;
  object_class->finalize = lt_camera_finalize;

  /**
   * LtCamera:running:
   *
   * TRUE exactly while a scan's pipeline exists and is playing; bind the
   * camera indicator to it.
   */
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LtCamera::code:
   * @code: the text of the QR code
   *
   * Emitted once per scan, after the pipeline is gone and after
   * LtCamera::stopped with "decoded".
   */
  signals[SIGNAL_CODE] = g_signal_new ("code", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * LtCamera::stopped:
   * @reason: "decoded", "cancelled", "timeout" or "error"
   */
  signals[SIGNAL_STOPPED] = g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * LtCamera::preview:
   * @data: RGBA pixels, @stride bytes a row; a copy the handler may keep
   * @width: in pixels
   * @height: in pixels
   * @stride: bytes a row
   *
   * A mirrored frame for the scan screen, a few times a second.
   */
  signals[SIGNAL_PREVIEW] = g_signal_new ("preview", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                          G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
}

static void
lt_camera_init (LtCamera *self)
{
}

/* Creating a camera opens nothing and builds no pipeline. */
LtCamera *
lt_camera_new (const LtCameraConfig *config)
{
  LtCamera *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->width > 0 && config->height > 0, NULL);

  self = g_object_new (LT_TYPE_CAMERA, NULL);
  self->config = *config;
  self->config.device = g_strdup (config->device);
  self->config.file = g_strdup (config->file);
  if (self->config.timeout_seconds == 0)
    self->config.timeout_seconds = 20;
  if (self->config.preview_fps == 0)
    self->config.preview_fps = 10;
  return self;
}

static gboolean
configure_source (LtCamera   *self,
                  GstElement *pipeline,
                  GError    **error)
{
  g_autoptr (GstElement) src = gst_bin_get_by_name (GST_BIN (pipeline), "src");

  switch (self->config.source) {
  case LT_CAMERA_SOURCE_V4L2:
    if (self->config.device != NULL)
      g_object_set (src, "device", self->config.device, NULL);
    break;
  case LT_CAMERA_SOURCE_FILE:
    if (self->config.file == NULL) {
      g_set_error (error, LT_CAMERA_ERROR, LT_CAMERA_ERROR_START,
                   _ ("The camera source is a file, but no file is set. Set [camera] file to a PNG image"));
      return FALSE;
    }
    g_object_set (src, "location", self->config.file, NULL);
    break;
  case LT_CAMERA_SOURCE_LIBCAMERA:
  case LT_CAMERA_SOURCE_TEST:
  default:
    break;
  }
  return TRUE;
}

static GstElement *
build_pipeline (LtCamera *self,
                GError  **error)
{
  g_autofree char *description = lt_camera_dup_pipeline_description (self);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GstElement) pipeline = NULL;

  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local_error);
  if (pipeline == NULL) {
    if (g_error_matches (local_error, GST_PARSE_ERROR, GST_PARSE_ERROR_NO_SUCH_ELEMENT))
      g_set_error (error, LT_CAMERA_ERROR, LT_CAMERA_ERROR_MISSING_ELEMENT,
                   _ ("The camera source “%s” cannot be used: %s. Install the GStreamer plugins it needs (gstreamer1.0-plugins-good; gstreamer1.0-libcamera for libcamera) or choose another [camera] source"),
                   source_name (self->config.source), local_error->message);
    else
      g_set_error (error, LT_CAMERA_ERROR, LT_CAMERA_ERROR_START,
                   _ ("The camera pipeline cannot be built: %s"), local_error->message);
    return NULL;
  }
  if (!configure_source (self, pipeline, error))
    return NULL;
  return g_steal_pointer (&pipeline);
}

static void
connect_sink (GstElement *pipeline,
              const char *name,
              GstFlowReturn (*new_sample) (GstAppSink *, gpointer),
              Scan *scan)
{
  g_autoptr (GstElement) sink = gst_bin_get_by_name (GST_BIN (pipeline), name);
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample };

  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, scan_ref (scan), scan_unref);
}

/* Starts a scan: call it only when a person asked for one (R5). Does
 * nothing if a scan is already running. Signals are emitted on the
 * thread-default main context of the caller. On failure no scan runs and
 * nothing is emitted. */
gboolean
lt_camera_start (LtCamera *self,
                 GError  **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstBus) bus = NULL;
  LtQrScanSettings settings;
  Scan            *scan;

  g_return_val_if_fail (LT_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->pipeline != NULL)
    return TRUE;
  if (self->config.source == LT_CAMERA_SOURCE_NONE) {
    g_set_error (error, LT_CAMERA_ERROR, LT_CAMERA_ERROR_START,
                 _ ("No camera is configured; set [camera] source to use QR codes"));
    return FALSE;
  }

  if (!gst_init_check (NULL, NULL, &local_error)) {
    g_set_error (error, LT_CAMERA_ERROR, LT_CAMERA_ERROR_INIT,
                 _ ("GStreamer could not be set up for the camera: %s"), local_error->message);
    return FALSE;
  }
  pipeline = build_pipeline (self, error);
  if (pipeline == NULL)
    return FALSE;

  scan = g_new0 (Scan, 1);
  g_atomic_ref_count_init (&scan->ref);
  g_mutex_init (&scan->lock);
  scan->camera = self;
  scan->context = g_main_context_ref_thread_default ();
  lt_qr_scan_settings_init (&settings);
  scan->scanner = lt_qr_scanner_new (&settings);
  scan->decoder = g_thread_pool_new (decode_frame, scan, 1, TRUE, &local_error);
  if (scan->decoder == NULL) {
    g_set_error (error, LT_CAMERA_ERROR, LT_CAMERA_ERROR_START,
                 _ ("The camera's decoder thread could not be started: %s"), local_error->message);
    scan_unref (scan);
    return FALSE;
  }
  connect_sink (pipeline, "scan", on_scan_sample, scan);
  connect_sink (pipeline, "preview", on_preview_sample, scan);

  bus = gst_element_get_bus (pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, G_SOURCE_FUNC (on_bus_message), scan_ref (scan), scan_unref);
  g_source_set_static_name (self->bus_source, "[lintel] camera bus");
  g_source_attach (self->bus_source, scan->context);

  self->pipeline = g_steal_pointer (&pipeline);
  self->scan = scan;
  g_debug ("Camera scan starting (%s source)", source_name (self->config.source));

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    g_autoptr (GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    g_autoptr (GError) gst_error = NULL;

    if (message != NULL)
      gst_message_parse_error (message, &gst_error, NULL);
    teardown (self);
    g_set_error (error, LT_CAMERA_ERROR, LT_CAMERA_ERROR_START,
                 _ ("The camera (%s) could not be started: %s. Check [camera] in the configuration and that the camera is connected"),
                 source_name (self->config.source),
                 gst_error != NULL ? gst_error->message : _ ("unknown error"));
    return FALSE;
  }
  /* The source has the device now, whatever the bus says later. */
  set_running (self, TRUE);

  self->timeout_source = lt_timeout_source_add (self->config.timeout_seconds * 1000, on_timeout, self);
  g_source_set_static_name (self->timeout_source, "[lintel] camera timeout");
  return TRUE;
}

/* Cancels a scan (the person left the screen); emits ::stopped with
 * "cancelled" if one was running. */
void
lt_camera_stop (LtCamera *self)
{
  g_return_if_fail (LT_IS_CAMERA (self));

  finish (self, "cancelled", NULL);
}

gboolean
lt_camera_get_running (LtCamera *self)
{
  g_return_val_if_fail (LT_IS_CAMERA (self), FALSE);

  return self->running;
}

/* The scan's pipeline (a GstPipeline, borrowed) or NULL between scans:
 * for tests that check every element of it goes away with the scan. */
gpointer
lt_camera_peek_pipeline (LtCamera *self)
{
  g_return_val_if_fail (LT_IS_CAMERA (self), NULL);

  return self->pipeline;
}

/* Whether a pipeline exists, playing or not; FALSE between scans. */
gboolean
lt_camera_has_pipeline (LtCamera *self)
{
  g_return_val_if_fail (LT_IS_CAMERA (self), FALSE);

  return self->pipeline != NULL;
}
