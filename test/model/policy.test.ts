// Resource-based policies: what PutResourcePolicy accepts, and how a policy decides a cross-account call
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
import { describe, expect, it } from 'vitest';
import { accessDenied, evaluate, parsePolicy, wildcardMatch, type Decision } from '../../src/model/policy';

const STREAM = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
const CONSUMER = `${STREAM}/consumer/app:1700000000`;
const B = '222222222222';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (extra: object = {}) => ({ Effect: 'Allow', Principal: { AWS: B }, Action: 'kinesis:GetRecords', Resource: STREAM, ...extra });

describe('parsePolicy refuses', () => {
  const rows: [string, string, string][] = [
    ['text that is not JSON', '{"Version":', 'Syntax errors in policy.'],
    ['JSON that is not an object', '[1]', 'Syntax errors in policy.'],
    ['an unknown top-level field', JSON.stringify({ Statement: [allow()], Extra: 1 }), 'Syntax errors in policy.'],
    ['an unknown Version', JSON.stringify({ Version: '2020-01-01', Statement: [allow()] }), 'The policy failed legacy parsing'],
    ['no Statement', JSON.stringify({ Version: '2012-10-17' }), 'Missing required field Statement'],
    ['an empty Statement list', doc(), 'Missing required field Statement'],
    ['a statement that is not an object', JSON.stringify({ Statement: ['x'] }), 'Syntax errors in policy.'],
    ['an unknown statement field', doc(allow({ Foo: 1 })), 'Syntax errors in policy.'],
    ['no Effect', doc({ Principal: '*', Action: 'kinesis:*', Resource: '*' }), 'Missing required field Effect'],
    ['an Effect other than Allow or Deny', doc(allow({ Effect: 'allow' })), 'Syntax errors in policy.'],
    ['no Principal', doc({ Effect: 'Allow', Action: 'kinesis:*', Resource: '*' }), 'Missing required field Principal'],
    ['both Principal and NotPrincipal', doc(allow({ NotPrincipal: '*' })), 'Missing required field Principal'],
    ['a principal that is not an account or IAM ARN', doc(allow({ Principal: { AWS: 'bob' } })), 'Invalid principal in policy'],
    ['an 11-digit account', doc(allow({ Principal: { AWS: '12345678901' } })), 'Invalid principal in policy'],
    ['an unknown principal kind', doc(allow({ Principal: { Robot: 'x' } })), 'Invalid principal in policy'],
    ['an empty principal list', doc(allow({ Principal: { AWS: [] } })), 'Invalid principal in policy'],
    ['no Action', doc({ Effect: 'Allow', Principal: '*', Resource: '*' }), 'Missing required field Action'],
    ["another service's action", doc(allow({ Action: 's3:GetObject' })), 'Policy has invalid action'],
    ['an action that is not a string', doc(allow({ Action: 5 })), 'Policy has invalid action'],
    ['no Resource', doc({ Effect: 'Allow', Principal: '*', Action: 'kinesis:*' }), 'Missing required field Resource'],
    ["another service's resource", doc(allow({ Resource: 'arn:aws:s3:::bucket' })), 'Policy has invalid resource'],
    ['a Condition that is not an object', doc(allow({ Condition: 'x' })), 'Syntax errors in policy.'],
    ['a policy over 20,480 characters', doc(allow({ Sid: 'x'.repeat(20_480) })), 'Policy size exceeds the maximum of 20480 characters.'],
  ];
  for (const [name, text, message] of rows) {
    it(name, () => expect(parsePolicy(text)).toEqual({ ok: false, error: { type: 'InvalidArgumentException', message } }));
  }
});

describe('parsePolicy accepts', () => {
  const rows: [string, string][] = [
    ['the documented write-sharing example', doc({ Sid: 'w', Effect: 'Allow', Principal: { AWS: '123456789456' }, Action: ['kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'], Resource: STREAM })],
    ['a single statement object and no Version', JSON.stringify({ Statement: allow() })],
    ['root, user, role and assumed-role principals', doc(allow({ Principal: { AWS: [`arn:aws:iam::${B}:root`, `arn:aws:iam::${B}:user/u`, `arn:aws:iam::${B}:role/path/r`, `arn:aws:sts::${B}:assumed-role/r/s`] } }))],
    ['a service principal', doc(allow({ Principal: { Service: 'lambda.amazonaws.com' } }))],
    ['wildcards in actions and resources', doc(allow({ Action: ['kinesis:Get*', 'kinesis:Describe?tream'], Resource: 'arn:aws:kinesis:*:111111111111:stream/*' }))],
    ['NotAction, NotResource and a Condition', doc({ Effect: 'Deny', NotPrincipal: { AWS: B }, NotAction: 'kinesis:Get*', NotResource: CONSUMER, Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
  ];
  for (const [name, text] of rows) it(name, () => expect(parsePolicy(text).ok).toBe(true));
});

describe('evaluate', () => {
  const decide = (text: string, account: string, action: string, resource = STREAM): Decision => {
    const p = parsePolicy(text);
    if (!p.ok) throw new Error(p.error.message);
    return evaluate(p.value, { account, action, resource });
  };
  const rows: [string, string, string, string, string, Decision][] = [
    ['allows the account named by id', doc(allow()), B, 'kinesis:GetRecords', STREAM, 'allow'],
    ['allows the account named by its root ARN', doc(allow({ Principal: { AWS: `arn:aws:iam::${B}:root` } })), B, 'kinesis:GetRecords', STREAM, 'allow'],
    ['allows a role of the account (a tenant is one identity)', doc(allow({ Principal: { AWS: `arn:aws:iam::${B}:role/r` } })), B, 'kinesis:GetRecords', STREAM, 'allow'],
    ['allows anyone for Principal *', doc(allow({ Principal: '*' })), '333333333333', 'kinesis:GetRecords', STREAM, 'allow'],
    ['does not allow another account', doc(allow()), '333333333333', 'kinesis:GetRecords', STREAM, 'implicit-deny'],
    ['does not allow another action', doc(allow()), B, 'kinesis:PutRecord', STREAM, 'implicit-deny'],
    ['does not allow another resource', doc(allow()), B, 'kinesis:GetRecords', `${STREAM}x`, 'implicit-deny'],
    ['matches action wildcards, case-insensitively', doc(allow({ Action: 'Kinesis:get*' })), B, 'kinesis:GetShardIterator', STREAM, 'allow'],
    ['matches kinesis:*', doc(allow({ Action: 'kinesis:*' })), B, 'kinesis:PutRecords', STREAM, 'allow'],
    ['matches resource wildcards', doc(allow({ Resource: 'arn:aws:kinesis:us-east-1:111111111111:stream/ord?rs' })), B, 'kinesis:GetRecords', STREAM, 'allow'],
    ['matches resources case-sensitively', doc(allow({ Resource: 'arn:aws:kinesis:us-east-1:111111111111:stream/Orders' })), B, 'kinesis:GetRecords', STREAM, 'implicit-deny'],
    ['lets an explicit Deny win over an Allow', doc(allow(), { ...allow(), Effect: 'Deny' }), B, 'kinesis:GetRecords', STREAM, 'explicit-deny'],
    ['denies by NotAction', doc(allow({ Action: 'kinesis:*' }), { Effect: 'Deny', Principal: '*', NotAction: 'kinesis:Describe*', Resource: '*' }), B, 'kinesis:GetRecords', STREAM, 'explicit-deny'],
    ['allows through NotAction', doc(allow({ Action: undefined, NotAction: 'kinesis:Put*' })), B, 'kinesis:GetRecords', STREAM, 'allow'],
    ['allows through NotPrincipal', doc(allow({ Principal: undefined, NotPrincipal: { AWS: '333333333333' } })), B, 'kinesis:GetRecords', STREAM, 'allow'],
    ['allows through NotResource', doc(allow({ Resource: undefined, NotResource: CONSUMER })), B, 'kinesis:GetRecords', STREAM, 'allow'],
    ['never allows through a conditional Allow', doc(allow({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), B, 'kinesis:GetRecords', STREAM, 'implicit-deny'],
    ['always denies through a conditional Deny', doc(allow(), { ...allow(), Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), B, 'kinesis:GetRecords', STREAM, 'explicit-deny'],
    ['ignores service principals for a tenant', doc(allow({ Principal: { Service: 'lambda.amazonaws.com' } })), B, 'kinesis:GetRecords', STREAM, 'implicit-deny'],
  ];
  for (const [name, text, account, action, resource, expected] of rows) it(name, () => expect(decide(text, account, action, resource)).toBe(expected));
});

describe('wildcardMatch', () => {
  const rows: [string, string, boolean][] = [
    ['a.b', 'axb', false],
    ['a(b)*', 'a(b)cd', true],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a*', 'a', true],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['**x', 'yyx', true],
    ['stream/*', 'stream/a/consumer/c:1', true],
  ];
  for (const [pattern, value, expected] of rows) it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(value)}`, () => expect(wildcardMatch(pattern, value)).toBe(expected));

  it('folds case only when asked', () => {
    expect(wildcardMatch('kinesis:get*', 'kinesis:GetRecords')).toBe(false);
    expect(wildcardMatch('kinesis:get*', 'kinesis:GetRecords', true)).toBe(true);
  });

  // A regular expression of this shape backtracks exponentially; the matcher answers a 20,000-character policy's worth at once.
  it('answers many stars against a long near-miss', () => {
    expect(wildcardMatch(`${'*a'.repeat(5000)}b`, 'a'.repeat(2048))).toBe(false);
  });
});

describe('accessDenied', () => {
  it("words IAM's refusal for no allowing policy and for an explicit deny", () => {
    expect(accessDenied(B, 'kinesis:PutRecord', STREAM, 'implicit-deny')).toEqual({
      type: 'AccessDeniedException',
      message: `User: arn:aws:iam::${B}:root is not authorized to perform: kinesis:PutRecord on resource: ${STREAM} because no resource-based policy allows the kinesis:PutRecord action`,
    });
    expect(accessDenied(B, 'kinesis:PutRecord', STREAM, 'explicit-deny').message).toBe(
      `User: arn:aws:iam::${B}:root is not authorized to perform: kinesis:PutRecord on resource: ${STREAM} with an explicit deny in a resource-based policy`,
    );
  });
});
