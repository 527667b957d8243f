/** Exponential backoff with full jitter: ~5 s, 10 s, 20 s … capped at one hour. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(base / 2 + (random() * base) / 2);
}
