/* lt-zxing.h: zxing-cpp as a reference decoder for bench-qr only; never
 * linked into Lintel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* The text of the first QR code zxing-cpp finds in the grey frame, with
 * its default hints (try harder, rotations) and QR codes only; NULL if
 * none. Free with free(). */
char *lt_zxing_decode (const unsigned char *grey,
                       int                  width,
                       int                  height,
                       int                  stride);

#ifdef __cplusplus
}
#endif
