#!/bin/sh
# bench-idle.sh: what an idle kiosk costs. Runs the kiosk on the lobby on a
# virtual screen for DURATION seconds (default 60) and prints the CPU time
# it used and how often its threads woke up. Target: well under 1% of one
# core, no busy redraws (only the clock, once a minute).
#   usage: bench-idle.sh BUILD_DIR [DURATION]
set -eu
build=$(cd "$1" && pwd)
duration=${2:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/lintel.conf" <<CONF
[store]
database=$work/lintel.db
key-dir=$work/keys
[terminal]
fullscreen=false
[hardware]
backend=sim
CONF
"$build/src/tools/lintelctl" --config "$work/lintel.conf" init >/dev/null

cat > "$work/measure.sh" <<'MEASURE'
#!/bin/sh
set -eu
conf=$1; build=$2; duration=$3
LINTEL_LOCALEDIR="$build/po" "$build/src/lintel" --config "$conf" >/dev/null 2>&1 &
pid=$!
sleep 5   # start-up is not idling
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
switches() { cat /proc/$pid/task/*/status | awk '/ctxt_switches/ { n += $2 } END { print n }'; }
t0=$(ticks); s0=$(switches); start=$(date +%s.%N)
sleep "$duration"
t1=$(ticks); s1=$(switches); end=$(date +%s.%N)
threads=$(ls /proc/$pid/task | wc -l)
kill -TERM $pid; wait $pid || true
hz=$(getconf CLK_TCK)
awk -v t0="$t0" -v t1="$t1" -v s0="$s0" -v s1="$s1" -v a="$start" -v b="$end" -v hz="$hz" -v th="$threads" 'BEGIN {
  secs = b - a; cpu = (t1 - t0) / hz
  printf "idle kiosk on the lobby for %.0f s (%d threads)\n", secs, th
  printf "  CPU time: %.3f s = %.3f%% of one core\n", cpu, 100 * cpu / secs
  printf "  wake-ups (context switches, all threads): %d = %.2f per second\n", s1 - s0, (s1 - s0) / secs
}'
MEASURE
xvfb-run -a -s "-screen 0 1024x600x24" dbus-run-session -- sh "$work/measure.sh" "$work/lintel.conf" "$build" "$duration"
