// Resource-based policies of streams and consumers: checking a policy document when it is put, and deciding whether
// it lets another account perform an action on the resource. Pure: no storage, no clock.
// https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html (Kinesis's resource-based policies) and
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html (the grammar).
// Not supported: Condition (see evaluate), policy variables; docs/aws-behaviour.md says so.
import type { ErrorData } from '../protocol/errors';
import { MAX_RESOURCE_POLICY_CHARS } from '../limits';

export interface Statement {
  effect: 'Allow' | 'Deny';
  /** Principal, or NotPrincipal when `notPrincipal`; '*' is anyone. */
  principals: string[];
  notPrincipal: boolean;
  actions: string[];
  notAction: boolean;
  resources: string[];
  notResource: boolean;
  hasCondition: boolean;
}

export interface Policy {
  statements: Statement[];
}

// IAM's MalformedPolicyDocument wordings (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html);
// the texts Kinesis itself sends for a bad resource policy are not known [OURS].
const invalid = (message: string): ErrorData => ({ type: 'InvalidArgumentException', message });
const SYNTAX = 'Syntax errors in policy.';

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const ACCOUNT = /^[0-9]{12}$/;
// An IAM identity: the account root, a user or role (with a path), or an assumed-role session.
const IAM_PRINCIPAL = /^arn:aws[a-z-]*:(iam::[0-9]{12}:(root|user\/\S+|role\/\S+)|sts::[0-9]{12}:assumed-role\/\S+)$/;
// kinesis:<Action>, with * and ? wildcards; or * for every action.
const ACTION = /^(\*|kinesis:[A-Za-z*?]+)$/i;
// A Kinesis resource ARN, with wildcards: arn:PARTITION:kinesis:REGION:ACCOUNT:RESOURCE.
const RESOURCE = /^(\*|arn:(aws[a-z-]*|\*):kinesis:[a-z0-9*?-]*:([0-9]{12}|[0-9*?]+):\S+)$/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string or a non-empty list of strings, as IAM's elements take; null when it is neither. */
function strings(v: unknown): string[] | null {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')) return v as string[];
  return null;
}

/** Principal "*" or {"AWS": ..., "Service": ...}: the AWS entries, or an error. Service principals never match a tenant. */
function principalsOf(v: unknown): string[] | ErrorData {
  if (v === '*') return ['*'];
  if (!isObject(v) || Object.keys(v).length === 0) return invalid('Invalid principal in policy');
  const out: string[] = [];
  for (const [kind, value] of Object.entries(v)) {
    const list = strings(value);
    if (!list) return invalid('Invalid principal in policy');
    if (kind === 'AWS') {
      if (!list.every((p) => p === '*' || ACCOUNT.test(p) || IAM_PRINCIPAL.test(p))) return invalid('Invalid principal in policy');
      out.push(...list);
    } else if (kind !== 'Service' && kind !== 'Federated' && kind !== 'CanonicalUser') {
      return invalid('Invalid principal in policy');
    }
  }
  return out;
}

function statementOf(s: unknown): Statement | ErrorData {
  if (!isObject(s) || Object.keys(s).some((k) => !STATEMENT_KEYS.has(k))) return invalid(SYNTAX);
  if (s.Effect === undefined) return invalid('Missing required field Effect');
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return invalid(SYNTAX);
  if (s.Sid !== undefined && typeof s.Sid !== 'string') return invalid(SYNTAX);
  if ((s.Principal === undefined) === (s.NotPrincipal === undefined)) return invalid('Missing required field Principal');
  if ((s.Action === undefined) === (s.NotAction === undefined)) return invalid('Missing required field Action');
  if ((s.Resource === undefined) === (s.NotResource === undefined)) return invalid('Missing required field Resource');
  const principals = principalsOf(s.Principal ?? s.NotPrincipal);
  if (!Array.isArray(principals)) return principals;
  const actions = strings(s.Action ?? s.NotAction);
  if (!actions || !actions.every((a) => ACTION.test(a))) return invalid('Policy has invalid action');
  const resources = strings(s.Resource ?? s.NotResource);
  if (!resources || !resources.every((r) => RESOURCE.test(r))) return invalid('Policy has invalid resource');
  if (s.Condition !== undefined && !isObject(s.Condition)) return invalid(SYNTAX);
  return {
    effect: s.Effect,
    principals,
    notPrincipal: s.NotPrincipal !== undefined,
    actions,
    notAction: s.NotAction !== undefined,
    resources,
    notResource: s.NotResource !== undefined,
    hasCondition: s.Condition !== undefined,
  };
}

/** The policy a PutResourcePolicy carries, or AWS's refusal. */
export function parsePolicy(text: string): { ok: true; value: Policy } | { ok: false; error: ErrorData } {
  if (text.length > MAX_RESOURCE_POLICY_CHARS) {
    return { ok: false, error: invalid(`Policy size exceeds the maximum of ${MAX_RESOURCE_POLICY_CHARS} characters.`) };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, error: invalid(SYNTAX) };
  }
  if (!isObject(doc) || Object.keys(doc).some((k) => k !== 'Version' && k !== 'Id' && k !== 'Statement')) return { ok: false, error: invalid(SYNTAX) };
  if (doc.Version !== undefined && (typeof doc.Version !== 'string' || !VERSIONS.has(doc.Version))) {
    return { ok: false, error: invalid('The policy failed legacy parsing') };
  }
  if (doc.Id !== undefined && typeof doc.Id !== 'string') return { ok: false, error: invalid(SYNTAX) };
  const raw = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  if (raw.length === 0) return { ok: false, error: invalid('Missing required field Statement') };
  const statements: Statement[] = [];
  for (const s of raw) {
    const st = statementOf(s);
    if ('type' in st) return { ok: false, error: st };
    statements.push(st);
  }
  return { ok: true, value: { statements } };
}

/**
 * IAM's wildcard match: * any run, ? one character; `fold` for action names, which IAM compares case-insensitively.
 * Greedy with one backtrack point, so O(pattern x value) whatever the stars: a policy's owner cannot make another
 * account's calls expensive (a regular expression of many `.*` backtracks exponentially).
 */
export function wildcardMatch(pattern: string, value: string, fold = false): boolean {
  const p = fold ? pattern.toLowerCase() : pattern;
  const v = fold ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star !== -1) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** Whether a policy's principal entry names `account`'s caller. A tenant has one identity per account (its keys), so
 *  any IAM identity of that account stands for it [OURS]. */
function principalMatches(entry: string, account: string): boolean {
  if (entry === '*') return true;
  if (ACCOUNT.test(entry)) return entry === account;
  return entry.split(':')[4] === account;
}

export interface Request {
  /** The calling account. */
  account: string;
  /** `kinesis:Operation`. */
  action: string;
  /** The ARN of the stream or consumer acted on. */
  resource: string;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/**
 * Differs from AWS: conditions are not evaluated (below), and a tenant is one identity per account (principalMatches).
 * IAM's evaluation for one resource-based policy: an explicit Deny wins, then an Allow, else denied
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html). Conditions are not
 * evaluated: a statement with one never allows and always denies, so nothing is let in that a condition would keep out.
 */
export function evaluate(policy: Policy, req: Request): Decision {
  let allowed = false;
  for (const s of policy.statements) {
    const principal = s.principals.some((p) => principalMatches(p, req.account)) !== s.notPrincipal;
    const action = s.actions.some((a) => wildcardMatch(a, req.action, true)) !== s.notAction;
    const resource = s.resources.some((r) => wildcardMatch(r, req.resource)) !== s.notResource;
    if (!principal || !action || !resource) continue;
    if (s.effect === 'Deny') return 'explicit-deny';
    if (!s.hasCondition) allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

/**
 * The actions Kinesis resource-based policies can grant another account: on a data stream its reads, writes and
 * descriptions; on a consumer, DescribeStreamConsumer and SubscribeToShard
 * (https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html). Anything else stays with the owner.
 */
export const CROSS_ACCOUNT_ACTIONS = {
  stream: new Set(['DescribeStream', 'DescribeStreamSummary', 'ListShards', 'GetShardIterator', 'GetRecords', 'PutRecord', 'PutRecords']),
  consumer: new Set(['DescribeStreamConsumer', 'SubscribeToShard']),
} as const;

/** IAM's AccessDeniedException for a cross-account call no resource-based policy allows, or one it denies
 *  (the form recorded in docs/aws-behaviour.md §1.4's IAM deny, with the resource-based clause). */
export function accessDenied(account: string, action: string, resource: string, decision: Exclude<Decision, 'allow'>): ErrorData {
  const why = decision === 'explicit-deny' ? 'with an explicit deny in a resource-based policy' : `because no resource-based policy allows the ${action} action`;
  return { type: 'AccessDeniedException', message: `User: arn:aws:iam::${account}:root is not authorized to perform: ${action} on resource: ${resource} ${why}` };
}
