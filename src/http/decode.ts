/** Charset from a Content-Type header value ("text/xml; charset=windows-1251"). */
export function charsetFromContentType(contentType: string | undefined): string | null {
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

/** Charset declared inside the document: XML declaration or HTML meta, read as ASCII. */
export function charsetFromDocument(head: Buffer): string | null {
  const ascii = head.subarray(0, 2048).toString('latin1');
  const xml = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(ascii);
  if (xml) return xml[1]!.toLowerCase();
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(ascii);
  return meta ? meta[1]!.toLowerCase() : null;
}

function decoderFor(label: string | null): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

/**
 * Bytes to text. A BOM wins, then the HTTP header, then the document's own declaration;
 * with none, UTF-8 when the bytes are valid UTF-8, else windows-1252 (what browsers do).
 */
export function decodeText(body: Buffer, contentType?: string): { text: string; charset: string } {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(body.subarray(3)), charset: 'utf-8' };
  if (body[0] === 0xff && body[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(body.subarray(2)), charset: 'utf-16le' };
  if (body[0] === 0xfe && body[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(body.subarray(2)), charset: 'utf-16be' };
  for (const label of [charsetFromContentType(contentType), charsetFromDocument(body)]) {
    const decoder = decoderFor(label);
    if (decoder) return { text: decoder.decode(body), charset: decoder.encoding };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), charset: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), charset: 'windows-1252' };
  }
}

/** Binary data, not text: NUL bytes or a high share of control characters in the first 8 KB. */
export function looksBinary(body: Buffer): boolean {
  const sample = body.subarray(0, 8192);
  if (sample.length === 0) return false;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control / sample.length > 0.1;
}
