/* lt-wiegand-reader.c: a Wiegand card reader on two GPIO input lines
 *
 * Each pulse on D0 is a 0 bit, on D1 a 1 bit. Bits are put together by
 * the kernel's edge timestamps, never debounced (a pulse lasts tens of
 * microseconds). A frame ends after a silence of the gap time, or at once
 * when it reaches the longest format Lintel decodes (34 bits), so a 34-bit
 * card does not wait for the gap. Stray single pulses are dropped quietly;
 * frames with bad parity or an unknown length are rejected and reported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lt-wiegand-reader"

#include "lt-wiegand-reader.h"
#include "lt-time.h"
#include "lt-wiegand.h"

struct _LtWiegandReader {
  GObject    parent_instance;
  LtLine    *lines[2];
  gulong     handlers[2];
  LtWiegand *assembler;
  guint      gap_ms;
  guint      n_bits; /* in the frame being assembled */
  GSource   *gap_timer;
  guint64    formats; /* bit N set: N-bit frames accepted */
};

enum {
  CARD,
  REJECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LtWiegandReader, lt_wiegand_reader, G_TYPE_OBJECT)

static void
finish_frame (LtWiegandReader      *self,
              const LtWiegandFrame *frame)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *card = NULL;

  if (lt_wiegand_frame_is_noise (frame))
    return;
  /* A frame ends at the gap only: one longer than any format is one
   * rejected frame, never a card cut from its first bits. */
  if (frame->overflow || frame->n_bits >= 64 || !(self->formats & (G_GUINT64_CONSTANT (1) << frame->n_bits))) {
    g_signal_emit (self, signals[REJECTED], 0, "length");
    return;
  }
  if (lt_wiegand_decode_frame (frame, &card, &error))
    g_signal_emit (self, signals[CARD], 0, card);
  else
    g_signal_emit (self, signals[REJECTED], 0,
                   g_error_matches (error, LT_WIEGAND_ERROR, LT_WIEGAND_ERROR_PARITY) ? "parity" : "length");
}

static gboolean
on_gap (gpointer user_data)
{
  LtWiegandReader *self = LT_WIEGAND_READER (user_data);
  LtWiegandFrame   frame;

  g_clear_pointer (&self->gap_timer, g_source_unref);
  self->n_bits = 0;
  if (lt_wiegand_flush (self->assembler, &frame))
    finish_frame (self, &frame);
  return G_SOURCE_REMOVE;
}

static void
on_edge (LtLine  *line,
         gboolean active,
         guint64  timestamp_ns,
         gpointer user_data)
{
  LtWiegandReader *self = LT_WIEGAND_READER (user_data);
  LtWiegandFrame   frame;
  guint            bit = line == self->lines[1];

  /* A bit is the start of a pulse; its end carries nothing. */
  if (!active)
    return;
  self->n_bits++;
  if (lt_wiegand_push (self->assembler, bit, timestamp_ns, &frame)) {
    /* The gap passed before this pulse: it starts a new frame. */
    self->n_bits = 1;
    finish_frame (self, &frame);
  }

  lt_clear_source (&self->gap_timer);
  self->gap_timer = lt_timeout_source_add (self->gap_ms, on_gap, self);
}

static void
lt_wiegand_reader_dispose (GObject *object)
{
  LtWiegandReader *self = LT_WIEGAND_READER (object);

  lt_clear_source (&self->gap_timer);
  for (guint i = 0; i < 2; i++) {
    if (self->lines[i] != NULL)
      g_clear_signal_handler (&self->handlers[i], self->lines[i]);
    g_clear_object (&self->lines[i]);
  }
  G_OBJECT_CLASS (lt_wiegand_reader_parent_class)->dispose (object);
}

static void
lt_wiegand_reader_finalize (GObject *object)
{
  g_clear_pointer (&LT_WIEGAND_READER (object)->assembler, lt_wiegand_free);
  G_OBJECT_CLASS (lt_wiegand_reader_parent_class)->finalize (object);
}

static void
lt_wiegand_reader_class_init (LtWiegandReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lt_wiegand_reader_dispose;
  object_class->finalize = lt_wiegand_reader_finalize;

  /**
   * LtWiegandReader::card:
   * @card: the normalised identifier ("26:F:N" or "34:F:N")
   */
  signals[CARD] = g_signal_new ("card", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * LtWiegandReader::rejected:
   * @reason: "parity" or "length"
   */
  signals[REJECTED] = g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
lt_wiegand_reader_init (LtWiegandReader *self)
{
}

LtWiegandReader *
lt_wiegand_reader_new (LtLine *d0,
                       LtLine *d1,
                       guint   gap_ms)
{
  LtWiegandReader *self;

  g_return_val_if_fail (LT_IS_LINE (d0), NULL);
  g_return_val_if_fail (LT_IS_LINE (d1), NULL);

  self = g_object_new (LT_TYPE_WIEGAND_READER, NULL);

  self->gap_ms = gap_ms;
  self->formats = (G_GUINT64_CONSTANT (1) << 26) | (G_GUINT64_CONSTANT (1) << 34);
  self->assembler = lt_wiegand_new (gap_ms * 1000);
  self->lines[0] = g_object_ref (d0);
  self->lines[1] = g_object_ref (d1);
  for (guint i = 0; i < 2; i++)
    self->handlers[i] = g_signal_connect (self->lines[i], "edge", G_CALLBACK (on_edge), self);
  return self;
}

/* The frame lengths accepted ([wiegand] formats); 26 and 34 by default. */
void
lt_wiegand_reader_set_formats (LtWiegandReader *self,
                               guint64          formats)
{
  g_return_if_fail (LT_IS_WIEGAND_READER (self));

  self->formats = formats;
}
