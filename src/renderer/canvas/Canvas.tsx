import { useCallback, useEffect, useMemo, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type Viewport,
} from '@xyflow/react';
import { getLayerDefinition } from '../../core';
import { documentStore, useDocumentStore } from '../store/documentStore';
import { LayerNode } from './LayerNode';
import { ShapeEdge } from './ShapeEdge';
import { createFlowEdgeDeriver, createFlowNodeDeriver, type LayerFlowNode, type ShapeFlowEdge } from './flowElements';
import { canvasElement, LAYER_DRAG_TYPE, setCanvasElement } from './canvasElement';
import { NODE_WIDTH } from './placement';
import { canvasViewStore, MAX_ZOOM, MIN_ZOOM, type CanvasView } from './canvasView';

// Module level: React Flow warns (and re-mounts every node) when these objects change.
const nodeTypes = { layer: LayerNode };
const edgeTypes = { shape: ShapeEdge };
const deleteKeys = ['Delete', 'Backspace'];
const fitViewOptions = { padding: 0.2, maxZoom: 1.15 };
const proOptions = { hideAttribution: true };

const deriveNodes = createFlowNodeDeriver();
const deriveEdges = createFlowEdgeDeriver();

function onNodesChange(changes: NodeChange<LayerFlowNode>[]) {
  const store = documentStore.getState();
  const removed: string[] = [];
  let selection: Set<string> | null = null;
  for (const change of changes) {
    switch (change.type) {
      case 'position':
        if (change.position) store.moveNode(change.id, change.position);
        break;
      case 'dimensions':
        if (change.dimensions) store.setMeasured(change.id, change.dimensions);
        break;
      case 'select':
        selection ??= new Set(documentStore.getState().selectedNodeIds);
        if (change.selected) selection.add(change.id);
        else selection.delete(change.id);
        break;
      case 'remove':
        removed.push(change.id);
        break;
    }
  }
  if (selection) documentStore.getState().setSelection([...selection], documentStore.getState().selectedEdgeIds);
  if (removed.length > 0) documentStore.getState().removeNodes(removed);
}

function onEdgesChange(changes: EdgeChange<ShapeFlowEdge>[]) {
  const removed: string[] = [];
  let selection: Set<string> | null = null;
  for (const change of changes) {
    if (change.type === 'select') {
      selection ??= new Set(documentStore.getState().selectedEdgeIds);
      if (change.selected) selection.add(change.id);
      else selection.delete(change.id);
    } else if (change.type === 'remove') {
      removed.push(change.id);
    }
  }
  if (selection) documentStore.getState().setSelection(documentStore.getState().selectedNodeIds, [...selection]);
  if (removed.length > 0) documentStore.getState().removeEdges(removed);
}

function onMoveEnd(_event: unknown, viewport: Viewport) {
  canvasViewStore.setState({ current: viewport });
}

function onConnect(connection: Connection) {
  documentStore.getState().connect(connection.source, connection.target);
}

function onDragOver(event: DragEvent) {
  if (!event.dataTransfer.types.includes(LAYER_DRAG_TYPE)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
}

/** The network editor: React Flow over the document store. */
export function Canvas() {
  const doc = useDocumentStore((s) => s.doc);
  const selectedNodeIds = useDocumentStore((s) => s.selectedNodeIds);
  const selectedEdgeIds = useDocumentStore((s) => s.selectedEdgeIds);
  const measured = useDocumentStore((s) => s.measured);
  const nodes = useMemo(() => deriveNodes(doc, selectedNodeIds, measured), [doc, selectedNodeIds, measured]);
  const edges = useMemo(() => deriveEdges(doc, selectedEdgeIds), [doc, selectedEdgeIds]);
  const flow = useReactFlow();
  const { screenToFlowPosition } = flow;

  // Open and New ask for a view (canvasView.ts): the saved one, or the whole network. Carried out
  // once the new nodes are on the canvas, and fitting waits while the canvas is hidden (another tab
  // is shown: it has no size to fit into).
  useEffect(() => {
    let pending: { view: CanvasView | null } | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = () => {
      const el = canvasElement();
      if (!pending || (!pending.view && (!el || el.clientWidth === 0))) return;
      const { view } = pending;
      pending = null;
      const moved = view ? flow.setViewport({ x: view.x, y: view.y, zoom: view.zoom }) : flow.fitView(fitViewOptions);
      void moved.then(() => canvasViewStore.setState({ current: flow.getViewport() }));
    };
    const unsubscribe = canvasViewStore.subscribe((state, prev) => {
      if (state.request.seq === prev.request.seq) return;
      pending = { view: state.request.view };
      clearTimeout(timer);
      timer = setTimeout(apply, 50);
    });
    const el = canvasElement();
    const resized = el ? new ResizeObserver(() => apply()) : null;
    if (el) resized!.observe(el);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      resized?.disconnect();
    };
  }, [flow]);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(LAYER_DRAG_TYPE);
      if (!type || !getLayerDefinition(type)) return;
      event.preventDefault();
      const p = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      // Drop point = the node's visual centre rather than its top-left corner.
      documentStore.getState().addNode(type, { x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - 40) });
    },
    [screenToFlowPosition],
  );

  return (
    <div className="canvas" data-testid="canvas" ref={setCanvasElement} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<LayerFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        deleteKeyCode={deleteKeys}
        fitView
        fitViewOptions={fitViewOptions}
        onMoveEnd={onMoveEnd}
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        proOptions={proOptions}
        defaultEdgeOptions={{ type: 'shape' }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.4} />
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
    </div>
  );
}
