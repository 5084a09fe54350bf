import type { ValueTransformer } from 'typeorm';

/**
 * PostgreSQL returns bigint as a string; SQLite returns a number. Times (epoch milliseconds) and ordering numbers go
 * through this transformer so both databases hand back a number.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};
