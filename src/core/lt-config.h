/* lt-config.h: the terminal's configuration file, loaded and validated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lt-method.h"

G_BEGIN_DECLS

#define LT_CONFIG_ERROR (lt_config_error_quark ())
GQuark lt_config_error_quark (void);

typedef enum {
  LT_CONFIG_ERROR_READ,
  LT_CONFIG_ERROR_SYNTAX,
  LT_CONFIG_ERROR_INVALID,
} LtConfigError;

#define LT_CONFIG_ENV "LINTEL_CONFIG"

typedef enum {
  LT_LOCK_FAIL_SECURE,
  LT_LOCK_FAIL_SAFE,
} LtLockType;

/* The GPIO lines of the terminal's own door. "Active" means energised for
 * outputs and door open / button pressed / tamper triggered for inputs. */
typedef enum {
  LT_LINE_LOCK,
  LT_LINE_CONTACT,
  LT_LINE_EXIT_BUTTON,
  LT_LINE_TAMPER,
  LT_LINE_BUZZER,
  LT_LINE_STATUS_LED,
  LT_LINE_WIEGAND_D0,
  LT_LINE_WIEGAND_D1,
  LT_N_LINES,
} LtLineRole;

typedef struct {
  char     *chip;                /* name, label or path; NULL: not wired */
  guint     offset;
  gboolean  active_low;
} LtLineSpec;

typedef enum {
  LT_WEDGE_HEX,
  LT_WEDGE_DECIMAL,
} LtWedgeFormat;

/* Where the QR scanner's frames come from. */
typedef enum {
  LT_CAMERA_SOURCE_V4L2,
  LT_CAMERA_SOURCE_LIBCAMERA,
  LT_CAMERA_SOURCE_FILE,         /* a PNG shown as a still camera */
  LT_CAMERA_SOURCE_TEST,         /* GStreamer's test pattern */
  LT_CAMERA_SOURCE_NONE,         /* no camera: no QR scanning on the screen */
} LtCameraSource;

typedef struct {
  LtCameraSource source;
  char          *device;         /* v4l2 device path */
  char          *file;           /* PNG for source=file, or NULL */
  guint          timeout_seconds;
  guint          width;
  guint          height;
  guint          preview_fps;
} LtCameraConfig;

typedef struct {
  char      *name;
  guint      unlock_seconds;
  guint      held_open_seconds;
  guint      methods;            /* LT_METHOD_BIT() set */
  gboolean   relock_on_close;
  LtLockType lock_type;
} LtDoorConfig;

typedef struct {
  char      *path;               /* the file read, or NULL for built-in defaults */
  GKeyFile  *keyfile;

  char      *database;
  char      *key_dir;
  guint      event_retention_days; /* events older than this are pruned */
  guint      event_max_rows;       /* and the oldest beyond this many */
  char      *backend;            /* "gpiod" or "sim" */

  char      *door;               /* the door this terminal controls */
  char      *building;
  char      *language;
  char      *unit_pattern;
  GRegex    *unit_regex;         /* unit_pattern, compiled */
  char      *unit_hint;          /* an example unit shown on the keypad */
  guint      idle_seconds;
  gboolean   shuffle_keypad;
  gboolean   fullscreen;
  guint      volume;             /* 0-100 */
  gboolean   voice;              /* spoken prompts besides the tones */
  gboolean   guard_show_names;   /* [guard] show-names: names in the guard's event list */
  char      *sim_cards;          /* [simulator] cards: LABEL=CARD;… */

  guint      lockout_failures;
  guint      lockout_seconds;
  guint      lockout_max_seconds;
  guint      reader_lockout_failures;
  guint      lockout_forget_seconds;
  guint      staff_pin_length;   /* digits a new staff PIN must have */

  gboolean   face_enabled;
  char      *face_models;        /* directory of the checked face models */
  double     face_threshold;     /* descriptor distance: below is the same person */
  char      *face_liveness;      /* "challenge", or "off" with backend=sim only */
  guint      face_unused_days;   /* templates unused this long are purged (R11) */
  char      *face_controller;    /* who processes face data, named in the notice (R2) */

  guint      pass_site_id;       /* the site passes must name */
  guint      pass_clock_skew_seconds;

  LtLineSpec lines[LT_N_LINES];
  guint      debounce_ms;
  guint      wiegand_gap_ms;
  guint64    wiegand_formats;    /* bit N set: N-bit frames accepted */
  char      *usb_reader;         /* evdev device path, or NULL */
  LtWedgeFormat usb_format;
  guint      usb_max_per_minute;

  LtCameraConfig camera;

  GPtrArray *doors;              /* LtDoorConfig*, the terminal's door first */
} LtConfig;

const char         *lt_config_default_path (void);
LtConfig           *lt_config_load         (const char     *path,
                                            GError        **error);
LtConfig           *lt_config_load_data    (const char     *data,
                                            const char     *name,
                                            GError        **error);
void                lt_config_free         (LtConfig       *config);
const LtDoorConfig *lt_config_get_door     (const LtConfig *config,
                                            const char     *name);
gboolean            lt_config_unit_valid   (const LtConfig *config,
                                            const char     *unit);
gboolean            lt_config_check_hardware (const LtConfig *config,
                                              GError        **error);
const char         *lt_line_role_to_key    (LtLineRole      role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtConfig, lt_config_free)

G_END_DECLS
