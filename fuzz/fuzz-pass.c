/* fuzz-pass.c: libFuzzer target for the pass token parser
 *
 *   CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
 *   ninja -C build-fuzz fuzz/fuzz-pass
 *   mkdir -p corpus && build-fuzz/fuzz/fuzz-pass -max_len=512 -dict=fuzz/pass.dict corpus/
 *
 * The parser takes whatever a camera hands over. It must never crash, and
 * nothing the fuzzer makes can carry a signature of a key it does not have.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lt-pass-token.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static LtPassKey *key;
  static LtPassKey *public_key;
  LtPassToken       token;

  if (key == NULL) {
    guint8 seed[LT_PASS_SEED_BYTES] = { 0 };

    key = lt_pass_key_new_from_seed (seed);
    public_key = lt_pass_key_dup_public (key);
  }

  if (lt_pass_token_parse (data, size, public_key, &token) == LT_PASS_PARSE_OK) {
    /* Only a token signed with the all-zero seed gets here (the fuzzer
     * cannot make one); it must then be exactly what encoding gives. */
    char *again = lt_pass_token_encode (&token, key, NULL);

    if (again == NULL || strlen (again) != size || memcmp (again, data, size) != 0)
      abort ();
    g_free (again);
  }
  return 0;
}
