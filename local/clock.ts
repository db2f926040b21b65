// The local runtime's clock: real time plus an offset that `POST /local/clock` can move forward,
// so expiry, reminders and timeouts can be seen without waiting days. The offset is kept in the data
// folder, so time never jumps back after a restart. Functions see it through their runtime's clock.
import { readFileSync, writeFileSync } from 'node:fs';

export const MAX_ADVANCE_SECONDS = 400 * 86_400;

export class LocalClock {
  private offset = 0;

  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      this.offset = Number(JSON.parse(readFileSync(file, 'utf8')).offsetMs) || 0;
    } catch {
      this.offset = 0;
    }
  }

  readonly now = () => new Date(Date.now() + this.offset);
  readonly offsetMs = () => this.offset;

  advance(seconds: number) {
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_ADVANCE_SECONDS) {
      throw new RangeError(`advanceSeconds must be between 1 and ${MAX_ADVANCE_SECONDS}`);
    }
    this.offset += seconds * 1000;
    if (this.file) writeFileSync(this.file, JSON.stringify({ offsetMs: this.offset }));
    return this.now();
  }
}
