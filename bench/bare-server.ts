/**
 * The ceiling: a bare Fastify POST endpoint that parses the same JSON body and answers
 * 201 with a small JSON document, nothing else. The benchmark runs it in its own process
 * on the same machine, in the same run, so the check-in figure is read as a ratio to it.
 */
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 3901);
const host = process.argv[3] ?? '127.0.0.1';
const app = Fastify({ logger: false });
app.post('/api/v1/check-ins', (req, reply) => {
  const body = req.body as { id?: unknown };
  void reply.code(201).send({ id: body.id, ok: true });
});
await app.listen({ port, host });
process.send?.({ ready: true, port });
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
