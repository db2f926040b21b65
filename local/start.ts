// `npm start`: runs Liaison offline and says where to go next.
import { startLocal } from './server.js';

const started = Date.now();
const runtime = await startLocal({
  dataDir: process.env.LIAISON_DATA_DIR,
  port: process.env.PORT ? Number(process.env.PORT) : 3000,
  host: process.env.HOST,
  dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
  baseUrl: process.env.BASE_URL || undefined,
});
const { url, credentials, resumed } = runtime;
console.log(`
Liaison is running at ${url}  (started in ${((Date.now() - started) / 1000).toFixed(1)} s)

  Console      ${url}/console        (sign in with the officer token below)
  Mailbox      ${url}/console/mail   (every email Liaison sends lands here; signing links open from it)
  API          ${url}/api/openapi.json
  Health       ${url}/health
  Database     ${process.env.DYNAMODB_ENDPOINT}  (${process.env.DYNAMODB_ENDPOINT?.includes('127.0.0.1') ? 'embedded dynalite' : 'DYNAMODB_ENDPOINT'})
  Data folder  ${process.env.LIAISON_DATA_DIR ?? '.liaison'}  (credentials.json, outbox/, documents/, executions/)
${resumed.length ? `  Resumed      ${resumed.length} onboarding workflow(s) that were waiting when Liaison last stopped\n` : ''}
Bearer tokens (also in .liaison/credentials.json):
${Object.entries(credentials).map(([role, token]) => `  ${role.padEnd(9)} ${token}`).join('\n')}

Next: start an onboarding (README "Walk-through"), e.g.
  curl -s -X POST ${url}/api/onboardings -H "Authorization: Bearer ${credentials.officer}" \\
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
