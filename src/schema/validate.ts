// The entry point of input validation: type pass (serialization.ts), then constraint pass (constraints.ts), in AWS's
// order (aws-behaviour §1.3 steps 8 and 9). Cross-field rules (StreamName or StreamARN) belong to the operations, not here.
import { KinesisError } from '../protocol/errors';
import { hasOperation, inputNode } from './compile';
import { collectStructure, validationMessage } from './constraints';
import { coerceStructure } from './serialization';
import type { Wire } from './types';

export type { Shape, Wire } from './types';
export { hasOperation };

/**
 * Checks a decoded request body against the operation's input shape and returns it coerced: PascalCase members of the
 * model only, JSON nulls dropped, integers floored and clamped, blobs as Uint8Array, timestamps as epoch milliseconds.
 * Throws KinesisError: SerializationException at the first type mismatch, else one ValidationException listing up to
 * 10 broken constraints. An operation the model does not know gives UnknownOperationException (no message).
 */
export function parseInput(operation: string, body: Record<string, unknown>, wire: Wire): Record<string, unknown> {
  const node = inputNode(operation);
  if (!node) throw new KinesisError('UnknownOperationException');
  const input = coerceStructure(node, body, wire);
  const items: string[] = [];
  collectStructure(node, input, '', items);
  if (items.length > 0) throw new KinesisError('ValidationException', validationMessage(items));
  return input;
}
