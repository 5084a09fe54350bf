/** A missing figure (nothing to divide by yet) reads as a dash, never as 0. */
export const NO_FIGURE = '—';

/** Whole seconds as "45 s", "4 min 05 s" or "1 h 02 min": unambiguous when read aloud, unlike "4:05". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return NO_FIGURE;
  const total = Math.max(0, Math.floor(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
