import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { formatShape, getLayerDefinition } from '../../core';
import { useDocumentStore } from '../store/documentStore';
import { useAnalysis } from '../store/analysis';
import { graphIssueText } from '../i18n/messages';
import { summarizeSettings } from './nodeSummary';
import { formatCount } from '../format';
import { FixButton } from '../inspector/FixButton';
import type { LayerFlowNode } from './flowElements';

/** One layer on the canvas. Reads its own slice of the stores; React Flow passes only id/selection. */
function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>) {
  const { t, i18n } = useTranslation();
  const node = useDocumentStore((s) => s.doc.nodes.find((n) => n.id === id));
  const analysis = useAnalysis();
  if (!node) return null;
  const definition = getLayerDefinition(node.type);
  const params = analysis.paramCounts[id];
  const fixed = analysis.nonTrainableParamCounts[id] ?? 0;
  const shape = analysis.shapes[id];
  const issues = analysis.issues.filter((issue) => issue.nodeIds.includes(id));
  const hasInputs = definition ? definition.maxInputs > 0 : true;
  const classes = ['layer-node', `layer-node--${definition?.category ?? 'core'}`];
  if (selected) classes.push('is-selected');
  if (issues.length > 0) classes.push('has-issue');

  return (
    <div className={classes.join(' ')} data-testid={`layer-node-${id}`}>
      {hasInputs && <Handle type="target" position={Position.Left} data-testid={`handle-target-${id}`} />}
      <div className="layer-node__head">
        <span className="layer-node__swatch" aria-hidden />
        <span className="layer-node__title" data-testid={`node-title-${id}`}>
          {t(`layers.${node.type}.name`, { defaultValue: node.type })}
        </span>
        <span className="layer-node__id">{id}</span>
      </div>
      <div className="layer-node__summary">{summarizeSettings(t, definition, node.settings) || '\u00a0'}</div>
      <div className="layer-node__foot">
        <span
          className="layer-node__params"
          data-testid={`node-params-${id}`}
          data-params={params ?? ''}
        >
          {params === undefined
            ? t('node.paramsUnknown')
            : t('node.params', { count: params, n: formatCount(params, i18n.language) })}
          {fixed > 0 && (
            <span className="layer-node__fixed" data-testid={`node-non-trainable-${id}`} data-params={fixed}>
              {t('node.nonTrainable', { n: formatCount(fixed, i18n.language) })}
            </span>
          )}
        </span>
        {shape && <span className="layer-node__shape">{formatShape(shape)}</span>}
      </div>
      {issues.length > 0 && (
        <div className="layer-node__issue" data-testid={`node-issue-${id}`} role="alert">
          {issues.map((issue, i) => (
            <div key={i}>
              {graphIssueText(t, issue)}
              {issue.fix && <FixButton issue={issue} testId={`node-fix-${id}`} />}
            </div>
          ))}
        </div>
      )}
      <Handle type="source" position={Position.Right} data-testid={`handle-source-${id}`} />
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
