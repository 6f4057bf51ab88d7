/** The real terminal: output, environment and a password prompt without echo. */
import { CliError } from './cli-error.js';
import type { CliIo } from './command.js';

/** Reads one line from a terminal without echo, or the first line of piped input. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return new Promise((resolve, reject) => {
      let buf = '';
      const onData = (chunk: Buffer) => {
        buf += chunk.toString('utf8');
        const nl = buf.indexOf('\n');
        if (nl >= 0) finish(buf.slice(0, nl));
      };
      const onEnd = () => finish(buf);
      const finish = (line: string) => {
        stdin.off('data', onData).off('end', onEnd).off('error', reject);
        stdin.pause();
        resolve(line.replace(/\r$/, ''));
      };
      stdin.on('data', onData).once('end', onEnd).once('error', reject);
      stdin.resume();
    });
  }
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          // Ctrl+C: the terminal is raw, so the signal must be raised by hand.
          stdin.setRawMode(false);
          process.stderr.write('\n');
          process.kill(process.pid, 'SIGINT');
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
    readPassword: async (prompt, confirm) => {
      const first = await readHidden(prompt);
      if (!confirm || !process.stdin.isTTY) return first;
      const second = await readHidden('Ulangi / repeat: ');
      if (first !== second) {
        throw new CliError('Kedua kata sandi tidak sama.', 'The two passwords do not match.');
      }
      return first;
    },
  };
}
