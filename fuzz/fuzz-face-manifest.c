/* fuzz-face-manifest.c: libFuzzer target for the face models' manifest parser
 *
 *   CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
 *   ninja -C build-fuzz fuzz/fuzz-face-manifest
 *   mkdir -p corpus && build-fuzz/fuzz/fuzz-face-manifest -max_len=4096 -dict=fuzz/face-manifest.dict corpus/
 *
 * The input is a TensorFlow.js weights manifest, a NUL byte, then the
 * bytes of its shards. Models are SHA-256-pinned at load, so this parser
 * only ever sees Lintel's own files in the field; it must still never
 * crash, allocate without bound, or read past the weights it was given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-face-model.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const guint8 *nul = memchr (data, '\0', size);
  gsize         manifest_len = nul ? (gsize)(nul - data) : size;
  const guint8 *weights = nul ? nul + 1 : data + size;
  gsize         weights_len = size - manifest_len - (nul ? 1 : 0);
  GError       *error = NULL;
  LtFaceModel  *model;

  /* A copy of exactly the weights, so that ASan sees any overread. */
  guint8 *copy = g_memdup2 (weights, weights_len);

  model = lt_face_model_parse ((const char *)data, manifest_len, copy, weights_len, &error);
  if ((model == NULL) == (error == NULL))
    abort ();
  lt_face_model_free (model);
  g_clear_error (&error);
  g_free (copy);
  return 0;
}
