/**
 * The audit log: who changed what, when — newest first, filtered by unit, person, action,
 * actor and period, paged on the server. A unit admin only ever receives the entries about
 * their own units and people (the server decides); an agency admin sees every entry,
 * the organisation's own (rule versions, holidays) among them.
 */
import type { Static } from '@sinclair/typebox';
import { useEffect, useState } from 'preact/hooks';
import type { AuditPageSchema } from '../../../server/features/console/schemas.js';
import { pick, type Lang } from '../../src/i18n.js';
import { detailLines, type DetailLine } from '../audit-detail.js';
import { query } from '../api.js';
import { num } from '../format.js';
import { at, TARGET_KIND } from '../i18n.js';
import { PersonPicker, type PickedPerson } from '../person-picker.js';
import type { ScreenProps } from '../screens.js';
import { Pager } from '../table.js';
import { useUnits } from '../units.js';
import { useFetch } from '../use-fetch.js';

type AuditPage = Static<typeof AuditPageSchema>;
type Entry = AuditPage['entries'][number];

const PAGE_SIZE = 50;

/** 'DD/MM/YYYY HH:MM:SS' in WIB. */
function when(lang: string, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    timeZone: 'Asia/Jakarta',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** Lines shown before the rest of a long detail is folded away. */
const DETAIL_SHOWN = 4;

function Detail({ lang, detail }: { lang: Lang; detail: Record<string, unknown> }) {
  const lines = detailLines(detail);
  const line = (l: DetailLine) => (
    <li key={l.path}>
      <span class="muted">{l.path}:</span> {l.text}
    </li>
  );
  return (
    <>
      <ul class="detail-lines">{lines.slice(0, DETAIL_SHOWN).map(line)}</ul>
      {lines.length > DETAIL_SHOWN && (
        <details>
          <summary>{at(lang, 'auditMore', { n: num(lang, lines.length - DETAIL_SHOWN) })}</summary>
          <ul class="detail-lines">{lines.slice(DETAIL_SHOWN).map(line)}</ul>
        </details>
      )}
    </>
  );
}

/** "Akun · admin.dinkes" for a target named by the server; the raw target otherwise. */
function targetText(lang: Lang, e: Entry): string {
  const kind = /^([a-z_]+):/.exec(e.target)?.[1];
  const word = kind === undefined ? undefined : TARGET_KIND[kind];
  if (e.targetName === null) return e.target;
  return word ? `${pick(lang, word)} · ${e.targetName}` : e.targetName;
}

function actorName(e: Entry): string {
  return e.actor.username ?? e.actor.label;
}

export function AuditScreen({ lang, account, location }: ScreenProps) {
  const units = useUnits();
  const agency = account.role === 'agency_admin';
  const [unitId, setUnitId] = useState<number | ''>('');
  const initialPerson = location.query.get('employeeId');
  const [person, setPerson] = useState<PickedPerson | null>(
    initialPerson !== null && /^\d+$/.test(initialPerson)
      ? { id: Number(initialPerson), name: location.query.get('name') ?? `#${initialPerson}` }
      : null,
  );
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [unitId, person, action, actor, from, to]);

  const valid = (d: string) => d === '' || /^\d{4}-\d{2}-\d{2}$/.test(d);
  const { data, error } = useFetch<AuditPage>(
    valid(from) && valid(to)
      ? `/console/audit${query({
          unitId,
          employeeId: person?.id,
          action,
          actor: actor.trim(),
          from,
          to,
          page,
          pageSize: PAGE_SIZE,
        })}`
      : null,
  );
  const families = data ? [...new Set(data.actions.map((a) => `${a.split('.')[0]}.`))] : [];

  return (
    <div class="screen" data-screen="audit">
      <div class="screen-head">
        <h1>{at(lang, 'auditTitle')}</h1>
        <p class="muted">{at(lang, agency ? 'auditLeadAgency' : 'auditLeadUnit')}</p>
      </div>
      <section class="panel" data-part="audit-filters">
        <div class="filters">
          {units && (
            <label>
              <span>{at(lang, 'unitLabel')}</span>
              <select
                name="unit"
                value={String(unitId)}
                onChange={(e) => setUnitId(e.currentTarget.value === '' ? '' : Number(e.currentTarget.value))}
              >
                <option value="">{at(lang, agency ? 'auditAllEntries' : 'auditAllMine')}</option>
                {units.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {'\u2003'.repeat(u.depth)}
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <PersonPicker lang={lang} value={person} onChange={setPerson} />
          <label>
            <span>{at(lang, 'auditAction')}</span>
            <select name="action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
              <option value="">{at(lang, 'auditAnyAction')}</option>
              {families.map((f) => (
                <optgroup key={f} label={f.slice(0, -1)}>
                  <option value={f}>{at(lang, 'auditFamily', { family: f.slice(0, -1) })}</option>
                  {data!.actions
                    .filter((a) => a.startsWith(f))
                    .map((a) => (
                      <option key={a} value={a}>
                        {a}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </label>
          <label>
            <span>{at(lang, 'auditActor')}</span>
            <input
              name="actor"
              type="search"
              value={actor}
              onInput={(e) => setActor(e.currentTarget.value)}
            />
          </label>
          <label>
            <span>{at(lang, 'fromDate')}</span>
            <input type="date" name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label>
            <span>{at(lang, 'toDate')}</span>
            <input type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
          </label>
        </div>
      </section>
      {error && (
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
      )}
      {data && (
        <section class="panel" data-part="audit">
          <div class="panel-head">
            <h2>{at(lang, 'auditCount', { n: num(lang, data.total) })}</h2>
          </div>
          <div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  <th scope="col">{at(lang, 'auditWhen')}</th>
                  <th scope="col">{at(lang, 'auditWho')}</th>
                  <th scope="col">{at(lang, 'auditAction')}</th>
                  <th scope="col">{at(lang, 'auditAbout')}</th>
                  <th scope="col">{at(lang, 'auditDetail')}</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((e) => (
                  <tr key={e.id} data-id={e.id} data-action={e.action}>
                    <td class="nowrap">{when(lang, e.at)} WIB</td>
                    <td>
                      <strong>{actorName(e)}</strong>
                      {e.actor.role !== null && <span class="sub">{e.actor.role}</span>}
                    </td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.employee ? (
                        <>
                          <strong>{e.employee.name}</strong>
                          <span class="sub">{e.unit?.name ?? ''}</span>
                        </>
                      ) : e.unit && e.targetName !== null ? (
                        <>
                          <span>{targetText(lang, e)}</span>
                          <span class="sub">{e.unit.name}</span>
                        </>
                      ) : e.unit ? (
                        <strong>{e.unit.name}</strong>
                      ) : (
                        <span class={e.targetName === null ? 'muted' : undefined}>{targetText(lang, e)}</span>
                      )}
                    </td>
                    <td class="detail">
                      <Detail lang={lang} detail={e.detail} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.total === 0 ? (
            <p class="muted">{at(lang, 'noneFound')}</p>
          ) : (
            <Pager
              lang={lang}
              noun="entries"
              page={data.page}
              pageSize={data.pageSize}
              total={data.total}
              onPage={setPage}
            />
          )}
        </section>
      )}
    </div>
  );
}
