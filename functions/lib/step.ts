// The shape of every workflow step: a middy handler that validates its payload, logs, and calls a service.
import middy from '@middy/core';
import type { z } from 'zod';

export function step<S extends z.ZodType, R>(name: string, schema: S, run: (input: z.infer<S>) => Promise<R>) {
  return middy(async (event: unknown) => {
    const parsed = schema.safeParse(event);
    // a malformed payload is a definition bug, not a transient fault: fail loudly with the fields named
    if (!parsed.success) throw new Error(`${name}: invalid payload: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const started = Date.now();
    const result = await run(parsed.data);
    console.log(JSON.stringify({ step: name, ms: Date.now() - started, onboardingId: (parsed.data as { onboardingId?: string }).onboardingId }));
    return result ?? {};
  });
}
