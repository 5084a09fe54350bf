/** What a child process of a test needs from the test's own environment to start at all (and nothing else). */
export function inheritedEnv(fallbackHome: string): { PATH: string; HOME: string } {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? fallbackHome };
}
