// The local Lambda runtime inside one function instance (a worker thread or a child process): it
// loads the handler the way the Node.js runtime does (_HANDLER in LAMBDA_TASK_ROOT), then serves one
// invocation at a time. It is the runtime's code, not the function's: the function sees only its
// own environment, and a clock the local runtime may have moved forward (local time travel).
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

// --- the clock: real time plus the local runtime's offset, for Date.now() and new Date()
const RealDate = Date;
let offsetMs = 0;
class LocalDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offsetMs;
  }
}
globalThis.Date = LocalDate;

// --- the channel to the local Lambda service
const channel = parentPort
  ? { send: (m) => parentPort.postMessage(m), on: (f) => parentPort.on('message', f) }
  : { send: (m) => process.send(m), on: (f) => process.on('message', f) };

function serialise(error) {
  return {
    errorType: error?.name ?? 'Error',
    errorMessage: error?.message ?? String(error),
    trace: String(error?.stack ?? '')
      .split('\n')
      .slice(0, 20),
  };
}

async function loadHandler() {
  if (workerData?.entry) {
    const module = await import(pathToFileURL(workerData.entry).href);
    return module.handler;
  }
  const [file, exportName] = process.env._HANDLER.split('.');
  const root = process.env.LAMBDA_TASK_ROOT;
  const path = ['.mjs', '.js', '.cjs'].map((ext) => join(root, `${file}${ext}`)).find((p) => existsSync(p));
  if (!path) throw Object.assign(new Error(`Cannot find module '${file}'`), { name: 'Runtime.ImportModuleError' });
  const module = await import(pathToFileURL(path).href);
  const handler = module[exportName] ?? module.default?.[exportName];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${file}.${exportName} is undefined or not exported`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return handler;
}

let handler;
try {
  handler = await loadHandler();
  channel.send({ type: 'ready' });
} catch (error) {
  channel.send({ type: 'initError', error: serialise(error) });
}

channel.on(async (message) => {
  if (message.type !== 'invoke') return;
  offsetMs = message.clockOffsetMs ?? 0;
  const context = {
    awsRequestId: message.requestId,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - RealDate.now()),
    callbackWaitsForEmptyEventLoop: true,
  };
  process.env._X_AMZN_TRACE_ID = message.traceId;
  try {
    const result = await handler(message.event, context);
    channel.send({ type: 'result', id: message.id, payload: result === undefined ? null : JSON.stringify(result) });
  } catch (error) {
    channel.send({ type: 'error', id: message.id, error: serialise(error) });
  }
});
