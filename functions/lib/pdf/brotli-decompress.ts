// fontkit decompresses WOFF2 fonts with the `brotli` package, a 475 KB build of the C decoder; Node has the same
// decoder built in. The bundles put this module in its place (infra/liaison-function.ts: esbuild's alias).
import { brotliDecompressSync } from 'node:zlib';

export default function decompress(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(brotliDecompressSync(buffer));
}
