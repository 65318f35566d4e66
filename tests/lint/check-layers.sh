#!/bin/sh
# The core, the hardware layer and the engine stay GTK-free (STYLE.md:
# "a stray #include <gtk/gtk.h> here must fail the build"), core/ never
# reaches up into hw/, and the views never touch the store: no file under
# src/app includes the store's or the passes' header (they get their data
# from the engine host's queries).
set -eu
src=$1
status=0
if grep -rnE '#include *[<"](gtk|gdk|adwaita)/' "$src/core" "$src/hw" "$src/engine"; then
  echo "GTK included below src/app: keep core, hw and engine GTK-free" >&2
  status=1
fi
# The face engine: GLib, json-glib, OpenBLAS and libm only.
if grep -rnE '#include *[<"](gtk|gdk|adwaita|gst)/' "$src/face"; then
  echo "GTK or GStreamer included in src/face: the face engine works on pictures in memory" >&2
  status=1
fi
for header in $(ls "$src/hw" "$src/engine" | grep '\.h$'); do
  if grep -rn "#include \"$header\"" "$src/core"; then
    echo "src/core includes $header: core must not depend on hw or engine" >&2
    status=1
  fi
done
if grep -rnE '#include *[<"](lt-store|lt-store-private|lt-pass)\.h[>"]' "$src/app"; then
  echo "src/app includes the store or pass header: views get data through the engine host (lt-host.h)" >&2
  status=1
fi
# Nor through another header: follow every quoted include of every view
# through the headers of src/ and fail if the store or pass header is among
# them.
headers_of () {
  sed -n 's/^#include *"\([^"]*\)".*/\1/p' "$1"
}
find_header () {
  for dir in "$src"/*/; do
    if [ -f "$dir$1" ]; then
      echo "$dir$1"
      return 0
    fi
  done
  return 0
}
for view in "$src"/app/*.c "$src"/app/*.h; do
  [ -f "$view" ] || continue
  seen=" "
  pending=$(headers_of "$view")
  while [ -n "$pending" ]; do
    next=""
    for h in $pending; do
      case "$seen" in *" $h "*) continue ;; esac
      seen="$seen$h "
      case "$h" in
        lt-store.h|lt-store-private.h|lt-pass.h)
          echo "$view reaches $h through its includes: views get data through the engine host (lt-host.h)" >&2
          status=1 ;;
      esac
      path=$(find_header "$h")
      if [ -n "$path" ]; then
        next="$next $(headers_of "$path")"
      fi
    done
    pending=$next
  done
done
exit $status
