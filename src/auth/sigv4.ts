// Reads a SigV4 signature's parts from the Authorization header or the presigned query, and answers AWS's
// MissingAuthenticationToken / IncompleteSignature / InvalidSignature errors (aws-behaviour §1.4).
// Must not verify the signature itself: auth/verify.ts does, in `verify` mode, from the parts read here.
import { KinesisError } from '../protocol/errors';
import { isRegionName } from '../model/tenant';

export interface Credential {
  accessKeyId: string;
  /** The credential scope's region; undefined when the scope is too short to name one. */
  region: string | undefined;
}

function scope(credential: string): Credential {
  // Credential=AKID/20261126/us-east-1/kinesis/aws4_request; boto3 with an empty key sends "/20261126/...".
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html (credential scope)
  const parts = credential.split('/');
  const region = parts.length > 2 && parts[2] ? parts[2] : undefined;
  // The region names every object of the tenant and rides in every shard iterator: one that is not a region name
  // is refused here, as AWS refuses it, so nothing accepted now can fail to be read later. The wording is what
  // AWS's JSON services answer for a scope naming no region (trailing space included); not captured from Kinesis.
  if (region !== undefined && !isRegionName(region)) {
    throw new KinesisError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'. `);
  }
  return { accessKeyId: parts[0] ?? '', region };
}

function headerParams(header: string): Map<string, string> {
  // Parts may be separated by ",", ", " or a space (aws-behaviour §1.4).
  const params = new Map<string, string>();
  for (const piece of header.split(/[,\s]+/)) {
    const eq = piece.indexOf('=');
    if (eq > 0) params.set(piece.slice(0, eq), piece.slice(eq + 1));
  }
  return params;
}

/** Everything of a signature the verifier needs, as the client sent it. */
export interface SignatureParts extends Credential {
  form: 'header' | 'query';
  /** The whole Credential value, `AKID/day/region/service/aws4_request`. */
  credential: string;
  algorithm: string;
  signature: string;
  signedHeaders: string;
  /** X-Amz-Date (header or query), else the Date header (header form only). */
  date: string;
  /** Presigned only: X-Amz-Expires as sent ('' when absent). */
  expires: string;
  /** X-Amz-Security-Token (header, or query in the presigned form), when sent. */
  securityToken: string | undefined;
}

export function readCredential(headers: Headers, url: URL): Credential {
  const { accessKeyId, region } = readSignature(headers, url);
  return { accessKeyId, region };
}

export function readSignature(headers: Headers, url: URL): SignatureParts {
  // An empty Authorization header counts as none [KL index.js: `!authHeader`].
  const authorization = headers.get('authorization') || null;
  const query = url.searchParams;
  if (authorization !== null && query.has('X-Amz-Algorithm')) {
    throw new KinesisError('InvalidSignatureException', "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if (authorization !== null) {
    const params = headerParams(authorization);
    const missing: string[] = [];
    for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
      if (!params.has(name)) missing.push(`Authorization header requires '${name}' parameter.`);
    }
    if (!headers.has('x-amz-date') && !headers.has('date')) {
      missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    if (missing.length > 0) {
      throw new KinesisError('IncompleteSignatureException', `${missing.join(' ')} Authorization=${authorization}`);
    }
    const credential = params.get('Credential')!;
    return {
      ...scope(credential),
      form: 'header',
      credential,
      algorithm: authorization.trimStart().split(/\s/, 1)[0],
      signature: params.get('Signature')!,
      signedHeaders: params.get('SignedHeaders')!,
      date: headers.get('x-amz-date') ?? headers.get('date') ?? '',
      expires: '',
      securityToken: headers.get('x-amz-security-token') ?? undefined,
    };
  }
  if (!query.has('X-Amz-Algorithm')) {
    throw new KinesisError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const missing = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']
    // An empty value counts as missing: `?X-Amz-Algorithm` alone lists X-Amz-Algorithm too [KL test/connection.js].
    .filter((name) => !query.get(name))
    .map((name) => `AWS query-string parameters must include '${name}'.`);
  if (missing.length > 0) {
    throw new KinesisError('IncompleteSignatureException', `${missing.join(' ')} Re-examine the query-string parameters.`);
  }
  const credential = query.get('X-Amz-Credential')!;
  return {
    ...scope(credential),
    form: 'query',
    credential,
    algorithm: query.get('X-Amz-Algorithm')!,
    signature: query.get('X-Amz-Signature')!,
    signedHeaders: query.get('X-Amz-SignedHeaders')!,
    date: query.get('X-Amz-Date')!,
    expires: query.get('X-Amz-Expires') ?? '',
    securityToken: query.get('X-Amz-Security-Token') ?? headers.get('x-amz-security-token') ?? undefined,
  };
}
