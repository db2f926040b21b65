// The local log delivery reads CloudWatch's JSON filter patterns as CloudWatch does, for the forms the stack uses.
import { describe, expect, it } from 'vitest';
import { jsonFilter } from '../../local/services/log-delivery.js';

describe('CloudWatch JSON filter patterns, locally', () => {
  it('selects the records whose fields equal the pattern, and refuses a pattern it cannot read', () => {
    const decisions = jsonFilter('{ $.message = "access-decision" }');
    expect(decisions({ message: 'access-decision', decision: 'ALLOW' })).toBe(true);
    expect(decisions({ message: 'access-decisions' })).toBe(false);
    expect(decisions({ msg: 'access-decision' })).toBe(false);
    const both = jsonFilter('{ $.message = "x" && $.caller.kind = "client" }');
    expect(both({ message: 'x', caller: { kind: 'client' } })).toBe(true);
    expect(both({ message: 'x', caller: { kind: 'person' } })).toBe(false);
    expect(() => jsonFilter('{ $.latency > 100 }')).toThrow('does not understand the filter pattern');
    expect(() => jsonFilter('ERROR')).toThrow('does not understand');
  });
});
