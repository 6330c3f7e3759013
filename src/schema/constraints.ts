// The constraint pass: walks a coerced input in validation order and words each broken constraint as AWS does
// (aws-behaviour §2). Collects at most MAX_ITEMS items; never throws and never changes the input.
import {
  enumPhrase,
  maxPhrase,
  minPhrase,
  notNullPhrase,
  patternPhrase,
  type ListNode,
  type MapNode,
  type Node,
  type ScalarNode,
  type StringNode,
  type StructureNode,
} from './compile';

/** AWS lists at most 10 items, and then the count says 10 too (aws-behaviour §2, the 501-records test). */
export const MAX_ITEMS = 10;

/**
 * Differs from AWS: the model's ARN patterns (`.*:...:.*`) backtrack, so a string longer than this and than its
 * shape's max length skips the pattern test; it still gets its length item. Unbounded shapes are always tested.
 */
const PATTERN_INPUT_LIMIT = 65536;

function patternFails(node: StringNode, s: string): boolean {
  if (!node.regex) return false;
  if (node.max !== undefined && s.length > node.max && s.length > PATTERN_INPUT_LIMIT) return false;
  return !node.regex.test(s);
}

/** Appends the items for a structure's members; `prefix` is '' or a parent path ending in '.'. */
export function collectStructure(node: StructureNode, value: Record<string, unknown>, prefix: string, items: string[]): void {
  for (const member of node.members) {
    if (items.length >= MAX_ITEMS) return;
    const path = prefix + member.path;
    const v = value[member.name];
    if (v === undefined || v === null) {
      if (member.required) items.push(item('Value null', path, notNullPhrase));
      continue;
    }
    collectValue(member.node, v, path, items);
  }
}

function collectValue(node: Node, value: unknown, path: string, items: string[]): void {
  switch (node.kind) {
    case 'string': {
      // Values are quoted inline, only once a check fails: nothing is allocated for a valid member.
      const s = value as string;
      if (node.enumSet && !node.enumSet.has(s)) push(items, `Value '${s}'`, path, enumPhrase(node.enumText!));
      if (patternFails(node, s)) push(items, `Value '${s}'`, path, patternPhrase(node.pattern!));
      if (node.min !== undefined && s.length < node.min) push(items, `Value '${s}'`, path, minPhrase('length', node.min));
      if (node.max !== undefined && s.length > node.max) push(items, `Value '${s}'`, path, maxPhrase('length', node.max));
      return;
    }
    case 'integer':
    case 'long': {
      const n = value as number;
      if (node.min !== undefined && n < node.min) push(items, `Value '${n}'`, path, minPhrase('value', node.min));
      if (node.max !== undefined && n > node.max) push(items, `Value '${n}'`, path, maxPhrase('value', node.max));
      return;
    }
    case 'blob': {
      // The value is omitted, as AWS did in 2022 (aws-behaviour §2); lengths count decoded bytes.
      const size = (value as Uint8Array).byteLength;
      if (node.min !== undefined && size < node.min) push(items, 'Value', path, minPhrase('length', node.min));
      if (node.max !== undefined && size > node.max) push(items, 'Value', path, maxPhrase('length', node.max));
      return;
    }
    case 'list':
      return collectList(node, value as unknown[], path, items);
    case 'map':
      return collectMap(node, value as Record<string, unknown>, path, items);
    case 'structure':
      return collectStructure(node, value as Record<string, unknown>, `${path}.`, items);
    case 'boolean':
    case 'timestamp':
      return;
  }
}

function collectList(node: ListNode, list: unknown[], path: string, items: string[]): void {
  const element = node.member;
  // Lists of structures are shown without a value (aws-behaviour §2: AWS printed Java object hashes; moto 2022 omits it).
  const shown = (): string => (element.kind === 'structure' ? 'Value' : `Value '[${list.map(show).join(', ')}]'`);
  if (node.min !== undefined && list.length < node.min) push(items, shown, path, minPhrase('length', node.min));
  if (node.max !== undefined && list.length > node.max) push(items, shown, path, maxPhrase('length', node.max));
  if (isScalar(element)) {
    // One item on the whole list when any element breaks its shape's constraints [KL: TagKeys].
    if (!list.every((e) => scalarOk(element, e))) push(items, shown, path, `Member must satisfy constraint: ${element.constraintText}`);
    return;
  }
  for (let i = 0; i < list.length; i++) {
    if (items.length >= MAX_ITEMS) return;
    const elementPath = `${path}.${i + 1}.member`;
    const v = list[i];
    // Differs from AWS (unknown): a null element is reported as a missing member.
    if (v === null || v === undefined) items.push(item('Value null', elementPath, notNullPhrase));
    else collectValue(element, v, elementPath, items);
  }
}

function collectMap(node: MapNode, map: Record<string, unknown>, path: string, items: string[]): void {
  const keys = Object.keys(map);
  const shown = (): string => `Value '{${keys.map((k) => `${k}=${show(map[k])}`).join(', ')}}'`;
  if (node.min !== undefined && keys.length < node.min) push(items, shown, path, minPhrase('length', node.min));
  if (node.max !== undefined && keys.length > node.max) push(items, shown, path, maxPhrase('length', node.max));
  const key = node.key;
  if (isScalar(key) && !keys.every((k) => scalarOk(key, k))) {
    push(items, shown, path, `Map keys must satisfy constraint: ${key.constraintText}`);
  }
  const value = node.value;
  if (isScalar(value)) {
    if (!keys.every((k) => scalarOk(value, map[k]))) push(items, shown, path, `Map value must satisfy constraint: ${value.constraintText}`);
    return;
  }
  // Not in today's model: maps of structures or lists. Path form `tags.<key>.member` is an inference (aws-behaviour §2).
  for (const k of keys) {
    if (items.length >= MAX_ITEMS) return;
    const v = map[k];
    if (v !== null && v !== undefined) collectValue(value, v, `${path}.${k}.member`, items);
  }
}

const isScalar = (node: Node): node is ScalarNode => node.kind === 'string' || node.kind === 'integer' || node.kind === 'long' || node.kind === 'blob';

/** Whether one element satisfies all of its shape's constraints; a null element never does. */
function scalarOk(node: ScalarNode, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  switch (node.kind) {
    case 'string': {
      const s = value as string;
      if (node.enumSet && !node.enumSet.has(s)) return false;
      if (patternFails(node, s)) return false;
      return inRange(s.length, node.min, node.max);
    }
    case 'integer':
    case 'long':
      return inRange(value as number, node.min, node.max);
    case 'blob':
      return inRange((value as Uint8Array).byteLength, node.min, node.max);
  }
}

const inRange = (n: number, min?: number, max?: number): boolean => (min === undefined || n >= min) && (max === undefined || n <= max);

/** How an element shows inside a list or map value: Java's toString of a string or number. */
function show(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.byteLength} cap=${value.byteLength}]`;
  return String(value);
}

/** `shown` is the value part (`Value 'x'`, `Value`), built only when an item is actually recorded. */
function push(items: string[], shown: string | (() => string), path: string, phrase: string): void {
  if (items.length < MAX_ITEMS) items.push(item(typeof shown === 'string' ? shown : shown(), path, phrase));
}

const item = (shown: string, path: string, phrase: string): string => `${shown} at '${path}' failed to satisfy constraint: ${phrase}`;

/** `1 validation error detected: ITEM` or `N validation errors detected: ITEM; ITEM`. */
export function validationMessage(items: readonly string[]): string {
  const listed = items.slice(0, MAX_ITEMS);
  const n = listed.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${listed.join('; ')}`;
}
