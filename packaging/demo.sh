#!/usr/bin/env bash
# Creates a demo store with a few units, residents, a guard and a
# technician, prints their credentials, and starts Lintel on simulated
# hardware. Called by `packaging/dev.sh demo` with the build directory.
set -euo pipefail

build=$(cd "${1:?usage: demo.sh BUILD_DIR [--headless]}" && pwd)
shift
state="$build/demo"
conf="$state/lintel.conf"
ctl() { "$build/src/tools/lintelctl" --config "$conf" "$@"; }

rm -rf "$state"
mkdir -p "$state"
cat > "$conf" <<CONF
[store]
database=$state/lintel.db
key-dir=$state/keys

[terminal]
building=Lintel Demo Court 示范小区
language=zh_CN
fullscreen=false

[door]
unlock-seconds=5

[hardware]
backend=sim

[camera]
# The demo has no camera: "Scan QR code" reads this picture of a visitor
# pass as if it were held up to one.
source=file
file=$state/visitor-pass.png

[simulator]
cards=Wang Fang=26:12:1001;Li Wei=26:12:1002;Zhang Wei=04A2B3C4D5;Chen Jing=34:300:2004;Guard Zhou=26:99:9001;Tech Sun=26:99:9002;Unknown card=26:77:4242
CONF

ctl init >/dev/null
for unit in 1-101 1-102 3-1203 3-1204; do ctl unit add "$unit"; done

resident() {  # unit name pin card
  local id
  id=$(ctl resident add --unit "$1" --name "$2")
  echo "$3" | ctl pin set "$id"
  ctl card add "$id" "$4"
  printf '  %-8s %-14s PIN %-8s card %s\n' "$1" "$2" "$3" "$4"
}
staff() {  # role name pin card
  local id
  id=$(ctl staff add --role "$1" --name "$2")
  echo "$3" | ctl pin set "$id"
  ctl card add "$id" "$4"
  printf '  %-10s %-12s PIN %-8s card %s\n' "$1" "$2" "$3" "$4"
}

echo
echo "Demo store: $state"
echo "Residents (unit, name, PIN, card):"
resident 1-101 "王芳 Wang Fang" 246810 26:12:1001
resident 1-102 "Li Wei 李伟" 135790 26:12:1002
resident 3-1203 "张伟 Zhang Wei" 112233 04A2B3C4D5
resident 3-1204 "Chen Jing 陈静" 445566 34:300:2004
echo "Staff:"
staff guard "Guard Zhou 周" 909090 26:99:9001
staff technician "Tech Sun 孙" 808080 26:99:9002
from=$(date +%Y-%m-%dT%H:%M)
until=$(date -d '+1 day' +%Y-%m-%dT%H:%M)
ctl pass issue --unit 3-1203 --valid-from "$from" --valid-until "$until" --uses 0 --name "Demo visitor" \
  --png "$state/visitor-pass.png" >/dev/null
echo "Visitor pass for 3-1203, valid for a day: $state/visitor-pass.png (the demo camera shows it)"
echo

export LINTEL_CONFIG="$conf"
# Translations of this build tree, not of an installed Lintel.
export LINTEL_LOCALEDIR="$build/po"

if [ "${1:-}" = "--headless" ]; then
  shift
  sock="$state/sim.sock"
  cat <<HELP
Lintel runs headless on simulated hardware. In another terminal, poke it:
  socat - UNIX-CONNECT:$sock
and type, one per line:
  card 04A2B3C4D5                      (Zhang Wei's card on the USB reader: granted)
  wiegand 00000110000000011111010010   (26:12:1001, Wang Fang's card on the Wiegand reader)
  rex | door open | door close | tamper on | tamper off | state
Events (lock, door, decisions, alarms) appear on every connected client.
Stop with Ctrl-C: the door relocks on the way out.

HELP
  exec "$build/src/lintel" --headless --sim-socket "$sock" "$@"
fi

cat <<HELP
The kiosk starts with a second window, "Simulated hardware": present the demo
cards, send Wiegand frames, press the exit button, open the door, set tamper.
On the kiosk: "Unit + PIN" with the PINs above; "Staff" (bottom right) signs
a guard or technician in with their PIN or card.
Try a PIN from the shell too: echo 246810 | $build/src/tools/lintelctl --config $conf check pin 1-101
The event log: $build/src/tools/lintelctl --config $conf events
(packaging/dev.sh demo --headless runs the engine alone with a simulator socket.)
HELP

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  # No screen here: serve the UI to a browser through GTK's Broadway backend.
  port=8085
  gtk4-broadwayd :5 --address 127.0.0.1 --port "$port" >/dev/null 2>&1 &
  broadwayd=$!
  trap 'kill $broadwayd 2>/dev/null' EXIT
  sleep 1
  echo
  echo "No display found: open http://127.0.0.1:$port/ in a browser to see the kiosk."
  GDK_BACKEND=broadway BROADWAY_DISPLAY=:5 "$build/src/lintel" "$@"
  exit $?
fi
exec "$build/src/lintel" "$@"
