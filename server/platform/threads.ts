/**
 * Starting a worker thread from a module beside the caller, both when the server runs
 * from dist/ (JavaScript) and under the test runner (TypeScript sources). Under the test
 * runner the worker loads the sources through tsx's loader, registered before the entry
 * is imported (execArgv `--import tsx` does not reach a worker's entry on Node.js 20).
 */
import { Worker } from 'node:worker_threads';

/**
 * A worker running the module `name` (without extension) that sits beside `callerUrl`
 * (the caller's `import.meta.url`).
 *
 * @example startModuleWorker(import.meta.url, 'worker', { options })
 */
export function startModuleWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const source = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}${source ? '.ts' : '.js'}`, callerUrl);
  if (!source) return new Worker(entry, { workerData });
  const boot = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
