#!/bin/sh
# Every .ui template must be valid GtkBuilder XML for this GTK: unknown
# properties, signals or object types fail here rather than at run time.
# gtk4-builder-tool knows GTK's types only, so each of Lintel's own widgets
# (G_DECLARE_FINAL_TYPE (LtX, …, GtkWidget) in src/app) is validated as a
# plain GtkBox, with the GTK properties it is given. Needs a display: run
# it under tests/app/run-xvfb.sh.
set -eu
top=$1
tool=${GTK4_BUILDER_TOOL:-gtk4-builder-tool}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

script="$work/own-types.sed"
: > "$script"
grep -h 'G_DECLARE_FINAL_TYPE (Lt[A-Za-z]*, [a-z_]*, LT, [A-Z_]*, GtkWidget)' "$top"/src/app/*.h |
  sed 's/.*G_DECLARE_FINAL_TYPE (\(Lt[A-Za-z]*\),.*/s|<object class="\1"|<object class="GtkBox"|/' >> "$script"
# Templates whose parent is one of Lintel's base widgets are checked as
# GtkWidget's children.
grep -h 'G_DECLARE_DERIVABLE_TYPE (Lt[A-Za-z]*, [a-z_]*, LT, [A-Z_]*, GtkWidget)' "$top"/src/app/*.h |
  sed 's/.*G_DECLARE_DERIVABLE_TYPE (\(Lt[A-Za-z]*\),.*/s|parent="\1"|parent="GtkWidget"|/' >> "$script"

status=0
n=0
for ui in "$top"/ui/*.ui; do
  n=$((n + 1))
  copy="$work/$(basename "$ui")"
  sed -f "$script" "$ui" > "$copy"
  if ! "$tool" validate "$copy" 2>"$work/err"; then
    grep -v 'Unable to acquire session bus' "$work/err" >&2 || true
    echo "$ui is not a valid GtkBuilder file" >&2
    status=1
  fi
done
[ "$n" -gt 0 ] || { echo "no .ui files found under $top/ui" >&2; exit 1; }
echo "$n .ui files checked"
exit $status
