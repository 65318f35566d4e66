/* lt-reader.h: the staff screens' queries, on a reading connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lt-host-types.h"
#include "lt-pass.h"

G_BEGIN_DECLS

#define LT_TYPE_READER (lt_reader_get_type ())
G_DECLARE_FINAL_TYPE (LtReader, lt_reader, LT, READER, GObject)

LtReader *lt_reader_new           (const char *database);
void      lt_reader_list_events   (LtReader   *self,
                                   GTask      *task,
                                   gint64      since_us,
                                   guint       limit);
void      lt_reader_list_passes   (LtReader   *self,
                                   GTask      *task);
void      lt_reader_list_pass_history (LtReader *self,
                                       GTask    *task,
                                       guint     limit);
void      lt_reader_unit_exists   (LtReader   *self,
                                   GTask      *task,
                                   const char *unit);
void      lt_reader_check_storage (LtReader   *self,
                                   GTask      *task);
void      lt_reader_pin_wait      (LtReader   *self,
                                   GTask      *task,
                                   const char *door,
                                   const char *reader,
                                   const char *unit);

LtPassInfo *lt_pass_info_new_for_pass (const LtPass *pass);

G_END_DECLS
