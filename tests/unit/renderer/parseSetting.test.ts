import { describe, expect, it } from 'vitest';
import { parseSettingText, settingText } from '../../../src/renderer/inspector/parseSetting';

describe('parseSettingText', () => {
  it('parses ints, floats and shapes', () => {
    expect(parseSettingText('int', ' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseSettingText('float', '0.25')).toEqual({ ok: true, value: 0.25 });
    expect(parseSettingText('float', '1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseSettingText('shape', '28, 28,1')).toEqual({ ok: true, value: [28, 28, 1] });
  });

  it('passes out-of-range numbers through: range checks belong to core', () => {
    expect(parseSettingText('int', '0')).toEqual({ ok: true, value: 0 });
    expect(parseSettingText('int', '-4')).toEqual({ ok: true, value: -4 });
  });

  it('explains text that is not a number', () => {
    expect(parseSettingText('int', '')).toEqual({ ok: false, error: 'invalidNumber' });
    expect(parseSettingText('float', 'abc')).toEqual({ ok: false, error: 'invalidNumber' });
    expect(parseSettingText('float', '1.2.3')).toEqual({ ok: false, error: 'invalidNumber' });
    expect(parseSettingText('int', '2.5')).toEqual({ ok: false, error: 'invalidInteger' });
    expect(parseSettingText('shape', '2,')).toEqual({ ok: false, error: 'invalidShape' });
    expect(parseSettingText('shape', '2.5')).toEqual({ ok: false, error: 'invalidShape' });
    expect(parseSettingText('shape', '')).toEqual({ ok: false, error: 'invalidShape' });
  });

  it('shows values back as text', () => {
    expect(settingText([28, 28, 1])).toBe('28, 28, 1');
    expect(settingText(8)).toBe('8');
    expect(settingText(undefined)).toBe('');
  });
});
