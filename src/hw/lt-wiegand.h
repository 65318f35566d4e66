/* lt-wiegand.h: Wiegand frames assembled from pulses and decoded to cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LT_WIEGAND_ERROR (lt_wiegand_error_quark ())
GQuark lt_wiegand_error_quark (void);

typedef enum {
  LT_WIEGAND_ERROR_PARITY,
  LT_WIEGAND_ERROR_LENGTH,
} LtWiegandError;

#define LT_WIEGAND_MAX_BITS 64
/* Frames shorter than this are line noise, not a card. */
#define LT_WIEGAND_MIN_BITS 4
/* What readers leave between frames is tens of milliseconds; bits within a
 * frame come every 1-2 ms. */
#define LT_WIEGAND_DEFAULT_GAP_US 20000

typedef struct {
  guint8   bits[LT_WIEGAND_MAX_BITS];
  guint    n_bits;
  gboolean overflow;          /* more than LT_WIEGAND_MAX_BITS arrived */
} LtWiegandFrame;

typedef struct _LtWiegand LtWiegand;

gboolean   lt_wiegand_decode         (const guint8         *bits,
                                      guint                 n_bits,
                                      char                **card,
                                      GError              **error);
gboolean   lt_wiegand_decode_frame   (const LtWiegandFrame *frame,
                                      char                **card,
                                      GError              **error);
char      *lt_wiegand_encode         (guint                 format,
                                      guint                 facility,
                                      guint                 number);
gboolean   lt_wiegand_frame_is_noise (const LtWiegandFrame *frame);

LtWiegand *lt_wiegand_new            (guint                 gap_us);
void       lt_wiegand_free           (LtWiegand            *w);
gboolean   lt_wiegand_push           (LtWiegand            *w,
                                      guint                 bit,
                                      guint64               timestamp_ns,
                                      LtWiegandFrame       *completed);
gboolean   lt_wiegand_flush          (LtWiegand            *w,
                                      LtWiegandFrame       *completed);
gboolean   lt_wiegand_pending        (LtWiegand            *w);
guint64    lt_wiegand_last_ns        (LtWiegand            *w);
guint      lt_wiegand_gap_us         (LtWiegand            *w);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LtWiegand, lt_wiegand_free)

G_END_DECLS
