import * as z from 'zod/mini';
import { step } from './lib/step.js';
import { indexScreeningList } from './services/list-indexing.js';

// S3 invokes this when an object is created under lists/ ending .csv: the list itself, or OFAC's alt.csv beside it.
// Either way the configured list is read whole and indexed again (see services/list-indexing.ts). It needs no port
// but S3, so it loads none of the others.
const objectCreated = z.looseObject({
  Records: z.array(z.object({ s3: z.object({ object: z.object({ key: z.string() }) }) })).check(z.minLength(1)),
});

export const handler = step('index-list', objectCreated, () => indexScreeningList(new Date()));
