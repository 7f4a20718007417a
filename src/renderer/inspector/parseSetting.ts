import type { SettingSpec } from '../../core';

// Turns what the user typed into a setting value. This only checks that the text *is* a
// number / list of integers; whether the value is allowed (range, >= 1, ...) is core's
// call, reported by analyzeGraph as an 'invalidSetting' issue.

export type ParseError = 'invalidNumber' | 'invalidInteger' | 'invalidShape';
export type ParseResult = { ok: true; value: number | number[] } | { ok: false, error: ParseError };

export function parseSettingText(kind: SettingSpec['kind'], text: string): ParseResult {
  const trimmed = text.trim();
  if (kind === 'shape') {
    const parts = trimmed.split(',').map((p) => p.trim());
    if (parts.length === 0 || parts.some((p) => !/^-?\d+$/.test(p))) return { ok: false, error: 'invalidShape' };
    return { ok: true, value: parts.map(Number) };
  }
  if (trimmed === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) return { ok: false, error: 'invalidNumber' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: 'invalidNumber' };
  if (kind === 'int' && !Number.isInteger(value)) return { ok: false, error: 'invalidInteger' };
  return { ok: true, value };
}

/** How a setting value is shown in a text field. */
export function settingText(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined || value === null ? '' : String(value);
}
