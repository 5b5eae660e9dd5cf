/** One JSON object per line; callers pass no personal data (no bodies, no addresses, no queries). */
export interface Logger {
  info(fields: Record<string, unknown>): void;
  error(fields: Record<string, unknown>): void;
}

export function jsonLogger(
  level: 'info' | 'error' | 'silent' = 'info',
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const emit = (name: string, fields: Record<string, unknown>) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level: name, ...fields })}\n`);
  return {
    info: level === 'info' ? (fields) => emit('info', fields) : () => {},
    error: level === 'silent' ? () => {} : (fields) => emit('error', fields),
  };
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };
