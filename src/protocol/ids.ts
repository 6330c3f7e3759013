// Request ids as AWS sends them: x-amzn-RequestId a UUID, x-amz-id-2 base64 of 72 random bytes (aws-behaviour §1.1).

export function requestIds(): { requestId: string; id2: string } {
  const bytes = new Uint8Array(72);
  crypto.getRandomValues(bytes);
  return { requestId: crypto.randomUUID(), id2: Buffer.from(bytes).toString('base64') };
}
