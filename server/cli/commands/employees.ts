/**
 * `hadir employees …`: search, show, add, edit, move (from a date), deactivate and
 * reactivate employees, through the same service as the API, audited as the CLI.
 */
import { parseArgs } from 'node:util';
import { EMPLOYEE_KINDS } from '../../../core/model.js';
import type { Employee } from '../../../core/model.js';
import {
  INACTIVE_REASONS,
  createEmployee,
  deactivateEmployee,
  editEmployee,
  listEmployeesFor,
  moveEmployee,
  reactivateEmployee,
  readEmployee,
} from '../../features/employees/service.js';
import type { EmployeeEdit } from '../../features/employees/service.js';
import { CLI_ACTOR } from '../../features/units/access.js';
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
} from '../command.js';
import type { CliIo, Command } from '../command.js';

const KIND_LABEL = { pns: 'PNS', pppk: 'PPPK', non_asn: 'non-ASN' } as const;

const describe = (e: Employee) =>
  `${e.name} (id ${e.id}, ${KIND_LABEL[e.kind]} ${e.nip ?? e.internalId ?? ''}${e.rank ? `, ${e.rank}` : ''})`;

async function list(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      search: { type: 'string' },
      unit: { type: 'string' },
      kind: { type: 'string' },
      inactive: { type: 'boolean' },
      all: { type: 'boolean' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    },
    strict: true,
  });
  const unitId = positiveId(values.unit, '--unit');
  const kind = oneOf(values.kind, '--kind', EMPLOYEE_KINDS);
  const limit = positiveId(values.limit, '--limit') ?? 50;
  const offset = values.offset === undefined ? 0 : (positiveId(values.offset, '--offset') ?? 0);
  return withExistingDatabase(io, async (h) => {
    const page = await service(() =>
      listEmployeesFor(depsOf(h, io), CLI_ACTOR, {
        ...(values.search !== undefined && { q: values.search }),
        ...(unitId !== null && { unitId }),
        ...(kind && { kind }),
        ...(values.all !== true && { active: values.inactive !== true }),
        sort: 'name',
        order: 'asc',
        limit: Math.min(limit, 1000),
        offset,
      }),
    );
    const rows = [['id', 'NIP / no.', 'jenis/kind', 'nama/name', 'jabatan/position', 'unit']];
    for (const e of page.items) {
      rows.push([
        String(e.id),
        e.nip ?? e.internalId ?? '',
        KIND_LABEL[e.kind],
        e.name,
        e.position,
        e.unitName,
      ]);
    }
    for (const line of table(rows)) io.out(line);
    io.out(
      `${page.items.length} dari / of ${page.total} pegawai / employees` +
        (offset + page.items.length < page.total
          ? ` (berikutnya / next: --offset ${offset + page.items.length})`
          : ''),
    );
    return 0;
  });
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const id = requiredId(positionals[0], 'ID');
  return withExistingDatabase(io, async (h) => {
    const r = await service(() => readEmployee(depsOf(h, io), CLI_ACTOR, id));
    const e = r.employee;
    io.out(describe(e));
    io.out(`  unit: ${r.unitName} (id ${e.unitId})`);
    io.out(`  jabatan / position: ${e.position}`);
    if (e.attendanceFrom) io.out(`  presensi mulai / attendance from: ${e.attendanceFrom}`);
    if (e.inactiveFrom)
      io.out(`  nonaktif sejak / inactive from: ${e.inactiveFrom} (${e.inactiveReason ?? ''})`);
    for (const p of r.placements) io.out(`  sejak / from ${p.fromDate}: ${p.unitName} (id ${p.unitId})`);
    return 0;
  });
}

const FIELDS = {
  name: { type: 'string' },
  position: { type: 'string' },
  rank: { type: 'string' },
  nip: { type: 'string' },
  'internal-id': { type: 'string' },
  'attendance-from': { type: 'string' },
} as const;

async function add(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...FIELDS, kind: { type: 'string' }, unit: { type: 'string' } },
    strict: true,
  });
  const kind = oneOf(required(values.kind, '--kind'), '--kind', EMPLOYEE_KINDS) ?? 'pns';
  const unitId = requiredId(values.unit, '--unit');
  const name = required(values.name, '--name');
  return withExistingDatabase(io, async (h) => {
    const e = await service(() =>
      createEmployee(depsOf(h, io), CLI_ACTOR, {
        kind,
        nip: values.nip ?? null,
        internalId: values['internal-id'] ?? null,
        name,
        unitId,
        position: values.position ?? '',
        rank: values.rank ?? null,
        attendanceFrom: values['attendance-from'] ?? null,
      }),
    );
    io.out(`Pegawai dibuat / employee created: ${describe(e)}`);
    return 0;
  });
}

async function edit(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: FIELDS, allowPositionals: true, strict: true });
  const id = requiredId(positionals[0], 'ID');
  const patch: EmployeeEdit = {
    ...(values.name !== undefined && { name: values.name }),
    ...(values.position !== undefined && { position: values.position }),
    ...(values.rank !== undefined && { rank: values.rank === '' ? null : values.rank }),
    ...(values.nip !== undefined && { nip: values.nip }),
    ...(values['internal-id'] !== undefined && { internalId: values['internal-id'] }),
    ...(values['attendance-from'] !== undefined && {
      attendanceFrom: values['attendance-from'] === '' ? null : values['attendance-from'],
    }),
  };
  requireSomeChange(patch, ['--name', '--position', '--rank', '--nip', '--internal-id', '--attendance-from']);
  return withExistingDatabase(io, async (h) => {
    const e = await service(() => editEmployee(depsOf(h, io), CLI_ACTOR, id, patch));
    io.out(`Pegawai diubah / employee changed: ${describe(e)}`);
    return 0;
  });
}

async function move(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { unit: { type: 'string' }, from: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const id = requiredId(positionals[0], 'ID');
  const unitId = requiredId(values.unit, '--unit');
  const from = required(values.from, '--from');
  return withExistingDatabase(io, async (h) => {
    const e = await service(() => moveEmployee(depsOf(h, io), CLI_ACTOR, id, { unitId, from }));
    io.out(
      `Pegawai dipindah / employee moved: ${describe(e)} ke unit / to unit ${unitId} sejak / from ${from}`,
    );
    return 0;
  });
}

async function deactivate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { from: { type: 'string' }, reason: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const id = requiredId(positionals[0], 'ID');
  const from = required(values.from, '--from');
  const reason = oneOf(required(values.reason, '--reason'), '--reason', INACTIVE_REASONS) ?? 'lainnya';
  return withExistingDatabase(io, async (h) => {
    const e = await service(() => deactivateEmployee(depsOf(h, io), CLI_ACTOR, id, { from, reason }));
    io.out(`Pegawai dinonaktifkan / employee deactivated: ${describe(e)} sejak / from ${from} (${reason})`);
    return 0;
  });
}

async function reactivate(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const id = requiredId(positionals[0], 'ID');
  return withExistingDatabase(io, async (h) => {
    const e = await service(() => reactivateEmployee(depsOf(h, io), CLI_ACTOR, id));
    io.out(`Pegawai aktif lagi / employee active again: ${describe(e)}`);
    return 0;
  });
}

const employees: Command = {
  synopsis: [
    synopsisLine('hadir employees list|show|add|edit', 'pegawai / employees'),
    synopsisLine(
      'hadir employees move|deactivate',
      'mutasi dan nonaktif sejak tanggal / moves and leavers from a date',
    ),
  ],
  help: `hadir employees list [--search Q] [--unit ID] [--kind K] [--inactive|--all] [--limit N] [--offset N]
hadir employees show ID
hadir employees add --kind pns|pppk|non_asn (--nip NIP | --internal-id NO) --name N --unit ID
                    [--position J] [--rank GOL] [--attendance-from YYYY-MM-DD]
hadir employees edit ID [--name] [--position] [--rank] [--nip] [--internal-id] [--attendance-from]
hadir employees move ID --unit ID --from YYYY-MM-DD
hadir employees deactivate ID --from YYYY-MM-DD --reason ${INACTIVE_REASONS.join('|')}
hadir employees reactivate ID

Daftar pegawai (nama, NIP, unit), data satu pegawai dengan riwayat unitnya; membuat,
mengubah, memindah ke unit lain sejak tanggal tertentu (rekap bulan lalu tetap) dan
menonaktifkan sejak tanggal tertentu (pensiun, mutasi keluar).
The employee list (name, NIP, unit), one employee with their unit history; create,
edit, move to another unit from a date (last month's recap stays as it was) and
deactivate from a date (retirement, transfer out).
  --search   bagian nama, awal NIP atau nomor non-ASN / part of a name, start of a NIP or staff number
  --rank     golongan: III/a (PNS), IX (PPPK)
Kode keluar / exit codes: 0 selesai / done, 1 ditolak / refused, 2 pemakaian salah / wrong usage.`,
  run: (args, io) =>
    runSubcommand('employees', employees, { list, show, add, edit, move, deactivate, reactivate }, args, io),
};
export default employees;
