// Searching a list the store pages through newest first: page by page until enough items match.
import type { Page } from '../ports/store.js';

/** Pages no smaller than this, so a rare match does not cost a round trip per item. */
const SEARCH_PAGE = 25;

/**
 * Up to `limit` items that match, and the token to go on from. Each page asks for no more than is still wanted
 * (at least SEARCH_PAGE), so the token after the last page read follows the last item returned.
 */
export async function searchPages<T>(
  list: (limit: number, nextToken?: string) => Promise<Page<T>>,
  matches: (item: T) => boolean,
  limit: number,
  from?: string,
): Promise<{ items: T[]; nextToken: string | null }> {
  const items: T[] = [];
  let nextToken = from;
  do {
    const page = await list(Math.max(limit - items.length, SEARCH_PAGE), nextToken);
    items.push(...page.items.filter(matches));
    nextToken = page.nextToken ?? undefined;
  } while (nextToken && items.length < limit);
  return { items, nextToken: nextToken ?? null };
}
