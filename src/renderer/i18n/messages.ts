import type { TFunction } from 'i18next';
import { formatShape, type GraphFix, type GraphIssue } from '../../core/graph/analysis';
import type { ProjectIssue, TrainConfigIssue } from '../../core';

// Core reports stable codes + params; these turn them into the user's language.
// Params that are themselves vocabulary (a setting key, a loss kind, a hyperparameter
// name) get a translated companion `<name>Label` that the strings interpolate.

function label(t: TFunction, group: string, value: unknown): string {
  const key = String(value ?? '');
  return key ? t(`${group}.${key}`, { defaultValue: key }) : '';
}

export function graphIssueText(t: TFunction, issue: GraphIssue): string {
  const p = issue.params;
  return t(`issues.${issue.code}`, {
    ...p,
    settingLabel: label(t, 'settings', p.setting),
    defaultValue: issue.message,
  });
}

export function trainIssueText(t: TFunction, issue: TrainConfigIssue): string {
  const p = issue.params;
  return t(`trainIssues.${issue.code}`, {
    ...p,
    message: issue.message,
    nameLabel: label(t, 'hyper', p.name),
    lossLabel: label(t, 'losses', p.loss),
    taskLabel: label(t, 'training.task', p.task),
    defaultValue: issue.message,
  });
}

export function messageText(t: TFunction, message: { key: string; params: Record<string, string | number> }): string {
  return t(message.key, { ...message.params, defaultValue: String(message.params.message ?? message.key) });
}

/** The button text of a one-click fix ("Insert Flatten", "Use 'same' padding"). */
export function fixText(t: TFunction, fix: GraphFix): string {
  if (fix.kind === 'insertNode') {
    const target = fix.settings?.targetShape;
    if (fix.type === 'reshape' && Array.isArray(target)) return t('fixes.insertReshape', { shape: formatShape(target as number[]), defaultValue: fix.label });
    return t('fixes.insertNode', { layerLabel: label(t, 'layers', `${fix.type}.name`), defaultValue: fix.label });
  }
  if (fix.key === 'padding' && fix.value === 'same') return t('fixes.samePadding', { defaultValue: fix.label });
  const value = typeof fix.value === 'string' ? t(`options.${fix.key}.${fix.value}`, { defaultValue: fix.value }) : Array.isArray(fix.value) ? fix.value.join(', ') : String(fix.value);
  return t('fixes.setSetting', { settingLabel: label(t, 'settings', fix.key), value, defaultValue: fix.label });
}

/** A problem of a file being opened (core/project), in the user's language; the English message when it has no code. */
export function fileIssueText(t: TFunction, issue: ProjectIssue): string {
  if (!issue.code) return issue.message;
  const p = issue.params ?? {};
  let key = `fileIssues.${issue.code}`;
  if ((issue.code === 'tooSmall' || issue.code === 'tooBig') && p.origin === 'length') key += 'Length';
  if (issue.code === 'settingKind') key += `.${String(p.kind)}`;
  return t(key, {
    ...p,
    entry: p.entry ?? issue.path,
    message: issue.message,
    expectedLabel: label(t, 'fileIssues.types', p.expected),
    defaultValue: issue.message,
  });
}
