// The only way the console builds its page: elements and text nodes. Nothing that came from the server (stream
// names, partition keys, record data, error messages) is ever parsed as HTML, so binary or hostile data stays text.
type Child = Node | string | undefined;

export interface Props {
  class?: string;
  /** data-* attributes, by their name without the prefix. */
  data?: Record<string, string>;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  for (const [k, v] of Object.entries(props.data ?? {})) el.dataset[k] = v;
  for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v);
  // append() turns strings into Text nodes.
  for (const child of children) if (child !== undefined) el.append(child);
  return el;
}

/** The element with this id, which the page (src/console/page.ts) always has. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

/** A definition list's rows from label/value pairs; values shown as text. */
export function definitions(list: HTMLDListElement, rows: [string, string | undefined][]): void {
  list.replaceChildren(...rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', { data: { field: label } }, value ?? '—')]));
}
