/**
 * Joins strings so that no two different lists give the same bytes (each part is preceded by its 4-byte length).
 * Plain concatenation would let ("ab", "c") and ("a", "bc") collide in associated data and MAC inputs.
 */
export function lengthPrefixed(...parts: string[]): Buffer {
  return Buffer.concat(
    parts.flatMap((part) => {
      const bytes = Buffer.from(part, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}
