import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import type { GraphFix } from '../../core/graph/analysis';
import { fixText } from '../i18n/messages';
import { documentStore } from '../store/documentStore';
import './fixes.css';

/** The one-click repair core suggests for an issue ("Insert Flatten"), applied as one document edit (graph and training-config issues). */
export function FixButton({ issue, testId }: { issue: { fix?: GraphFix }; testId: string }) {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const fix = issue.fix;
  if (!fix) return null;
  return (
    <button
      type="button"
      // nodrag/nopan: on a canvas node the click must reach the button, not start a drag.
      className="fix-button nodrag nopan"
      data-testid={testId}
      data-fix-kind={fix.kind}
      title={t('fixes.hint')}
      onClick={(e) => {
        e.stopPropagation(); // not also a click that selects the node under it
        const added = documentStore.getState().applyFix(fix);
        if (added.length && fix.kind === 'insertNode') {
          // Bring the inserted layer and the one it feeds into view (after React Flow has measured it).
          const nodes = [...added, fix.before].map((id) => ({ id }));
          setTimeout(() => void flow.fitView({ nodes, duration: 300, maxZoom: 1, padding: 0.4 }), 50);
        }
      }}
    >
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden>
        <path d="M9.5 2.2a3.6 3.6 0 0 0-3.3 4.9L2.4 10.9a1.3 1.3 0 0 0 1.8 1.8l3.8-3.8a3.6 3.6 0 0 0 4.9-3.3l-2 2-1.9-.5-.5-1.9 2-2a3.6 3.6 0 0 0-1 0Z" fill="currentColor" />
      </svg>
      {fixText(t, fix)}
    </button>
  );
}
