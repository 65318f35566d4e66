/* lt-config.c: the terminal's configuration file, loaded and validated
 *
 * Every error names the file, the group and the key, and says what a valid
 * value looks like: the person reading it is a technician on a ladder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-config"

#include "lt-config.h"
#include "lt-config-private.h"
#include "lt-build-config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (lt - config - error - quark, lt_config_error)

#define DOOR_GROUP_PREFIX    "door:"
#define DEFAULT_METHODS      (LT_METHOD_BIT (LT_METHOD_PIN) | LT_METHOD_BIT (LT_METHOD_CARD) | LT_METHOD_BIT (LT_METHOD_QR))
#define DEFAULT_UNIT_PATTERN "^[0-9A-Za-z]{1,6}(-[0-9A-Za-z]{1,6}){0,2}$"

/* The keys each group may hold; anything else is a typo worth reporting. */
static const char *const store_keys[] = { "database", "key-dir", "event-retention-days", "event-max-rows", NULL };
static const char *const terminal_keys[] = {
  "door", "building", "language", "unit-pattern", "unit-hint", "idle-seconds", "shuffle-keypad", "fullscreen",
  "volume", "voice", NULL
};
static const char *const simulator_keys[] = { "cards", NULL };
static const char *const guard_keys[] = { "show-names", NULL };
static const char *const door_keys[] = { "unlock-seconds", "held-open-seconds", "methods", "relock-on-close", "lock-type", NULL };
static const char *const access_keys[] = {
  "lockout-failures", "lockout-seconds", "lockout-max-seconds", "reader-lockout-failures", "lockout-forget-seconds",
  "staff-pin-length", NULL
};
static const char *const face_keys[] = {
  "enabled", "models", "threshold", "liveness", "unused-days", "controller", NULL
};
static const char *const pass_keys[] = { "site-id", "clock-skew-seconds", NULL };
static const char *const hardware_keys[] = { "backend", NULL };
/* In LtLineRole order, then the group's other keys. */
static const char *const gpio_keys[] = {
  "lock", "door-contact", "exit-button", "tamper", "buzzer", "status-led", "wiegand-d0", "wiegand-d1",
  "debounce-ms", NULL
};
static const char *const wiegand_keys[] = { "gap-ms", "formats", NULL };
static const char *const usb_reader_keys[] = { "device", "format", "max-per-minute", NULL };
static const char *const camera_keys[] = {
  "source", "device", "file", "timeout-seconds", "width", "height", "preview-fps", NULL
};

static const struct {
  const char        *group;
  const char *const *keys;
} known_groups[] = {
  { "store", store_keys },
  { "terminal", terminal_keys },
  { "door", door_keys },
  { "access", access_keys },
  { "face", face_keys },
  { "pass", pass_keys },
  { "hardware", hardware_keys },
  { "simulator", simulator_keys },
  { "guard", guard_keys },
  { "gpio", gpio_keys },
  { "wiegand", wiegand_keys },
  { "usb-reader", usb_reader_keys },
  { "camera", camera_keys },
};

typedef struct {
  LtConfig   *config;
  const char *file;
  GError    **error;
} Loader;

const char *
lt_config_default_path (void)
{
  const char *env = g_getenv (LT_CONFIG_ENV);

  return (env != NULL && *env != '\0') ? env : LT_DEFAULT_CONFIG;
}

static void
door_config_free (gpointer data)
{
  LtDoorConfig *door = data;

  g_free (door->name);
  g_free (door);
}

void
lt_config_free (LtConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->path);
  g_clear_pointer (&config->keyfile, g_key_file_unref);
  g_free (config->database);
  g_free (config->key_dir);
  g_free (config->backend);
  g_free (config->door);
  g_free (config->building);
  g_free (config->language);
  g_free (config->unit_pattern);
  g_clear_pointer (&config->unit_regex, g_regex_unref);
  g_free (config->unit_hint);
  g_free (config->sim_cards);
  g_clear_pointer (&config->doors, g_ptr_array_unref);
  for (guint i = 0; i < LT_N_LINES; i++)
    g_free (config->lines[i].chip);
  g_free (config->usb_reader);
  g_free (config->camera.device);
  g_free (config->camera.file);
  g_free (config->face_models);
  g_free (config->face_liveness);
  g_free (config->face_controller);
  g_free (config);
}

G_GNUC_PRINTF (4, 5)
static gboolean
invalid (Loader     *loader,
         const char *group,
         const char *key,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (key != NULL)
    g_set_error (loader->error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID,
                 "%s: [%s] %s: %s", loader->file, group, key, message);
  else
    g_set_error (loader->error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_INVALID,
                 "%s: [%s]: %s", loader->file, group, message);
  return FALSE;
}

static gboolean
get_string (Loader     *loader,
            const char *group,
            const char *key,
            const char *fallback,
            char      **out)
{
  g_autofree char *value = g_key_file_get_string (loader->config->keyfile, group, key, NULL);

  if (value == NULL) {
    *out = g_strdup (fallback);
    return TRUE;
  }
  g_strstrip (value);
  if (fallback != NULL && *fallback != '\0' && *value == '\0')
    return invalid (loader, group, key, _ ("must not be empty"));
  g_free (*out);
  *out = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
get_uint (Loader     *loader,
          const char *group,
          const char *key,
          guint       min,
          guint       max,
          guint       fallback,
          guint      *out)
{
  g_autofree char *value = g_key_file_get_string (loader->config->keyfile, group, key, NULL);
  guint64          number;

  if (value == NULL) {
    *out = fallback;
    return TRUE;
  }
  g_strstrip (value);
  if (!g_ascii_string_to_unsigned (value, 10, min, max, &number, NULL))
    return invalid (loader, group, key, _ ("must be a whole number from %u to %u, not “%s”"),
                    min, max, value);
  *out = (guint)number;
  return TRUE;
}

/* [face] threshold: a descriptor distance, at most 0.5 (see README). */
static gboolean
get_face_threshold (Loader *loader,
                    double *out)
{
  g_autofree char *value = g_key_file_get_string (loader->config->keyfile, "face", "threshold", NULL);
  char            *end = NULL;

  *out = 0.45;
  if (value == NULL)
    return TRUE;
  g_strstrip (value);
  *out = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !(*out >= 0.2 && *out <= 0.5))
    return invalid (loader, "face", "threshold", _ ("must be a distance from 0.2 to 0.5, not “%s”"), value);
  return TRUE;
}

static gboolean
get_bool (Loader     *loader,
          const char *group,
          const char *key,
          gboolean    fallback,
          gboolean   *out)
{
  g_autofree char *value = g_key_file_get_string (loader->config->keyfile, group, key, NULL);

  if (value == NULL) {
    *out = fallback;
    return TRUE;
  }
  g_strstrip (value);
  if (g_str_equal (value, "true"))
    *out = TRUE;
  else if (g_str_equal (value, "false"))
    *out = FALSE;
  else
    return invalid (loader, group, key, _ ("must be true or false, not “%s”"), value);
  return TRUE;
}

static gboolean
get_choice (Loader           *loader,
            const char       *group,
            const char       *key,
            const char *const choices[],
            char            **out)
{
  g_autofree char *value = NULL;
  g_autofree char *list = NULL;

  if (!get_string (loader, group, key, choices[0], &value))
    return FALSE;
  if (g_strv_contains (choices, value)) {
    g_free (*out);
    *out = g_steal_pointer (&value);
    return TRUE;
  }
  list = g_strjoinv ("|", (char **)choices);
  return invalid (loader, group, key, _ ("must be one of %s, not “%s”"), list, value);
}

static gboolean
get_methods (Loader     *loader,
             const char *group,
             guint       fallback,
             guint      *out)
{
  g_auto (GStrv) names = NULL;
  guint methods = 0;

  if (!g_key_file_has_key (loader->config->keyfile, group, "methods", NULL)) {
    *out = fallback;
    return TRUE;
  }
  names = g_key_file_get_string_list (loader->config->keyfile, group, "methods", NULL, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++) {
    LtMethod method;

    g_strstrip (names[i]);
    if (*names[i] == '\0')
      continue;
    if (!lt_method_from_string (names[i], &method) || method >= LT_N_ENTRY_METHODS)
      return invalid (loader, group, "methods",
                      _ ("“%s” is not an entry method; use a list of pin, card, qr and face separated by ;"),
                      names[i]);
    methods |= LT_METHOD_BIT (method);
  }
  if (methods == 0)
    return invalid (loader, group, "methods",
                    _ ("no entry method is enabled; list at least one of pin, card and qr"));
  /* R6, R13: face may be offered, never required, at every door. */
  if (methods == LT_METHOD_BIT (LT_METHOD_FACE))
    return invalid (loader, group, "methods",
                    _ ("face cannot be the only way in: residents who decline face recognition must keep another way in (add pin, card or qr)"));
  *out = methods;
  return TRUE;
}

static gboolean
check_known_keys (Loader *loader)
{
  g_auto (GStrv) groups = g_key_file_get_groups (loader->config->keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++) {
    const char *const *keys = NULL;
    g_auto (GStrv) present = NULL;

    if (g_str_has_prefix (groups[i], DOOR_GROUP_PREFIX)) {
      keys = door_keys;
    } else {
      for (guint g = 0; g < G_N_ELEMENTS (known_groups); g++)
        if (g_str_equal (groups[i], known_groups[g].group))
          keys = known_groups[g].keys;
    }
    if (keys == NULL)
      return invalid (loader, groups[i], NULL,
                      _ ("unknown group; see the sample lintel.conf for the groups that exist"));

    present = g_key_file_get_keys (loader->config->keyfile, groups[i], NULL, NULL);
    for (guint k = 0; present[k] != NULL; k++)
      if (!g_strv_contains (keys, present[k]))
        return invalid (loader, groups[i], present[k],
                        _ ("unknown key; see the sample lintel.conf for the keys of this group"));
  }
  return TRUE;
}

static gboolean
load_door (Loader             *loader,
           const char         *group,
           const char         *name,
           const LtDoorConfig *defaults)
{
  LtDoorConfig            *door = g_new0 (LtDoorConfig, 1);
  static const char *const lock_types[] = { "fail-secure", "fail-safe", NULL };
  g_autofree char         *lock_type = NULL;

  door->name = g_strdup (name);
  g_ptr_array_add (loader->config->doors, door);

  if (!get_uint (loader, group, "unlock-seconds", 1, 30,
                 defaults ? defaults->unlock_seconds : 5, &door->unlock_seconds)
      || !get_uint (loader, group, "held-open-seconds", 5, 600,
                    defaults ? defaults->held_open_seconds : 30, &door->held_open_seconds)
      || !get_methods (loader, group, defaults ? defaults->methods : DEFAULT_METHODS, &door->methods) || !get_bool (loader, group, "relock-on-close", defaults ? defaults->relock_on_close : TRUE, &door->relock_on_close))
    return FALSE;

  if (defaults != NULL && !g_key_file_has_key (loader->config->keyfile, group, "lock-type", NULL)) {
    door->lock_type = defaults->lock_type;
    return TRUE;
  }
  if (!get_choice (loader, group, "lock-type", lock_types, &lock_type))
    return FALSE;
  door->lock_type = g_str_equal (lock_type, "fail-safe") ? LT_LOCK_FAIL_SAFE : LT_LOCK_FAIL_SECURE;
  return TRUE;
}

static gboolean
load_doors (Loader *loader)
{
  LtConfig *config = loader->config;
  g_auto (GStrv) groups = g_key_file_get_groups (config->keyfile, NULL);
  const LtDoorConfig *main_door;

  config->doors = g_ptr_array_new_with_free_func (door_config_free);
  /* [door] configures the terminal's own door and is the default for the others. */
  if (!load_door (loader, "door", config->door, NULL))
    return FALSE;
  main_door = g_ptr_array_index (config->doors, 0);

  for (guint i = 0; groups[i] != NULL; i++) {
    const char *name = groups[i] + strlen (DOOR_GROUP_PREFIX);

    if (!g_str_has_prefix (groups[i], DOOR_GROUP_PREFIX))
      continue;
    if (*name == '\0' || g_str_equal (name, config->door) || lt_config_get_door (config, name) != NULL)
      return invalid (loader, groups[i], NULL,
                      _ ("a door group needs a name of its own, different from [terminal] door and from every other door"));
    if (!load_door (loader, groups[i], name, main_door))
      return FALSE;
  }
  return TRUE;
}

const char *
lt_line_role_to_key (LtLineRole role)
{
  g_return_val_if_fail (role < LT_N_LINES, NULL);

  return gpio_keys[role];
}

/* CHIP:OFFSET[:active-low|active-high]; CHIP is a name (gpiochip0), a
 * label or a path, and may not hold a colon. */
static gboolean
get_line (Loader     *loader,
          LtLineRole  role,
          LtLineSpec *spec)
{
  const char      *key = gpio_keys[role];
  g_autofree char *value = g_key_file_get_string (loader->config->keyfile, "gpio", key, NULL);
  g_auto (GStrv) parts = NULL;
  guint64 offset;
  guint   n;

  if (value == NULL || *g_strstrip (value) == '\0')
    return TRUE;
  parts = g_strsplit (value, ":", -1);
  n = g_strv_length (parts);
  if (n == 3 && g_str_equal (parts[2], "active-low"))
    spec->active_low = TRUE;
  else if (!(n == 2 || (n == 3 && g_str_equal (parts[2], "active-high"))))
    goto invalid;
  if (*parts[0] == '\0' || !g_ascii_string_to_unsigned (parts[1], 10, 0, 511, &offset, NULL))
    goto invalid;
  spec->chip = g_strdup (parts[0]);
  spec->offset = (guint)offset;
  return TRUE;

invalid:
  return invalid (loader, "gpio", key,
                  _ ("must be CHIP:OFFSET or CHIP:OFFSET:active-low (e.g. gpiochip0:17:active-low), not “%s”"),
                  value);
}

/* The frame lengths the Wiegand reader accepts: any other length is
 * refused whole, never cut into a card. */
static gboolean
get_wiegand_formats (Loader *loader)
{
  g_autofree char *value = NULL;
  g_auto (GStrv) parts = NULL;

  if (!get_string (loader, "wiegand", "formats", "26;34", &value))
    return FALSE;
  loader->config->wiegand_formats = 0;
  parts = g_strsplit (value, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++) {
    const char *part = g_strstrip (parts[i]);

    if (*part == '\0')
      continue;
    if (g_str_equal (part, "26") || g_str_equal (part, "34"))
      loader->config->wiegand_formats |= G_GUINT64_CONSTANT (1) << g_ascii_strtoull (part, NULL, 10);
    else
      return invalid (loader, "wiegand", "formats", _ ("must list frame lengths from 26 and 34 (e.g. 26;34), not “%s”"),
                      value);
  }
  if (loader->config->wiegand_formats == 0)
    return invalid (loader, "wiegand", "formats", _ ("must list at least one frame length: 26, 34 or both"));
  return TRUE;
}

static gboolean
load_hardware (Loader *loader)
{
  LtConfig                *config = loader->config;
  static const char *const formats[] = { "hex", "decimal", NULL };
  g_autofree char         *format = NULL;

  for (guint i = 0; i < LT_N_LINES; i++) {
    if (!get_line (loader, (LtLineRole)i, &config->lines[i]))
      return FALSE;
    for (guint j = 0; j < i; j++) {
      if (config->lines[i].chip != NULL && config->lines[j].chip != NULL && g_str_equal (config->lines[i].chip, config->lines[j].chip) && config->lines[i].offset == config->lines[j].offset)
        return invalid (loader, "gpio", gpio_keys[i], _ ("uses the same line as %s"), gpio_keys[j]);
    }
  }
  if ((config->lines[LT_LINE_WIEGAND_D0].chip == NULL) != (config->lines[LT_LINE_WIEGAND_D1].chip == NULL))
    return invalid (loader, "gpio", "wiegand-d1", _ ("a Wiegand reader needs both wiegand-d0 and wiegand-d1"));

  if (!get_uint (loader, "gpio", "debounce-ms", 1, 500, 30, &config->debounce_ms) || !get_uint (loader, "wiegand", "gap-ms", 5, 500, 25, &config->wiegand_gap_ms) || !get_wiegand_formats (loader) || !get_string (loader, "usb-reader", "device", NULL, &config->usb_reader) || !get_choice (loader, "usb-reader", "format", formats, &format) || !get_uint (loader, "usb-reader", "max-per-minute", 1, 600, 30, &config->usb_max_per_minute))
    return FALSE;
  config->usb_format = g_str_equal (format, "decimal") ? LT_WEDGE_DECIMAL : LT_WEDGE_HEX;
  if (config->usb_reader != NULL && *config->usb_reader == '\0')
    g_clear_pointer (&config->usb_reader, g_free);
  if (config->usb_reader != NULL && !g_path_is_absolute (config->usb_reader))
    return invalid (loader, "usb-reader", "device",
                    _ ("must be an absolute path such as /dev/input/by-id/…-event-kbd, not “%s”"),
                    config->usb_reader);
  return TRUE;
}

/* The camera runs only while someone scans a QR code (R5); these keys say
 * what it is, never when it starts. */
static gboolean
load_camera (Loader *loader)
{
  LtCameraConfig          *camera = &loader->config->camera;
  static const char *const sources[] = { "none", "v4l2", "libcamera", "file", "test", NULL };
  g_autofree char         *source = NULL;

  if (!get_choice (loader, "camera", "source", sources, &source) || !get_string (loader, "camera", "device", "/dev/video0", &camera->device) || !get_string (loader, "camera", "file", NULL, &camera->file) || !get_uint (loader, "camera", "timeout-seconds", 1, 300, 20, &camera->timeout_seconds) || !get_uint (loader, "camera", "width", 160, 1920, 640, &camera->width) || !get_uint (loader, "camera", "height", 120, 1080, 480, &camera->height) || !get_uint (loader, "camera", "preview-fps", 1, 30, 10, &camera->preview_fps))
    return FALSE;

  if (g_str_equal (source, "libcamera"))
    camera->source = LT_CAMERA_SOURCE_LIBCAMERA;
  else if (g_str_equal (source, "file"))
    camera->source = LT_CAMERA_SOURCE_FILE;
  else if (g_str_equal (source, "none"))
    camera->source = LT_CAMERA_SOURCE_NONE;
  else if (g_str_equal (source, "test"))
    camera->source = LT_CAMERA_SOURCE_TEST;
  else
    camera->source = LT_CAMERA_SOURCE_V4L2;

  if (!g_path_is_absolute (camera->device))
    return invalid (loader, "camera", "device",
                    _ ("must be an absolute path such as /dev/video0, not “%s”"), camera->device);
  if (camera->file != NULL && *camera->file == '\0')
    g_clear_pointer (&camera->file, g_free);
  if (camera->file != NULL && !g_path_is_absolute (camera->file))
    return invalid (loader, "camera", "file",
                    _ ("must be an absolute path to a PNG image, not “%s”"), camera->file);
  if (camera->source == LT_CAMERA_SOURCE_FILE && camera->file == NULL)
    return invalid (loader, "camera", "file",
                    _ ("must be set to a PNG image when source=file"));
  if (camera->width % 2 != 0 || camera->height % 2 != 0)
    return invalid (loader, "camera", camera->width % 2 != 0 ? "width" : "height",
                    _ ("must be an even number of pixels"));
  return TRUE;
}

static gboolean
load_keyfile (Loader *loader)
{
  LtConfig                *config = loader->config;
  static const char *const backends[] = { "gpiod", "sim", NULL };
  static const char *const languages[] = { "zh_CN", "en", NULL };
  static const char *const face_liveness[] = { "challenge", "off", NULL };
  g_autoptr (GError) regex_error = NULL;

  if (!check_known_keys (loader) || !get_string (loader, "store", "database", LT_DEFAULT_DATABASE, &config->database) || !get_string (loader, "store", "key-dir", LT_DEFAULT_KEY_DIR, &config->key_dir) || !get_uint (loader, "store", "event-retention-days", 1, 3650, 180, &config->event_retention_days) || !get_uint (loader, "store", "event-max-rows", 1000, 100000000, 1000000, &config->event_max_rows) || !get_choice (loader, "hardware", "backend", backends, &config->backend) || !get_string (loader, "terminal", "door", "main", &config->door) || !get_string (loader, "terminal", "building", "", &config->building) || !get_choice (loader, "terminal", "language", languages, &config->language) || !get_string (loader, "terminal", "unit-pattern", DEFAULT_UNIT_PATTERN, &config->unit_pattern) || !get_string (loader, "terminal", "unit-hint", "3-1203", &config->unit_hint) || !get_uint (loader, "terminal", "idle-seconds", 5, 600, 30, &config->idle_seconds) || !get_bool (loader, "terminal", "shuffle-keypad", FALSE, &config->shuffle_keypad) || !get_bool (loader, "terminal", "fullscreen", TRUE, &config->fullscreen) || !get_uint (loader, "terminal", "volume", 0, 100, 70, &config->volume) || !get_bool (loader, "terminal", "voice", TRUE, &config->voice) || !get_string (loader, "simulator", "cards", "", &config->sim_cards) || !get_bool (loader, "guard", "show-names", TRUE, &config->guard_show_names) || !get_uint (loader, "access", "lockout-failures", 1, 100, 5, &config->lockout_failures) || !get_uint (loader, "access", "lockout-seconds", 1, 3600, 30, &config->lockout_seconds) || !get_uint (loader, "access", "lockout-max-seconds", 1, 86400, 900, &config->lockout_max_seconds) || !get_uint (loader, "access", "reader-lockout-failures", 1, 1000, 6, &config->reader_lockout_failures) || !get_uint (loader, "access", "lockout-forget-seconds", 60, 7 * 86400, 3600, &config->lockout_forget_seconds) || !get_uint (loader, "access", "staff-pin-length", 4, 12, 6, &config->staff_pin_length) || !get_bool (loader, "face", "enabled", FALSE, &config->face_enabled) || !get_string (loader, "face", "models", LT_DEFAULT_FACE_MODELS, &config->face_models) || !get_face_threshold (loader, &config->face_threshold) || !get_choice (loader, "face", "liveness", face_liveness, &config->face_liveness) || !get_uint (loader, "face", "unused-days", 1, 3650, 365, &config->face_unused_days) || !get_string (loader, "face", "controller", "", &config->face_controller) || !get_uint (loader, "pass", "site-id", 0, G_MAXUINT16, 1, &config->pass_site_id) || !get_uint (loader, "pass", "clock-skew-seconds", 0, 3600, 120, &config->pass_clock_skew_seconds))
    return FALSE;

  if (!g_path_is_absolute (config->database))
    return invalid (loader, "store", "database", _ ("must be an absolute path, not “%s”"), config->database);
  if (!g_path_is_absolute (config->key_dir))
    return invalid (loader, "store", "key-dir", _ ("must be an absolute path, not “%s”"), config->key_dir);
  if (!g_path_is_absolute (config->face_models))
    return invalid (loader, "face", "models", _ ("must be an absolute path, not “%s”"), config->face_models);
  /* Without the challenge a photo opens the door: only for the simulator,
   * where a still test picture stands in for a person. */
  if (g_str_equal (config->face_liveness, "off") && !g_str_equal (config->backend, "sim"))
    return invalid (loader, "face", "liveness",
                    _ ("can be off only with [hardware] backend=sim: on a real door a photo would open it; use liveness=challenge"));
  if (config->lockout_max_seconds < config->lockout_seconds)
    return invalid (loader, "access", "lockout-max-seconds",
                    _ ("must be at least lockout-seconds (%u)"), config->lockout_seconds);
  if (config->lockout_forget_seconds < config->lockout_max_seconds)
    return invalid (loader, "access", "lockout-forget-seconds",
                    _ ("must be at least lockout-max-seconds (%u)"), config->lockout_max_seconds);

  /* Compiled once: every unit + PIN decision matches against it.
   * DOLLAR_ENDONLY: "$" must not match before a final newline. */
  config->unit_regex = g_regex_new (config->unit_pattern, G_REGEX_DOLLAR_ENDONLY | G_REGEX_OPTIMIZE,
                                    G_REGEX_MATCH_DEFAULT, &regex_error);
  if (config->unit_regex == NULL)
    return invalid (loader, "terminal", "unit-pattern", _ ("is not a valid regular expression: %s"),
                    regex_error->message);

  if (!load_doors (loader) || !load_hardware (loader) || !load_camera (loader))
    return FALSE;

  for (guint i = 0; i < config->doors->len; i++) {
    const LtDoorConfig *door = g_ptr_array_index (config->doors, i);
    const char         *group = i == 0 ? "door" : NULL;
    g_autofree char    *door_group = group ? NULL : g_strconcat (DOOR_GROUP_PREFIX, door->name, NULL);

    if ((door->methods & LT_METHOD_BIT (LT_METHOD_FACE)) && !config->face_enabled)
      return invalid (loader, group ? group : door_group, "methods",
                      _ ("lists face, but face recognition is off; set [face] enabled=true or remove face from the list"));
  }
  return TRUE;
}

static LtConfig *
finish_load (LtConfig *config,
             GError  **error)
{
  Loader loader = { config, config->path ? config->path : _ ("built-in defaults"), error };

  if (!load_keyfile (&loader)) {
    lt_config_free (config);
    return NULL;
  }
  return config;
}

LtConfig *
lt_config_load_data (const char *data,
                     const char *name,
                     GError    **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  LtConfig *config = g_new0 (LtConfig, 1);
  g_autoptr (GError) local_error = NULL;

  config->path = g_strdup (name);
  config->keyfile = g_key_file_new ();
  if (!lt_config_check_duplicate_keys (data, name, error)) {
    lt_config_free (config);
    return NULL;
  }
  if (!g_key_file_load_from_data (config->keyfile, data, -1, G_KEY_FILE_NONE, &local_error)) {
    g_set_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_SYNTAX,
                 _ ("%s: cannot be read as a configuration file: %s"), name, local_error->message);
    lt_config_free (config);
    return NULL;
  }
  return finish_load (config, error);
}

LtConfig *
lt_config_load (const char *path,
                GError    **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean explicit = path != NULL;
  int saved_errno = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL)
    path = lt_config_default_path ();
  explicit = explicit || g_getenv (LT_CONFIG_ENV) != NULL;

  contents = lt_config_read_file (path, &saved_errno, error);
  if (contents == NULL && saved_errno == 0)
    return NULL;
  if (contents == NULL) {
    local_error = g_error_new_literal (G_FILE_ERROR, g_file_error_from_errno (saved_errno), g_strerror (saved_errno));
    if (!explicit && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
      /* No file at the default place: the built-in defaults apply. */
      LtConfig *config = g_new0 (LtConfig, 1);
      config->keyfile = g_key_file_new ();
      return finish_load (config, error);
    }
    g_set_error (error, LT_CONFIG_ERROR, LT_CONFIG_ERROR_READ,
                 _ ("Cannot read the configuration file %s: %s"), path, local_error->message);
    return NULL;
  }
  return lt_config_load_data (contents, path, error);
}

/* What only a door-driving program needs: lintelctl reads the same file
 * on a workstation without any GPIO set up. */
gboolean
lt_config_check_hardware (const LtConfig *config,
                          GError        **error)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  Loader loader = { (LtConfig *)config, config->path ? config->path : _ ("built-in defaults"), error };

  if (g_str_equal (config->backend, "gpiod") && config->lines[LT_LINE_LOCK].chip == NULL)
    return invalid (&loader, "gpio", "lock",
                    _ ("the lock line must be set when [hardware] backend=gpiod (or set backend=sim for simulated hardware)"));
  return TRUE;
}

const LtDoorConfig *
lt_config_get_door (const LtConfig *config,
                    const char     *name)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (config->doors == NULL)
    return NULL;
  for (guint i = 0; i < config->doors->len; i++) {
    const LtDoorConfig *door = g_ptr_array_index (config->doors, i);
    if (g_strcmp0 (door->name, name) == 0)
      return door;
  }
  return NULL;
}

gboolean
lt_config_unit_valid (const LtConfig *config,
                      const char     *unit)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (unit != NULL, FALSE);

  return g_utf8_validate (unit, -1, NULL) && g_regex_match (config->unit_regex, unit, G_REGEX_MATCH_DEFAULT, NULL);
}
