// EventBridge Scheduler, locally: each schedule of the template invokes its target with the
// schedule's own input when it falls due on the local clock (so moving the clock forward runs a
// daily job once, as the real one would have run). An invocation that fails after the schedule's
// retries is written to the dead letters file, as the real one lands in the dead-letter queue.
import { appendFile } from 'node:fs/promises';
import type { ScheduleSpec } from '../template.js';

const MINUTE = 60_000;

/** The first time strictly after `after` that the expression is due (the forms the stack uses). */
export function nextDue(expression: string, after: Date): Date {
  const rate = expression.match(/^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/);
  if (rate) {
    const unit = rate[2].startsWith('minute') ? MINUTE : rate[2].startsWith('hour') ? 60 * MINUTE : 1440 * MINUTE;
    const every = Number(rate[1]) * unit;
    return new Date((Math.floor(after.getTime() / every) + 1) * every);
  }
  const cron = expression.match(/^cron\((\d+) (\d+) \* \* \? \*\)$/);
  if (cron) {
    const due = new Date(after);
    due.setUTCHours(Number(cron[2]), Number(cron[1]), 0, 0);
    if (due <= after) due.setUTCDate(due.getUTCDate() + 1);
    return due;
  }
  throw new Error(`schedule expression ${expression} is not supported locally`);
}

export interface SchedulerOptions {
  schedules: ScheduleSpec[];
  now: () => Date;
  /** Invokes the target (checked against the scheduler role's policy by the caller). */
  invoke: (schedule: ScheduleSpec) => Promise<{ error?: { errorType: string; errorMessage: string } }>;
  deadLetterFile: string;
  retries?: number;
}

export function startScheduler(options: SchedulerOptions) {
  const next = new Map(options.schedules.map((s) => [s, nextDue(s.expression, options.now())]));
  const fire = async (schedule: ScheduleSpec) => {
    let last: { errorType: string; errorMessage: string } | undefined;
    for (let attempt = 0; attempt <= (options.retries ?? 3); attempt++) {
      last = (await options.invoke(schedule)).error;
      if (!last) return;
    }
    const letter = {
      at: options.now().toISOString(),
      schedule: schedule.logicalId,
      input: schedule.input,
      error: last,
    };
    await appendFile(options.deadLetterFile, `${JSON.stringify(letter)}\n`);
    console.error(JSON.stringify({ msg: 'scheduled job failed after retries', ...letter }));
  };

  /**
   * Runs every schedule that has fallen due (once, however far the clock moved), whether or not its previous run
   * has finished: EventBridge Scheduler does not wait either, so the jobs must bear overlapping runs.
   */
  const tick = () => {
    const now = options.now();
    for (const [schedule, due] of next) {
      if (due > now) continue;
      next.set(schedule, nextDue(schedule.expression, now));
      void fire(schedule);
    }
  };
  const timer = setInterval(tick, 15_000);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
