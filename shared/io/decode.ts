// Text files from Chinese offices come as UTF-8 (with or without BOM), GB18030/GBK (Excel's "CSV" on a
// Chinese Windows) or UTF-16 ("Unicode text"). Decoding is decided from the bytes, never from a guess
// about the user's machine.
import iconv from 'iconv-lite';

export const TEXT_ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** BOM first; otherwise valid UTF-8 is UTF-8 (GBK text is almost never valid UTF-8), anything else GB18030. */
export function detectEncoding(buf: Uint8Array): { encoding: TextEncoding; bom: number } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const utf16 = utf16WithoutBom(buf);
  if (utf16) return { encoding: utf16, bom: 0 };
  try {
    strictUtf8.decode(buf);
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'gb18030', bom: 0 };
  }
}

/**
 * UTF-16 saved without a BOM: no UTF-8 or GB18030 text has NUL bytes, while UTF-16 puts one beside every ASCII
 * character (commas, line ends, digits) — after it in little-endian, before it in big-endian — and so mostly on one side.
 */
function utf16WithoutBom(buf: Uint8Array): TextEncoding | null {
  const n = Math.min(buf.length, 4096) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) if (buf[i] === 0) (i % 2 ? odd++ : even++);
  // CJK characters put a zero byte on the other side now and then (U+4E00 一 is 00 4E); ASCII ones every time.
  if (odd + even < 2) return null;
  if (odd >= 3 * even) return 'utf-16le';
  if (even >= 3 * odd) return 'utf-16be';
  return null;
}

/** GBK is a subset of GB18030, so GB18030 decodes both. */
export function decodeText(buf: Uint8Array, encoding?: TextEncoding | 'gbk' | 'auto'): { text: string; encoding: TextEncoding } {
  const detected = detectEncoding(buf);
  const chosen: TextEncoding = !encoding || encoding === 'auto' ? detected.encoding : encoding === 'gbk' ? 'gb18030' : encoding;
  const body = chosen === detected.encoding ? buf.subarray(detected.bom) : buf;
  const text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), chosen);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: chosen };
}

export function encodeText(text: string, encoding: TextEncoding, bom = encoding === 'utf-8'): Buffer {
  const body = iconv.encode(text, encoding);
  if (!bom || encoding === 'gb18030') return body;
  return Buffer.concat([iconv.encode('\ufeff', encoding), body]);
}
