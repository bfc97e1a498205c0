// A table's columns read into objects: each column is its field's name in snake_case, so a repository names its
// fields once and the SELECT list and the reading of a row cannot drift apart.

/** How one column's value becomes its field's value. */
export type ReadColumn<V> = (value: unknown) => V;

/** A number (PostgreSQL returns BIGINT as text). */
export const asNumber: ReadColumn<number> = (v) => Number(v);

/** A number, or null for SQL NULL. */
export const asNumberOrNull: ReadColumn<number | null> = (v) => (v === null ? null : Number(v));

/** A row as the driver returns it. */
export type Row = Readonly<Record<string, unknown>>;

/** The SELECT list of one kind of object's columns, and the reading of a row of them. */
export interface Columns<T> {
  /** "id, venue_id, …", or with an alias "d.id, d.venue_id, …". */
  list(alias?: string): string;
  /** The object a row holds. */
  read(row: Row): T;
}

/** A reader for each field that is not text (or null), which the driver gives as it is; others may have one. */
type Readers<T> = { [K in keyof T as T[K] extends string | null ? never : K]-?: ReadColumn<T[K]> } & {
  [K in keyof T]?: ReadColumn<T[K]>;
};

/** The fields, every one of T's named: a field left out is a type error that names it. */
type EveryField<T, L extends readonly (keyof T)[]> = [Exclude<keyof T, L[number]>] extends [never]
  ? L
  : { missing: Exclude<keyof T, L[number]> };

const asGiven: ReadColumn<unknown> = (v) => v;

/** The columns of T's fields, in the order given (`columns<Venue>()(['id', …], { createdAt: asNumber })`). */
export const columns =
  <T>() =>
  <const L extends readonly (keyof T & string)[]>(
    fields: L & EveryField<T, L>,
    readers: Readers<T>,
  ): Columns<T> => {
    const names = fields.map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    const read = readers as Partial<Record<string, ReadColumn<unknown>>>;
    return {
      list: (alias) => names.map((n) => (alias ? `${alias}.${n}` : n)).join(', '),
      read: (row) => Object.fromEntries(fields.map((f, i) => [f, (read[f] ?? asGiven)(row[names[i]!])])) as T,
    };
  };
