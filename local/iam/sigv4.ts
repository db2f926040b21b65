// Signature Version 4, as API Gateway checks it on an IAM-authorized route: recompute the signature of the request
// with the caller's secret (@smithy/signature-v4, the SDK's own signer, over exactly the headers the caller signed)
// and compare. The tests and the local data-exchange caller sign with the same signer.
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** SHA-256 and HMAC-SHA-256 in the shape the signer takes. */
export class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = typeof secret === 'string' || secret === undefined ? secret : Buffer.from(secret as Uint8Array);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data as Uint8Array));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const AUTHORIZATION = new RegExp(
  '^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)/(\\d{8})/([a-z0-9-]+)/execute-api/aws4_request, ?' +
    'SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$',
);
/** How far a signature's time may be from the service's (AWS allows 5 minutes either way). */
const SKEW_MS = 5 * 60_000;

export interface SignedRequest {
  method: string;
  /** The full URL the caller signed (host, path and query). */
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
}

export type Verified = { accessKeyId: string } | { refused: string };

export async function verifySignature(
  request: SignedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  now: Date,
): Promise<Verified> {
  const given = request.headers.authorization;
  if (!given) return { refused: 'Missing Authentication Token' };
  const parts = given.match(AUTHORIZATION);
  const amzDate = request.headers['x-amz-date'];
  if (!parts || !amzDate) return { refused: 'Authorization header requires Credential, SignedHeaders and Signature.' };
  const [, accessKeyId, , region, signedHeaders, signature] = parts;
  const secretAccessKey = secretOf(accessKeyId);
  if (!secretAccessKey) return { refused: 'The security token included in the request is invalid.' };
  const signedAt = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (Number.isNaN(signedAt.getTime()) || Math.abs(signedAt.getTime() - now.getTime()) > SKEW_MS)
    return { refused: `Signature expired: ${amzDate} is not within 5 minutes of ${now.toISOString()}` };
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return { refused: 'the signature must cover the host header' };
  const headers = Object.fromEntries(names.map((name) => [name, request.headers[name] ?? '']));
  // the signer takes a payload hash header as given: the body must be the one it names
  const payloadHash = request.headers['x-amz-content-sha256'];
  if (payloadHash !== undefined && payloadHash !== createHash('sha256').update(request.body).digest('hex'))
    return { refused: 'The provided x-amz-content-sha256 header does not match what was computed.' };
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey },
    region,
    service: 'execute-api',
    sha256: Sha256,
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      port: request.url.port ? Number(request.url.port) : undefined,
      path: request.url.pathname,
      query: Object.fromEntries(request.url.searchParams),
      headers,
      body: request.body.length ? request.body : undefined,
    },
    { signingDate: signedAt, signableHeaders: new Set(names) },
  );
  const recomputed = String(expected.headers.authorization).match(/Signature=([0-9a-f]{64})$/)?.[1] ?? '';
  const matches =
    recomputed.length === signature.length && timingSafeEqual(Buffer.from(recomputed), Buffer.from(signature));
  return matches
    ? { accessKeyId }
    : {
        refused:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
          'Access Key and signing method.',
      };
}

/** Signs a request as a caller inside AWS would (the tests, and anyone trying the signed route locally). */
export async function signRequest(
  request: { method: string; url: string; headers?: Record<string, string>; body?: string },
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
  at = new Date(),
) {
  const url = new URL(request.url);
  const signer = new SignatureV4({ credentials, region, service: 'execute-api', sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, ...request.headers },
      body: request.body,
    },
    { signingDate: at },
  );
  return signed.headers as Record<string, string>;
}
