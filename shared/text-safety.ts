/**
 * Terminal and screen safety for attacker-controlled text (certificate subjects, SANs, aliases):
 * control characters can recolour or rewrite a terminal (ESC), ring it (BEL), overwrite a line (CR),
 * and bidirectional overrides can make "gpj.exe" read as "exe.jpg". They are shown as escapes instead.
 */

// C0 controls, DEL, C1 controls, and the bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069).
// eslint-disable-next-line no-control-regex -- matching control characters is this module's purpose
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The text with every control and bidi-override character written as `\x1b` / `\u202e`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** True when the text holds a character escapeControl would escape. */
export function hasControl(text: string): boolean {
  return HAS_CONTROL.test(text);
}
