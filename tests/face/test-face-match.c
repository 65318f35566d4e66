/* test-face-match.c: 1:N search, and the threshold on real faces
 *
 * The gallery's rules on synthetic descriptors, then the calibration on
 * face-api's demo pictures: every pair of different people in one picture
 * must come out `different`, and at least 95 % of pairs of a face with an
 * altered copy of itself (flip, light, gamma, grey, blur, noise, shift,
 * tilt by 8° and 15°, half size, JPEG quality 10) must come out `same`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-face-test.h"
#include "lt-face-match.h"

#include <math.h>
#include <string.h>

static void
unit_vector (float *d, int axis, float scale)
{
  memset (d, 0, sizeof (float) * LT_FACE_DESCRIPTOR_LEN);
  d[axis] = scale;
}

static void
test_gallery_rules (void)
{
  g_autoptr (LtFaceGallery) g = lt_face_gallery_new (0.45, 0.05);
  float       a[128], b[128], q[128];
  LtFaceMatch m;

  /* Empty: nobody. */
  unit_vector (q, 0, 1);
  g_assert_cmpint (lt_face_gallery_search (g, q, &m), ==, LT_FACE_MATCH_NONE);
  g_assert_cmpint (m.resident_id, ==, 0);

  /* Resident 7 has two templates; the nearer one counts. */
  unit_vector (a, 0, 1);
  lt_face_gallery_add (g, 7, a);
  unit_vector (a, 1, 1);
  lt_face_gallery_add (g, 7, a);
  unit_vector (b, 2, 1);
  lt_face_gallery_add (g, 9, b);
  g_assert_cmpuint (lt_face_gallery_size (g), ==, 3);

  memcpy (q, a, sizeof q);
  q[1] = 0.9f; /* 0.1 from resident 7's second template */
  g_assert_cmpint (lt_face_gallery_search (g, q, &m), ==, LT_FACE_MATCH_FOUND);
  g_assert_cmpint (m.resident_id, ==, 7);
  g_assert_cmpfloat (fabs (m.distance - 0.1), <, 1e-5);
  g_assert_cmpint (m.second_id, ==, 9);
  g_assert_cmpfloat (fabs (m.second_distance - sqrt (0.81 + 1)), <, 1e-5);

  /* Over the threshold: nobody, though 7 is still the nearest. */
  q[1] = 0.5f;
  g_assert_cmpint (lt_face_gallery_search (g, q, &m), ==, LT_FACE_MATCH_NONE);
  g_assert_cmpint (m.resident_id, ==, 7);

  /* Two residents nearly as close: ambiguous, never a match. */
  unit_vector (q, 1, 0.99f);
  q[2] = 0.14f;
  unit_vector (b, 1, 0.96f);
  b[2] = 0.28f;
  lt_face_gallery_add (g, 9, b);
  g_assert_cmpint (lt_face_gallery_search (g, q, &m), ==, LT_FACE_MATCH_AMBIGUOUS);
  g_assert_cmpfloat (m.distance, <, 0.45);
  g_assert_cmpfloat (m.second_distance - m.distance, <, 0.05);

  /* Withdrawal removes every template of the resident. */
  g_assert_cmpuint (lt_face_gallery_remove (g, 9), ==, 2);
  g_assert_cmpuint (lt_face_gallery_remove (g, 9), ==, 0);
  g_assert_cmpuint (lt_face_gallery_size (g), ==, 2);
  g_assert_cmpint (lt_face_gallery_search (g, q, &m), !=, LT_FACE_MATCH_AMBIGUOUS);
  g_assert_cmpint (m.second_id, ==, 0);
}

/* 10,000 random templates of 2,500 residents: the nearest is found. */
static void
test_gallery_large (void)
{
  g_autoptr (LtFaceGallery) g = lt_face_gallery_new (0.45, 0.05);
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autofree float *all = g_new (float, 10000 * 128);
  float             q[128];
  LtFaceMatch       m;

  for (int i = 0; i < 10000; i++) {
    for (int k = 0; k < 128; k++)
      all[i * 128 + k] = (float)g_rand_double_range (rand, -0.15, 0.15);
    lt_face_gallery_add (g, 1 + i / 4, all + i * 128);
  }
  memcpy (q, all + 4321 * 128, sizeof q);
  q[5] += 0.1f;
  g_assert_cmpint (lt_face_gallery_search (g, q, &m), ==, LT_FACE_MATCH_FOUND);
  g_assert_cmpint (m.resident_id, ==, 1 + 4321 / 4);
  g_assert_cmpfloat (fabs (m.distance - 0.1), <, 1e-3);
}

typedef struct {
  char   *file;
  LtFace *face; /* upright descriptor, in the whole picture */
} RealFace;

static GPtrArray *real_faces;

static void
real_face_free (gpointer p)
{
  RealFace *r = p;

  g_free (r->file);
  lt_face_free (r->face);
  g_free (r);
}

static void
load_real_faces (void)
{
  real_faces = g_ptr_array_new_with_free_func (real_face_free);
  for (int i = 1; i <= 6; i++) {
    g_autofree char *name = g_strdup_printf ("sample%d.png", i);
    g_autoptr (LtImage) image = lt_face_test_picture (name);
    LtFaceImage view = lt_face_test_view (image);
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) faces = lt_face_engine_describe (lt_face_test_engine (), &view, 416, &error);

    g_assert_no_error (error);
    for (guint k = 0; k < faces->len; k++) {
      RealFace *r = g_new0 (RealFace, 1);

      r->file = g_strdup (name);
      r->face = g_ptr_array_steal_index (faces, k--);
      g_assert_true (r->face->has_descriptor);
      g_ptr_array_add (real_faces, r);
    }
  }
  g_assert_cmpuint (real_faces->len, >=, 15);
}

static void
test_impostors (void)
{
  double min = G_MAXDOUBLE;
  guint  pairs = 0;

  for (guint i = 0; i < real_faces->len; i++)
    for (guint j = i + 1; j < real_faces->len; j++) {
      RealFace *a = g_ptr_array_index (real_faces, i), *b = g_ptr_array_index (real_faces, j);
      double    d;

      /* Different people in one picture; across pictures nobody knows. */
      if (strcmp (a->file, b->file) != 0)
        continue;
      d = lt_face_distance (a->face->descriptor, b->face->descriptor);
      min = MIN (min, d);
      pairs++;
      g_assert_cmpfloat (d, >=, LT_FACE_DEFAULT_THRESHOLD);
    }
  g_test_message ("%u impostor pairs, nearest %.3f (threshold %.2f)", pairs, min, LT_FACE_DEFAULT_THRESHOLD);
  g_assert_cmpuint (pairs, >=, 20);
}

typedef enum {
  AUG_FLIP,
  AUG_BRIGHT,
  AUG_DARK,
  AUG_GAMMA_LOW,
  AUG_GAMMA_HIGH,
  AUG_GREY,
  AUG_BLUR,
  AUG_NOISE,
  AUG_SHIFT,
  AUG_ROT_P8,
  AUG_ROT_M8,
  AUG_ROT_P15,
  AUG_ROT_M15,
  AUG_HALF,
  AUG_JPEG10,
  N_AUG
} Aug;

static const char *const aug_names[] = {
  "flip",
  "bright",
  "dark",
  "gamma0.6",
  "gamma1.6",
  "grey",
  "blur",
  "noise",
  "shift",
  "rot+8",
  "rot-8",
  "rot+15",
  "rot-15",
  "half",
  "jpeg10",
};

static LtImage *
rotate (const LtImage *in, double degrees)
{
  LtImage *out = lt_face_test_copy (in);
  double   a = degrees * G_PI / 180, ca = cos (a), sa = sin (a);
  double   cx = in->width / 2.0, cy = in->height / 2.0;

  for (guint v = 0; v < in->height; v++)
    for (guint u = 0; u < in->width; u++) {
      double  x = cx + (u - cx) * ca - (v - cy) * sa, y = cy + (u - cx) * sa + (v - cy) * ca;
      int     x0 = (int)floor (x), y0 = (int)floor (y);
      guint8 *dst = out->rgb + v * out->stride + u * 3;

      for (int c = 0; c < 3; c++) {
        double fx = x - x0, fy = y - y0, val = 0;

        if (x0 >= 0 && y0 >= 0 && x0 + 1 < (int)in->width && y0 + 1 < (int)in->height) {
          const guint8 *p = in->rgb + y0 * in->stride + x0 * 3 + c;
          double        top = p[0] + (p[3] - p[0]) * fx, bottom = p[in->stride] + (p[in->stride + 3] - p[in->stride]) * fx;

          val = top + (bottom - top) * fy;
        }
        dst[c] = (guint8)CLAMP (val + 0.5, 0, 255);
      }
    }
  return out;
}

static LtImage *
half_size (const LtImage *in)
{
  LtImage *out = lt_face_test_crop (in, 0, 0, in->width / 2, in->height / 2);

  for (guint y = 0; y < out->height; y++)
    for (guint x = 0; x < out->width; x++)
      for (int c = 0; c < 3; c++) {
        const guint8 *p = in->rgb + (2 * y) * in->stride + (2 * x) * 3 + c;

        out->rgb[y * out->stride + x * 3 + c] = (guint8)((p[0] + p[3] + p[in->stride] + p[in->stride + 3] + 2) / 4);
      }
  return out;
}

static LtImage *
augment (const LtImage *region, Aug aug, GRand *rand)
{
  LtImage *out;
  gsize    n = (gsize)region->stride * region->height;

  switch (aug) {
  case AUG_ROT_P8:
    return rotate (region, 8);
  case AUG_ROT_M8:
    return rotate (region, -8);
  case AUG_ROT_P15:
    return rotate (region, 15);
  case AUG_ROT_M15:
    return rotate (region, -15);
  case AUG_HALF:
    return half_size (region);
  case AUG_JPEG10:
    return lt_face_test_jpeg (region, 10);
  case AUG_SHIFT:
    return lt_face_test_crop (region, region->width / 12, region->height / 16,
                              region->width, region->height);
  default:
    break;
  }
  out = lt_face_test_copy (region);
  for (guint y = 0; y < out->height; y++)
    for (guint x = 0; x < out->width; x++) {
      guint8       *p = out->rgb + y * out->stride + x * 3;
      const guint8 *src = region->rgb + y * region->stride + x * 3;

      for (int c = 0; c < 3; c++) {
        double v = src[c];

        switch (aug) {
        case AUG_FLIP:
          v = region->rgb[y * region->stride + (region->width - 1 - x) * 3 + c];
          break;
        case AUG_BRIGHT:
          v += 40;
          break;
        case AUG_DARK:
          v -= 40;
          break;
        case AUG_GAMMA_LOW:
          v = 255 * pow (v / 255, 0.6);
          break;
        case AUG_GAMMA_HIGH:
          v = 255 * pow (v / 255, 1.6);
          break;
        case AUG_GREY:
          v = 0.299 * src[0] + 0.587 * src[1] + 0.114 * src[2];
          break;
        case AUG_NOISE:
          v += g_rand_double_range (rand, -20, 20);
          break;
        case AUG_BLUR: {
          double sum = 0;
          int    k = 0;

          for (int dy = -2; dy <= 2; dy++)
            for (int dx = -2; dx <= 2; dx++) {
              int yy = (int)y + dy, xx = (int)x + dx;

              if (yy >= 0 && xx >= 0 && yy < (int)region->height && xx < (int)region->width) {
                sum += region->rgb[yy * region->stride + xx * 3 + c];
                k++;
              }
            }
          v = sum / k;
          break;
        }
        default:
          g_assert_not_reached ();
        }
        p[c] = (guint8)CLAMP (v + 0.5, 0, 255);
      }
    }
  (void)n;
  return out;
}

/* Where @face's box lands in the altered copy of the region. */
static void
face_box_after (const LtFace *face, int rx, int ry, const LtImage *region, const LtImage *copy, Aug aug, double box[4])
{
  double w = face->box[2], h = face->box[3];
  double cx = face->box[0] - rx + w / 2, cy = face->box[1] - ry + h / 2;
  double mx = region->width / 2.0, my = region->height / 2.0, deg = 0;

  switch (aug) {
  case AUG_FLIP:
    cx = region->width - cx;
    break;
  case AUG_SHIFT:
    cx -= region->width / 12;
    cy -= region->height / 16;
    break;
  case AUG_HALF:
    cx /= 2;
    cy /= 2;
    w /= 2;
    h /= 2;
    break;
  case AUG_ROT_P8:
    deg = 8;
    break;
  case AUG_ROT_M8:
    deg = -8;
    break;
  case AUG_ROT_P15:
    deg = 15;
    break;
  case AUG_ROT_M15:
    deg = -15;
    break;
  default:
    break;
  }
  if (deg != 0) {
    /* rotate() samples the source at R(deg)·(u - m): the face moves by R(-deg). */
    double a = -deg * G_PI / 180, x = cx - mx, y = cy - my;

    cx = mx + x * cos (a) - y * sin (a);
    cy = my + x * sin (a) + y * cos (a);
  }
  box[0] = cx - w / 2;
  box[1] = cy - h / 2;
  box[2] = w;
  box[3] = h;
  (void)copy;
}

static void
test_genuine_augmented (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  guint  same[N_AUG] = { 0 }, total = 0, total_same = 0;
  double worst = 0;

  for (guint i = 0; i < real_faces->len; i++) {
    RealFace *r = g_ptr_array_index (real_faces, i);
    g_autoptr (LtImage) image = lt_face_test_picture (r->file);
    double side = 2 * MAX (r->face->box[2], r->face->box[3]);
    double cx = r->face->box[0] + r->face->box[2] / 2, cy = r->face->box[1] + r->face->box[3] / 2;
    int    region_x = MAX (0, (int)(cx - side / 2)), region_y = MAX (0, (int)(cy - side / 2));
    g_autoptr (LtImage) region = lt_face_test_crop (image, region_x, region_y, (int)side, (int)side);

    for (int aug = 0; aug < N_AUG; aug++) {
      g_autoptr (LtImage) copy = augment (region, aug, rand);
      LtFaceImage view = lt_face_test_view (copy);
      g_autoptr (LtFace) f = g_new0 (LtFace, 1);
      double d;

      /* The descriptor's robustness, not the detector's: the box is
           * where the alteration moved it (its centre; the same size). */
      face_box_after (r->face, region_x, region_y, region, copy, aug, f->box);
      lt_face_engine_landmarks (lt_face_test_engine (), &view, f);
      lt_face_engine_descriptor_upright (lt_face_test_engine (), &view, f);
      d = f->has_descriptor ? lt_face_distance (f->descriptor, r->face->descriptor) : G_MAXDOUBLE;
      total++;
      if (d < LT_FACE_DEFAULT_THRESHOLD) {
        same[aug]++;
        total_same++;
      } else
        g_test_message ("%s face %u %s: distance %.3f", r->file, i, aug_names[aug], d);
      if (d < G_MAXDOUBLE)
        worst = MAX (worst, d);
    }
  }
  for (int aug = 0; aug < N_AUG; aug++)
    g_test_message ("%-8s %u/%u same", aug_names[aug], same[aug], real_faces->len);
  g_test_message ("genuine pairs: %u/%u same (%.1f %%), largest distance %.3f", total_same, total,
                  100.0 * total_same / total, worst);
  g_assert_cmpuint (total_same * 100, >=, total * 95);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/face/match/gallery-rules", test_gallery_rules);
  g_test_add_func ("/face/match/gallery-large", test_gallery_large);
  g_test_add_func ("/face/match/impostors-different", test_impostors);
  g_test_add_func ("/face/match/genuine-augmented-same", test_genuine_augmented);
  load_real_faces ();
  status = g_test_run ();
  g_clear_pointer (&real_faces, g_ptr_array_unref);
  return status;
}
