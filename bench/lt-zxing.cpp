/* lt-zxing.cpp: zxing-cpp as a reference decoder for bench-qr only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define ZX_USE_UTF8 1

#include "lt-zxing.h"

#include <ReadBarcode.h>
#include <cstdlib>
#include <cstring>

extern "C" char *
lt_zxing_decode (const unsigned char *grey,
                 int                  width,
                 int                  height,
                 int                  stride)
{
  ZXing::ImageView view (grey, width, height, ZXing::ImageFormat::Lum, stride);
  ZXing::DecodeHints hints;

  hints.setFormats (ZXing::BarcodeFormat::QRCode);
  ZXing::Result result = ZXing::ReadBarcode (view, hints);
  if (!result.isValid ())
    return nullptr;
  return strdup (result.text ().c_str ());
}
