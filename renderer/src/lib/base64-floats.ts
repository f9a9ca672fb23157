/** Decodes the host's base64 little-endian Float32 preview pixels without copying twice. */
export function base64ToFloat32(base64: string): Float32Array {
  const binary = atob(base64);
  if (binary.length % 4 !== 0) throw new RangeError(`preview byte length ${binary.length} is not a multiple of 4`);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // Float32Array reads the platform's byte order; every platform Chromium runs on is little-endian.
  return new Float32Array(bytes.buffer);
}
