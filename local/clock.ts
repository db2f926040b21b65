// The local runtime's clock: real time plus an offset that `POST /local/clock` can move forward,
// so expiry, reminders and timeouts can be seen without waiting days. Local only: AWS has no such route.
export class LocalClock {
  private offsetMs = 0;
  readonly now = () => new Date(Date.now() + this.offsetMs);
  advance(seconds: number) {
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 400 * 86_400) throw new RangeError('advanceSeconds must be between 1 and 34560000');
    this.offsetMs += seconds * 1000;
    return this.now();
  }
}
