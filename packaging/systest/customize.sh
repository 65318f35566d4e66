#!/bin/sh
# mmdebstrap customize hook of the boot test: ROOT GUEST_FILES MODULES.
# Installs the test's configuration and helpers, and initialises Lintel
# with a resident (PIN, Wiegand card, USB card) and a technician.
set -eu
root=$1 guest=$2 modules=$3

install -D -m 0640 -g 0 "$guest/lintel.conf" "$root/etc/lintel/lintel.conf"
chroot "$root" chgrp lintel /etc/lintel/lintel.conf
install -D -m 0644 "$guest/lintel-kiosk.env" "$root/etc/default/lintel-kiosk"
install -D -m 0644 "$guest/60-lintel-systest.rules" "$root/etc/udev/rules.d/60-lintel-systest.rules"
for f in gpiosim-setup systest-agent wiegand uinput-card lock-sampler; do
  install -D -m 0755 "$guest/$f" "$root/usr/local/sbin/$f"
done
install -D -m 0644 "$modules/irq_sim.ko" "$root/usr/local/lib/lintel-systest/irq_sim.ko"
install -D -m 0644 "$modules/gpio-sim.ko" "$root/usr/local/lib/lintel-systest/gpio-sim.ko"
for unit in lintel-systest-gpiosim.service lintel-systest-agent.service lintel-systest-locksample.service; do
  install -D -m 0644 "$guest/$unit" "$root/etc/systemd/system/$unit"
done
systemctl --root="$root" enable lintel-systest-gpiosim.service lintel-systest-agent.service
# The lock line's sampler (the "locked before the UI" check): its own line.
systemctl --root="$root" enable lintel-systest-locksample.service
systemctl --root="$root" set-default graphical.target
echo lintel-systest > "$root/etc/hostname"

# Lintel's state, made as the service user, as a technician would.
lctl() { chroot "$root" runuser -u lintel -- lintelctl "$@"; }
lctl init
lctl unit add 3-1203
id=$(lctl resident add --unit 3-1203 --name "Test Resident")
printf '1234\n' | lctl pin set "$id"
lctl card add "$id" 26:12:3456
lctl card add "$id" 04A2B3C4D5
tech=$(lctl staff add --role technician --name "Test Technician")
printf '975310\n' | lctl pin set "$tech"
