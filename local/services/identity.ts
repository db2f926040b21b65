// The local stand-in for the Cognito user pool. Its worker thread (identity-worker.ts) serves the hosted UI's flows
// at Cognito's paths (authorization code with PKCE for people, client credentials for machine clients, sign-out)
// and signs tokens carrying Cognito's claims (cognito:groups, token_use, client_id) with a key made for this data
// folder, on the local clock; the functions verify them exactly as on AWS (issuer + /.well-known/jwks.json).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../infra/project.js';
import { Worker } from 'node:worker_threads';
import { IAM_ACCESS_CHECK_PATH } from '../../functions/domain/identity.js';
import type { IamCaller } from '../api-gateway.js';
import type { Principal } from '../iam/policies.js';
import { LOCAL_ACCOUNT, LOCAL_API_ID, LOCAL_REGION } from '../template.js';
import { JsonFile, identityFiles, putMachineClient, putPerson } from './identity-store.js';
import type { IdentityWorkerData, PeopleClient } from './identity-worker.js';

export async function startIdentity(options: {
  dir: string;
  poolId: string;
  peopleClients: PeopleClient[];
  clockFile: string;
}) {
  const portFile = new JsonFile<{ port?: number }>(join(options.dir, 'port.json'), {});
  const worker = new Worker(join(PROJECT_ROOT, 'local', 'services', 'identity-worker.ts'), {
    workerData: { ...options, port: portFile.read().port } satisfies IdentityWorkerData,
    execArgv: ['--import', 'tsx'],
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { issuer?: string; error?: string }) =>
      m.issuer ? resolve(m.issuer) : reject(new Error(`the identity service did not start: ${m.error}`)),
    );
    worker.once('error', reject);
  });
  portFile.write({ port: Number(new URL(issuer).port) });
  const files = () => identityFiles(options.dir);
  return {
    issuer,
    /** The hosted UI's base (Cognito serves it from its own domain; locally the issuer serves it). */
    hostedUiUrl: issuer,
    putPerson: (person: Parameters<typeof putPerson>[1]) => putPerson(options.dir, person),
    people: () => files().people.read(),
    putMachineClient: (client: { name: string; scopes: string[] }) => putMachineClient(options.dir, client),
    machineClients: () => files().machines.read(),
    stop: () => worker.terminate().then(() => undefined),
  };
}
export type LocalIdentity = Awaited<ReturnType<typeof startIdentity>>;

/** The local pool administrator's credentials (what an AWS account's administrator signs `liaison users` with). */
export const LOCAL_ADMINISTRATOR = { accessKeyId: 'LOCALADMINISTRATOR', secretAccessKey: 'local-administrator' };

/** Who `liaison users` and `liaison clients` sign as locally: an administrator of the pool, as on an AWS account. */
export const poolAdministrator = (poolArn: string): Principal => ({
  label: 'administrator',
  roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/LiaisonAdministrator`,
  policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cognito-idp:*', Resource: poolArn }] }],
});

const API_ARN = `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${LOCAL_API_ID}`;

/** A data-exchange system inside AWS, locally: a role whose policy allows it to sign the access check. */
export function localDataExchange() {
  const credentials = {
    accessKeyId: 'LOCALDATAEXCHANGE',
    secretAccessKey: 'local-data-exchange',
    userArn: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/LiaisonLocalDataExchange/local`,
  };
  const caller: IamCaller = {
    secretAccessKey: credentials.secretAccessKey,
    userArn: credentials.userArn,
    principal: {
      label: 'data exchange (local)',
      roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/LiaisonLocalDataExchange`,
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'execute-api:Invoke',
              Resource: `${API_ARN}/*/POST${IAM_ACCESS_CHECK_PATH}`,
            },
          ],
        },
      ],
    },
  };
  return { credentials, caller };
}

/** `.liaison/aws.json`: where the local AWS APIs answer, for the CLI's administration commands. */
export interface LocalAws {
  region: string;
  userPoolId: string;
  endpoints: { 'cognito-idp': string };
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** A data-exchange system's role inside AWS, locally: it may sign the access check (POST /api/iam/access-checks). */
  dataExchange: { accessKeyId: string; secretAccessKey: string; userArn: string };
}
export const writeLocalAws = (dataDir: string, aws: LocalAws) =>
  writeFileSync(join(dataDir, 'aws.json'), `${JSON.stringify(aws, null, 2)}\n`, { mode: 0o600 });
