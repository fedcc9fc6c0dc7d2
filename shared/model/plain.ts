/** A plain data value, as JSON holds them: what a payload or a Python literal becomes when read. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };
