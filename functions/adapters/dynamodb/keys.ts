// The single table's keys, in one place.
//
//   item                         pk                      sk                  indexes
//   onboarding                   ONB#<id>                ONB                 byType ONB, byStatus ONB#<status>
//   onboarding history event     ONB#<id>                EVT#<at>#<rand>
//   approver's gate decision     ONB#<id>                DECISION#<gate>     byStatus DECISION#UNDELIVERED (repair)
//   agreement                    AGR#<id>                AGR                 byType AGR, byStatus AGR#<status>,
//                                                                              byExpiry (ACTIVE only: <next
//                                                                              expiry action at>#<id>)
//   agreement audit event        AGR#<id>                EVT#<seq, 6 digits> (hash chain)
//   signer slot (idempotency)    AGR#<id>                SIGNER#<signerId>
//   partner's active agreement   PARTNER#<partnerId>     ACTIVE              (one GetItem per access check),
//                                                                              byType PARTNER (<written at>#<id>)
//   partner identity (dedupe)    PARTNERKEY#<kind>#<v>   PARTNERKEY
//   signing / review link        LINK#<sha256(token)>    LINK                byStatus LINK#PENDING while open: waiting
//                                                                              for the signer (reminders) or for the
//                                                                              workflow to take the answer (repair)
//   failed-attempt counter       RATE#<scope>#<client>   <window start>      (expires by TTL)
//   where re-screening stands    SCREENING               STATE
//   idempotency record           IDEMP#<scope>#<key>     IDEMP
//   the webhooks (one item)      WEBHOOKS                WEBHOOKS
//   webhook delivery             DELIVERY#<wh>#<stream>  D#<order>           byType DELIVERIES#<wh> (listing),
//                                                                              byStatus DELIVERY#DUE (while pending)
//   delivery stream's sender     DELIVERY#<wh>#<stream>  LEASE
//
// byStatus and byType sort by creation time; byExpiry is sparse: only ACTIVE agreements carry its keys, sorted by when
// their next expiry action (a warning not yet sent, or the expiry) falls due, so the daily sweep reads the agreements
// it acts on, not the table, nor every agreement near its expiry.
// The indexes hold keys, so a write that moves no index key writes no index; the items a query finds are read from
// the table. byType also holds the names the partners' listing (re-screening) reads, page after page of 1,000.
export const PARTNER_LISTING = ['names'] as const;
// byStatus holds a link's status: an answer stays in its open partition (an in-place index write, not a move), and
// the reminders and the redelivery job each filter the partition by it.
export const LINK_STATE = ['status'] as const;
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  byType: { indexName: 'byType', partitionKey: 'typePk', sortKey: 'typeSk', projection: PARTNER_LISTING },
  byStatus: { indexName: 'byStatus', partitionKey: 'statusPk', sortKey: 'statusSk', projection: LINK_STATE },
  byExpiry: { indexName: 'byExpiry', partitionKey: 'duePk', sortKey: 'dueSk', projection: [] },
} as const;

export const DUE_PARTITION = 'ACTIVE';
/** byStatus partition of gate decisions the workflow has not taken yet. */
export const UNDELIVERED_DECISIONS = 'DECISION#UNDELIVERED';

/** The index partitions (byType, byStatus) items are listed by. */
export const partitions = {
  onboardings: 'ONB',
  agreements: 'AGR',
  onboardingsIn: (status: string) => `ONB#${status}`,
  agreementsIn: (status: string) => `AGR#${status}`,
  /** Links waiting for their signer, or for the workflow to take their answer (the value is the one it always had). */
  openLinks: 'LINK#PENDING',
  deliveriesOf: (webhookId: string) => `DELIVERIES#${webhookId}`,
  /** Deliveries waiting for an attempt, by when it is due. */
  dueDeliveries: 'DELIVERY#DUE',
  /** Partners' pointers, by when each was written: what re-screening compares a list's changes with. */
  partners: 'PARTNER',
} as const;
/** Sort-key prefix of an agreement's signer slots. */
export const SIGNER_SLOT_PREFIX = 'SIGNER#';
/** Attribute DynamoDB's TTL deletes items by (epoch seconds). */
export const TTL_ATTRIBUTE = 'ttl';

export const keys = {
  onboarding: (id: string) => ({ pk: `ONB#${id}`, sk: 'ONB' }),
  agreement: (id: string) => ({ pk: `AGR#${id}`, sk: 'AGR' }),
  reviewDecision: (onboardingId: string, gate: string) => ({ pk: `ONB#${onboardingId}`, sk: `DECISION#${gate}` }),
  signerSlot: (agreementId: string, signerId: string) => ({
    pk: `AGR#${agreementId}`,
    sk: `${SIGNER_SLOT_PREFIX}${signerId}`,
  }),
  activeAgreement: (partnerId: string) => ({ pk: `PARTNER#${partnerId}`, sk: 'ACTIVE' }),
  partnerKey: (kind: string, value: string) => ({ pk: `PARTNERKEY#${kind}#${value}`, sk: 'PARTNERKEY' }),
  link: (tokenHash: string) => ({ pk: `LINK#${tokenHash}`, sk: 'LINK' }),
  rate: (scope: string, client: string, windowStart: string) => ({ pk: `RATE#${scope}#${client}`, sk: windowStart }),
  screeningState: () => ({ pk: 'SCREENING', sk: 'STATE' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMP#${scope}#${key}`, sk: 'IDEMP' }),
  eventPrefix: 'EVT#',
  webhooks: () => ({ pk: 'WEBHOOKS', sk: 'WEBHOOKS' }),
  deliveryPrefix: 'D#',
  deliveryStream: (webhookId: string, stream: string) => `DELIVERY#${webhookId}#${stream}`,
  delivery: (webhookId: string, stream: string, order: string) => ({
    pk: `DELIVERY#${webhookId}#${stream}`,
    sk: `D#${order}`,
  }),
  deliveryLease: (webhookId: string, stream: string) => ({ pk: `DELIVERY#${webhookId}#${stream}`, sk: 'LEASE' }),
  historyEvent: (onboardingId: string, at: string, unique: string) => ({
    pk: `ONB#${onboardingId}`,
    sk: `EVT#${at}#${unique}`,
  }),
  onboardingPartition: (onboardingId: string) => `ONB#${onboardingId}`,
  agreementPartition: (agreementId: string) => `AGR#${agreementId}`,
  auditEvent: (agreementId: string, seq: number) => ({
    pk: `AGR#${agreementId}`,
    sk: `EVT#${String(seq).padStart(6, '0')}`,
  }),
};
