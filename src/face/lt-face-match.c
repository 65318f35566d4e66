/* lt-face-match.c: 1:N search with a threshold and a best/second margin
 *
 * Templates sit in one contiguous float array so that a search is one
 * sgemv (q·t for every template) plus the precomputed norms:
 * |q - t|² = |q|² + |t|² - 2 q·t. Every template is wiped when removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-face"

#include "lt-face-match.h"
#include "lt-face-engine.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

struct _LtFaceGallery {
  double  threshold;
  double  margin;
  GArray *templates; /* float × 128 each */
  GArray *norms;     /* float: |t|² */
  GArray *ids;       /* gint64 */
  GArray *scratch;   /* float: q·t */
};

static void
wipe_array (GArray *a)
{
  lt_nn_wipe (a->data, (gsize)a->len * g_array_get_element_size (a));
}

LtFaceGallery *
lt_face_gallery_new (double threshold, double margin)
{
  LtFaceGallery *g = g_new0 (LtFaceGallery, 1);

  g->threshold = threshold;
  g->margin = margin;
  g->templates = g_array_new (FALSE, FALSE, sizeof (float) * LT_FACE_DESCRIPTOR_LEN);
  g->norms = g_array_new (FALSE, FALSE, sizeof (float));
  g->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g->scratch = g_array_new (FALSE, FALSE, sizeof (float));
  return g;
}

void
lt_face_gallery_free (LtFaceGallery *g)
{
  if (g == NULL)
    return;
  wipe_array (g->templates);
  wipe_array (g->norms);
  wipe_array (g->scratch);
  g_array_unref (g->templates);
  g_array_unref (g->norms);
  g_array_unref (g->ids);
  g_array_unref (g->scratch);
  g_free (g);
}

void
lt_face_gallery_add (LtFaceGallery *g, gint64 resident_id, const float *descriptor)
{
  float norm = 0;

  g_return_if_fail (resident_id > 0);
  for (int i = 0; i < LT_FACE_DESCRIPTOR_LEN; i++)
    norm += descriptor[i] * descriptor[i];
  g_array_append_vals (g->templates, descriptor, 1);
  g_array_append_val (g->norms, norm);
  g_array_append_val (g->ids, resident_id);
  lt_nn_wipe (&norm, sizeof norm);
}

guint
lt_face_gallery_remove (LtFaceGallery *g, gint64 resident_id)
{
  guint removed = 0;

  for (guint i = g->ids->len; i-- > 0;)
    if (g_array_index (g->ids, gint64, i) == resident_id) {
      float *t = (float *)(void *)g->templates->data + (gsize)i * LT_FACE_DESCRIPTOR_LEN;
      guint  last = g->ids->len - 1;

      /* Move the last template into the hole, then wipe the last slot. */
      memcpy (t, (float *)(void *)g->templates->data + (gsize)last * LT_FACE_DESCRIPTOR_LEN,
              sizeof (float) * LT_FACE_DESCRIPTOR_LEN);
      g_array_index (g->norms, float, i) = g_array_index (g->norms, float, last);
      g_array_index (g->ids, gint64, i) = g_array_index (g->ids, gint64, last);
      lt_nn_wipe ((float *)(void *)g->templates->data + (gsize)last * LT_FACE_DESCRIPTOR_LEN,
                  sizeof (float) * LT_FACE_DESCRIPTOR_LEN);
      lt_nn_wipe (&g_array_index (g->norms, float, last), sizeof (float));
      g_array_set_size (g->templates, last);
      g_array_set_size (g->norms, last);
      g_array_set_size (g->ids, last);
      removed++;
    }
  return removed;
}

guint
lt_face_gallery_size (LtFaceGallery *g)
{
  return g->ids->len;
}

LtFaceMatchResult
lt_face_gallery_search (LtFaceGallery *g, const float *q, LtFaceMatch *match)
{
  guint        n = g->ids->len;
  const float *dots;
  float        qn = 0, best = G_MAXFLOAT, second = G_MAXFLOAT;
  gint64       best_id = 0, second_id = 0;

  for (int i = 0; i < LT_FACE_DESCRIPTOR_LEN; i++)
    qn += q[i] * q[i];
  g_array_set_size (g->scratch, n);
  if (n > 0)
    cblas_sgemv (CblasRowMajor, CblasNoTrans, (int)n, LT_FACE_DESCRIPTOR_LEN, 1.0f,
                 (const float *)(const void *)g->templates->data, LT_FACE_DESCRIPTOR_LEN, q, 1, 0.0f,
                 (float *)(void *)g->scratch->data, 1);
  dots = (const float *)(const void *)g->scratch->data;
  for (guint i = 0; i < n; i++) {
    float  d = qn + g_array_index (g->norms, float, i) - 2.0f * dots[i];
    gint64 id = g_array_index (g->ids, gint64, i);

    /* The two nearest residents, each by their nearest template. */
    if (id == best_id)
      best = MIN (best, d);
    else if (d < best) {
      if (best_id != 0) {
        second = best;
        second_id = best_id;
      }
      best = d;
      best_id = id;
    } else if (id == second_id || d < second) {
      second = id == second_id ? MIN (second, d) : d;
      second_id = id;
    }
  }
  wipe_array (g->scratch);
  *match = (LtFaceMatch){
    .result = LT_FACE_MATCH_NONE,
    .resident_id = best_id,
    .distance = best_id ? sqrt (MAX (best, 0.0f)) : G_MAXDOUBLE,
    .second_id = second_id,
    .second_distance = second_id ? sqrt (MAX (second, 0.0f)) : G_MAXDOUBLE,
  };
  if (best_id != 0 && match->distance < g->threshold)
    match->result = match->second_distance - match->distance >= g->margin ? LT_FACE_MATCH_FOUND
                                                                          : LT_FACE_MATCH_AMBIGUOUS;
  return match->result;
}
