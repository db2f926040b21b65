// Throttling guesses at signing links: after too many unknown tokens from one client in a window,
// every link request from that client gets 429 until the window ends.
export const GUESS_LIMIT = { attempts: 20, windowMinutes: 15 } as const;

export function guessWindow(now: Date) {
  const windowMs = GUESS_LIMIT.windowMinutes * 60_000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return {
    start: new Date(start).toISOString(),
    endsAt: new Date(start + windowMs),
    expiresAtEpoch: Math.ceil((start + 2 * windowMs) / 1000),
  };
}
