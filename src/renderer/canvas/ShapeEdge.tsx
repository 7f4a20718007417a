import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { formatShape } from '../../core';
import { useDocumentStore } from '../store/documentStore';
import { analysisOf } from '../store/analysis';
import type { ShapeFlowEdge } from './flowElements';

/** An edge labelled with the tensor shape flowing along it: the source node's output shape (from core). */
function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const { id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd } = props;
  const shape = useDocumentStore((s) => analysisOf(s.doc).shapes[source]);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'shape-edge is-selected' : 'shape-edge'} />
      <EdgeLabelRenderer>
        <div
          className={`edge-label nodrag nopan${shape ? '' : ' is-unknown'}${selected ? ' is-selected' : ''}`}
          data-testid={`edge-label-${id}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {shape ? formatShape(shape) : '?'}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
