/* lt-evdev-reader.h: USB keyboard-wedge card readers read through evdev
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lt-config.h"  /* LtWedgeFormat */
#include <linux/input.h>

G_BEGIN_DECLS

#define LT_EVDEV_READER_ERROR (lt_evdev_reader_error_quark ())
GQuark lt_evdev_reader_error_quark (void);

typedef enum {
  LT_EVDEV_READER_ERROR_OPEN,
  LT_EVDEV_READER_ERROR_GRAB,
  LT_EVDEV_READER_ERROR_MALFORMED,
} LtEvdevReaderError;


#define LT_KEY_DECODER_MAX_CHARS 32

/* Turns key presses into lines; plain data, initialise with
 * lt_key_decoder_init(). */
typedef struct {
  char     text[LT_KEY_DECODER_MAX_CHARS + 1];
  guint    len;
  gboolean garbage;    /* the current line can no longer be a card */
  guint    n_garbage;  /* lines thrown away at Enter, ever */
  gboolean dropping;   /* after SYN_DROPPED, until the next SYN_REPORT */
} LtKeyDecoder;

void  lt_key_decoder_init  (LtKeyDecoder             *d);
void  lt_key_decoder_reset (LtKeyDecoder             *d);
char *lt_key_decoder_feed  (LtKeyDecoder             *d,
                            const struct input_event *ev);

#define LT_TYPE_EVDEV_READER (lt_evdev_reader_get_type ())
G_DECLARE_FINAL_TYPE (LtEvdevReader, lt_evdev_reader, LT, EVDEV_READER, GObject)

LtEvdevReader *lt_evdev_reader_new           (const char     *path,
                                              LtWedgeFormat   format,
                                              guint           max_per_minute);
LtEvdevReader *lt_evdev_reader_new_for_fd    (int             fd,
                                              LtWedgeFormat   format,
                                              guint           max_per_minute);
gboolean       lt_evdev_reader_start         (LtEvdevReader  *self,
                                              GError        **error);
void           lt_evdev_reader_stop          (LtEvdevReader  *self);
gboolean       lt_evdev_reader_get_connected (LtEvdevReader  *self);
const char    *lt_evdev_reader_get_path      (LtEvdevReader  *self);

char          *lt_evdev_reader_to_card       (const char     *text,
                                              LtWedgeFormat   format,
                                              GError        **error);

G_END_DECLS
