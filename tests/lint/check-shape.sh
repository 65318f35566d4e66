#!/bin/sh
# Long files and long functions are where boundaries blur: no C file under
# src/ over 800 lines, no function over 80 lines (body, between the braces
# that open and close it in column 0, as the project's style writes them).
set -u
src=${1:?usage: check-shape.sh SRCDIR}
status=0
for f in $(find "$src" -name '*.[ch]' | sort); do
  n=$(wc -l < "$f")
  if [ "$n" -gt 800 ]; then
    echo "$f: $n lines (at most 800: split it along a seam)"
    status=1
  fi
  awk -v file="$f" '
    /^[A-Za-z_][A-Za-z0-9_]* *\(/ && !/;/ { name = $1 }
    /^\{/ { start = NR; inside = 1; next }
    /^\}/ && inside {
      len = NR - start - 1
      if (len > 80) { printf "%s:%d: %s is %d lines (at most 80: split it into named steps)\n", file, start, name, len; bad = 1 }
      inside = 0
    }
    END { exit bad }' "$f" || status=1
done
exit $status
