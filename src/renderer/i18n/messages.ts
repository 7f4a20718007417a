import type { TFunction } from 'i18next';
import type { GraphIssue } from '../../core/graph/analysis';
import type { TrainConfigIssue } from '../../core';

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
