// JSON schema builders for the wire modules (wire.ts, console-schemas.ts): an object's properties are named once,
// so the list of required ones cannot drift from them.

type Properties = Record<string, object>;

/** The JSON schema of an object whose every property is required (an answer always carries them all). */
export function objectSchema<P extends Properties>(properties: P) {
  return { type: 'object', required: Object.keys(properties) as (keyof P & string)[], properties } as const;
}

/** The JSON schema of a request object: every property required, and no other property taken. */
export function requestSchema<P extends Properties>(properties: P) {
  return { ...objectSchema(properties), additionalProperties: false } as const;
}
