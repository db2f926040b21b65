// `npm start`: runs Liaison offline and says where to go next.
import { join, relative } from 'node:path';
import { SETTINGS, type DeploySettings, readSettings } from '../infra/settings.js';
import { LOCAL_SETTINGS, startLocal } from './runtime.js';

const started = Date.now();
const embedded = process.env.LIAISON_DYNAMODB || 'dynalite';
if (embedded !== 'dynalite' && embedded !== 'dynamodb-local') {
  console.error(`LIAISON_DYNAMODB must be dynalite or dynamodb-local, not "${embedded}"`);
  process.exit(2);
}
// deploy settings from the environment (the same names as the stack's context settings)
const settings = readSettings((name, env) => process.env[env] || (LOCAL_SETTINGS[name] as string | undefined));
const runtime = await startLocal({
  dataDir: process.env.LIAISON_DATA_DIR,
  port: process.env.PORT ? Number(process.env.PORT) : 3000,
  host: process.env.HOST,
  dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
  database: embedded,
  isolation: process.env.LIAISON_LAMBDA === 'bundles' ? 'process' : 'thread',
  settings: settings as Partial<DeploySettings>,
  sanctionsFile: process.env.LIAISON_SANCTIONS_FILE || undefined,
});
const { url, credentials, resumed, dataDir, databaseEndpoint } = runtime;
const inProject = relative(process.cwd(), dataDir);
const credentialsPath = inProject.startsWith('..')
  ? join(dataDir, 'credentials.json')
  : `./${inProject}/credentials.json`;
const database = process.env.DYNAMODB_ENDPOINT
  ? `${databaseEndpoint}  (DYNAMODB_ENDPOINT)`
  : embedded === 'dynamodb-local'
    ? `DynamoDB Local at ${databaseEndpoint}, ${dataDir}/dynamodb-local`
    : `embedded dynalite, ${dataDir}/dynamodb`;
const configured = Object.entries(SETTINGS)
  .filter(([, { env }]) => process.env[env])
  .map(([name]) => name);
console.log(`
Liaison is running at ${url}  (started in ${((Date.now() - started) / 1000).toFixed(1)} s)

  Console      ${url}/console        (sign in as one of the people below)
  Mailbox      ${url}/console/mail   (every email Liaison sends lands here; signing links open from it)
  API          ${url}/api/openapi.json
  Health       ${url}/health
  Database     ${database}
  Data folder  ${dataDir}  (credentials.json, identity/, mail/, s3/, executions/, logs/ with each function's log)
  Settings     ${configured.length ? configured.join(', ') : 'local defaults'} (infra/settings.ts lists them)
${resumed.length ? `  Resumed      ${resumed.length} onboarding workflow(s) waiting when Liaison last stopped\n` : ''}
People in the local user pool (sign in at ${url}/console):
${Object.entries(credentials.signIn.people)
  .map(([role, p]) => `  ${role.padEnd(9)} ${p.name.padEnd(14)} ${p.email.padEnd(28)} password ${p.password}`)
  .join('\n')}
  MFA is required, as on AWS: the code is asked for after the password. Print it with
    npm run liaison -- code officer        (or add the person's totpSecret in credentials.json to an authenticator app)
  More people and machine clients: npm run liaison -- users invite / clients create (README "Who may call it")
Machine client "${credentials.signIn.client.name}": client id ${credentials.signIn.client.clientId}, secret in
  credentials.json; token URL ${credentials.signIn.client.tokenUrl} (client-credentials grant)
Ready bearer tokens, role → token, for scripts: ${dataDir}/credentials.json (renewed while the server runs)

Next: start an onboarding (README "Walk-through"), e.g.
  OFFICER=$(node -p "require('${credentialsPath}').officer")
  curl -s -X POST ${url}/api/onboardings -H "Authorization: Bearer $OFFICER" \\
       -H 'content-type: application/json' -d @examples/onboarding.json
then open ${url}/console/mail and follow the signing links.
Stop with Ctrl+C; waiting signatures survive a restart.
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    console.log('\nStopping Liaison…');
    await runtime.stop();
    process.exit(0);
  });
}
