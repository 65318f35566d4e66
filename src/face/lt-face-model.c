/* lt-face-model.c: TensorFlow.js weights manifests and shards
 *
 * The files come from the npm package @vladmandic/face-api 1.7.15 (MIT,
 * Copyright (c) Vladimir Mandic), fetched by packaging/fetch-face-models.sh.
 * Each one's size and SHA-256 are pinned here: a file that was truncated,
 * replaced or corrupted is refused with a message that names it and says
 * how to fetch it again. The parser trusts nothing in the manifest: it is
 * fuzzed (fuzz/fuzz-face-manifest.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-face"

#include "lt-face-model.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

G_DEFINE_QUARK (lt - face - error - quark, lt_face_error)

/* No tensor in these models comes near this; it bounds what a hostile
 * manifest can make us allocate. */
#define MAX_ELEMENTS (64 * 1024 * 1024)
#define MAX_RANK     4

typedef struct {
  const char *file;
  gsize       size;
  const char *sha256;
} PinnedFile;

static const PinnedFile pinned[] = {
  { "tiny_face_detector_model-weights_manifest.json", 3219,
    "5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5" },
  { "tiny_face_detector_model.bin", 193321,
    "b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871" },
  { "face_landmark_68_model-weights_manifest.json", 8485,
    "ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9" },
  { "face_landmark_68_model.bin", 356840,
    "4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b" },
  { "face_recognition_model-weights_manifest.json", 19615,
    "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b" },
  { "face_recognition_model.bin", 6444032,
    "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589" },
};

typedef struct {
  char  *name;
  int    rank;
  int    shape[MAX_RANK];
  gsize  n;
  float *data;
} Tensor;

struct _LtFaceModel {
  GHashTable *tensors; /* name → Tensor */
  gsize       bytes;
};

static void
tensor_free (gpointer p)
{
  Tensor *t = p;

  g_free (t->name);
  g_free (t->data);
  g_free (t);
}

void
lt_face_model_free (LtFaceModel *model)
{
  if (model == NULL)
    return;
  g_hash_table_unref (model->tensors);
  g_free (model);
}

static gboolean
invalid (GError **error, const char *what, const char *detail)
{
  g_set_error (error, LT_FACE_ERROR, LT_FACE_ERROR_MODEL_INVALID,
               _ ("Face model manifest is not valid: %s (%s)"), what, detail);
  return FALSE;
}

static gboolean
get_number (JsonObject *obj, const char *member, double *out)
{
  JsonNode *node = json_object_get_member (obj, member);
  GType     type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *out = (double)json_node_get_int (node);
  else
    return FALSE;
  return TRUE;
}

static const char *
get_string (JsonObject *obj, const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
parse_shape (JsonObject *spec, Tensor *t, GError **error)
{
  JsonNode  *node = json_object_get_member (spec, "shape");
  JsonArray *dims;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, t->name, _ ("no shape"));
  dims = json_node_get_array (node);
  t->rank = (int)json_array_get_length (dims);
  if (t->rank > MAX_RANK)
    return invalid (error, t->name, _ ("more than 4 dimensions"));
  t->n = 1;
  for (int i = 0; i < t->rank; i++) {
    JsonNode *d = json_array_get_element (dims, i);
    gint64    v;

    if (!JSON_NODE_HOLDS_VALUE (d) || json_node_get_value_type (d) != G_TYPE_INT64)
      return invalid (error, t->name, _ ("a dimension is not an integer"));
    v = json_node_get_int (d);
    if (v < 1 || v > MAX_ELEMENTS || t->n * (gsize)v > MAX_ELEMENTS)
      return invalid (error, t->name, _ ("a dimension is out of range"));
    t->shape[i] = (int)v;
    t->n *= (gsize)v;
  }
  return TRUE;
}

/* Decodes one tensor from *offset on, as TensorFlow.js' decodeWeight does. */
static gboolean
decode (JsonObject *spec, Tensor *t, const guint8 *weights, gsize len, gsize *offset, GError **error)
{
  const char *dtype = get_string (spec, "dtype");
  JsonNode   *qnode = json_object_get_member (spec, "quantization");
  gsize       width = 4;
  double      scale = 0, min = 0;

  if (g_strcmp0 (dtype, "float32") != 0)
    return invalid (error, t->name, _ ("only float32 tensors are supported"));
  if (qnode != NULL) {
    JsonObject *q;
    const char *qtype;

    if (!JSON_NODE_HOLDS_OBJECT (qnode))
      return invalid (error, t->name, _ ("quantization is not an object"));
    q = json_node_get_object (qnode);
    qtype = get_string (q, "dtype");
    if (g_strcmp0 (qtype, "uint8") == 0)
      width = 1;
    else if (g_strcmp0 (qtype, "uint16") == 0)
      width = 2;
    else
      return invalid (error, t->name, _ ("unsupported quantization"));
    if (!get_number (q, "scale", &scale) || !get_number (q, "min", &min))
      return invalid (error, t->name, _ ("quantization without scale and min"));
  }
  if (len - *offset < t->n * width)
    return invalid (error, t->name, _ ("the weights file is shorter than the manifest says"));

  t->data = g_new (float, t->n);
  for (gsize i = 0; i < t->n; i++) {
    const guint8 *p = weights + *offset + i * width;

    if (width == 1)
      t->data[i] = (float)(p[0] * scale + min);
    else if (width == 2)
      t->data[i] = (float)((p[0] | (p[1] << 8)) * scale + min);
    else {
      guint32 bits = (guint32)p[0] | ((guint32)p[1] << 8) | ((guint32)p[2] << 16) | ((guint32)p[3] << 24);

      memcpy (&t->data[i], &bits, sizeof bits);
    }
  }
  *offset += t->n * width;
  return TRUE;
}

static gboolean
parse_group (LtFaceModel *model, JsonNode *group, const guint8 *weights, gsize len, gsize *offset, GError **error)
{
  JsonNode  *wnode;
  JsonArray *specs;

  if (!JSON_NODE_HOLDS_OBJECT (group))
    return invalid (error, _ ("weight group"), _ ("not an object"));
  wnode = json_object_get_member (json_node_get_object (group), "weights");
  if (wnode == NULL || !JSON_NODE_HOLDS_ARRAY (wnode))
    return invalid (error, _ ("weight group"), _ ("no list of weights"));
  specs = json_node_get_array (wnode);
  for (guint i = 0; i < json_array_get_length (specs); i++) {
    JsonNode   *snode = json_array_get_element (specs, i);
    JsonObject *spec;
    const char *name;
    Tensor     *t;

    if (!JSON_NODE_HOLDS_OBJECT (snode))
      return invalid (error, _ ("weight"), _ ("not an object"));
    spec = json_node_get_object (snode);
    name = get_string (spec, "name");
    if (name == NULL || *name == '\0')
      return invalid (error, _ ("weight"), _ ("no name"));
    if (g_hash_table_contains (model->tensors, name))
      return invalid (error, name, _ ("named twice"));
    t = g_new0 (Tensor, 1);
    t->name = g_strdup (name);
    if (!parse_shape (spec, t, error) || !decode (spec, t, weights, len, offset, error)) {
      tensor_free (t);
      return FALSE;
    }
    model->bytes += t->n * sizeof (float);
    g_hash_table_insert (model->tensors, t->name, t);
  }
  return TRUE;
}

LtFaceModel *
lt_face_model_parse (const char   *manifest,
                     gsize         manifest_len,
                     const guint8 *weights,
                     gsize         weights_len,
                     GError      **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (LtFaceModel) model = g_new0 (LtFaceModel, 1);
  g_autoptr (GError) json_error = NULL;
  JsonNode  *root;
  JsonArray *groups;
  gsize      offset = 0;

  model->tensors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, tensor_free);
  if (manifest_len > G_MAXSSIZE
      || !json_parser_load_from_data (parser, manifest, (gssize)manifest_len, &json_error)) {
    invalid (error, _ ("not JSON"), json_error ? json_error->message : "");
    return NULL;
  }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root)) {
    invalid (error, _ ("top level"), _ ("not a list of weight groups"));
    return NULL;
  }
  groups = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    if (!parse_group (model, json_array_get_element (groups, i), weights, weights_len, &offset, error))
      return NULL;
  if (offset != weights_len) {
    invalid (error, _ ("weights"), _ ("the weights file is longer than the manifest says"));
    return NULL;
  }
  return g_steal_pointer (&model);
}

static const PinnedFile *
find_pinned (const char *file)
{
  for (gsize i = 0; i < G_N_ELEMENTS (pinned); i++)
    if (strcmp (pinned[i].file, file) == 0)
      return &pinned[i];
  return NULL;
}

gboolean
lt_face_model_check_file (const char *dir, const char *file, GBytes **contents, GError **error)
{
  const PinnedFile *pin = find_pinned (file);
  g_autofree char  *path = g_build_filename (dir, file, NULL);
  g_autofree char  *data = NULL;
  g_autofree char  *sum = NULL;
  gsize             len = 0;

  if (pin == NULL) {
    g_set_error (error, LT_FACE_ERROR, LT_FACE_ERROR_MODEL_ALTERED,
                 _ ("Face model file “%s” is not one Lintel knows: its manifest was altered. "
                    "Run “%s %s” to fetch the models again"),
                 path, LT_FACE_FETCH_HINT, dir);
    return FALSE;
  }
  if (!g_file_get_contents (path, &data, &len, NULL)) {
    g_set_error (error, LT_FACE_ERROR, LT_FACE_ERROR_MODEL_MISSING,
                 _ ("Face model file “%s” is missing or unreadable. "
                    "Run “%s %s” (or reinstall the lintel package) to fetch the models"),
                 path, LT_FACE_FETCH_HINT, dir);
    return FALSE;
  }
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)data, len);
  if (len != pin->size || strcmp (sum, pin->sha256) != 0) {
    g_set_error (error, LT_FACE_ERROR, LT_FACE_ERROR_MODEL_ALTERED,
                 len < pin->size
                   ? _ ("Face model file “%s” is truncated (%lu of %lu bytes). "
                        "Run “%s %s” (or reinstall the lintel package) to fetch the models again")
                   : _ ("Face model file “%s” was altered (%lu bytes, expected %lu with a pinned SHA-256). "
                        "Run “%s %s” (or reinstall the lintel package) to fetch the models again"),
                 path, (unsigned long)len, (unsigned long)pin->size, LT_FACE_FETCH_HINT, dir);
    return FALSE;
  }
  if (contents != NULL)
    *contents = g_bytes_new_take (g_steal_pointer (&data), len);
  return TRUE;
}

/* The shard file names, in order, from a manifest already checked. */
static GPtrArray *
shard_paths (GBytes *manifest, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  gsize       len;
  const char *data = g_bytes_get_data (manifest, &len);
  JsonNode   *root;

  if (!json_parser_load_from_data (parser, data, (gssize)len, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root)) {
    invalid (error, _ ("top level"), _ ("not a list of weight groups"));
    return NULL;
  }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++) {
    JsonNode *group = json_array_get_element (json_node_get_array (root), i);
    JsonNode *pnode;

    if (!JSON_NODE_HOLDS_OBJECT (group)
        || (pnode = json_object_get_member (json_node_get_object (group), "paths")) == NULL
        || !JSON_NODE_HOLDS_ARRAY (pnode)) {
      invalid (error, _ ("weight group"), _ ("no list of paths"));
      return NULL;
    }
    for (guint j = 0; j < json_array_get_length (json_node_get_array (pnode)); j++) {
      JsonNode *p = json_array_get_element (json_node_get_array (pnode), j);

      if (!JSON_NODE_HOLDS_VALUE (p) || json_node_get_value_type (p) != G_TYPE_STRING) {
        invalid (error, _ ("weight group"), _ ("a path is not a string"));
        return NULL;
      }
      g_ptr_array_add (paths, g_strdup (json_node_get_string (p)));
    }
  }
  return g_steal_pointer (&paths);
}

LtFaceModel *
lt_face_model_load (const char *dir, const char *name, GError **error)
{
  g_autofree char *manifest_file = g_strconcat (name, "-weights_manifest.json", NULL);
  g_autoptr (GBytes) manifest = NULL;
  g_autoptr (GPtrArray) paths = NULL;
  g_autoptr (GByteArray) weights = g_byte_array_new ();
  gsize       len;
  const char *data;

  if (!lt_face_model_check_file (dir, manifest_file, &manifest, error))
    return NULL;
  if ((paths = shard_paths (manifest, error)) == NULL)
    return NULL;
  for (guint i = 0; i < paths->len; i++) {
    g_autoptr (GBytes) shard = NULL;
    gsize         n;
    const guint8 *bytes;

    if (!lt_face_model_check_file (dir, g_ptr_array_index (paths, i), &shard, error))
      return NULL;
    bytes = g_bytes_get_data (shard, &n);
    g_byte_array_append (weights, bytes, (guint)n);
  }
  data = g_bytes_get_data (manifest, &len);
  return lt_face_model_parse (data, len, weights->data, weights->len, error);
}

const float *
lt_face_model_tensor (LtFaceModel *model, const char *name, int rank, const int *shape, GError **error)
{
  Tensor  *t = g_hash_table_lookup (model->tensors, name);
  gboolean ok = t != NULL && t->rank == rank;

  for (int i = 0; ok && i < rank; i++)
    ok = t->shape[i] == shape[i];
  if (!ok) {
    g_set_error (error, LT_FACE_ERROR, LT_FACE_ERROR_MODEL_INVALID,
                 t == NULL ? _ ("Face model has no tensor “%s”") : _ ("Face model tensor “%s” has the wrong shape"),
                 name);
    return NULL;
  }
  return t->data;
}

guint
lt_face_model_n_tensors (LtFaceModel *model)
{
  return g_hash_table_size (model->tensors);
}

gsize
lt_face_model_size (LtFaceModel *model)
{
  return model->bytes;
}
