/**
 * `hadir units …`: the unit tree of the organisation (list, show, add, edit, move,
 * close), through the same service as the API, audited with the CLI as the actor.
 */
import { parseArgs } from 'node:util';
import { UNIT_KINDS } from '../../../core/model.js';
import type { Unit } from '../../../core/model.js';
import { CLI_ACTOR } from '../../features/units/access.js';
import {
  closeUnit,
  createUnit,
  moveUnitTo,
  readUnit,
  unitTree,
  updateUnitFields,
} from '../../features/units/service.js';
import type { UnitPatch } from '../../features/units/store.js';
import { usage } from '../cli-error.js';
import {
  depsOf,
  oneOf,
  positiveId,
  required,
  requiredId,
  requireSomeChange,
  runSubcommand,
  service,
  synopsisLine,
  table,
  withExistingDatabase,
  zoneArg,
  zoneLabel,
} from '../command.js';
import type { CliIo, Command } from '../command.js';

const describe = (u: Unit) =>
  `${u.name} (id ${u.id}, ${u.kind}, ${zoneLabel(u.zone)}${u.code ? `, kode ${u.code}` : ''}${
    u.closedFrom ? `, tutup sejak / closed from ${u.closedFrom}` : ''
  })`;

async function list(args: string[], io: CliIo): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  return withExistingDatabase(io, async (h) => {
    const tree = await service(() => unitTree(depsOf(h, io), CLI_ACTOR));
    if (tree.length === 0) {
      io.out('Belum ada unit. Buat dengan: hadir units add --name … --kind pemda --zone WIB');
      io.out('No units yet. Create one with: hadir units add --name … --kind pemda --zone WIB');
      return 0;
    }
    const rows = [['id', 'kode/code', 'jenis/kind', 'zona', 'pegawai/staff', 'unit']];
    for (const u of tree) {
      rows.push([
        String(u.id),
        u.code ?? '',
        u.kind,
        zoneLabel(u.zone),
        `${u.employees}/${u.totalEmployees}`,
        `${'  '.repeat(u.depth)}${u.name}${u.closedFrom ? ` (tutup / closed ${u.closedFrom})` : ''}`,
      ]);
    }
    for (const line of table(rows)) io.out(line);
    return 0;
  });
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const id = requiredId(positionals[0], 'ID');
  return withExistingDatabase(io, async (h) => {
    const u = await service(() => readUnit(depsOf(h, io), CLI_ACTOR, id));
    io.out(describe(u));
    if (u.parentName) io.out(`  induk / parent: ${u.parentName} (id ${u.parentId})`);
    io.out(
      `  pegawai aktif / active staff: ${u.employees} (dengan sub-unit / with sub-units: ${u.totalEmployees})`,
    );
    io.out(`  sub-unit: ${u.children}`);
    return 0;
  });
}

async function add(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      kind: { type: 'string' },
      parent: { type: 'string' },
      zone: { type: 'string' },
      code: { type: 'string' },
    },
    strict: true,
  });
  const name = required(values.name, '--name');
  const kind = oneOf(required(values.kind, '--kind'), '--kind', UNIT_KINDS) ?? 'opd';
  const parentId = positiveId(values.parent, '--parent');
  const zone = zoneArg(values.zone);
  if (parentId === null && zone === undefined) {
    throw usage(
      'Unit teratas (tanpa --parent) perlu --zone WIB|WITA|WIT.',
      'A top unit (without --parent) needs --zone WIB|WITA|WIT.',
    );
  }
  return withExistingDatabase(io, async (h) => {
    const u = await service(() =>
      createUnit(depsOf(h, io), CLI_ACTOR, {
        parentId,
        name,
        kind,
        ...(zone && { zone }),
        ...(values.code !== undefined && { code: values.code }),
      }),
    );
    io.out(`Unit dibuat / unit created: ${describe(u)}`);
    return 0;
  });
}

async function edit(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      kind: { type: 'string' },
      zone: { type: 'string' },
      code: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const id = requiredId(positionals[0], 'ID');
  const patch: UnitPatch = {};
  if (values.name !== undefined) patch.name = values.name;
  const kind = oneOf(values.kind, '--kind', UNIT_KINDS);
  if (kind) patch.kind = kind;
  const zone = zoneArg(values.zone);
  if (zone) patch.zone = zone;
  if (values.code !== undefined) patch.code = values.code;
  requireSomeChange(patch, ['--name', '--kind', '--zone', '--code']);
  return withExistingDatabase(io, async (h) => {
    const u = await service(() => updateUnitFields(depsOf(h, io), CLI_ACTOR, id, patch));
    io.out(`Unit diubah / unit changed: ${describe(u)}`);
    return 0;
  });
}

async function move(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { parent: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const id = requiredId(positionals[0], 'ID');
  const parentId = requiredId(values.parent, '--parent');
  return withExistingDatabase(io, async (h) => {
    const u = await service(() => moveUnitTo(depsOf(h, io), CLI_ACTOR, id, parentId));
    io.out(`Unit dipindah / unit moved: ${describe(u)}, induk / parent ${parentId}`);
    return 0;
  });
}

async function close(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { from: { type: 'string' }, reopen: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const id = requiredId(positionals[0], 'ID');
  if ((values.from === undefined) === (values.reopen !== true)) {
    throw usage('Pakai --from YYYY-MM-DD atau --reopen.', 'Use --from YYYY-MM-DD or --reopen.');
  }
  const from = values.reopen === true ? null : (values.from ?? null);
  return withExistingDatabase(io, async (h) => {
    const u = await service(() => closeUnit(depsOf(h, io), CLI_ACTOR, id, from));
    io.out(
      from === null
        ? `Unit dibuka lagi / unit reopened: ${describe(u)}`
        : `Unit ditutup / unit closed: ${describe(u)}`,
    );
    return 0;
  });
}

const units: Command = {
  synopsis: [
    synopsisLine(
      'hadir units list|show|add|edit|move|close',
      'unit organisasi / the units of the organisation',
    ),
  ],
  help: `hadir units list
hadir units show ID
hadir units add --name N --kind K [--parent ID] [--zone WIB|WITA|WIT] [--code KODE]
hadir units edit ID [--name N] [--kind K] [--zone Z] [--code KODE]
hadir units move ID --parent ID
hadir units close ID --from YYYY-MM-DD | --reopen

Pohon unit dengan jumlah pegawai; membuat, mengubah, memindah dan menutup unit.
The unit tree with head counts; create, change, move and close units.
  --kind   ${UNIT_KINDS.join(', ')}
  --zone   WIB (Asia/Jakarta), WITA (Asia/Makassar), WIT (Asia/Jayapura); tanpa ini unit
           ikut zona induknya / without it a unit takes its parent's zone
  --code   kode unit kerja daerah / the region's unit code
Setiap perubahan dicatat di log audit (pelaku cli). / Every change is audited (actor cli).
Kode keluar / exit codes: 0 selesai / done, 1 ditolak / refused, 2 pemakaian salah / wrong usage.`,
  run: (args, io) => runSubcommand('units', units, { list, show, add, edit, move, close }, args, io),
};
export default units;
