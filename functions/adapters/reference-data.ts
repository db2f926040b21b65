// Reference lists kept as dated data (data/*.json), never as constants in code.
import fatf from '../../data/fatf-2026-06.json' with { type: 'json' };
import adequacy from '../../data/eu-adequacy-2026.json' with { type: 'json' };
import type { AdequacyList, FatfLists } from '../domain/vetting.js';

export const fatfLists: FatfLists = fatf;
export const adequacyList: AdequacyList = adequacy;
