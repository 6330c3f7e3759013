// Turns the generated shapes into linked nodes, once per shape and lazily: validation member order,
// lowerCamel paths, compiled patterns, enum sets and element-constraint wording. No request data here.
import { enumDisplayOrder, memberOrder, operationInputs, shapes } from './shapes.generated';
import type { Shape } from './types';

export type StructureNode = { kind: 'structure'; name: string; members: MemberNode[] };
export type MemberNode = {
  /** PascalCase, as on the wire and in the coerced result. */
  name: string;
  /** lowerCamel, as in AWS's validation paths (`streamName`, `records`). */
  path: string;
  required: boolean;
  node: Node;
};
export type ListNode = { kind: 'list'; name: string; member: Node; min?: number; max?: number };
export type MapNode = { kind: 'map'; name: string; key: Node; value: Node; min?: number; max?: number };
export type StringNode = {
  kind: 'string';
  name: string;
  min?: number;
  max?: number;
  pattern?: string;
  /** Anchored full match of `pattern`, as Java's `matches()` does. */
  regex?: RegExp;
  enumSet?: ReadonlySet<string>;
  /** `[A, B]`, in the order AWS prints it. */
  enumText?: string;
  /** The phrases of this shape's constraints, for `Member must satisfy constraint: [...]` on a parent. */
  constraintText: string;
};
export type NumberNode = { kind: 'integer' | 'long'; name: string; min?: number; max?: number; constraintText: string };
export type BlobNode = { kind: 'blob'; name: string; min?: number; max?: number; constraintText: string };
export type BooleanNode = { kind: 'boolean'; name: string };
export type TimestampNode = { kind: 'timestamp'; name: string };
export type ScalarNode = StringNode | NumberNode | BlobNode;
export type Node = StructureNode | ListNode | MapNode | StringNode | NumberNode | BlobNode | BooleanNode | TimestampNode;

const table: Readonly<Record<string, Shape>> = shapes;
const inputs: Readonly<Record<string, string>> = operationInputs;
const cache = new Map<string, Node>();

export const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

export function hasOperation(name: string): boolean {
  return Object.hasOwn(inputs, name);
}

/** The compiled input structure of an operation, or undefined for a name the model does not know. */
export function inputNode(operation: string): StructureNode | undefined {
  if (!hasOperation(operation)) return undefined;
  return nodeFor(inputs[operation]) as StructureNode;
}

export function nodeFor(name: string): Node {
  const cached = cache.get(name);
  if (cached) return cached;
  const shape = table[name];
  if (!shape) throw new Error(`schema: unknown shape ${name}`);
  switch (shape.type) {
    case 'structure': {
      // Cached before its members are linked, so a recursive shape would terminate.
      const node: StructureNode = { kind: 'structure', name, members: [] };
      cache.set(name, node);
      const required = new Set(shape.required ?? []);
      for (const member of orderedMembers(name, Object.keys(shape.members))) {
        node.members.push({ name: member, path: lowerFirst(member), required: required.has(member), node: nodeFor(shape.members[member]) });
      }
      return node;
    }
    case 'list': {
      const node = { kind: 'list', name, min: shape.min, max: shape.max } as ListNode;
      cache.set(name, node);
      node.member = nodeFor(shape.member);
      return node;
    }
    case 'map': {
      const node = { kind: 'map', name, min: shape.min, max: shape.max } as MapNode;
      cache.set(name, node);
      node.key = nodeFor(shape.key);
      node.value = nodeFor(shape.value);
      return node;
    }
    case 'string':
      return remember(stringNode(name, shape.min, shape.max, shape.pattern, shape.enum));
    case 'integer':
    case 'long': {
      const constraintText = bracket(rangePhrases('value', shape.min, shape.max));
      return remember({ kind: shape.type, name, min: shape.min, max: shape.max, constraintText });
    }
    case 'blob': {
      const constraintText = bracket(rangePhrases('length', shape.min, shape.max));
      return remember({ kind: 'blob', name, min: shape.min, max: shape.max, constraintText });
    }
    case 'boolean':
    case 'timestamp':
      return remember({ kind: shape.type, name });
  }
}

function remember<T extends Node>(node: T): T {
  cache.set(node.name, node);
  return node;
}

/** AWS's recorded order first (scripts/model/member-order.json), then the rest in model order. */
function orderedMembers(shapeName: string, modelOrder: string[]): string[] {
  const first = (memberOrder[shapeName] ?? []).filter((m) => modelOrder.includes(m));
  return [...first, ...modelOrder.filter((m) => !first.includes(m))];
}

function stringNode(name: string, min?: number, max?: number, pattern?: string, values?: readonly string[]): StringNode {
  const node: StringNode = { kind: 'string', name, min, max, pattern, constraintText: '' };
  const phrases: string[] = [];
  if (values) {
    node.enumSet = new Set(values);
    node.enumText = `[${(enumDisplayOrder[name] ?? values).join(', ')}]`;
    phrases.push(enumPhrase(node.enumText));
  }
  if (pattern !== undefined) {
    node.regex = new RegExp(`^(?:${pattern})$`);
    phrases.push(patternPhrase(pattern));
  }
  phrases.push(...rangePhrases('length', min, max));
  node.constraintText = bracket(phrases);
  return node;
}

// The constraint phrases of aws-behaviour §2, shared with constraints.ts so the wording lives in one place.
export const notNullPhrase = 'Member must not be null';
export const enumPhrase = (enumText: string): string => `Member must satisfy enum value set: ${enumText}`;
export const patternPhrase = (pattern: string): string => `Member must satisfy regular expression pattern: ${pattern}`;
export const minPhrase = (what: 'length' | 'value', n: number): string => `Member must have ${what} greater than or equal to ${n}`;
export const maxPhrase = (what: 'length' | 'value', n: number): string => `Member must have ${what} less than or equal to ${n}`;

/** Inside a bracket AWS lists the maximum before the minimum (aws-behaviour §2, TagKeys and Tags). */
function rangePhrases(what: 'length' | 'value', min?: number, max?: number): string[] {
  const phrases: string[] = [];
  if (max !== undefined) phrases.push(maxPhrase(what, max));
  if (min !== undefined) phrases.push(minPhrase(what, min));
  return phrases;
}

const bracket = (phrases: string[]): string => `[${phrases.join(', ')}]`;
