// The local runtime behind `npm start`: local stand-ins for the AWS *services* (DynamoDB, S3, SES v2,
// Step Functions, Lambda, Scheduler, API Gateway), configured from the synthesized template. Every
// function runs its one AWS adapter per port, with SDK clients pointed here by AWS_ENDPOINT_URL_<SERVICE>,
// exactly its template environment, and each call checked against its role's policy.
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { existsSync, mkdirSync, readFileSync, rmSync, unwatchFile, watchFile } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { buildConsoleScript } from '../infra/browser-build.js';
import { altKeyOf } from '../functions/domain/sanctions-list.js';
import { PROJECT_ROOT } from '../infra/project.js';
import { SANCTIONS_LIST_KEY } from '../infra/steps.js';
import type { DeploySettings } from '../infra/settings.js';
import { MAX_PAYLOAD_BYTES, compileRoute, localApiGateway, selectRoute } from './api-gateway.js';
import { LocalClock } from './clock.js';
import { type Credentials, issueCredentials } from './credentials.js';
import { isLocalOnlyRoute, localRouteRefusal } from './guard.js';
import { localRouter, problem } from './routes.js';
import { type Fault, type Gateway, type Service, startGateway } from './iam/gateway.js';
import { PolicyEvaluator, type Principal } from './iam/policies.js';
import { type Isolation, LocalLambda } from './lambda/service.js';
import { type EmbeddedDatabase, ensureTable, startDynalite, startDynamoDbLocal } from './services/dynamodb.js';
import { startEventBridge } from './services/eventbridge.js';
import { startLogDelivery } from './services/log-delivery.js';
import { startS3 } from './services/s3.js';
import { startScheduler } from './services/scheduler.js';
import { startCognitoApi } from './services/cognito-idp.js';
import {
  LOCAL_ADMINISTRATOR,
  localDataExchange,
  poolAdministrator,
  startIdentity,
  writeLocalAws,
} from './services/identity.js';
import { startSes, type LocalSes } from './services/ses.js';
import { startStepFunctionsApi } from './stepfunctions/api.js';
import { LocalWorkflowRunner } from './stepfunctions/runner.js';
import { LOCAL_REGION, type FunctionSpec, type RoleSpec, identityModel, readModel } from './template.js';
import { cachedTemplate } from './template-cache.js';

export const DEFAULT_LIST = join(PROJECT_ROOT, 'data', 'sanctions', 'sample-targets.simple.csv');

/** What `npm start` deploys with unless the environment says otherwise (infra/settings.ts). */
export const LOCAL_SETTINGS: DeploySettings = {
  senderEmail: 'liaison@liaison.local',
  officerEmail: 'partnerships@liaison.local',
  approverEmail: 'dpo@liaison.local',
  countersignatoryName: 'Head of Legal Affairs',
  countersignatoryEmail: 'legal@liaison.local',
  countersignatoryTitle: 'Head of Legal Affairs',
  // receivers on this machine (a test receiver, a local data-exchange system); on AWS only public https endpoints
  webhookTargets: 'any',
};

export interface LocalOptions {
  dataDir?: string;
  port?: number;
  host?: string;
  /** An external DynamoDB API (DynamoDB Local); default: embedded dynalite. */
  dynamodbEndpoint?: string;
  /** The DynamoDB API run in the data folder when no endpoint is given (default dynalite). */
  database?: EmbeddedDatabase;
  /** 'thread' runs the TypeScript sources; 'process' runs the deployed bundles (deployed shape). */
  isolation?: Isolation;
  settings?: Partial<DeploySettings>;
  /** The screening list file uploaded to the local S3 (OpenSanctions or OFAC layout). */
  sanctionsFile?: string;
}

export interface LocalRuntime {
  url: string;
  dataDir: string;
  credentials: Credentials;
  runner: LocalWorkflowRunner;
  evaluator: PolicyEvaluator;
  gateways: Record<Service, Gateway>;
  mail: LocalSes;
  /** The event buses' files, and a wait for the rules' invocations under way. */
  events: { dir: string; settled: () => Promise<void> };
  resumed: string[];
  databaseEndpoint: string;
  tableName: string;
  stop: () => Promise<void>;
}

const ADMIN = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** Cognito's own sender of invitations, unless the pool is set to send through SES. */
const COGNITO_SENDER = 'no-reply@verificationemail.com';

/** One runtime per data folder: the embedded database cannot be shared. */
async function lockDataDir(dataDir: string) {
  const file = join(dataDir, 'liaison.pid');
  try {
    const pid = Number(await readFile(file, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `another Liaison (pid ${pid}) is using ${dataDir}; stop it first or set LIAISON_DATA_DIR to another folder`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await writeFile(file, String(process.pid));
  return () => rm(file, { force: true });
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startLocal(options: LocalOptions = {}): Promise<LocalRuntime> {
  const dataDir = resolve(options.dataDir ?? '.liaison');
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = await lockDataDir(dataDir);
  const clock = new LocalClock(join(dataDir, 'clock.json'));
  const stops: (() => Promise<unknown> | unknown)[] = [];

  // the HTTP endpoint first: its address is the API's URL, which the template refers to
  let handle: (request: IncomingMessage, response: ServerResponse, body: Buffer) => Promise<void> = async (
    _q,
    response,
  ) => problem(response, 503, 'Starting', 'Liaison is starting; try again in a moment');
  const server = createServer(async (request, response) => {
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of request) {
        size += chunk.length;
        if (size > MAX_PAYLOAD_BYTES)
          return problem(response, 413, 'PayloadTooLarge', `request body is larger than ${MAX_PAYLOAD_BYTES} bytes`);
        chunks.push(chunk);
      }
      await handle(request, response, Buffer.concat(chunks));
    } catch (error) {
      console.error(JSON.stringify({ msg: 'local server error', error: (error as Error).message }));
      if (!response.headersSent)
        problem(response, 500, 'InternalError', 'something went wrong on our side; it has been logged');
      else response.end();
    }
  });
  await new Promise<void>((ok, fail) =>
    server.once('error', fail).listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => ok()),
  );
  stops.push(
    () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  );
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;

  try {
    const isolation = options.isolation ?? 'thread';
    const settings = { ...LOCAL_SETTINGS, ...options.settings } as DeploySettings;
    // the cloud assembly and the functions' folders live in the data folder, emptied at each start and stop:
    // nothing is left behind in the system's temporary folder
    const assemblyDir = join(dataDir, 'cdk.out');
    const workDir = join(dataDir, 'lambda');
    for (const dir of [assemblyDir, workDir]) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    }
    stops.push(async () => rmSync(workDir, { recursive: true, force: true }));
    // the deployed shape bundles every function as `cdk synth` does; from the sources, an unchanged stack's
    // template is read from the cache instead of synthesized again
    const { template, assemblyDir: bundles } =
      isolation === 'process'
        ? (await import('./synth.js')).synthesize({ settings, outdir: assemblyDir, bundle: true })
        : { template: await cachedTemplate(settings), assemblyDir: undefined };
    // the user pool: people and machine clients sign in to the local identity service, as to Cognito on AWS
    const pool = identityModel(template, url);
    const identity = await startIdentity({
      dir: join(dataDir, 'identity'),
      poolId: pool.poolId,
      peopleClients: pool.clients,
      clockFile: join(dataDir, 'clock.json'),
    });
    stops.push(() => identity.stop());
    const model = readModel(template, url, bundles, identity);
    // from the sources, the project is the functions' task root: the console's script is compiled into it as a
    // bundle carries it (generated, ignored by git)
    if (!bundles) await buildConsoleScript(PROJECT_ROOT, PROJECT_ROOT);

    // every role signs with its own key; the local services know whose key it is
    const keyOf = (role: RoleSpec) =>
      `LOCAL${role.logicalId
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(0, 40)}`;
    const principals = new Map<string, Principal>();
    for (const fn of model.functions)
      principals.set(keyOf(fn.role), { label: fn.name, roleArn: fn.role.arn, policies: fn.role.policies });
    principals.set(LOCAL_ADMINISTRATOR.accessKeyId, poolAdministrator(pool.poolArn));
    const evaluator = new PolicyEvaluator(principals);
    const roleCredentials = (role: RoleSpec) => ({
      accessKeyId: keyOf(role),
      secretAccessKey: `local-secret-${role.logicalId}`,
    });
    const credentialsOf = (fn: FunctionSpec) => roleCredentials(fn.role);

    // the services; the functions run in the local Lambda service, started once the services they call are up
    let lambda: LocalLambda | undefined;
    const embedded = options.dynamodbEndpoint
      ? undefined
      : options.database === 'dynamodb-local'
        ? await startDynamoDbLocal(join(dataDir, 'dynamodb-local'))
        : await startDynalite(join(dataDir, 'dynamodb'));
    if (embedded) stops.push(embedded.stop);
    const databaseEndpoint = options.dynamodbEndpoint ?? embedded!.endpoint;
    await ensureTable(databaseEndpoint, model.table.name, model.table);
    const s3 = await startS3(
      join(dataDir, 's3'),
      model.buckets.map((b) => b.name),
      [ADMIN, ...model.functions.map(credentialsOf), ...model.logDeliveries.map((d) => roleCredentials(d.role))],
      {
        specs: model.bucketNotifications,
        invoke: async (functionArn, event) => {
          const result = await lambda!.invoke(functionArn, event);
          return 'error' in result ? { error: result.error } : {};
        },
      },
    );
    stops.push(s3.stop);
    const mail = await startSes(join(dataDir, 'mail'));
    stops.push(mail.stop);
    // the user pool's administration API (Cognito sends its invitations itself, through the local mail service)
    const invitations = new SESv2Client({ region: LOCAL_REGION, credentials: ADMIN, endpoint: mail.endpoint });
    const cognito = await startCognitoApi({
      dir: join(dataDir, 'identity'),
      poolId: pool.poolId,
      invitation: pool.invitation,
      now: clock.now,
      sendEmail: async (to, subject, html) => {
        await invitations.send(
          new SendEmailCommand({
            FromEmailAddress: COGNITO_SENDER,
            Destination: { ToAddresses: [to] },
            Content: { Simple: { Subject: { Data: subject }, Body: { Html: { Data: html } } } },
          }),
        );
      },
    });
    stops.push(cognito.stop);

    const stateMachineRole: Principal = {
      label: 'state machine',
      roleArn: model.stateMachine.role.arn,
      policies: model.stateMachine.role.policies,
    };
    const runner = new LocalWorkflowRunner({
      definition: model.stateMachine.definition,
      journalDir: join(dataDir, 'executions'),
      now: clock.now,
      invoke: async (functionArn, payload) => {
        const call = { action: 'lambda:InvokeFunction', resource: functionArn };
        if (!(await evaluator.check(stateMachineRole, call))) {
          return {
            error: {
              errorType: 'Lambda.AWSLambdaException',
              errorMessage: `the state machine role may not invoke ${functionArn}`,
            },
          };
        }
        return lambda!.invoke(functionArn, payload);
      },
    });
    const sfn = await startStepFunctionsApi(runner, model.stateMachine);
    stops.push(sfn.stop);

    // the bus: a rule invokes its function as EventBridge does, asynchronously, with retries
    const eventBridge = await startEventBridge({
      dir: join(dataDir, 'events'),
      buses: model.eventBuses,
      rules: model.eventRules,
      now: clock.now,
      invoke: async (functionArn, event) => {
        const result = await lambda!.invoke(functionArn, event);
        return 'error' in result ? { error: result.error } : {};
      },
    });
    stops.push(eventBridge.stop);

    const upstreams: Record<Service, string> = {
      dynamodb: databaseEndpoint,
      s3: s3.endpoint,
      sesv2: mail.endpoint,
      sfn: sfn.endpoint,
      'cognito-idp': cognito.endpoint,
      events: eventBridge.endpoint,
    };
    const gateways = {} as Record<Service, Gateway>;
    const faults: Fault[] = [];
    for (const service of Object.keys(upstreams) as Service[]) {
      gateways[service] = await startGateway({
        service,
        upstream: upstreams[service],
        evaluator,
        stateMachineArn: model.stateMachine.arn,
        requireKnownPrincipal: true,
        faults,
        now: clock.now,
      });
      stops.push(gateways[service].stop);
    }
    lambda = new LocalLambda({
      isolation,
      functions: model.functions,
      sourceRoot: PROJECT_ROOT,
      endpoints: {
        AWS_ENDPOINT_URL_DYNAMODB: gateways.dynamodb.endpoint,
        AWS_ENDPOINT_URL_S3: gateways.s3.endpoint,
        AWS_ENDPOINT_URL_SESV2: gateways.sesv2.endpoint,
        AWS_ENDPOINT_URL_SFN: gateways.sfn.endpoint,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: gateways['cognito-idp'].endpoint,
        AWS_ENDPOINT_URL_EVENTBRIDGE: gateways.events.endpoint,
      },
      credentialsOf,
      clockOffsetMs: clock.offsetMs,
      logDir: join(dataDir, 'logs'),
      workDir,
    });
    stops.push(() => lambda?.stop());
    // each HTTP function's first instance starts ahead of its first request: the one serving /health (and the
    // console) while the rest comes up, the others one after another once the runtime is up (not competing with it
    // for the CPU)
    const healthFunction = selectRoute(model.routes.map(compileRoute), 'GET', '/health')?.route.functionArn;
    const healthWarm = healthFunction ? lambda.prewarm(healthFunction) : Promise.resolve();
    stops.unshift(() => runner.stop()); // executions stop before the services they call

    // CloudWatch Logs subscriptions to Firehose: the access-decision log reaches its bucket as on AWS
    for (const delivery of model.logDeliveries)
      principals.set(keyOf(delivery.role), {
        label: `firehose ${delivery.streamName}`,
        roleArn: delivery.role.arn,
        policies: delivery.role.policies,
      });
    const logDelivery = startLogDelivery({
      deliveries: model.logDeliveries,
      logDir: join(dataDir, 'logs'),
      stateDir: join(dataDir, 'log-delivery'),
      s3Endpoint: gateways.s3.endpoint,
      credentialsOf: (delivery) => roleCredentials(delivery.role),
      now: clock.now,
    });
    stops.unshift(() => logDelivery.stop()); // what the logs hold at a stop is delivered before S3 stops

    // data the platform puts in place: the screening list in S3, the role tokens in the table
    const admin = { region: LOCAL_REGION, credentials: ADMIN };
    const adminS3 = new S3Client({ ...admin, endpoint: s3.endpoint, forcePathStyle: true });
    const listFile = resolve(options.sanctionsFile ?? DEFAULT_LIST);
    // an upload is indexed by the index-list function (S3 notifies it), so only a changed file is uploaded
    const upload = async (key: string, body: Buffer) => {
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      const stored = await adminS3
        .send(new HeadObjectCommand({ Bucket: model.documentsBucket, Key: key }))
        .catch(() => undefined);
      if (stored?.ETag === etag) return;
      await adminS3.send(new PutObjectCommand({ Bucket: model.documentsBucket, Key: key, Body: body }));
    };
    const uploadList = async () => {
      const alt = join(dirname(listFile), basename(listFile).replace(/sdn/i, 'alt'));
      if (alt !== listFile && existsSync(alt)) await upload(altKeyOf(SANCTIONS_LIST_KEY), readFileSync(alt));
      await upload(SANCTIONS_LIST_KEY, readFileSync(listFile));
    };
    // the list is indexed (by the index-list function) while the people's tokens are issued, and before the first
    // onboarding is screened
    const listIndexed = uploadList().then(() => s3.settled());
    listIndexed.catch(() => undefined); // awaited below; a failure before then must not go unhandled
    watchFile(listFile, { interval: 2000 }, () => void uploadList().catch((e: Error) => console.error(e.message)));
    stops.push(() => unwatchFile(listFile));
    const consoleClient = pool.clients.find((c) => c.redirectUris.some((u) => u.endsWith('/console/callback')));
    if (!consoleClient) throw new Error('the stack has no console app client');
    const signInAs = { clientId: consoleClient.clientId, redirectUri: consoleClient.redirectUris[0] };
    const credentials = await issueCredentials(dataDir, identity, signInAs, clock.now);
    // the ready tokens stay valid while the server runs
    const renewal = setInterval(
      () => void issueCredentials(dataDir, identity, signInAs, clock.now).catch(() => {}),
      6 * 3600_000,
    );
    renewal.unref();
    stops.push(() => clearInterval(renewal));

    await listIndexed;
    const resumed = await runner.resume();

    const schedulerRole = (role: RoleSpec): Principal => ({
      label: 'scheduler',
      roleArn: role.arn,
      policies: role.policies,
    });
    const scheduler = startScheduler({
      schedules: model.schedules,
      now: clock.now,
      deadLetterFile: join(dataDir, 'dead-letters.jsonl'),
      invoke: async (schedule) => {
        const call = { action: 'lambda:InvokeFunction', resource: schedule.targetArn };
        if (!(await evaluator.check(schedulerRole(schedule.role), call))) {
          return {
            error: {
              errorType: 'AccessDenied',
              errorMessage: `the scheduler role may not invoke ${schedule.targetArn}`,
            },
          };
        }
        const result = await lambda!.invoke(schedule.targetArn, schedule.input);
        return 'error' in result ? { error: result.error } : {};
      },
    });
    stops.unshift(() => scheduler.stop());

    const dataExchange = localDataExchange();
    const apiGateway = localApiGateway({
      routes: model.routes,
      now: clock.now,
      evaluator,
      iamCallers: new Map([[dataExchange.credentials.accessKeyId, dataExchange.caller]]),
      invoke: (functionArn, event) => lambda!.invoke(functionArn, event),
    });
    writeLocalAws(dataDir, {
      region: LOCAL_REGION,
      userPoolId: pool.poolId,
      endpoints: { 'cognito-idp': gateways['cognito-idp'].endpoint },
      credentials: LOCAL_ADMINISTRATOR,
      dataExchange: dataExchange.credentials,
    });
    const afterClockMoved = () => issueCredentials(dataDir, identity, signInAs, clock.now);
    const localRoute = localRouter({ clock, runner, scheduler, faults, evaluator, gateways, mail, afterClockMoved });
    handle = async (request, response, body) => {
      const path = new URL(request.url ?? '/', 'http://local').pathname;
      if (isLocalOnlyRoute(path)) {
        const refusal = localRouteRefusal(request, url);
        if (refusal) return problem(response, 403, 'Forbidden', refusal);
        return localRoute(request.method ?? 'GET', path, body, response);
      }
      await apiGateway(request, response, body);
    };

    const otherHttpFunctions = new Set(
      model.routes.map((route) => route.functionArn).filter((f) => f !== healthFunction),
    );
    void healthWarm.then(() =>
      [...otherHttpFunctions].reduce<Promise<unknown>>(
        (previous, functionArn) => previous.then(() => lambda?.prewarm(functionArn)),
        Promise.resolve(),
      ),
    );
    return {
      url,
      dataDir,
      credentials,
      runner,
      evaluator,
      gateways,
      mail,
      events: { dir: join(dataDir, 'events'), settled: eventBridge.settled },
      resumed,
      databaseEndpoint,
      tableName: model.table.name,
      stop: async () => {
        for (const stop of stops) await stop();
        await releaseLock();
      },
    };
  } catch (error) {
    for (const stop of stops) await Promise.resolve(stop()).catch(() => undefined);
    await releaseLock();
    throw error;
  }
}
