// Reference outputs for Lintel's face golden test, computed by face-api
// 1.7.15 on TensorFlow.js' wasm backend.
//
//   node face-reference.js MODEL_DIR OUT.json INPUT_SIZE IMAGE.png...
//
// Run from a directory where `npm install --ignore-scripts` installed
// tests/face/package.json. Images are PNG so that C and JS see identical
// pixels. For every image it writes the detector's raw output grid, the
// detections, and per face the landmark net's raw output, the landmarks in
// image pixels, the aligned rectangle and the 128-D descriptor.
'use strict';

const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

function loadPng(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Int32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.width * png.height; i++) {
    rgb[j++] = png.data[4 * i];
    rgb[j++] = png.data[4 * i + 1];
    rgb[j++] = png.data[4 * i + 2];
  }
  return tf.tensor3d(rgb, [png.height, png.width, 3], 'int32');
}

const round = (v) => Number(v.toPrecision(9));
const flat = (a) => Array.from(a, round);

async function describe(file, inputSize) {
  const image = loadPng(file);
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold: 0.5 });
  const raw = await faceapi.nets.tinyFaceDetector.forward(image, inputSize);
  const detectorRaw = flat(await raw.data());
  const shape = raw.shape;
  raw.dispose();

  const results = await faceapi.detectAllFaces(image, options).withFaceLandmarks().withFaceDescriptors();
  const faces = [];
  for (const r of results) {
    // The landmark net's own output (before face-api's post-processing)
    // for the crop the pipeline gave it.
    const [crop] = await faceapi.extractFaceTensors(image, [r.detection]);
    const netInput = await faceapi.toNetInput(crop);
    const lmNet = faceapi.nets.faceLandmark68Net.runNet(netInput);
    const lmRaw = flat(await lmNet.data());
    lmNet.dispose();
    crop.dispose();
    const box = r.detection.box;
    const aligned = r.landmarks.align(null, { useDlibAlignment: true });
    faces.push({
      score: round(r.detection.score),
      box: [box.x, box.y, box.width, box.height].map(round),
      landmarks_raw: lmRaw,
      landmarks: r.landmarks.positions.map((p) => [round(p.x), round(p.y)]),
      aligned: [aligned.x, aligned.y, aligned.width, aligned.height],
      descriptor: flat(r.descriptor),
    });
  }
  image.dispose();
  return { file: path.basename(file), detector_shape: shape, detector_raw: detectorRaw, faces };
}

async function main() {
  const [modelDir, outFile, sizeArg, ...images] = process.argv.slice(2);
  if (!modelDir || !outFile || !sizeArg || images.length === 0) {
    console.error('usage: node face-reference.js MODEL_DIR OUT.json INPUT_SIZE IMAGE.png...');
    process.exit(2);
  }
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  wasm.setWasmPaths(wasmDir + path.sep);
  await tf.setBackend('wasm');
  await tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  const out = { backend: tf.getBackend(), face_api: faceapi.version, input_size: Number(sizeArg), images: [] };
  for (const file of images) out.images.push(await describe(file, Number(sizeArg)));
  fs.writeFileSync(outFile, JSON.stringify(out));
}

main().catch((err) => { console.error(err); process.exit(1); });
