#!/bin/sh
# Prepares what the face tests need in the build directory, then runs the
# test program given after the two directories:
#
#   face-fixtures.sh BUILD_ROOT SOURCE_ROOT PROGRAM [ARGS...]
#
# - BUILD_ROOT/face-models: the pinned models (packaging/fetch-face-models.sh)
# - BUILD_ROOT/face-reference: tests/face/package.json installed with
#   `npm ci --ignore-scripts` (face-api 1.7.15, tfjs 4.22.0 with the wasm
#   backend, jpeg-js, pngjs); face-api's demo pictures decoded once to PNG
#   without their metadata (pictures of people: build directory only,
#   never committed or installed); the reference outputs at 320 and 416.
# Everything is cached: a second run is offline. A lock keeps parallel
# face tests from preparing the same files at once.
set -eu

build=$1 src=$2
shift 2
models="$build/face-models"
ref="$build/face-reference"
export LINTEL_FACE_CACHE="${LINTEL_FACE_CACHE:-$build/face-cache}"

prepare() {
  "$src/packaging/fetch-face-models.sh" "$models"
  mkdir -p "$ref"
  if ! cmp -s "$src/tests/face/package-lock.json" "$ref/package-lock.json" || [ ! -d "$ref/node_modules" ]; then
    cp "$src/tests/face/package.json" "$src/tests/face/package-lock.json" "$ref/"
    (cd "$ref" && npm ci --ignore-scripts --no-audit --no-fund >&2) \
      || { echo "face-fixtures.sh: npm ci failed in $ref (is the npm registry reachable?)" >&2; exit 1; }
    rm -f "$ref"/reference-*.json
  fi
  for script in face-reference.js face-pictures.js; do
    if ! cmp -s "$src/tests/face/$script" "$ref/$script"; then
      cp "$src/tests/face/$script" "$ref/$script"
      rm -f "$ref"/reference-*.json
    fi
  done
  if [ ! -f "$ref/pictures/sample6.png" ]; then
    (cd "$ref" && node face-pictures.js pictures)
  fi
  for size in 320 416; do
    out="$ref/reference-$size.json"
    if [ ! -f "$out" ]; then
      (cd "$ref" && node face-reference.js "$models" "$out.tmp" "$size" pictures/sample1.png pictures/sample2.png \
        pictures/sample3.png pictures/sample4.png pictures/sample5.png pictures/sample6.png) \
        || { echo "face-fixtures.sh: the reference implementation failed" >&2; exit 1; }
      mv "$out.tmp" "$out"
    fi
  done
}

mkdir -p "$build"
(
  flock 9
  prepare
) 9>"$build/face-fixtures.lock"

# Single thread, as on the door terminal; the machine is shared anyway.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
export LT_FACE_MODELS="$models"
export LT_FACE_REFERENCE="$ref"
exec "$@"
