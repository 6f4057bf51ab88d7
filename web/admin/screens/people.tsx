/**
 * People and organisation, on the onboarding API: the unit tree with how many people
 * each unit has, the employee list searched, filtered, sorted and paged on the server
 * (a regency of 10,000 people never travels whole), activation slips of a unit, and —
 * under people/<id> — an employee's page, and under people/import the import wizard.
 */
import type { Static } from '@sinclair/typebox';
import { useEffect, useState } from 'preact/hooks';
import type { UnitTreeSchema } from '../../../server/features/units/schemas.js';
import { errorText } from '../../src/errors.js';
import { pick, type Bilingual } from '../../src/i18n.js';
import { authedResponse } from '../../src/api.js';
import { query } from '../api.js';
import { num } from '../format.js';
import { at } from '../i18n.js';
import type { EmployeeList } from '../person-picker.js';
import { href, onLinkClick } from '../router.js';
import type { ScreenProps } from '../screens.js';
import { Pager, SortHeader, type SortState } from '../table.js';
import { useFetch } from '../use-fetch.js';
import { EmployeePage } from './employee.js';
import { ImportWizard } from './import.js';

type UnitTree = Static<typeof UnitTreeSchema>;
type Sort = 'name' | 'nip' | 'unit';

const PAGE_SIZE = 50;

export function PeopleScreen(props: ScreenProps) {
  const [, sub] = props.location.path.split('/');
  if (sub === 'import') return <ImportWizard {...props} />;
  if (sub !== undefined && /^\d+$/.test(sub)) return <EmployeePage {...props} employeeId={Number(sub)} />;
  return <PeopleList {...props} />;
}

/** Downloads a POST answer (the activation slips' PDF) with the session's token. */
async function postDownload(path: string, body: unknown, fallback: string): Promise<string> {
  const res = await authedResponse('POST', path, body);
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

function PeopleList({ lang }: ScreenProps) {
  const tree = useFetch<UnitTree>('/units');
  const [unitId, setUnitId] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [kind, setKind] = useState('');
  const [active, setActive] = useState('true');
  const [sort, setSort] = useState<SortState<Sort>>({ sort: 'name', desc: false });
  const [page, setPage] = useState(1);
  const [slips, setSlips] = useState<{ busy: boolean; error: Bilingual | null; done: string | null }>({
    busy: false,
    error: null,
    done: null,
  });
  useEffect(() => setPage(1), [unitId, text, kind, active, sort]);

  const list = useFetch<EmployeeList>(
    `/employees${query({
      q: text.trim(),
      unitId,
      subtree: unitId === null ? undefined : 'true',
      kind,
      active,
      sort: sort.sort,
      order: sort.desc ? 'desc' : 'asc',
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    })}`,
  );
  const units = tree.data?.items ?? [];
  const picked = units.find((u) => u.id === unitId) ?? null;

  async function downloadSlips(reissue: boolean) {
    setSlips({ busy: true, error: null, done: null });
    try {
      const name = await postDownload(
        '/accounts/activation',
        { unitId, format: 'pdf', ...(reissue ? { reissue: true } : {}) },
        'aktivasi.pdf',
      );
      setSlips({ busy: false, error: null, done: name });
    } catch (e) {
      setSlips({ busy: false, error: errorText(e), done: null });
    }
  }

  const head = (col: Sort, label: string) => (
    <SortHeader lang={lang} col={col} state={sort} onSort={setSort}>
      {label}
    </SortHeader>
  );

  return (
    <div class="screen" data-screen="people">
      <div class="screen-head">
        <h1>{at(lang, 'orgTitle')}</h1>
        <a class="btn primary" href={href('people/import')} onClick={(e) => onLinkClick(e, 'people/import')}>
          {at(lang, 'importOpen')}
        </a>
      </div>
      <div class="two-col people-cols">
        <section class="panel" data-part="unit-tree">
          <h2>{at(lang, 'unitTree')}</h2>
          {tree.error && (
            <p class="error" role="alert">
              {pick(lang, tree.error)}
            </p>
          )}
          <ul class="tree">
            <li>
              <button
                type="button"
                class="linkish"
                aria-pressed={unitId === null}
                onClick={() => setUnitId(null)}
              >
                {at(lang, 'allMyUnits')}
              </button>
            </li>
            {units.map((u) => (
              <li key={u.id} style={{ paddingLeft: `${u.depth * 1.1}rem` }} data-unit={u.name}>
                <button
                  type="button"
                  class="linkish"
                  aria-pressed={unitId === u.id}
                  onClick={() => setUnitId(u.id)}
                >
                  {u.name}
                </button>{' '}
                <span class="muted small" title={at(lang, 'unitCountTitle')}>
                  {num(lang, u.employees)} / {num(lang, u.totalEmployees)}
                </span>
              </li>
            ))}
          </ul>
          <p class="muted small">{at(lang, 'unitCountNote')}</p>
        </section>
        <section class="panel" data-part="employees">
          <div class="panel-head">
            <h2>
              {picked?.name ?? at(lang, 'allMyUnits')}
              {list.data && (
                <span class="muted"> · {at(lang, 'peopleCount', { n: num(lang, list.data.total) })}</span>
              )}
            </h2>
            <div class="exports">
              <button
                type="button"
                class="btn"
                disabled={slips.busy}
                onClick={() => void downloadSlips(false)}
              >
                {at(lang, 'slipsDownload')}
              </button>
            </div>
          </div>
          {slips.done && (
            <p class="note" data-part="slips-done">
              {at(lang, 'slipsDone', { name: slips.done })}
            </p>
          )}
          {slips.error && (
            <p class="error" role="alert">
              {pick(lang, slips.error)}
            </p>
          )}
          <div class="filters">
            <label>
              <span>{at(lang, 'search')}</span>
              <input name="q" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
            </label>
            <label>
              <span>{at(lang, 'kindLabel')}</span>
              <select name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
                <option value="">{at(lang, 'kindAll')}</option>
                <option value="pns">PNS</option>
                <option value="pppk">PPPK</option>
                <option value="non_asn">Non-ASN</option>
              </select>
            </label>
            <label>
              <span>{at(lang, 'activeLabel')}</span>
              <select name="active" value={active} onChange={(e) => setActive(e.currentTarget.value)}>
                <option value="true">{at(lang, 'activeYes')}</option>
                <option value="false">{at(lang, 'activeNo')}</option>
                <option value="">{at(lang, 'activeAll')}</option>
              </select>
            </label>
          </div>
          {list.error && (
            <p class="error" role="alert">
              {pick(lang, list.error)}
            </p>
          )}
          {list.data && (
            <>
              <div class="table-wrap">
                <table class="grid">
                  <thead>
                    <tr>
                      {head('name', at(lang, 'colName'))}
                      {head('nip', 'NIP')}
                      {head('unit', at(lang, 'colUnit'))}
                      <th scope="col">{at(lang, 'colPosition')}</th>
                      <th scope="col">{at(lang, 'kindLabel')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.items.map((e) => (
                      <tr key={e.id} data-employee={e.id}>
                        <td>
                          <a
                            href={href(`people/${e.id}`)}
                            onClick={(ev) => onLinkClick(ev, `people/${e.id}`)}
                          >
                            <strong>{e.name}</strong>
                          </a>
                          {!e.active && <span class="chip bad">{at(lang, 'inactiveChip')}</span>}
                        </td>
                        <td>{e.nip ?? e.internalId ?? '–'}</td>
                        <td>{e.unitName}</td>
                        <td>{e.position}</td>
                        <td>{e.kind === 'non_asn' ? 'Non-ASN' : e.kind.toUpperCase()}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {list.data.total === 0 ? (
                <p class="muted">{at(lang, 'noneFound')}</p>
              ) : (
                <Pager
                  lang={lang}
                  page={page}
                  pageSize={PAGE_SIZE}
                  total={list.data.total}
                  onPage={setPage}
                />
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
