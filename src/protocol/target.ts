// Reads X-Amz-Target and the content type the way AWS's front door does (aws-behaviour §1.1, §1.3).
// Must not know which operations exist beyond the name list it is given.

export const TARGET_PREFIX = 'Kinesis_20131202';

export interface Target {
  /** True when the header names some service and some operation (`Service.Op`, both non-empty), Kinesis or not:
   *  AWS's XML step tells "cannot route" (403) from "unknown operation" (404) by this alone (aws-behaviour §1.3 step 3). */
  hasServiceAndOperation: boolean;
  /** The operation, only when the service is Kinesis_20131202. */
  operation: string | undefined;
}

export function parseTarget(header: string | null | undefined): Target {
  if (!header) return { hasServiceAndOperation: false, operation: undefined };
  const dot = header.indexOf('.');
  if (dot < 0) return { hasServiceAndOperation: false, operation: undefined };
  const service = header.slice(0, dot);
  const operation = header.slice(dot + 1);
  // The operation name is case-sensitive: `putRecord` is unknown [ISS 2016 mhart/kinesis#22].
  return { hasServiceAndOperation: service.length > 0 && operation.length > 0, operation: service === TARGET_PREFIX && operation.length > 0 ? operation : undefined };
}

export type Wire = 'json' | 'cbor';
export type ContentKind = { kind: 'amz'; wire: Wire; contentType: string } | { kind: 'plain-json' } | { kind: 'other' };

/** The part before `;`, trimmed, decides (aws-behaviour §1.1). */
export function classifyContentType(header: string | null | undefined): ContentKind {
  const type = (header ?? '').split(';')[0].trim();
  if (type === 'application/x-amz-json-1.1') return { kind: 'amz', wire: 'json', contentType: type };
  // Differs from AWS: AWS answers json-1.0 like an unknown type (aws-behaviour §1.1); we accept it as JSON, because
  // hand-written clients send it and the issue that founded this project asks for it.
  if (type === 'application/x-amz-json-1.0') return { kind: 'amz', wire: 'json', contentType: type };
  if (type === 'application/x-amz-cbor-1.1') return { kind: 'amz', wire: 'cbor', contentType: type };
  if (type === 'application/json') return { kind: 'plain-json' };
  return { kind: 'other' };
}
