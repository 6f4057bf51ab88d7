#!/usr/bin/env node
// The `hadir` command. The CLI itself is TypeScript compiled to dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/server/cli/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(
    'Hadir belum dibangun: jalankan "npm run build" dulu.\n' +
      'Hadir is not built yet: run "npm run build" first.\n',
  );
  process.exit(1);
}
const { runCli } = await import(cli.href);
process.exitCode = await runCli(process.argv.slice(2));
