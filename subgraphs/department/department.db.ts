// Small persistence helpers shared by the services.

/** Unique-index violation on MySQL/MariaDB or SQLite (a concurrent writer won the race). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string; errno?: number } };
  const code = err.driverError?.code ?? err.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A LIKE pattern with user text escaped ('!' as escape char works on SQLite and MySQL alike). */
export function likeEscape(s: string): string {
  return s.replace(/[!%_]/g, (c) => `!${c}`);
}

/** JSON-array columns (simple-json) hold `"value"`; this matches one element exactly. */
export function jsonElementPattern(value: string): string {
  return `%${likeEscape(JSON.stringify(value))}%`;
}

export function parseId(id: string | number): number | null {
  const n = Number(id);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function chunks<T>(rows: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
