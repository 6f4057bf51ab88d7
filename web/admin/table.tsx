/**
 * Table parts shared by the console's lists: a header cell that asks the server to sort
 * (aria-sort tells a screen reader the order), and a pager.
 */
import type { ComponentChildren } from 'preact';
import type { Lang } from '../src/i18n.js';
import { at } from './i18n.js';

export interface SortState<K extends string> {
  sort: K;
  desc: boolean;
}

export function SortHeader<K extends string>(props: {
  lang: Lang;
  col: K;
  state: SortState<K>;
  onSort: (s: SortState<K>) => void;
  numeric?: boolean;
  children: ComponentChildren;
}) {
  const active = props.state.sort === props.col;
  const label = typeof props.children === 'string' ? props.children : props.col;
  return (
    <th
      scope="col"
      class={props.numeric ? 'num' : undefined}
      aria-sort={active ? (props.state.desc ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        class="sort"
        data-sort={props.col}
        aria-label={at(props.lang, 'sortBy', { col: label })}
        onClick={() => props.onSort({ sort: props.col, desc: active ? !props.state.desc : false })}
      >
        {props.children}
        <span aria-hidden="true">{active ? (props.state.desc ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

export function Pager(props: {
  lang: Lang;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  /** What the total counts (default: people). */
  noun?: 'people' | 'entries';
}) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <div class="pager" data-part="pager">
      <button
        type="button"
        class="btn"
        disabled={props.page <= 1}
        onClick={() => props.onPage(props.page - 1)}
      >
        {at(props.lang, 'prevPage')}
      </button>
      <span>
        {at(props.lang, props.noun === 'entries' ? 'pageOfEntries' : 'pageOf', {
          page: props.page,
          pages,
          total: props.total,
        })}
      </span>
      <button
        type="button"
        class="btn"
        disabled={props.page >= pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        {at(props.lang, 'nextPage')}
      </button>
    </div>
  );
}
