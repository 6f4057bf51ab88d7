/**
 * The SQLite punch writer's thread: a connection of its own and one transaction per batch
 * (sqlite-batch.ts), so neither the rows' inserts nor the commit's fsync at
 * `synchronous = FULL` hold the event loop that answers check-ins. Batches are written one
 * at a time in the order they come; each answer says the keys inserted, or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { batchWriter, connect } from './sqlite-batch.js';
import type { BatchSpec, Sync } from './sqlite-batch.js';
import type { WriterReply, WriterRequest } from './sqlite-writer.js';

const port = parentPort;
if (!port) throw new Error('the SQLite writer runs as a worker thread');

const data = workerData as { file: string; sync: Sync; spec: BatchSpec };
const conn = connect(data.file, data.sync, 0);
const write = batchWriter(conn, data.spec);

let chain: Promise<void> = Promise.resolve();
port.on('message', (m: WriterRequest | 'close') => {
  if (m === 'close') {
    void chain.then(() => {
      conn.close();
      port.close();
    });
    return;
  }
  chain = chain.then(async () => {
    let reply: WriterReply;
    try {
      reply = { id: m.id, inserted: await write(m.rows, m.through) };
    } catch (err) {
      const e = err as { message?: unknown; code?: unknown };
      reply = {
        id: m.id,
        error: {
          message: typeof e?.message === 'string' ? e.message : String(err),
          code: typeof e?.code === 'string' ? e.code : null,
        },
      };
    }
    port.postMessage(reply);
  });
});
