/** `--name value`, `--name=value` and bare `--flag` (true) from argv; anything else is refused. */
export function parseArgs(argv: readonly string[], known: readonly string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (!match || !known.includes(match[1])) throw new Error(`Unknown argument "${arg}" (known: ${known.map((k) => `--${k}`).join(', ')})`);
    const next = argv[i + 1];
    if (match[2] !== undefined) out[match[1]] = match[2];
    else if (next !== undefined && !next.startsWith('--')) out[match[1]] = argv[++i];
    else out[match[1]] = true;
  }
  return out;
}

export function numberArg(args: Record<string, string | true>, name: string, fallback: number): number {
  const value = args[name];
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value === true || !Number.isFinite(parsed)) throw new Error(`--${name} needs a number`);
  return parsed;
}

export function stringArg(args: Record<string, string | true>, name: string): string | undefined {
  const value = args[name];
  if (value === true) throw new Error(`--${name} needs a value`);
  return value;
}
