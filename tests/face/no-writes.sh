#!/bin/sh
# Runs a face test program under strace and fails it if the program (or
# any process it starts) created, opened for writing, renamed, linked or
# removed any file: frames, crops and descriptors must live in memory only.
#
#   no-writes.sh LOG_DIR PROGRAM [ARGS...]
#
# The program's TAP output passes through; a violation adds "Bail out!".
set -eu
logdir=$1
shift
mkdir -p "$logdir"
# Named after the test program, the last argument (the first may be an
# emulator: qemu-aarch64-static in the arm64 build).
for program; do :; done
log="$logdir/$(basename "$program").strace"
status=0
strace -f -qq -e trace=%file -o "$log" "$@" || status=$?
# Writable opens of anything but the terminal and /dev/null, and every
# call that makes, moves or removes a name.
writes=$(grep -E 'O_(WRONLY|RDWR|CREAT|TRUNC)|(^|[ )])(creat|mkdir|mkdirat|rename|renameat2?|link|linkat|symlink|symlinkat|unlink|unlinkat|mknod|mknodat|truncate)\(' "$log" \
  | grep -vE '"/dev/(null|tty|pts/[0-9]+)"' || true)
if [ -n "$writes" ]; then
  echo "Bail out! the program wrote to the file system:"
  echo "$writes" | head -20 | sed 's/^/#   /'
  exit 1
fi
exit $status
