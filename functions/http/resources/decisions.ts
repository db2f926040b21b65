// The access-decision log: every decision the access check made, as the platform kept it.
import { now } from '../../adapters/dependencies.js';
import { decisionLog } from '../../adapters/s3-decision-log.js';
import { invalid } from '../../domain/errors.js';
import { AccessDecisionsQuery, MAX_DECISION_QUERY_DAYS, TransparencyReportQuery } from '../../domain/schemas.js';
import { buildTransparencyReport } from '../../services/transparency.js';
import { header, query } from '../request.js';
import { bytes, json } from '../responses.js';
import type { Route } from '../route.js';
import { DAY_MS } from '../../domain/time.js';

/** A day means the whole day (UTC): from its start, until its end. */
const moment = (value: string, end: boolean) =>
  value.length === 10 ? new Date(Date.parse(`${value}T00:00:00Z`) + (end ? DAY_MS - 1 : 0)) : new Date(value);

export const decisionRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/reports/transparency',
    roles: ['auditor', 'officer'],
    summary:
      'The transparency report for a period: access decisions, deny reasons, agreements in force, onboardings ' +
      '(counts of 1-4 published as "1-4"); JSON, or CSV with Accept: text/csv; sha256 is that of the CSV',
    query: TransparencyReportQuery,
    handle: async (request) => {
      const { from, to } = query(request, TransparencyReportQuery);
      const { report, csv, sha256 } = await buildTransparencyReport({ from, to });
      if (header(request, 'accept')?.includes('text/csv'))
        return bytes(200, Buffer.from(csv, 'utf8'), 'text/csv; charset=utf-8', {
          'content-disposition': `attachment; filename="liaison-transparency-${from}-${to}.csv"`,
          'x-report-sha256': sha256,
        });
      const { period, ...sections } = report;
      return json(200, { period, sha256, ...sections });
    },
  },
  {
    method: 'GET',
    path: '/api/access-decisions',
    roles: ['auditor', 'officer'],
    summary: 'Every access decision kept: who asked, about which partner and exchange, and why it went that way',
    query: AccessDecisionsQuery,
    handle: async (request) => {
      const q = query(request, AccessDecisionsQuery);
      const to = q.to ? moment(q.to, true) : now();
      const from = q.from ? moment(q.from, false) : new Date(to.getTime() - 30 * DAY_MS);
      if (from > to) throw invalid('the period is empty', [{ path: 'from', message: 'must not be later than to' }]);
      if (to.getTime() - from.getTime() > MAX_DECISION_QUERY_DAYS * DAY_MS)
        throw invalid('the period is too long', [
          { path: 'to', message: `must be at most ${MAX_DECISION_QUERY_DAYS} days after from` },
        ]);
      const page = await decisionLog.query({ ...q, from, to });
      return json(200, {
        items: page.items.map(({ callerSubject: _, ...item }) => item),
        nextToken: page.nextToken ?? null,
      });
    },
  },
];
