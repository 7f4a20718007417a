import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  id: string;
  testId: string;
  label: string;
  value: number;
  onChange(value: number): void;
  min?: number;
  max?: number;
  step?: number | 'any';
  integer?: boolean;
  disabled?: boolean;
}

/**
 * A number input that keeps the user's text while it is not a number (e.g. empty while
 * retyping) instead of forcing a value; ranges are judged by core's validateTrainConfig.
 */
export function NumberField({ id, testId, label, value, onChange, min, max, step = 'any', integer, disabled }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(String(value));
  const [bad, setBad] = useState<string | null>(null);

  useEffect(() => {
    // Follow outside changes (e.g. the slider next to it) unless the user's text already means this value.
    setText((current) => (Number(current) === value && current.trim() !== '' ? current : String(value)));
  }, [value]);

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
        type="number"
        value={text}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        aria-invalid={bad !== null}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const n = Number(next);
          if (next.trim() === '' || e.target.validity.badInput || !Number.isFinite(n)) {
            setBad('inspector.invalidNumber');
          } else if (integer && !Number.isInteger(n)) {
            setBad('inspector.invalidInteger');
          } else {
            setBad(null);
            onChange(n);
          }
        }}
      />
      {bad && <div className="field__error">{t(bad)}</div>}
    </div>
  );
}
