/* lt-host-wire.h: LtHost's typed values as D-Bus values, and back
 *
 * Shared by the exporter (engine side) and LtRemoteHost (kiosk side) so
 * that the two ends agree by construction. Each *_to_variant returns a
 * floating GVariant of the signature named beside it, as used in
 * lt-host-dbus.xml; each *_from_variant makes a new value its caller owns.
 * D-Bus has no maybe type: a string that may be NULL travels as "", and
 * "" comes back as NULL (no field gives "" a meaning of its own).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lt-event.h"
#include "lt-host.h"

G_BEGIN_DECLS

#define LT_WIRE_DECISION    "(ubuxusxuxuu)"
#define LT_WIRE_STAFF_REPLY "(uxusu)"
#define LT_WIRE_PASS_INFO   "(xssxxuusxb)"
#define LT_WIRE_ISSUED_PASS "(" LT_WIRE_PASS_INFO "s)"
#define LT_WIRE_PASS_REQUEST "(qsxxuxss)"
#define LT_WIRE_EVENT       "(xxussusxsxssu)"
#define LT_WIRE_STORAGE     "(sxx)"
/* issue 11: residents at the terminal */
#define LT_WIRE_SESSION     "(sssbbbxs)"
#define LT_WIRE_NOTICE      "(sss)"
#define LT_WIRE_ENTRY       "(xsbs)"
#define LT_WIRE_RESIDENT_DATA "(sssbubxsxa" LT_WIRE_ENTRY ")"

GVariant        *lt_wire_decision_to_variant     (const LtHostDecision  *decision);
LtHostDecision  *lt_wire_decision_from_variant   (GVariant              *value);
GVariant        *lt_wire_staff_reply_to_variant  (const LtStaffReply    *reply);
LtStaffReply    *lt_wire_staff_reply_from_variant (GVariant             *value);
GVariant        *lt_wire_pass_info_to_variant    (const LtPassInfo      *info);
LtPassInfo      *lt_wire_pass_info_from_variant  (GVariant              *value);
GVariant        *lt_wire_issued_pass_to_variant  (const LtIssuedPass    *pass);
LtIssuedPass    *lt_wire_issued_pass_from_variant (GVariant             *value);
GVariant        *lt_wire_pass_request_to_variant (const LtPassRequest   *request);
/* The strings point into @value, which must outlive @request. */
void             lt_wire_pass_request_from_variant (GVariant            *value,
                                                    LtPassRequest       *request);
GVariant        *lt_wire_event_to_variant        (const LtEvent         *event);
LtEvent         *lt_wire_event_from_variant      (GVariant              *value);
GVariant        *lt_wire_storage_to_variant      (const LtStorageStatus *status);
LtStorageStatus *lt_wire_storage_from_variant    (GVariant              *value);

GVariant          *lt_wire_session_to_variant       (const LtResidentSession *session);
LtResidentSession *lt_wire_session_from_variant     (GVariant                *value);
GVariant          *lt_wire_notice_to_variant        (const LtNoticeText      *notice);
LtNoticeText      *lt_wire_notice_from_variant      (GVariant                *value);
GVariant          *lt_wire_resident_data_to_variant (const LtResidentData    *data);
LtResidentData    *lt_wire_resident_data_from_variant (GVariant              *value);

/* "" for NULL, and back. */
const char      *lt_wire_nonnull                 (const char            *text);
const char      *lt_wire_nullable                (const char            *text);

G_END_DECLS
