import { useTranslation } from 'react-i18next';
import { defaultSettings, formatShape, getLayerDefinition, settingApplies } from '../../core';
import { documentStore, useDocumentStore } from '../store/documentStore';
import { useAnalysis } from '../store/analysis';
import { graphIssueText } from '../i18n/messages';
import { formatCount } from '../format';
import { SettingField } from './SettingField';

/** Settings of the selected layer, plus what core says about it. */
export function Inspector() {
  const { t, i18n } = useTranslation();
  const selectedId = useDocumentStore((s) => (s.selectedNodeIds.length === 1 ? s.selectedNodeIds[0] : null));
  const node = useDocumentStore((s) => (selectedId ? s.doc.nodes.find((n) => n.id === selectedId) : undefined));
  const analysis = useAnalysis();

  if (!node) {
    return (
      <section className="inspector" data-testid="inspector">
        <div className="panel-title">{t('inspector.title')}</div>
        <p className="empty-note">{t('inspector.empty')}</p>
      </section>
    );
  }

  const definition = getLayerDefinition(node.type);
  const issues = analysis.issues.filter((issue) => issue.nodeIds.includes(node.id));
  const settingIssue = (key: string) => {
    const issue = issues.find((i) => i.code === 'invalidSetting' && i.params.setting === key);
    return issue ? graphIssueText(t, issue) : null;
  };
  const otherIssues = issues.filter((i) => !(i.code === 'invalidSetting' && definition?.settings.some((s) => s.key === i.params.setting)));
  // Settings that only apply to some choices (e.g. α for Leaky ReLU) show only then.
  const effective = { ...defaultSettings(node.type), ...node.settings };
  const specs = definition?.settings.filter((spec) => settingApplies(spec, effective)) ?? [];
  const shape = analysis.shapes[node.id];
  const params = analysis.paramCounts[node.id];

  return (
    <section className="inspector" data-testid="inspector" data-node-id={node.id}>
      <div className="panel-title">
        {t('inspector.title')}
        <span className="inspector__type">{t(`layers.${node.type}.name`, { defaultValue: node.type })}</span>
      </div>
      <dl className="facts">
        <dt>{t('inspector.id')}</dt>
        <dd>
          <code>{node.id}</code>
        </dd>
        <dt>{t('inspector.outputShape')}</dt>
        <dd>{shape ? formatShape(shape) : '—'}</dd>
        <dt>{t('inspector.params')}</dt>
        <dd>{params === undefined ? '—' : formatCount(params, i18n.language)}</dd>
      </dl>
      <div className="fields">
        {specs.length > 0 ? (
          specs.map((spec) => (
            <SettingField
              key={`${node.id}:${spec.key}`}
              nodeId={node.id}
              spec={spec}
              value={node.settings[spec.key] ?? spec.default}
              coreError={settingIssue(spec.key)}
            />
          ))
        ) : (
          <p className="empty-note">{t('inspector.noSettings')}</p>
        )}
      </div>
      {otherIssues.length > 0 && (
        <ul className="issue-list">
          {otherIssues.map((issue, i) => (
            <li key={i}>{graphIssueText(t, issue)}</li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button button--danger"
        data-testid="delete-node"
        onClick={() => documentStore.getState().removeNodes([node.id])}
      >
        {t('inspector.delete')}
      </button>
    </section>
  );
}
