// A poster-sized PNG for the benches' image welcomes: 700×700 of noise (so it does not compress),
// about 1.4 MB — what a real poster welcome carries, under WeCom's 2 MB image limit.

import { PNG } from 'pngjs'

export function posterPngBase64(): string {
  const png = new PNG({ width: 700, height: 700 })
  let x = 0x2545f491
  for (let i = 0; i < png.data.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    png.data[i] = i % 4 === 3 ? 255 : x & 0xff
  }
  return PNG.sync.write(png).toString('base64')
}
