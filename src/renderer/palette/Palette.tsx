import { useMemo, type DragEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { layerDefinitions, type LayerDefinition } from '../../core';
import { documentStore } from '../store/documentStore';
import { canvasCentre, LAYER_DRAG_TYPE } from '../canvas/canvasElement';
import { freePosition, NODE_HEIGHT, NODE_WIDTH } from '../canvas/placement';

const CATEGORY_ORDER: LayerDefinition['category'][] = ['io', 'core', 'regularization'];

function groupByCategory(definitions: readonly LayerDefinition[]) {
  const groups = new Map<string, LayerDefinition[]>();
  for (const category of CATEGORY_ORDER) groups.set(category, []);
  for (const def of definitions) {
    if (!groups.has(def.category)) groups.set(def.category, []);
    groups.get(def.category)!.push(def);
  }
  return [...groups].filter(([, defs]) => defs.length > 0);
}

function onDragStart(event: DragEvent, type: string) {
  event.dataTransfer.setData(LAYER_DRAG_TYPE, type);
  event.dataTransfer.setData('text/plain', type);
  event.dataTransfer.effectAllowed = 'copy';
}

/** The layer palette: everything the registry offers, in registry order, grouped by category. */
export function Palette() {
  const { t } = useTranslation();
  const { screenToFlowPosition } = useReactFlow();
  const groups = useMemo(() => groupByCategory(layerDefinitions()), []);

  function addAtCentre(type: string) {
    const centre = canvasCentre();
    const p = centre ? screenToFlowPosition(centre) : { x: 0, y: 0 };
    const { doc, measured } = documentStore.getState();
    const position = freePosition(doc, { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 }, measured);
    documentStore.getState().addNode(type, position);
  }

  return (
    <aside className="palette" aria-label={t('palette.title')}>
      <div className="panel-title">{t('palette.title')}</div>
      <p className="palette__hint">{t('palette.hint')}</p>
      {groups.map(([category, defs]) => (
        <section key={category} className="palette__group">
          <h3 className="palette__category">{t(`categories.${category}`, { defaultValue: category })}</h3>
          <ul>
            {defs.map((def) => (
              <li
                key={def.type}
                className={`palette-item palette-item--${def.category}`}
                data-testid={`palette-item-${def.type}`}
                draggable
                onDragStart={(e) => onDragStart(e, def.type)}
                onDoubleClick={() => addAtCentre(def.type)}
                title={t(`layers.${def.type}.description`, { defaultValue: '' })}
              >
                <span className="palette-item__swatch" aria-hidden />
                <span className="palette-item__text">
                  <span className="palette-item__name">{t(`layers.${def.type}.name`, { defaultValue: def.type })}</span>
                  <span className="palette-item__desc">{t(`layers.${def.type}.description`, { defaultValue: '' })}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
