/**
 * Picks one person of the admin's units by name or NIP (GET /employees, which the server
 * scopes): type, then choose from the few that match.
 */
import type { Static } from '@sinclair/typebox';
import { useEffect, useState } from 'preact/hooks';
import type { EmployeeListSchema } from '../../server/features/units/schemas.js';
import type { Lang } from '../src/i18n.js';
import { get, query } from './api.js';
import { at } from './i18n.js';

export type EmployeeList = Static<typeof EmployeeListSchema>;
export type EmployeeItem = EmployeeList['items'][number];

export interface PickedPerson {
  id: number;
  name: string;
}

export function PersonPicker(props: {
  lang: Lang;
  value: PickedPerson | null;
  onChange: (p: PickedPerson | null) => void;
  label?: string;
}) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<EmployeeItem[]>([]);
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setFound([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      get<EmployeeList>(`/employees${query({ q, limit: 8 })}`).then(
        (r) => live && setFound(r.items),
        () => live && setFound([]),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);

  if (props.value !== null)
    return (
      <div class="picked" data-part="person-picked">
        <span>{props.label ?? at(props.lang, 'personLabel')}</span>
        <span class="chip">
          {props.value.name}
          <button
            type="button"
            class="link"
            aria-label={at(props.lang, 'clearPerson', { name: props.value.name })}
            onClick={() => {
              props.onChange(null);
              setText('');
            }}
          >
            ×
          </button>
        </span>
      </div>
    );
  return (
    <div class="person-picker">
      <label>
        <span>{props.label ?? at(props.lang, 'personLabel')}</span>
        <input
          type="search"
          name="person"
          value={text}
          placeholder={at(props.lang, 'personPlaceholder')}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      {found.length > 0 && (
        <ul class="suggestions" data-part="person-suggestions">
          {found.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                class="linkish"
                onClick={() => {
                  props.onChange({ id: e.id, name: e.name });
                  setFound([]);
                }}
              >
                {e.name}{' '}
                <span class="muted">
                  · {e.nip ?? e.internalId ?? ''} · {e.unitName}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
