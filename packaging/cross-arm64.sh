#!/usr/bin/env bash
# packaging/cross-arm64.sh: builds Lintel for arm64 in an extracted Debian 12
# sysroot and runs its test suite under qemu-aarch64-static (no binfmt_misc
# needed), then builds the arm64 .deb files into build-arm64-deb/.
#
# The sysroot is `mmdebstrap --variant=extract --arch=arm64` of the -dev
# packages: no maintainer scripts, no emulation, no multiarch clash with the
# host's packages. It is cached as a tarball under $LINTEL_CACHE (default
# /var/cache/lintel-ci), keyed by the package list.
#
# Usage: packaging/cross-arm64.sh [--no-test]
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${LINTEL_CACHE:-/var/cache/lintel-ci}
build="$top/build-arm64"
sysroot="$top/build-arm64-sysroot"
run_tests=1
for arg in "$@"; do
  case "$arg" in
    --no-test) run_tests=0 ;;
    *) echo "usage: packaging/cross-arm64.sh [--no-test]" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Host tools: the cross compiler, qemu's user mode, mmdebstrap.
. "$top/packaging/host-packages.sh"
ensure_host_packages mmdebstrap gcc-aarch64-linux-gnu qemu-user-static meson ninja-build pkg-config gettext libglib2.0-dev-bin xvfb xauth dbus sqlite3 socat

# Everything the build, the tests and the packages link against, for arm64.
packages=(
  libc6-dev libglib2.0-dev libjson-glib-dev libsqlite3-dev libsodium-dev libgpiod-dev
  libqrencode-dev libpng-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good libzbar-dev libgtk-4-dev libsystemd-dev
  libopenblas-dev libjpeg62-turbo-dev
  tzdata libc-bin base-passwd
)
mirrors=(
  "deb http://deb.debian.org/debian bookworm main"
  "deb http://deb.debian.org/debian bookworm-updates main"
  "deb http://deb.debian.org/debian-security bookworm-security main"
)

key=$(printf '%s\n' "${packages[@]}" "${mirrors[@]}" | sha256sum | cut -c1-16)
tarball="$cache/arm64-sysroot-$key.tar"

make_sysroot() {
  mkdir -p "$cache"
  if [ ! -f "$tarball" ]; then
    say "Making the arm64 sysroot (mmdebstrap --variant=extract)"
    local include
    include=$(IFS=,; echo "${packages[*]}")
    mmdebstrap --variant=extract --arch=arm64 --mode=root --format=tar --include="$include" \
      bookworm "$tarball.tmp" "${mirrors[@]}"
    mv "$tarball.tmp" "$tarball"
  fi
  if [ ! -f "$sysroot/.key" ] || [ "$(cat "$sysroot/.key")" != "$key" ]; then
    say "Extracting the arm64 sysroot into $sysroot"
    rm -rf "$sysroot" && mkdir -p "$sysroot"
    tar -C "$sysroot" -xf "$tarball"
    echo "$key" > "$sysroot/.key"
  fi
  link_alternatives
}

# An extracted sysroot runs no maintainer scripts, so the links
# update-alternatives would make are missing: OpenBLAS's library, BLAS,
# LAPACK and openblas.pc live only under openblas-pthread/. Make the links
# the postinst would make (relative, inside the sysroot), or neither the
# build (pkg-config) nor qemu's loader (-L SYSROOT) finds them.
link_alternatives() {
  local lib="$sysroot/usr/lib/aarch64-linux-gnu" f
  [ -d "$lib/openblas-pthread" ] || return 0
  for f in libopenblas.so.0 libopenblas.so libblas.so.3 libblas.so liblapack.so.3 liblapack.so; do
    [ -e "$lib/openblas-pthread/$f" ] && ln -sfn "openblas-pthread/$f" "$lib/$f"
  done
  for f in blas lapack; do
    [ -e "$lib/openblas-pthread/pkgconfig/$f-openblas.pc" ] &&
      ln -sfn "../openblas-pthread/pkgconfig/$f-openblas.pc" "$lib/pkgconfig/$f.pc"
  done
  ln -sfn ../openblas-pthread/pkgconfig/openblas.pc "$lib/pkgconfig/openblas.pc"
}

configure() {
  mkdir -p "$build"
  printf "[constants]\nsysroot = '%s'\n" "$sysroot" > "$sysroot/cross.ini"
  if [ -f "$build/build.ninja" ]; then
    meson configure "$build" -Dwerror=true >/dev/null
  else
    meson setup "$build" "$top" --cross-file "$sysroot/cross.ini" --cross-file "$top/packaging/cross/arm64.ini" \
      -Dwerror=true
  fi
}

make_sysroot
say "Building for arm64 in $build"
start=$(date +%s)
configure
ninja -C "$build"
say "arm64 build: $(( $(date +%s) - start )) s"

status=0
if [ "$run_tests" = 1 ]; then
  say "Running the test suite under qemu-aarch64-static"
  start=$(date +%s)
  # GStreamer's registry scan would fork an arm64 helper qemu cannot exec.
  GST_REGISTRY_FORK=no LINTEL_EMULATED=qemu-user \
    meson test -C "$build" --print-errorlogs --num-processes "$(nproc)" --timeout-multiplier 4 || status=$?
  say "arm64 tests: $(( $(date +%s) - start )) s"
fi

# The arm64 packages: dpkg-buildpackage -aarm64 from a copy of the tree, with
# the same cross files; library dependencies as computed for the native
# build of the same binaries.
say "Building the arm64 Debian packages"
start=$(date +%s)
[ -x "$top/build/src/lintel" ] || "$top/packaging/dev.sh" build
out="$top/build-arm64-deb"
src="$out/lintel-$(sed -n '1s/.*(\(.*\)).*/\1/p' "$top/debian/changelog")"
rm -rf "$out" && mkdir -p "$src"
(cd "$top" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$src")
shlibs=$(cd "$src" && dpkg-shlibdeps -O "$top/build/src/lintel" "$top/build/src/tools/lintelctl" | sed -n 's/^shlibs:Depends=//p')
(cd "$src" && DEB_BUILD_OPTIONS=nocheck LINTEL_SHLIBS_DEPENDS="$shlibs" \
  LINTEL_MESON_CROSS="--cross-file $sysroot/cross.ini --cross-file $top/packaging/cross/arm64.ini" \
  dpkg-buildpackage -aarm64 -b -us -uc -d) || status=$?
ls "$out"/*.deb
say "arm64 packages: $(( $(date +%s) - start )) s"
exit $status
