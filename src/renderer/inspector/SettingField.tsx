import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingSpec } from '../../core';
import { documentStore } from '../store/documentStore';
import { parseSettingText, settingText, type ParseError } from './parseSetting';

interface Props {
  nodeId: string;
  spec: SettingSpec;
  value: unknown;
  /** Core's translated complaint about this setting, if any. */
  coreError: string | null;
}

/** One setting, its input generated from the registry's SettingSpec. */
export function SettingField({ nodeId, spec, value, coreError }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => settingText(value));
  const [parseError, setParseError] = useState<ParseError | null>(null);
  const id = `setting-${nodeId}-${spec.key}`;
  const label = t(`settings.${spec.key}`, { defaultValue: spec.key });
  const update = (v: unknown) => documentStore.getState().updateSettings(nodeId, { [spec.key]: v });

  function onText(next: string, badInput = false) {
    setText(next);
    const parsed = badInput ? ({ ok: false, error: 'invalidNumber' } as const) : parseSettingText(spec.kind, next);
    if (parsed.ok) {
      setParseError(null);
      update(parsed.value);
    } else {
      setParseError(parsed.error);
    }
  }

  let control;
  if (spec.kind === 'enum') {
    control = (
      <select id={id} data-testid={`setting-${spec.key}`} value={String(value ?? spec.default)} onChange={(e) => update(e.target.value)}>
        {(spec.options ?? []).map((option) => (
          <option key={option} value={option}>
            {t(`${spec.key === 'activation' ? 'activations' : `options.${spec.key}`}.${option}`, { defaultValue: option })}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'bool') {
    control = (
      <input
        id={id}
        type="checkbox"
        data-testid={`setting-${spec.key}`}
        checked={Boolean(value ?? spec.default)}
        onChange={(e) => update(e.target.checked)}
      />
    );
  } else if (spec.kind === 'shape') {
    control = (
      <input
        id={id}
        type="text"
        inputMode="numeric"
        data-testid={`setting-${spec.key}`}
        value={text}
        aria-invalid={parseError !== null || coreError !== null}
        onChange={(e) => onText(e.target.value)}
      />
    );
  } else {
    control = (
      <input
        id={id}
        type="number"
        data-testid={`setting-${spec.key}`}
        value={text}
        min={spec.min}
        max={spec.max}
        step={spec.step ?? (spec.kind === 'int' ? 1 : 'any')}
        aria-invalid={parseError !== null || coreError !== null}
        onChange={(e) => onText(e.target.value, e.target.validity.badInput)}
      />
    );
  }

  const hint =
    spec.kind === 'int' || spec.kind === 'float'
      ? spec.min !== undefined && spec.max !== undefined
        ? t('inspector.range', { min: spec.min, max: spec.max })
        : spec.min !== undefined
          ? t('inspector.rangeMin', { min: spec.min })
          : null
      : null;
  const error = parseError ? t(`inspector.${parseError}`) : coreError;

  return (
    <div className={`field${spec.kind === 'bool' ? ' field--inline' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {control}
      {error && (
        <div className="field__error" role="alert" data-testid={`setting-error-${spec.key}`}>
          {error}
        </div>
      )}
      {hint && <div className="field__hint">{hint}</div>}
    </div>
  );
}
