// Tenants: which account an access key speaks for, and the account+region prefix of every Durable Object name.
// Must not verify signatures or look anything up (src/auth does); this is naming only.

export interface Tenant {
  account: string;
  region: string;
}

/** The account used when the access key does not name one; kinesalite and LocalStack use the same default. */
export const DEFAULT_ACCOUNT = '000000000000';
const ACCOUNT_ID = /^[0-9]{12}$/; // AWS account ids are 12 digits (the model's ARN patterns use \d{12})

/** A 12-digit access key id is that account (LocalStack's convention); anything else is the default account. */
export function accountFromAccessKey(accessKeyId: string | undefined): string {
  return typeof accessKeyId === 'string' && ACCOUNT_ID.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT;
}

/** `ACCOUNT:REGION`: tenants in one deployment never share an object (design.md, "What runs where"). */
export function tenantPrefix(t: Tenant): string {
  return `${t.account}:${t.region}`;
}
