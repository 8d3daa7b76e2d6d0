/**
 * Synchronous SHA-256 (FIPS 180-4) over the UTF-8 bytes of a string.
 * Small and pure so the engine can fingerprint secrets without WebCrypto's promises.
 * Not for bulk hashing: inputs here are credentials (a few hundred bytes).
 */
import { FINGERPRINT_HEX_CHARS } from './limits';

const K_VALUES: readonly number[] = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/** As 32-bit signed integers, so the rounds stay in integer arithmetic. Never written after load. */
const K = Int32Array.from(K_VALUES);

const H0: readonly number[] = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** UTF-8 bytes of a string; lone surrogates become U+FFFD, as TextEncoder does. */
export function utf8Bytes(s: string): Uint8Array {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    const b = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xdc00 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Two lower-case hex digits for each byte value. */
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function wordHex(x: number): string {
  return HEX_BYTE[(x >>> 24) & 255]! + HEX_BYTE[(x >>> 16) & 255]! + HEX_BYTE[(x >>> 8) & 255]! + HEX_BYTE[x & 255]!;
}

/**
 * Scratch space shared by every digest: `W[0..63]` the message schedule, `H[0..7]` the state.
 * Hashing is synchronous and never re-entered, so one allocation at load serves every call (a
 * fresh typed array per digest cost more than the rounds themselves). Typed arrays keep every word
 * an untagged 32-bit integer.
 */
const W = new Int32Array(64);
const H = new Int32Array(8);

/** One 64-byte block whose big-endian words are in `W[0..15]`; updates `H` in place. */
function compress(): void {
  const w = W;
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  const h = H;
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, k = h[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (k + S1 + ch + K[t]! + w[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + k) | 0;
}

/**
 * Digests a message given as bytes, or as a string of ASCII characters (each one byte), into `H`.
 * False when such a string holds a character that is not ASCII (then `H` is garbage).
 */
function digest(src: string | Uint8Array): boolean {
  const length = src.length;
  const total = ((length + 9 + 63) >> 6) << 6;
  const isString = typeof src === 'string';
  for (let i = 0; i < 8; i++) H[i] = H0[i]!;
  for (let off = 0; off < total; off += 64) {
    // Fast path: all 64 bytes of this block are message bytes.
    const full = off + 64 <= length;
    for (let t = 0; t < 16; t++) {
      const j = off + t * 4;
      let word = 0;
      if (full || j + 4 <= length) {
        if (isString) {
          const c0 = src.charCodeAt(j), c1 = src.charCodeAt(j + 1), c2 = src.charCodeAt(j + 2), c3 = src.charCodeAt(j + 3);
          if ((c0 | c1 | c2 | c3) >= 0x80) return false;
          word = (c0 << 24) | (c1 << 16) | (c2 << 8) | c3;
        } else {
          word = (src[j]! << 24) | (src[j + 1]! << 16) | (src[j + 2]! << 8) | src[j + 3]!;
        }
      } else {
        // The tail: data bytes, then the 0x80 marker, then zeros.
        for (let q = 0; q < 4; q++) {
          const i = j + q;
          let c = 0;
          if (i < length) {
            c = isString ? src.charCodeAt(i) : src[i]!;
            if (c >= 0x80 && isString) return false;
          } else if (i === length) c = 0x80;
          word = (word << 8) | c;
        }
      }
      W[t] = word;
    }
    if (off + 64 === total) {
      // The message length in bits, as a 64-bit big-endian number, ends the last block.
      W[14] = Math.floor(length / 0x20000000);
      W[15] = (length * 8) | 0;
    }
    compress();
  }
  return true;
}

/** SHA-256 of the UTF-8 encoding of `s`, left in `H`. */
function digestString(s: string): void {
  if (!digest(s)) digest(utf8Bytes(s));
}

/** SHA-256 of bytes, as 64 lower-case hex characters. */
export function sha256HexBytes(data: Uint8Array): string {
  digest(data);
  return Array.from(H, wordHex).join('');
}

/** SHA-256 of the UTF-8 encoding of `s`, as 64 lower-case hex characters. */
export function sha256Hex(s: string): string {
  digestString(s);
  return Array.from(H, wordHex).join('');
}

/**
 * Fingerprint of a raw secret: the first 16 hex characters of its SHA-256. Synchronous, so the
 * extension can compute it for its own stored tokens and match them against findings.
 */
export function fingerprint(secret: string): string {
  digestString(secret);
  // FINGERPRINT_HEX_CHARS is 16: two state words.
  return (wordHex(H[0]!) + wordHex(H[1]!)).slice(0, FINGERPRINT_HEX_CHARS);
}
