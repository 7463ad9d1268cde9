/** Base64 of UTF-8 text, as Secret `data` holds it (btoa/atob exist in browsers and Node alike). */
export function encodeBase64(value: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The text a base64 value holds, or undefined when it is not valid base64. */
export function decodeBase64(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  try {
    const binary = atob(value);
    return new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
