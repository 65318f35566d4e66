// Decodes face-api's demo pictures once to PNG (RGB only: no EXIF, no GPS,
// no other metadata survives), so that C and JS read identical pixels.
//
//   node face-pictures.js OUT_DIR
//
// The pictures show identifiable people and carry no licence: they are
// written to the build directory at test time, never committed or shipped.
'use strict';

const fs = require('fs');
const path = require('path');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node face-pictures.js OUT_DIR');
  process.exit(2);
}
const demo = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
fs.mkdirSync(outDir, { recursive: true });
for (let i = 1; i <= 6; i++) {
  const raw = jpeg.decode(fs.readFileSync(path.join(demo, `sample${i}.jpg`)), { useTArray: true, maxMemoryUsageInMB: 1024 });
  const png = new PNG({ width: raw.width, height: raw.height, colorType: 2 });
  raw.data.copy ? raw.data.copy(png.data) : png.data.set(raw.data);
  const tmp = path.join(outDir, `.sample${i}.png.tmp`);
  fs.writeFileSync(tmp, PNG.sync.write(png, { colorType: 2 }));
  fs.renameSync(tmp, path.join(outDir, `sample${i}.png`));
}
