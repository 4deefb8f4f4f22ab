/** A LocalLogger that keeps its lines, for tests that check what the local stack reports. */
import type { LocalLogger, LogFields } from '#local/log';

export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  component: string;
  message: string;
  fields?: LogFields;
}

export function recordingLogger(
  component = 'local',
  lines: LoggedLine[] = [],
): LocalLogger & { lines: LoggedLine[] } {
  const record = (level: LoggedLine['level']) => (message: string, fields?: LogFields) => {
    lines.push({ level, component, message, ...(fields ? { fields } : {}) });
  };
  return {
    lines,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    child: (name) => recordingLogger(name, lines),
  };
}
