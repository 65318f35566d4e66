/* lintelctl-face.c: the face engine on picture files, for technicians and tests
 *
 * `lintelctl face describe IMAGE [--json]` and `lintelctl face compare
 * IMAGE_A IMAGE_B` are a contract (README, "Face engine"): their spellings,
 * JSON shape and exit statuses are relied on outside the project. Pictures
 * are read into memory only and wiped before they are freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lintelctl"

#include "lintelctl.h"
#include "lt-face-engine.h"
#include "lt-image.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

static gboolean opt_json;

static void
wipe_image (LtImage *image)
{
  if (image == NULL)
    return;
  lt_nn_wipe (image->rgb, (gsize)image->stride * image->height);
  lt_image_free (image);
}

typedef LtImage LtWipedImage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtWipedImage, wipe_image)

static LtFaceEngine *
open_engine (LtCtl *ctl, GError **error)
{
  if (!lt_ctl_load_config (ctl, error))
    return NULL;
  return lt_face_engine_new (ctl->config->face_models, error);
}

/* All faces of one picture file, or NULL and an error (exit status 2). */
static GPtrArray *
describe_file (LtFaceEngine *engine, const char *path, GError **error)
{
  g_autoptr (LtWipedImage) image = lt_image_load (path, error);
  LtFaceImage view;

  if (image == NULL)
    return NULL;
  view = (LtFaceImage){ image->rgb, (int)image->width, (int)image->height, (int)image->stride };
  return lt_face_engine_describe (engine, &view, LT_FACE_DEFAULT_INPUT_SIZE, error);
}

static JsonNode *
faces_to_json (GPtrArray *faces)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "faces");
  json_builder_begin_array (b);
  for (guint i = 0; i < faces->len; i++) {
    const LtFace *face = g_ptr_array_index (faces, i);

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "box");
    json_builder_begin_array (b);
    for (int k = 0; k < 4; k++)
      json_builder_add_double_value (b, face->box[k]);
    json_builder_end_array (b);
    json_builder_set_member_name (b, "score");
    json_builder_add_double_value (b, face->score);
    json_builder_set_member_name (b, "landmarks");
    json_builder_begin_array (b);
    for (int k = 0; face->has_landmarks && k < LT_FACE_N_LANDMARKS; k++) {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, face->landmarks[k][0]);
      json_builder_add_double_value (b, face->landmarks[k][1]);
      json_builder_end_array (b);
    }
    json_builder_end_array (b);
    json_builder_set_member_name (b, "descriptor");
    json_builder_begin_array (b);
    for (int k = 0; face->has_descriptor && k < LT_FACE_DESCRIPTOR_LEN; k++)
      json_builder_add_double_value (b, face->descriptor[k]);
    json_builder_end_array (b);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
run_face_describe (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_ ("Print JSON: boxes, scores, landmarks and descriptors"), NULL },
    { NULL }
  };
  g_autoptr (LtFaceEngine) engine = NULL;
  g_autoptr (GPtrArray) faces = NULL;
  GError *error = NULL;

  LT_CTL_PARSE (entries, 1);
  if ((engine = open_engine (ctl, &error)) == NULL || (faces = describe_file (engine, argv[1], &error)) == NULL)
    return lt_ctl_fail (error);
  if (opt_json) {
    lt_ctl_print_json (faces_to_json (faces));
    return LT_EXIT_OK;
  }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u face found in %s\n", "%u faces found in %s\n", faces->len),
           faces->len, argv[1]);
  for (guint i = 0; i < faces->len; i++) {
    const LtFace *face = g_ptr_array_index (faces, i);

    g_print (_ ("face %u: %.0f×%.0f pixels at (%.0f, %.0f), score %.2f\n"), i + 1,
             face->box[2], face->box[3], face->box[0], face->box[1], face->score);
  }
  return LT_EXIT_OK;
}

static int
run_face_compare (LtCtl *ctl, const LtCtlCommand *command, int argc, char **argv)
{
  g_autoptr (LtFaceEngine) engine = NULL;
  g_autoptr (GPtrArray) faces_a = NULL;
  g_autoptr (GPtrArray) faces_b = NULL;
  LtFace  *a, *b;
  GError  *error = NULL;
  double   distance;
  gboolean same;

  LT_CTL_PARSE (NULL, 2);
  if ((engine = open_engine (ctl, &error)) == NULL
      || (faces_a = describe_file (engine, argv[1], &error)) == NULL
      || (faces_b = describe_file (engine, argv[2], &error)) == NULL)
    return lt_ctl_fail (error);
  a = lt_face_largest (faces_a);
  b = lt_face_largest (faces_b);
  if (a == NULL || b == NULL || !a->has_descriptor || !b->has_descriptor)
    return lt_ctl_usage_error (_ ("no face found in %s; use a picture where one face is clearly visible"),
                               a == NULL || !a->has_descriptor ? argv[1] : argv[2]);
  distance = lt_face_distance (a->descriptor, b->descriptor);
  same = distance < ctl->config->face_threshold;
  /* "same"/"different" are a contract with scripts: never translated. */
  g_print ("%.4f %s\n", distance, same ? "same" : "different");
  return same ? LT_EXIT_OK : LT_EXIT_DENIED;
}

const LtCtlCommand lt_ctl_face_commands[] = {
  { "face", "describe", N_ ("IMAGE [--json]"), N_ ("Find the faces in a PNG or JPEG picture: boxes, landmarks, descriptors"),
    run_face_describe },
  { "face", "compare", N_ ("IMAGE_A IMAGE_B"), N_ ("Compare the largest face of two pictures: distance, then same or different"),
    run_face_compare },
  { NULL }
};
