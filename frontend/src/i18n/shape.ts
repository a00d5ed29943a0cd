/** The German resources must have exactly the English keys (tsc checks it): every leaf a string. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
