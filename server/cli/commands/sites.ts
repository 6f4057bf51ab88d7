/**
 * `hadir sites …`: work sites (circles and polygons) of a unit, inherited down the tree,
 * or of one person (WFH, dinas luar with its letter and dates), through the same service
 * as the API, audited as the CLI.
 */
import { parseArgs } from 'node:util';
import { SITE_MODES } from '../../../core/model.js';
import type { LatLon, Shape } from '../../../core/model.js';
import { createSite, listSitesFor, readSite, replaceSite } from '../../features/sites/service.js';
import type { Site } from '../../features/sites/store.js';
import { CLI_ACTOR } from '../../features/units/access.js';
import { usage } from '../cli-error.js';
import {
  depsOf,
  oneOf,
  positiveId,
  required,
  requiredId,
  runSubcommand,
  service,
  synopsisLine,
  table,
  withExistingDatabase,
  zoneArg,
  zoneLabel,
} from '../command.js';
import type { CliIo, Command } from '../command.js';

function shapeText(s: Shape): string {
  return s.type === 'circle'
    ? `lingkaran / circle ${s.center.lat},${s.center.lon} r ${s.radiusM} m`
    : `poligon / polygon ${s.points.length} titik / points`;
}

const describe = (s: Site) =>
  `${s.name} (id ${s.id}, ${s.mode}, ${zoneLabel(s.zone)}, ${shapeText(s.shape)}${s.active ? '' : ', nonaktif / inactive'})`;

function number(raw: string, flag: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) {
    throw usage(`${flag} harus berupa angka, bukan "${raw}".`, `${flag} must be a number, not "${raw}".`);
  }
  return n;
}

/** `--lat --lon --radius` or `--polygon "lat,lon lat,lon …"` (at least three points). */
function shapeOf(values: { lat?: string; lon?: string; radius?: string; polygon?: string }): Shape {
  if (values.polygon !== undefined) {
    if (values.lat !== undefined || values.lon !== undefined || values.radius !== undefined) {
      throw usage('Pilih --polygon atau --lat/--lon/--radius.', 'Choose --polygon or --lat/--lon/--radius.');
    }
    const points: LatLon[] = values.polygon
      .trim()
      .split(/[\s;]+/)
      .map((p) => {
        const [lat, lon, extra] = p.split(',');
        if (lat === undefined || lon === undefined || extra !== undefined) {
          throw usage(`Titik poligon "${p}" harus lat,lon.`, `The polygon point "${p}" must be lat,lon.`);
        }
        return { lat: number(lat, '--polygon'), lon: number(lon, '--polygon') };
      });
    return { type: 'polygon', points };
  }
  return {
    type: 'circle',
    center: {
      lat: number(required(values.lat, '--lat'), '--lat'),
      lon: number(required(values.lon, '--lon'), '--lon'),
    },
    radiusM: number(required(values.radius, '--radius'), '--radius'),
  };
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { unit: { type: 'string' }, employee: { type: 'string' } },
    strict: true,
  });
  const unitId = positiveId(values.unit, '--unit');
  const employeeId = positiveId(values.employee, '--employee');
  return withExistingDatabase(io, async (h) => {
    const sites = await service(() =>
      listSitesFor(depsOf(h, io), CLI_ACTOR, {
        ...(unitId !== null && { unitId }),
        ...(employeeId !== null && { employeeId }),
      }),
    );
    const rows = [['id', 'unit', 'pegawai/employee', 'mode', 'zona', 'bentuk/shape', 'nama/name']];
    for (const s of sites) {
      rows.push([
        String(s.id),
        String(s.unitId),
        s.employeeId === null ? '' : String(s.employeeId),
        s.mode + (s.active ? '' : ' (nonaktif)'),
        zoneLabel(s.zone),
        shapeText(s.shape),
        s.name,
      ]);
    }
    for (const line of table(rows)) io.out(line);
    io.out(`${sites.length} lokasi / sites`);
    return 0;
  });
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const id = requiredId(positionals[0], 'ID');
  return withExistingDatabase(io, async (h) => {
    const s = await service(() => readSite(depsOf(h, io), CLI_ACTOR, id));
    io.out(describe(s));
    io.out(`  unit ${s.unitId}${s.employeeId === null ? '' : `, pegawai / employee ${s.employeeId}`}`);
    if (s.validFrom || s.validTo) io.out(`  berlaku / valid: ${s.validFrom ?? '…'} – ${s.validTo ?? '…'}`);
    if (s.letter) io.out(`  surat tugas / letter: ${s.letter}`);
    if (s.shape.type === 'polygon') io.out(`  ${s.shape.points.map((p) => `${p.lat},${p.lon}`).join(' ')}`);
    return 0;
  });
}

async function add(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      unit: { type: 'string' },
      employee: { type: 'string' },
      name: { type: 'string' },
      mode: { type: 'string' },
      zone: { type: 'string' },
      lat: { type: 'string' },
      lon: { type: 'string' },
      radius: { type: 'string' },
      polygon: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      letter: { type: 'string' },
      'outside-indonesia': { type: 'boolean' },
    },
    strict: true,
  });
  const unitId = positiveId(values.unit, '--unit');
  const employeeId = positiveId(values.employee, '--employee');
  if ((unitId === null) === (employeeId === null)) {
    throw usage('Sebutkan --unit ID atau --employee ID.', 'Give --unit ID or --employee ID.');
  }
  const name = required(values.name, '--name');
  const mode = oneOf(values.mode, '--mode', SITE_MODES) ?? 'office';
  const zone = zoneArg(values.zone);
  const shape = shapeOf(values);
  return withExistingDatabase(io, async (h) => {
    const s = await service(() =>
      createSite(depsOf(h, io), CLI_ACTOR, {
        ...(unitId !== null && { unitId }),
        employeeId,
        name,
        mode,
        shape,
        ...(zone && { zone }),
        validFrom: values.from ?? null,
        validTo: values.to ?? null,
        letter: values.letter ?? null,
        confirmOutsideIndonesia: values['outside-indonesia'] === true,
      }),
    );
    io.out(`Lokasi dibuat / site created: ${describe(s)}`);
    return 0;
  });
}

async function setActive(args: string[], io: CliIo, active: boolean): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const id = requiredId(positionals[0], 'ID');
  return withExistingDatabase(io, async (h) => {
    const d = depsOf(h, io);
    const s = await service(async () => {
      const before = await readSite(d, CLI_ACTOR, id);
      return replaceSite(d, CLI_ACTOR, id, { ...before, active, confirmOutsideIndonesia: true });
    });
    io.out(`${active ? 'Lokasi aktif / site active' : 'Lokasi nonaktif / site inactive'}: ${describe(s)}`);
    return 0;
  });
}

const sites: Command = {
  synopsis: [synopsisLine('hadir sites list|show|add|disable', 'lokasi kerja / work sites')],
  help: `hadir sites list [--unit ID | --employee ID]
hadir sites show ID
hadir sites add (--unit ID | --employee ID) --name N
                (--lat=LAT --lon=LON --radius M | --polygon="lat,lon lat,lon lat,lon …")
                [--mode office|wfh|dinas_luar] [--zone WIB|WITA|WIT]
                [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--letter NOMOR] [--outside-indonesia]
hadir sites disable ID
hadir sites enable ID

Lokasi kerja: lingkaran atau poligon (tertutup, tidak berpotongan), per unit (berlaku
juga bagi sub-unitnya) atau per pegawai (WFH dengan radiusnya sendiri, dinas luar untuk
rentang tanggal dengan surat tugasnya). Koordinat di luar Indonesia perlu
--outside-indonesia. Nilai negatif ditulis setelah = (--lat=-1.85).
Work sites: circles or polygons (closed, not self-intersecting), per unit (inherited
down the tree) or per person (WFH with its own radius, dinas luar for a date range with
its letter). Coordinates outside Indonesia need --outside-indonesia.
A negative value goes after = (--lat=-1.85), or the dash reads as an option.
Kode keluar / exit codes: 0 selesai / done, 1 ditolak / refused, 2 pemakaian salah / wrong usage.`,
  run: (args, io) =>
    runSubcommand(
      'sites',
      sites,
      { list, show, add, disable: (a, i) => setActive(a, i, false), enable: (a, i) => setActive(a, i, true) },
      args,
      io,
    ),
};
export default sites;
