/** The units an admin may view (GET /console/units), loaded once, and a picker for them. */
import type { Static } from '@sinclair/typebox';
import { useEffect, useState } from 'preact/hooks';
import type { UnitsAnswerSchema } from '../../server/features/console/schemas.js';
import type { Lang } from '../src/i18n.js';
import { get } from './api.js';
import { at } from './i18n.js';

export type UnitsAnswer = Static<typeof UnitsAnswerSchema>;
export type UnitInScope = UnitsAnswer['units'][number];

let cached: Promise<UnitsAnswer> | null = null;

/** The units in scope; null while loading. Fetched once per page load. */
export function useUnits(): UnitsAnswer | null {
  const [units, setUnits] = useState<UnitsAnswer | null>(null);
  useEffect(() => {
    let live = true;
    cached ??= get<UnitsAnswer>('/console/units');
    cached.then(
      (u) => live && setUnits(u),
      () => {
        cached = null;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return units;
}

export function UnitPicker(props: {
  lang: Lang;
  units: UnitsAnswer;
  value: number;
  onChange: (id: number) => void;
  name?: string;
}) {
  return (
    <label>
      <span>
        {at(props.lang, 'unitLabel')} <small class="muted">{at(props.lang, 'withSubunits')}</small>
      </span>
      <select
        name={props.name ?? 'unit'}
        value={String(props.value)}
        onChange={(e) => props.onChange(Number(e.currentTarget.value))}
      >
        {props.units.units.map((u) => (
          <option key={u.id} value={u.id}>
            {'\u2003'.repeat(u.depth)}
            {u.name}
          </option>
        ))}
      </select>
    </label>
  );
}
