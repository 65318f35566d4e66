/* lt-qr-scanner.c: QR codes found in grey frames with ZBar
 *
 * A Lintel pass is a QR code of up to version 9 shown on a phone or on
 * paper, often far from the lens (3 px a module), turned, tilted, blurred,
 * in glare or dim light, through a camera's JPEG. ZBar run over the whole
 * frame spends its time on everything that is not the code and reads
 * small or turned codes badly. So by default (settings->locate) the
 * scanner first locates finder patterns itself (lt-qr-locate.c): in the
 * half-size frame (each 2x2 block averaged, which also halves the sensor
 * noise), and in the full-size frame when that showed nothing or only
 * small modules. Three finders make a code, which is resampled upright at
 * 2.6 px a module, the tilt its finders' sizes tell corrected, and only
 * that small picture goes to ZBar: a code neither turned nor small, in a
 * tenth of the pixels.
 *
 * The scanner is a state across the frames of a scan: a code seen only at
 * full size is looked for there first on the next frame, and a code
 * located but not read is given to ZBar sharpened on the next (blur is
 * what most often keeps it from reading). bench/bench-qr.c prints the
 * figures, beside ZBar's defaults and zxing-cpp.
 *
 * Without settings->locate, the fixed whole-frame passes of earlier
 * versions: ZBar over the frame at half or full size, at the densities set.
 *
 * A scanner is used by one thread at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-qr-scanner"

#include "lt-qr-scanner.h"
#include "lt-qr-locate.h"

#include <math.h>
#include <string.h>
#include <zbar.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (zbar_image_scanner_t, zbar_image_scanner_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (zbar_image_t, zbar_image_destroy)

/* "Y800" */
#define FOURCC_Y800 0x30303859

struct _LtQrScanner {
  LtQrScanSettings      settings;
  zbar_image_scanner_t *zbar;
  guint8               *scratch; /* the cropped or scaled frame */
  gsize                 scratch_size;
  guint                 n_frames;
  int                   density; /* as set in ZBar; 0: not yet */
  LtQrLocator          *locator;
  guint8               *half; /* the frame at half size */
  gsize                 half_size;
  gboolean              seen_small; /* last frame's code seen at full size only */
  guint                 misses;     /* frames a code was located, not read */
};

void
lt_qr_scan_settings_init (LtQrScanSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->qr_only = TRUE;
  settings->density_x = 1;
  settings->density_y = 1;
  settings->scale = 2;
  settings->roi_percent = 100;
  settings->full_every = 3;
  settings->full_density = 2;
  settings->locate = TRUE;
}

LtQrScanner *
lt_qr_scanner_new (const LtQrScanSettings *settings)
{
  LtQrScanner *scanner;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (settings->scale == 1 || settings->scale == 2, NULL);
  g_return_val_if_fail (settings->roi_percent >= 10 && settings->roi_percent <= 100, NULL);

  scanner = g_new0 (LtQrScanner, 1);
  scanner->settings = *settings;
  scanner->zbar = zbar_image_scanner_create ();
  if (settings->qr_only) {
    zbar_image_scanner_set_config (scanner->zbar, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config (scanner->zbar, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  }
  scanner->locator = lt_qr_locator_new ();
  return scanner;
}

void
lt_qr_scanner_free (LtQrScanner *scanner)
{
  if (scanner == NULL)
    return;
  zbar_image_scanner_destroy (scanner->zbar);
  lt_qr_locator_free (scanner->locator);
  g_free (scanner->half);
  g_free (scanner->scratch);
  g_free (scanner);
}

static void
set_density (LtQrScanner *scanner,
             guint        x,
             guint        y)
{
  /* 0 leaves ZBar's default (1) alone; one key packs both. */
  int key = (int)(x * 1000 + y);

  if (scanner->density == key)
    return;
  scanner->density = key;
  zbar_image_scanner_set_config (scanner->zbar, ZBAR_NONE, ZBAR_CFG_X_DENSITY, x > 0 ? (int)x : 1);
  zbar_image_scanner_set_config (scanner->zbar, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, y > 0 ? (int)y : 1);
}

static guint8 *
scratch (LtQrScanner *scanner,
         gsize        size)
{
  if (scanner->scratch_size < size) {
    g_free (scanner->scratch);
    scanner->scratch = g_malloc (size);
    scanner->scratch_size = size;
  }
  return scanner->scratch;
}

/* The text of the first QR code ZBar finds in the grey w x h picture
 * (rows of w bytes), or NULL. Codes that are not UTF-8 text cannot be
 * passes and are ignored. */
static char *
zbar_decode (LtQrScanner  *scanner,
             const guint8 *data,
             guint         w,
             guint         h)
{
  g_autoptr (zbar_image_t) image = NULL;
  const zbar_symbol_t *symbol;

  if (w == 0 || h == 0)
    return NULL;
  image = zbar_image_create ();
  zbar_image_set_format (image, FOURCC_Y800);
  zbar_image_set_size (image, w, h);
  zbar_image_set_data (image, data, (unsigned long)w * h, NULL);
  if (zbar_scan_image (scanner->zbar, image) <= 0)
    return NULL;

  for (symbol = zbar_image_first_symbol (image); symbol != NULL; symbol = zbar_symbol_next (symbol)) {
    const char  *text = zbar_symbol_get_data (symbol);
    unsigned int len = zbar_symbol_get_data_length (symbol);

    if (zbar_symbol_get_type (symbol) != ZBAR_QRCODE || text == NULL || len == 0)
      continue;
    if (memchr (text, '\0', len) != NULL || !g_utf8_validate (text, len, NULL))
      continue;
    return g_strndup (text, len);
  }
  return NULL;
}

/* The whole frame (its centred region of interest), at full or half size. */
static char *
scan_whole (LtQrScanner  *scanner,
            const guint8 *luma,
            guint         width,
            guint         height,
            guint         stride,
            guint         scale)
{
  const LtQrScanSettings *s = &scanner->settings;
  const guint8           *data = luma;
  guint                   w, h, x0, y0;

  w = MAX (1, width * s->roi_percent / 100);
  h = MAX (1, height * s->roi_percent / 100);
  x0 = (width - w) / 2;
  y0 = (height - h) / 2;

  if (scale == 2) {
    guint8 *out;

    w /= 2;
    h /= 2;
    out = scratch (scanner, (gsize)w * h);
    for (guint y = 0; y < h; y++) {
      const guint8 *a = luma + (gsize)(y0 + 2 * y) * stride + x0;
      const guint8 *b = a + stride;
      guint8       *o = out + (gsize)y * w;

      for (guint x = 0; x < w; x++)
        o[x] = (guint8)((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) / 4);
    }
    data = out;
  } else if (x0 != 0 || y0 != 0 || stride != width) {
    guint8 *out = scratch (scanner, (gsize)w * h);

    for (guint y = 0; y < h; y++)
      memcpy (out + (gsize)y * w, luma + (gsize)(y0 + y) * stride + x0, w);
    data = out;
  }
  return zbar_decode (scanner, data, w, h);
}

static char *
scan_fixed (LtQrScanner  *scanner,
            const guint8 *luma,
            guint         width,
            guint         height,
            guint         stride)
{
  const LtQrScanSettings *s = &scanner->settings;
  guint                   scale = s->scale;

  if (scale == 2 && s->full_every > 0 && scanner->n_frames % s->full_every == 0) {
    scale = 1;
    set_density (scanner, s->full_density, s->full_density);
  } else {
    set_density (scanner, s->density_x, s->density_y);
  }
  return scan_whole (scanner, luma, width, height, stride, scale);
}

/* What ZBar is given of a located code: upright, UPRIGHT_MODULE pixels
 * a module. ZBar reads such a picture well, and it is small. */
#define UPRIGHT_MODULE 2.6

/* How a code located but not read is given to ZBar on the next frames. */
typedef enum {
  RETRY_PLAIN, /* from the half-size frame if its modules are big enough */
  RETRY_SHARP, /* from the full-size frame, sharpened (blur) */
  N_RETRIES,
} Retry;

static LtQrCode
code_scaled (const LtQrCode *code,
             double          k)
{
  LtQrCode    c = *code;
  LtQrFinder *f[] = { &c.tl, &c.tr, &c.bl };

  for (guint i = 0; i < 3; i++) {
    f[i]->x *= k;
    f[i]->y *= k;
    f[i]->module *= k;
  }
  return c;
}

/* Codes located (in full-frame pixels), resampled upright as retry says. */
static char *
decode_codes (LtQrScanner     *scanner,
              const LtQrCode  *codes,
              guint            n_codes,
              const LtQrPlane *full,
              const LtQrPlane *half,
              Retry            retry)
{
  set_density (scanner, 1, 1);
  for (guint i = 0; i < n_codes; i++) {
    LtQrCode           code = codes[i];
    double             module = (code.tl.module + code.tr.module + code.bl.module) / 3;
    gboolean           from_half = retry == RETRY_PLAIN && module >= 2 * UPRIGHT_MODULE * 0.9;
    g_autofree guint8 *upright = NULL;
    char              *text;
    guint              w, h;

    if (from_half)
      code = code_scaled (&code, 0.5);
    upright = lt_qr_code_upright (&code, from_half ? half : full,
                                  UPRIGHT_MODULE, 0.04, &w, &h);
    if (retry == RETRY_SHARP)
      lt_qr_sharpen (upright, w, h);
    text = zbar_decode (scanner, upright, w, h);
    if (text != NULL)
      return text;
  }
  return NULL;
}

/* Below this many full-size pixels a module, a code located in the half
 * frame is looked for in the full frame first, and decoded from there:
 * the half frame shows small modules too coarsely, and false finders of
 * that size crowd it (what it showed is still tried if the full frame
 * shows nothing else). */
#define SMALL_MODULE 5.0

static double
code_module (const LtQrCode *code)
{
  return (code->tl.module + code->tr.module + code->bl.module) / 3;
}

/* Drops the codes whose top-left finder is where one tried lies. */
static guint
untried (LtQrCode       *codes,
         guint           n_codes,
         const LtQrCode *tried,
         guint           n_tried)
{
  guint kept = 0;

  for (guint i = 0; i < n_codes; i++) {
    gboolean seen = FALSE;

    for (guint j = 0; j < n_tried && !seen; j++)
      seen = fabs (codes[i].tl.x - tried[j].tl.x) < 3 * code_module (&tried[j]) && fabs (codes[i].tl.y - tried[j].tl.y) < 3 * code_module (&tried[j]);
    if (!seen)
      codes[kept++] = codes[i];
  }
  return kept;
}

/* Finder triples in one pass, in full-frame pixels. */
static guint
locate (LtQrScanner     *scanner,
        const LtQrPlane *plane,
        gboolean         at_full,
        LtQrCode        *codes,
        guint            max_codes)
{
  LtQrFinder finders[12];
  guint      n, n_codes;

  /* Every other row of the half frame, every fourth of the full one:
   * two or more rows cross a finder's 3-module centre at 3 px a module
   * (bench-qr decodes no more with more rows). */
  n = lt_qr_locator_find (scanner->locator, plane, at_full, at_full ? 4 : 2,
                          finders, G_N_ELEMENTS (finders));
  n_codes = lt_qr_locator_codes (finders, n, codes, max_codes);
  for (guint i = 0; i < n_codes; i++)
    codes[i] = code_scaled (&codes[i], at_full ? 1 : 2);
  return n_codes;
}

/* The scanner remembers what the last frames showed: a code seen only at
 * full size (small modules) is looked for at full size first; a code
 * located but not read is given to ZBar another way on the next frame. */
static char *
scan_located (LtQrScanner  *scanner,
              const guint8 *luma,
              guint         width,
              guint         height,
              guint         stride)
{
  LtQrPlane full = { luma, width, height, stride }, half;
  gsize     half_size = (gsize)(width / 2) * (height / 2);
  Retry     retry = (Retry)(scanner->misses % N_RETRIES);
  LtQrCode  coarse[2], codes[2];
  guint     n_coarse = 0, n_codes = 0;
  char     *text = NULL;

  /* Smaller than the smallest code with its quiet zone at 1 px a module. */
  if (width < 29 || height < 29)
    return NULL;
  if (scanner->half_size < half_size) {
    g_free (scanner->half);
    scanner->half = g_malloc (half_size);
    scanner->half_size = half_size;
  }
  lt_qr_plane_halve (&full, scanner->half, &half);
  lt_qr_locator_prepare (scanner->locator, &half);

  if (!scanner->seen_small) {
    n_coarse = locate (scanner, &half, FALSE, coarse, G_N_ELEMENTS (coarse));
    /* Big modules: the half frame showed them well enough. */
    if (n_coarse > 0 && code_module (&coarse[0]) >= SMALL_MODULE) {
      text = decode_codes (scanner, coarse, n_coarse, &full, &half, retry);
      scanner->misses = text != NULL ? 0 : scanner->misses + 1;
      return text;
    }
  }
  /* Small modules, or nothing seen: the full frame, and what the half
   * one showed if the full one shows nothing else. */
  n_codes = locate (scanner, &full, TRUE, codes, G_N_ELEMENTS (codes));
  if (n_codes > 0)
    text = decode_codes (scanner, codes, n_codes, &full, &half, retry);
  n_coarse = untried (coarse, n_coarse, codes, n_codes);
  if (text == NULL && n_coarse > 0)
    text = decode_codes (scanner, coarse, n_coarse, &full, &half, retry);
  if (text == NULL && n_codes == 0 && scanner->seen_small) {
    /* Was small: perhaps it came nearer. */
    n_coarse = locate (scanner, &half, FALSE, coarse, G_N_ELEMENTS (coarse));
    if (n_coarse > 0)
      text = decode_codes (scanner, coarse, n_coarse, &full, &half, retry);
  }
  scanner->seen_small = n_codes > 0;
  scanner->misses = text != NULL || (n_codes == 0 && n_coarse == 0) ? 0 : scanner->misses + 1;
  return text;
}

/* Returns the text of the first QR code in the frame, or NULL. */
char *
lt_qr_scanner_scan (LtQrScanner  *scanner,
                    const guint8 *luma,
                    guint         width,
                    guint         height,
                    guint         stride)
{
  g_return_val_if_fail (scanner != NULL, NULL);
  g_return_val_if_fail (luma != NULL, NULL);
  g_return_val_if_fail (stride >= width, NULL);

  scanner->n_frames++;
  if (width == 0 || height == 0)
    return NULL;
  if (scanner->settings.locate)
    return scan_located (scanner, luma, width, height, stride);
  return scan_fixed (scanner, luma, width, height, stride);
}
