#!/usr/bin/env bash
# packaging/system-test.sh: the boot test. Builds the Debian packages, makes
# a Debian 12 image with them (mmdebstrap, no loop mounts), builds gpio-sim
# out of tree for the image's kernel, boots the image under QEMU (TCG) and
# checks the kiosk, the GPIO door cycle, the readers, the camera and the
# watchdog from outside (packaging/systest/check.py).
#
# Caches (between runs) live in $LINTEL_CACHE (default /var/cache/lintel-ci):
# the image's .deb archives and the gpio-sim modules. Work files go to
# build-systest/. Figures (times, sizes) are printed at the end.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${LINTEL_CACHE:-/var/cache/lintel-ci}
work="$top/build-systest"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'system-test: %s\n' "$*" >&2; exit 1; }
now() { date +%s; }

t_start=$(now)
mkdir -p "$cache/apt-archives" "$work"

# Host tools (Debian packages) the test needs.
. "$top/packaging/host-packages.sh"
ensure_host_packages mmdebstrap qemu-system-x86 e2fsprogs python3 linux-source-6.1 make gcc xz-utils

# The kernel: the ABI the archive's linux-image-amd64 points at now, pinned
# for both the image and the headers gpio-sim is built against.
abi=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -n 1)
[ -n "$abi" ] || die "cannot find the kernel ABI linux-image-amd64 depends on"
ensure_host_packages "linux-headers-$abi"

# 1. The packages.
say "Building the Debian packages"
t0=$(now)
"$top/packaging/dev.sh" deb
t_deb=$(( $(now) - t0 ))
debs=("$top"/build-deb/lintel_*_amd64.deb "$top"/build-deb/lintel-kiosk_*_all.deb)

# 2. gpio-sim (not in Debian's kernel), out of tree from linux-source-6.1.
modules="$cache/gpio-sim-$abi"
if [ ! -f "$modules/gpio-sim.ko" ]; then
  say "Building gpio-sim for $abi"
  t0=$(now)
  rm -rf "$work/gpio-sim" && mkdir -p "$work/gpio-sim"
  tar -C "$work/gpio-sim" -xf /usr/src/linux-source-6.1.tar.xz --strip-components=1 --wildcards \
    '*/drivers/gpio/gpio-sim.c' '*/drivers/gpio/gpiolib.h' '*/kernel/irq/irq_sim.c'
  src="$work/gpio-sim/src" && mkdir -p "$src"
  cp "$work/gpio-sim/drivers/gpio/gpio-sim.c" "$work/gpio-sim/drivers/gpio/gpiolib.h" "$src/"
  # irq_to_desc is not exported to modules: dispatch by irq number instead.
  sed 's/handle_simple_irq(irq_to_desc(irqnum))/generic_handle_irq(irqnum)/' \
    "$work/gpio-sim/kernel/irq/irq_sim.c" > "$src/irq_sim.c"
  printf '#include <linux/module.h>\nMODULE_LICENSE("GPL");\n' >> "$src/irq_sim.c"
  grep -q 'generic_handle_irq(irqnum)' "$src/irq_sim.c" || die "irq_sim.c: the expected line was not found"
  echo 'obj-m := irq_sim.o gpio-sim.o' > "$src/Kbuild"
  make -s -C "/usr/src/linux-headers-$abi" M="$src" modules
  mkdir -p "$modules.tmp" && cp "$src/irq_sim.ko" "$src/gpio-sim.ko" "$modules.tmp/"
  rm -rf "$modules" && mv "$modules.tmp" "$modules"
  say "gpio-sim built in $(( $(now) - t0 )) s"
fi

# 3. The image.
say "Making the image (mmdebstrap minbase, bookworm + updates + security)"
t0=$(now)
root="$work/root"
rm -rf "$root" "$work/lintel.img"
guest="$top/packaging/systest/guest"
include="systemd-sysv,udev,dbus,libpam-systemd,kmod,linux-image-$abi,cage,seatd,xwayland,fonts-noto-cjk,perl"
# The local packages are installed with apt inside the chroot (apt's
# temporary links to local .deb files are not visible to a chrooted dpkg).
mmdebstrap --variant=minbase --mode=root --include="$include" \
  --setup-hook="mkdir -p \"\$1/var/cache/apt/archives\"" \
  --setup-hook="sync-in $cache/apt-archives /var/cache/apt/archives" \
  --customize-hook="mkdir -p \"\$1/tmp/lintel-debs\"" \
  --customize-hook="copy-in ${debs[*]} /tmp/lintel-debs" \
  --customize-hook="chroot \"\$1\" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/lintel-debs/*.deb && rm -rf /tmp/lintel-debs'" \
  --customize-hook="sync-out /var/cache/apt/archives $cache/apt-archives" \
  --customize-hook="\"$top/packaging/systest/customize.sh\" \"\$1\" \"$guest\" \"$modules\"" \
  bookworm "$root" \
  "deb http://deb.debian.org/debian bookworm main" \
  "deb http://deb.debian.org/debian bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main"
mke2fs -q -t ext4 -d "$root" "$work/lintel.img" 2G
t_image=$(( $(now) - t0 ))
used=$(du -sm "$root" | cut -f1)
cp -L "$root/vmlinuz" "$work/vmlinuz"
cp -L "$root/initrd.img" "$work/initrd.img"

# The unit's exposure, scored from outside the image.
security=$(systemd-analyze security --offline=yes --root="$root" lintel.service 2>/dev/null |
  sed -n 's/.*Overall exposure level for lintel.service: \([0-9.]*\).*/\1/p')
say "systemd-analyze security lintel.service: $security"
awk -v s="$security" 'BEGIN { exit !(s != "" && s <= 2.0) }' || die "lintel.service exposure $security is above 2.0"

# 4. Boot and check.
say "Booting under QEMU (TCG) and checking"
status=0
python3 "$top/packaging/systest/check.py" --work "$work" --kernel "$work/vmlinuz" --initrd "$work/initrd.img" \
  --image "$work/lintel.img" || status=$?

t_total=$(( $(now) - t_start ))
say "Figures: packages ${t_deb} s, image ${t_image} s (${used} MB used in a 2 GB ext4 image), exposure ${security}, whole test ${t_total} s"
exit $status
