/** Reads a password from standard input (piped, or typed with echo off), so it never appears in argv or history. */
export async function readSecretFromStdin(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write(prompt);
    stdin.setRawMode(true);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    const buffer = chunk as Buffer;
    if (stdin.isTTY) {
      const newline = buffer.indexOf(13) >= 0 ? buffer.indexOf(13) : buffer.indexOf(10);
      if (buffer[0] === 3) process.exit(130);
      if (newline >= 0) {
        chunks.push(buffer.subarray(0, newline));
        break;
      }
    }
    chunks.push(buffer);
  }
  if (stdin.isTTY) {
    stdin.setRawMode(false);
    process.stderr.write('\n');
  }
  stdin.pause();
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
