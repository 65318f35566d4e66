/* lt-wiegand-reader.h: a Wiegand card reader on two GPIO input lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lt-line.h"

G_BEGIN_DECLS

#define LT_TYPE_WIEGAND_READER (lt_wiegand_reader_get_type ())
G_DECLARE_FINAL_TYPE (LtWiegandReader, lt_wiegand_reader, LT, WIEGAND_READER, GObject)

LtWiegandReader *lt_wiegand_reader_new (LtLine *d0,
                                        LtLine *d1,
                                        guint   gap_ms);
void             lt_wiegand_reader_set_formats (LtWiegandReader *self,
                                                guint64          formats);

G_END_DECLS
