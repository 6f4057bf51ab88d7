/**
 * core/ stays pure because two guards refuse an impure file at any folder depth: ESLint
 * (eslint.config.js, the core/** block) and the compiler (core/tsconfig.json: rootDir
 * core/, no Node.js types). Each case writes a small file inside core/, runs the real
 * guard on it and expects the refusal; a clean file must pass both, so neither guard
 * simply fails everything.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const written: string[] = [];

/** Writes `source` to a fresh file in core/<folder> and returns its path. */
function probe(folder: string, source: string): string {
  const file = join(ROOT, 'core', folder, `zz-purity-probe-${randomBytes(4).toString('hex')}.ts`);
  writeFileSync(file, source);
  written.push(file);
  return file;
}

afterAll(() => {
  for (const f of written) rmSync(f, { force: true });
});

const eslint = new ESLint({ cwd: ROOT });

async function lint(file: string): Promise<string[]> {
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

function compile(file: string): string[] {
  const configPath = join(ROOT, 'core', 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath));
  const program = ts.createProgram({ rootNames: [file], options: parsed.options });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `TS${d.code} ${relative(ROOT, d.file?.fileName ?? '')}`);
}

const DEPTHS = ['', 'attendance'];

describe.each(DEPTHS)('a file in core/%s', (folder) => {
  const up = '../'.repeat(folder === '' ? 1 : 2);

  it('passes both guards when it is pure', async () => {
    const f = probe(
      folder,
      `import { normalizeNip } from '${folder === '' ? './' : '../'}nip.js';\nexport const f = normalizeNip;\nexport const at = (now: number): Date => new Date(now);\n`,
    );
    expect(await lint(f)).toEqual([]);
    expect(compile(f)).toEqual([]);
  });

  it('may not import from server/, web/ or bench/', async () => {
    for (const target of ['server/platform/config.js', 'web/src/main.js', 'bench/run.js']) {
      const f = probe(folder, `import { x } from '${up}${target}';\nexport const y = x;\n`);
      expect(await lint(f)).toContainEqual(expect.stringMatching(/^no-restricted-imports: .*pure domain/));
    }
    const f = probe(
      folder,
      `import { loadConfig } from '${up}server/platform/config.js';\nexport const y = loadConfig;\n`,
    );
    expect(compile(f)).toContainEqual(expect.stringMatching(/^TS6059 /)); // not under rootDir core/
  });

  it('may not import Node.js modules or packages', async () => {
    for (const spec of ['node:fs', 'fs', 'node:crypto', 'kysely']) {
      const f = probe(folder, `import * as m from '${spec}';\nexport const y = m;\n`);
      expect(await lint(f)).toContainEqual(expect.stringMatching(/^no-restricted-imports: .*own modules/));
    }
    const f = probe(folder, `import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n`);
    expect(compile(f)).toContainEqual(expect.stringMatching(/^TS2307 /)); // cannot find module
  });

  it('may not read the clock, randomness or the environment', async () => {
    const cases: [string, RegExp][] = [
      ['export const t = Date.now();', /^no-restricted-properties: .*Date\.now/],
      ['export const t = new Date();', /^no-restricted-syntax: `new Date\(\)`/],
      ['export const t = Date();', /^no-restricted-syntax: `Date\(\)`/],
      ['export const t = performance.now();', /^no-restricted-properties: .*performance\.now/],
      ['export const r = Math.random();', /^no-restricted-properties: .*Math\.random/],
      [
        'export const r = crypto.getRandomValues(new Uint8Array(4));',
        /^no-restricted-properties: .*crypto\.getRandomValues/,
      ],
      ["export const e = process.env['TZ'];", /^no-restricted-properties: .*process\.env/],
      ['export const p = process.pid;', /^no-restricted-globals: .*process/],
    ];
    for (const [source, expected] of cases) {
      expect(await lint(probe(folder, `${source}\n`))).toContainEqual(expect.stringMatching(expected));
    }
    // Without Node.js types the compiler knows neither `process` nor `performance` nor `crypto`.
    const f = probe(
      folder,
      "export const e = process.env['TZ'];\nexport const t = performance.now();\nexport const r = crypto.randomUUID();\n",
    );
    expect(compile(f).filter((d) => /^TS(2591|2304) /.test(d))).toHaveLength(3);
  });
});
