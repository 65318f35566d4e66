#!/bin/sh
# Every C file is written as the project's .clang-format says. Headers keep
# their hand-aligned GNOME prototype columns, which clang-format cannot
# express, so they are left out. To fix a file: clang-format -i FILE.
set -eu
top=$1
cf=${CLANG_FORMAT:-clang-format}
if ! command -v "$cf" >/dev/null; then
  echo "clang-format not found: install it (packaging/dev.sh deps)" >&2
  exit 1
fi
status=0
for f in $(find "$top/src" "$top/tests" "$top/bench" "$top/fuzz" -name '*.c' | sort); do
  if ! "$cf" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "$f is not formatted: run clang-format -i $f" >&2
    status=1
  fi
done
exit $status
