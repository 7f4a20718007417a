import { useTranslation } from 'react-i18next';
import { defaultSettings, formatShape, getLayerDefinition, settingApplies } from '../../core';
import { documentStore, useDocumentStore } from '../store/documentStore';
import { useAnalysis } from '../store/analysis';
import { graphIssueText } from '../i18n/messages';
import { formatCount } from '../format';
import { SettingField } from './SettingField';
import { FixButton } from './FixButton';

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
  const otherIssues = issues.filter((i) => !i.fix && !(i.code === 'invalidSetting' && definition?.settings.some((s) => s.key === i.params.setting)));
  // Settings that only apply to some choices (e.g. α for Leaky ReLU) show only then.
  const effective = { ...defaultSettings(node.type), ...node.settings };
  const specs = definition?.settings.filter((spec) => settingApplies(spec, effective)) ?? [];
  const shape = analysis.shapes[node.id];
  const params = analysis.paramCounts[node.id];
  const fixed = analysis.nonTrainableParamCounts[node.id] ?? 0;
  // Fixes of a setting sit under that setting's field; the others above the fields, with their text.
  const fieldFix = (key: string) => issues.find((i) => i.fix && i.code === 'invalidSetting' && i.params.setting === key && specs.some((s) => s.key === key));
  const fixes = issues.filter((i) => i.fix && !(i.code === 'invalidSetting' && specs.some((s) => s.key === i.params.setting)));

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
        {fixed > 0 && (
          <>
            <dt>{t('inspector.nonTrainable')}</dt>
            <dd data-testid="inspector-non-trainable">{formatCount(fixed, i18n.language)}</dd>
          </>
        )}
      </dl>
      {fixes.length > 0 && (
        <div className="inspector__fixes">
          {fixes.map((issue, i) => (
            <div key={i} className="inspector__fix">
              <span>{graphIssueText(t, issue)}</span>
              <FixButton issue={issue} testId={i === 0 ? 'inspector-fix' : `inspector-fix-${i + 1}`} />
            </div>
          ))}
        </div>
      )}
      <div className="fields">
        {specs.length > 0 ? (
          specs.map((spec) => {
            const fixable = fieldFix(spec.key);
            // Keyed by the spec, not only its key: two specs share `alpha` (Leaky ReLU's slope, ELU's α),
            // and switching between them must not keep the other one's typed text.
            const key = `${node.id}:${spec.key}:${definition!.settings.indexOf(spec)}`;
            const field = (
              <SettingField
                key={key}
                nodeId={node.id}
                spec={spec}
                value={node.settings[spec.key] ?? spec.default}
                coreError={settingIssue(spec.key)}
              />
            );
            return fixable ? (
              <div key={key} className="inspector__field-fix">
                {field}
                <FixButton issue={fixable} testId={`inspector-fix-${spec.key}`} />
              </div>
            ) : field;
          })
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
