import { describe, expect, it } from 'vitest';
import { accountFromAccessKey, tenantPrefix } from '../../src/model/tenant';

describe('accountFromAccessKey', () => {
  it('takes a 12-digit access key as the account', () => {
    expect(accountFromAccessKey('123456789012')).toBe('123456789012');
  });

  it('gives every other key the default account 000000000000', () => {
    for (const key of [undefined, '', 'AKIAIOSFODNN7EXAMPLE', '12345678901', '1234567890123', '12345678901a', ' 123456789012'])
      expect(accountFromAccessKey(key)).toBe('000000000000');
  });
});

describe('tenantPrefix', () => {
  it('joins account and region with a colon', () => {
    expect(tenantPrefix({ account: '123456789012', region: 'eu-west-1' })).toBe('123456789012:eu-west-1');
  });
});
