// How a record's data is shown. Records are arbitrary bytes (base64 on the wire): every view returns plain text,
// which the views put into the page as text nodes only, never as HTML.
export type DataView = 'auto' | 'text' | 'json' | 'hex' | 'base64';
export const DATA_VIEWS: readonly DataView[] = ['auto', 'text', 'json', 'hex', 'base64'];

export interface Decoded {
  /** The view actually used ('auto' resolves to one of the others). */
  view: Exclude<DataView, 'auto'>;
  text: string;
  /** Why the asked-for view could not be used, if it could not. */
  note?: string;
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Lower-case hex, bytes separated by spaces, 16 bytes a line (as hexdump shows them). */
export function toHex(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    lines.push(Array.from(bytes.subarray(i, i + 16), (b) => b.toString(16).padStart(2, '0')).join(' '));
  }
  return lines.join('\n');
}

/** Strict UTF-8, or undefined when the bytes are not valid UTF-8. */
function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

// C0 controls (but tab, newline, carriage return) and DEL, shown as their Unicode control pictures (U+2400 block),
// so that a NUL or an escape sequence is visible rather than silently eaten or acted on by a terminal it is pasted in.
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const visible = (text: string) => text.replace(CONTROLS, (c) => String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)));

/** `base64` is the record's Data as the API sent it. */
export function decodeData(base64: string, view: DataView): Decoded {
  if (view === 'base64') return { view, text: base64 };
  const bytes = base64ToBytes(base64);
  if (view === 'hex') return { view, text: toHex(bytes) };
  const strict = strictUtf8(bytes);
  if (view === 'json' || view === 'auto') {
    if (strict !== undefined) {
      try {
        return { view: 'json', text: JSON.stringify(JSON.parse(strict), null, 2) };
      } catch {
        // not JSON: fall through
      }
    }
    if (view === 'auto') {
      // Text when it is valid UTF-8 with no control bytes, hex otherwise.
      if (strict !== undefined && !HAS_CONTROL.test(strict)) return { view: 'text', text: strict };
      return { view: 'hex', text: toHex(bytes) };
    }
    return { view: 'text', text: visible(new TextDecoder('utf-8').decode(bytes)), note: 'not JSON: shown as text' };
  }
  // 'text': invalid sequences become U+FFFD, as TextDecoder does without `fatal`.
  return { view: 'text', text: visible(new TextDecoder('utf-8').decode(bytes)), note: strict === undefined ? 'not valid UTF-8' : undefined };
}
