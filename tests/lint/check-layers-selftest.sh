#!/bin/sh
# check-layers.sh must fail on a tree that breaks each of its rules, and
# pass on a clean one: a check that cannot fail checks nothing.
set -eu
check=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tree() {
  rm -rf "$work/src"
  mkdir -p "$work/src/core" "$work/src/hw" "$work/src/engine" "$work/src/app"
  echo '#include "lt-config.h"' > "$work/src/core/lt-x.c"
  echo '#include "lt-door.h"' > "$work/src/hw/lt-door.c"
  touch "$work/src/hw/lt-door.h"
  echo '#include "lt-host.h"' > "$work/src/engine/lt-y.c"
  printf '#include <gtk/gtk.h>\n#include "lt-host.h"\n' > "$work/src/app/lt-view.c"
}

expect() {
  want=$1; what=$2
  if sh "$check" "$work/src" >/dev/null 2>&1; then got=0; else got=1; fi
  if [ "$got" != "$want" ]; then
    echo "check-layers.sh: expected exit $want for $what, got $got" >&2
    exit 1
  fi
}

tree; expect 0 "a clean tree"
tree; echo '#include "lt-store.h"' >> "$work/src/app/lt-view.c"; expect 1 "a view including lt-store.h"
tree; echo '#include "lt-pass.h"' >> "$work/src/app/lt-view.c"; expect 1 "a view including lt-pass.h"
tree; echo '#include "lt-z.h"' >> "$work/src/app/lt-view.c"; echo '#include "lt-store.h"' > "$work/src/engine/lt-z.h"
expect 1 "a view reaching lt-store.h through another header"
tree; echo '#include <gtk/gtk.h>' >> "$work/src/engine/lt-y.c"; expect 1 "GTK in the engine"
tree; echo '#include "lt-door.h"' >> "$work/src/core/lt-x.c"; expect 1 "core including hw"
echo "check-layers.sh fails on each broken rule and passes a clean tree"
