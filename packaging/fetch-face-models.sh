#!/bin/sh
# Fetches the face models Lintel's face engine loads, checked.
#
#   packaging/fetch-face-models.sh DEST
#
# Installs the pinned npm package @vladmandic/face-api@1.7.15 (MIT licence,
# "Copyright (c) Vladimir Mandic") with `npm install --ignore-scripts` into
# a cache directory, copies the six model files Lintel uses (manifest and
# shard of tiny_face_detector, face_landmark_68 and face_recognition) into
# DEST, and checks each file's SHA-256 against the list below (the same
# list is pinned in src/face/lt-face-model.c, which checks it again at
# every load). Nothing else is downloaded and no package script runs.
#
# DEST is created if needed; files already there with the right SHA-256
# are kept, so a second run is offline. Exit status: 0 when DEST holds all
# six files, checked; 1 on any failure (with a message saying which file).
#
# Environment:
#   LINTEL_FACE_CACHE  where npm installs the package
#                      (default: ${XDG_CACHE_HOME:-$HOME/.cache}/lintel/face-api-1.7.15)
#   NPM                the npm command (default: npm)
#
# Used by packaging/dev.sh (DEST = build/face-models), the face tests
# (same), and the Debian package build (DEST = the staging directory of
# /usr/share/lintel/face). The models are data: never commit them.
set -eu

PACKAGE='@vladmandic/face-api@1.7.15'
SUMS='5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5  tiny_face_detector_model-weights_manifest.json
b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871  tiny_face_detector_model.bin
ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9  face_landmark_68_model-weights_manifest.json
4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b  face_landmark_68_model.bin
cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b  face_recognition_model-weights_manifest.json
b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589  face_recognition_model.bin'

die() { echo "fetch-face-models.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 DEST" >&2; exit 1; }
dest=$1
cache=${LINTEL_FACE_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/lintel/face-api-1.7.15}
npm=${NPM:-npm}

all_good() {
  (cd "$1" 2>/dev/null && echo "$SUMS" | sha256sum --check --status --strict 2>/dev/null)
}

mkdir -p "$dest" || die "cannot create $dest"
if all_good "$dest"; then
  exit 0
fi

models="$cache/node_modules/@vladmandic/face-api/model"
if ! all_good "$models"; then
  command -v "$npm" >/dev/null 2>&1 || die "npm is needed to fetch $PACKAGE (apt-get install npm)"
  mkdir -p "$cache" || die "cannot create the cache $cache"
  [ -f "$cache/package.json" ] || echo '{"name":"lintel-face-models","version":"0.0.0","private":true}' > "$cache/package.json"
  echo "fetch-face-models.sh: installing $PACKAGE into $cache" >&2
  (cd "$cache" && "$npm" install --ignore-scripts --no-audit --no-fund --save-exact "$PACKAGE" >&2) \
    || die "npm install $PACKAGE failed (is the npm registry reachable?)"
fi

echo "$SUMS" | while read -r sum file; do
  tmp="$dest/.$file.tmp"
  cp "$models/$file" "$tmp" || die "$file is missing from $models"
  echo "$sum  $tmp" | sha256sum --check --status --strict \
    || { rm -f "$tmp"; die "$file from $PACKAGE does not have the pinned SHA-256: refusing it"; }
  chmod 0644 "$tmp"
  mv -f "$tmp" "$dest/$file"
done
all_good "$dest" || die "$dest does not hold the six checked model files"
