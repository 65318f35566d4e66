#!/bin/sh
# Every source file with a translatable string is listed in po/POTFILES.in,
# and every listed file exists.
set -eu
top=$1
cd "$top"
status=0
for file in $(grep -rlE '(^|[^A-Za-z0-9_])N?_ ?\("' src --include='*.c' | sort); do
  if ! grep -qx "$file" po/POTFILES.in; then
    echo "$file has translatable strings but is not in po/POTFILES.in" >&2
    status=1
  fi
done
for ui in $(find ui -name '*.ui' 2>/dev/null | sort); do
  if grep -q 'translatable="yes"' "$ui" && ! grep -qx "$ui" po/POTFILES.in; then
    echo "$ui has translatable strings but is not in po/POTFILES.in" >&2
    status=1
  fi
done
for file in $(grep -v '^#' po/POTFILES.in); do
  [ -f "$file" ] || { echo "po/POTFILES.in lists $file, which does not exist" >&2; status=1; }
done
exit $status
