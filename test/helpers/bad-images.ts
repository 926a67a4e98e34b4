import { deflateSync } from 'node:zlib';

/** CRC-32 (ISO 3309) as PNG chunks need it; node 20's zlib has no crc32 export. */
function crc32(buf: Uint8Array): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** One PNG chunk: length, type, data, CRC (PNG spec §5.3). */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), Buffer.from(data)]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * A well-formed PNG header that claims `width`×`height` RGB pixels, with a tiny
 * IDAT: a decoder that trusts the header would allocate width×height×3 bytes.
 */
export function pngClaimingSize(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** The PNG with a `tEXt` chunk inserted before IEND (PNG spec §11.3.4.3): new bytes, same pixels. */
export function withPngTextChunk(png: Buffer, keyword: string, text: string): Buffer {
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), pngChunk('tEXt', Buffer.from(`${keyword}\0${text}`, 'latin1')), png.subarray(iend)]);
}

/** The first half of a valid image file: header intact, data cut off. */
export function truncated(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.subarray(0, Math.floor(bytes.length / 2)));
}
