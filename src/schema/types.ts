// The shape vocabulary of the generated model (shapes.generated.ts) as TypeScript types.
// Types only: no data, no behaviour.

export type ShapeType = 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'blob' | 'timestamp';

/** Model order of members: PascalCase member name -> shape name. */
export type StructureShape = {
  readonly type: 'structure';
  readonly members: Readonly<Record<string, string>>;
  readonly required?: readonly string[];
};
export type ListShape = { readonly type: 'list'; readonly member: string; readonly min?: number; readonly max?: number };
export type MapShape = {
  readonly type: 'map';
  readonly key: string;
  readonly value: string;
  readonly min?: number;
  readonly max?: number;
};
/** `pattern` is the model's (Java) regular expression, matched against the whole value. */
export type StringShape = {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
};
export type NumberShape = { readonly type: 'integer' | 'long'; readonly min?: number; readonly max?: number };
/** Lengths of a blob count decoded bytes. */
export type BlobShape = { readonly type: 'blob'; readonly min?: number; readonly max?: number };
export type BooleanShape = { readonly type: 'boolean' };
export type TimestampShape = { readonly type: 'timestamp' };

export type Shape =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | NumberShape
  | BlobShape
  | BooleanShape
  | TimestampShape;

export type Wire = 'json' | 'cbor';
