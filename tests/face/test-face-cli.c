/* test-face-cli.c: `lintelctl face describe|compare`, a contract
 *
 * Spellings, JSON shape and exit statuses as README documents them. Every
 * lintelctl run is traced with strace: it must not create, write, rename
 * or remove any file (frames and descriptors stay in memory).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-face-test.h"
#include "lt-test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static char *tmpdir;
static char *config;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs lintelctl --config CONFIG ARGS under strace; fails on any write. */
static void
run_ctl (Run *r, const char *conf, const char *const *args)
{
  g_autofree char *log = g_build_filename (tmpdir, "strace.log", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *trace = NULL;
  g_autoptr (GRegex) write_re = g_regex_new (
    "^.*(O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|\\b(creat|mkdir|mkdirat|rename|renameat2?|link|linkat|symlink|symlinkat|"
    "unlink|unlinkat|mknod|mknodat|truncate)\\().*$",
    G_REGEX_MULTILINE, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autofree char *asan = NULL;
  g_auto (GStrv) env = NULL;

  static const char *const strace[] = { "strace", "-f", "-qq", "-e", "trace=%file", "-o" };

  for (gsize i = 0; i < G_N_ELEMENTS (strace); i++)
    g_ptr_array_add (argv, (char *)strace[i]);
  g_ptr_array_add (argv, log);
  g_ptr_array_add (argv, (char *)g_getenv ("LINTELCTL"));
  g_ptr_array_add (argv, (char *)"--config");
  g_ptr_array_add (argv, (char *)conf);
  for (; *args; args++)
    g_ptr_array_add (argv, (char *)*args);
  g_ptr_array_add (argv, NULL);

  /* LeakSanitizer cannot run under ptrace: in the sanitizer build the
   * traced lintelctl runs without it (the core suite checks its leaks). */
  asan = g_strconcat (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "", ":detect_leaks=0", NULL);
  env = g_environ_setenv (g_get_environ (), "ASAN_OPTIONS", asan, TRUE);
  memset (r, 0, sizeof *r);
  g_spawn_sync (NULL, (char **)argv->pdata, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &r->out, &r->err, &r->status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (r->status) ? WEXITSTATUS (r->status) : -1;

  g_file_get_contents (log, &trace, NULL, &error);
  g_assert_no_error (error);
  g_remove (log);
  for (g_regex_match (write_re, trace, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL)) {
    g_autofree char *line = g_match_info_fetch (match, 0);

    if (strstr (line, "\"/dev/null\"") == NULL && strstr (line, "\"/dev/tty\"") == NULL)
      g_error ("lintelctl wrote to the file system: %s", line);
  }
}

static char *
picture_path (const char *name)
{
  return g_build_filename (g_getenv ("LT_FACE_REFERENCE"), "pictures", name, NULL);
}

static void
test_describe_json (void)
{
  g_autofree char *path = picture_path ("sample1.png");
  const char      *args[] = { "face", "describe", path, "--json", NULL };
  g_auto (Run) r;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LtImage) image = lt_face_test_picture ("sample1.png");
  LtFaceImage view = lt_face_test_view (image);
  g_autoptr (GPtrArray) expected = lt_face_engine_describe (lt_face_test_engine (), &view, 416, &error);
  JsonObject *root;
  JsonArray  *faces;

  run_ctl (&r, config, args);
  g_assert_cmpint (r.status, ==, 0);
  json_parser_load_from_data (parser, r.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (root), ==, 1);
  faces = json_object_get_array_member (root, "faces");
  g_assert_cmpuint (json_array_get_length (faces), ==, expected->len);
  g_assert_cmpuint (expected->len, ==, 3);
  for (guint i = 0; i < expected->len; i++) {
    JsonObject   *f = json_array_get_object_element (faces, i);
    const LtFace *e = g_ptr_array_index (expected, i);
    JsonArray    *box = json_object_get_array_member (f, "box");
    JsonArray    *lm = json_object_get_array_member (f, "landmarks");
    JsonArray    *desc = json_object_get_array_member (f, "descriptor");

    g_assert_cmpuint (json_object_get_size (f), ==, 4);
    g_assert_cmpuint (json_array_get_length (box), ==, 4);
    for (guint k = 0; k < 4; k++)
      g_assert_cmpfloat (fabs (json_array_get_double_element (box, k) - e->box[k]), <, 1e-6);
    g_assert_cmpfloat (fabs (json_object_get_double_member (f, "score") - e->score), <, 1e-9);
    g_assert_cmpuint (json_array_get_length (lm), ==, 68);
    for (guint k = 0; k < 68; k++) {
      JsonArray *pt = json_array_get_array_element (lm, k);

      g_assert_cmpuint (json_array_get_length (pt), ==, 2);
      g_assert_cmpfloat (fabs (json_array_get_double_element (pt, 0) - e->landmarks[k][0]), <, 1e-6);
      g_assert_cmpfloat (fabs (json_array_get_double_element (pt, 1) - e->landmarks[k][1]), <, 1e-6);
    }
    g_assert_cmpuint (json_array_get_length (desc), ==, 128);
    for (guint k = 0; k < 128; k++)
      g_assert_cmpfloat (fabs (json_array_get_double_element (desc, k) - e->descriptor[k]), <, 1e-6);
  }
}

static void
test_describe_text_and_empty (void)
{
  g_autofree char *path = picture_path ("sample2.png");
  g_autofree char *grey_path = g_build_filename (tmpdir, "grey.png", NULL);
  const char      *text_args[] = { "face", "describe", path, NULL };
  const char      *grey_args[] = { "face", "describe", grey_path, "--json", NULL };
  g_auto (Run) r1;
  g_auto (Run) r2;
  LtImage grey = { 320, 240, 960, NULL };

  run_ctl (&r1, config, text_args);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_nonnull (strstr (r1.out, "1 face found"));

  /* No face is not an error: an empty list. */
  grey.rgb = g_malloc (960 * 240);
  memset (grey.rgb, 128, 960 * 240);
  lt_face_test_write_png (&grey, grey_path);
  g_free (grey.rgb);
  run_ctl (&r2, config, grey_args);
  g_assert_cmpint (r2.status, ==, 0);
  {
    g_autoptr (JsonParser) parser = json_parser_new ();
    g_autoptr (GError) error = NULL;
    JsonObject *root;

    json_parser_load_from_data (parser, r2.out, -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "faces")), ==, 0);
  }
}

static void
test_unreadable (void)
{
  g_autofree char *junk = g_build_filename (tmpdir, "junk.png", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "missing.png", NULL);
  g_autofree char *good = picture_path ("sample2.png");
  const char      *a1[] = { "face", "describe", junk, "--json", NULL };
  const char      *a2[] = { "face", "describe", missing, NULL };
  const char      *a3[] = { "face", "compare", good, junk, NULL };
  g_auto (Run) r1;
  g_auto (Run) r2;
  g_auto (Run) r3;

  g_assert_true (g_file_set_contents (junk, "not a picture", -1, NULL));
  run_ctl (&r1, config, a1);
  g_assert_cmpint (r1.status, ==, 2);
  g_assert_cmpstr (r1.out, ==, "");
  g_assert_nonnull (strstr (r1.err, "junk.png"));
  run_ctl (&r2, config, a2);
  g_assert_cmpint (r2.status, ==, 2);
  g_assert_nonnull (strstr (r2.err, "missing.png"));
  run_ctl (&r3, config, a3);
  g_assert_cmpint (r3.status, ==, 2);
}

static void
test_compare (void)
{
  g_autofree char *s1 = picture_path ("sample1.png");
  g_autofree char *s2 = picture_path ("sample2.png");
  g_autofree char *crop_path = g_build_filename (tmpdir, "crop.png", NULL);
  g_autofree char *grey_path = g_build_filename (tmpdir, "grey.png", NULL);
  g_autoptr (LtImage) image = lt_face_test_picture ("sample1.png");
  LtFaceImage view = lt_face_test_view (image);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) faces = lt_face_engine_describe (lt_face_test_engine (), &view, 416, &error);
  LtFace *big = lt_face_largest (faces);
  g_autoptr (LtImage) crop = lt_face_test_crop (image, (int)big->box[0] - 150, (int)big->box[1] - 150,
                                                (int)big->box[2] + 300, (int)big->box[3] + 300);
  const char *same_args[] = { "face", "compare", s1, crop_path, NULL };
  const char *diff_args[] = { "face", "compare", s1, s2, NULL };
  const char *none_args[] = { "face", "compare", grey_path, s1, NULL };
  g_auto (Run) r1;
  g_auto (Run) r2;
  g_auto (Run) r3;
  double d;

  lt_face_test_write_png (crop, crop_path);
  run_ctl (&r1, config, same_args);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_true (g_str_has_suffix (r1.out, " same\n"));
  d = g_ascii_strtod (r1.out, NULL);
  g_assert_cmpfloat (d, <, 0.45);

  run_ctl (&r2, config, diff_args);
  g_assert_cmpint (r2.status, ==, 1);
  g_assert_true (g_str_has_suffix (r2.out, " different\n"));
  g_assert_cmpfloat (g_ascii_strtod (r2.out, NULL), >=, 0.45);

  run_ctl (&r3, config, none_args);
  g_assert_cmpint (r3.status, ==, 2);
  g_assert_nonnull (strstr (r3.err, "no face"));
}

/* The configured threshold decides: the same pair flips with it. */
static void
test_compare_threshold (void)
{
  g_autofree char *s1 = picture_path ("sample1.png");
  g_autofree char *s2 = picture_path ("sample2.png");
  g_autofree char *strict = g_build_filename (tmpdir, "strict.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[face]\nmodels=%s\nthreshold=0.2\n", lt_face_test_models_dir ());
  const char      *args[] = { "face", "compare", s1, s2, NULL };
  g_auto (Run) r;

  g_assert_true (g_file_set_contents (strict, text, -1, NULL));
  run_ctl (&r, strict, args);
  g_assert_cmpint (r.status, ==, 1);
}

static void
test_models_missing (void)
{
  g_autofree char *bad = g_build_filename (tmpdir, "nomodels.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[face]\nmodels=%s/none\n", tmpdir);
  g_autofree char *s1 = picture_path ("sample1.png");
  const char      *args[] = { "face", "describe", s1, NULL };
  g_auto (Run) r;

  g_assert_true (g_file_set_contents (bad, text, -1, NULL));
  run_ctl (&r, bad, args);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "tiny_face_detector_model-weights_manifest.json"));
  g_assert_nonnull (strstr (r.err, "fetch-face-models.sh"));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  int              status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("lt-face-cli-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (tmpdir, "lintel.conf", NULL);
  text = g_strdup_printf ("[face]\nmodels=%s\n", lt_face_test_models_dir ());
  g_assert_true (g_file_set_contents (config, text, -1, NULL));

  g_test_add_func ("/face/cli/describe-json", test_describe_json);
  g_test_add_func ("/face/cli/describe-text-and-empty", test_describe_text_and_empty);
  g_test_add_func ("/face/cli/unreadable", test_unreadable);
  g_test_add_func ("/face/cli/compare", test_compare);
  g_test_add_func ("/face/cli/compare-threshold", test_compare_threshold);
  g_test_add_func ("/face/cli/models-missing", test_models_missing);
  status = g_test_run ();
  lt_test_rm_rf (tmpdir);
  return status;
}
