import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import { formatBytes, formatShape, getLayerDefinition, summarizeGraph, type LayerSummary } from '../../core';
import { formatCount } from '../format';
import { documentStore, useDocumentStore } from '../store/documentStore';
import { useFileStore } from '../store/fileStore';
import { summaryFileName, summaryText } from './summaryText';
import './summary.css';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The model summary (issue 4): per layer its output shape, parameters (trainable / not),
 * multiply-adds and activation memory per sample, with totals — every number from core's
 * summarizeGraph — and the same as text in the Keras model.summary() layout.
 */
export function SummaryView({ onShowNetwork }: { onShowNetwork(): void }) {
  const { t, i18n } = useTranslation();
  const flow = useReactFlow();
  // A row leads to its layer: selected, and centred once the canvas is shown again.
  const onShowNode = (nodeId: string) => {
    documentStore.getState().setSelection([nodeId], []);
    onShowNetwork();
    setTimeout(() => void flow.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 }), 30);
  };
  const doc = useDocumentStore((s) => s.doc);
  const name = useFileStore((s) => s.name);
  const summary = useMemo(() => summarizeGraph(doc), [doc]);
  const [showText, setShowText] = useState(false);
  const [copy, setCopy] = useState<CopyState>('idle');
  const n = (v: number) => formatCount(v, i18n.language);
  const totals = summary.totals;
  const text = () => summaryText(doc, name || t('files.untitled'), summary);

  const copyText = async () => {
    const ok = await writeClipboard(text());
    setCopy(ok ? 'copied' : 'failed');
    setTimeout(() => setCopy('idle'), 2000);
  };
  const exportText = () => download(summaryFileName(name || t('files.untitled')), text());

  return (
    <div className="summary-view" data-testid="summary-view" data-ok={summary.ok}>
      <div className="summary-view__inner">
        <header className="summary-head">
          <div>
            <h2 className="summary-head__title">{t('summary.title')}</h2>
            <p className="summary-head__intro">{t('summary.intro')}</p>
          </div>
          <div className="summary-head__actions">
            <button type="button" className="button" data-testid="summary-toggle-text" aria-pressed={showText} onClick={() => setShowText((v) => !v)}>
              {showText ? t('summary.hideText') : t('summary.showText')}
            </button>
            <button type="button" className="button" data-testid="summary-copy" data-state={copy} onClick={() => void copyText()}>
              {copy === 'copied' ? `✓ ${t('summary.copied')}` : copy === 'failed' ? t('summary.copyFailed') : t('summary.copy')}
            </button>
            <button type="button" className="button button--primary" data-testid="summary-export" onClick={exportText}>
              {t('summary.export')}
            </button>
          </div>
        </header>

        <div className="summary-totals">
          <Total testId="summary-total-params" value={totals.params} label={t('summary.totalParams')} main={n(totals.params)}
            sub={t('summary.paramsBreakdown', { trainable: n(totals.trainableParams), nonTrainable: n(totals.nonTrainableParams) })}
            extra={t('summary.paramMemory', { size: formatBytes(totals.paramBytes) })} />
          <Total testId="summary-total-macs" value={totals.macs} label={t('summary.totalMacs')}
            main={`${totals.macsEstimated ? '~' : ''}${n(totals.macs)}`} sub={t('summary.macsHint')} />
          <Total testId="summary-total-activations" value={totals.activationBytes} label={t('summary.activationMemory')}
            main={formatBytes(totals.activationBytes)} sub={t('summary.activationHint')} />
        </div>

        {!summary.ok && summary.layers.length > 0 && <p className="summary-note summary-note--warn" data-testid="summary-incomplete">{t('summary.incomplete')}</p>}

        <div className="summary-card">
          {summary.layers.length === 0 ? (
            <p className="empty-note">{t('summary.empty')}</p>
          ) : (
            <div className="summary-scroll">
              <table className="summary-table" data-testid="summary-table">
                <thead>
                  <tr>
                    <th>{t('summary.layer')}</th>
                    <th>{t('summary.outputShape')}</th>
                    <th className="num">{t('summary.trainable')}</th>
                    <th className="num">{t('summary.nonTrainable')}</th>
                    <th className="num">{t('summary.macs')}</th>
                    <th className="num">{t('summary.activation')}</th>
                    <th>{t('summary.connectedTo')}</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.layers.map((layer) => (
                    <Row key={layer.id} layer={layer} n={n} onShow={() => onShowNode(layer.id)} />
                  ))}
                </tbody>
                <tfoot>
                  <tr data-testid="summary-row-total">
                    <th scope="row">{t('summary.total')}</th>
                    <td />
                    <td className="num">{n(totals.trainableParams)}</td>
                    <td className="num">{n(totals.nonTrainableParams)}</td>
                    <td className="num">{`${totals.macsEstimated ? '~' : ''}${n(totals.macs)}`}</td>
                    <td className="num">{formatBytes(totals.activationBytes)}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          <p className="summary-note">
            {t('summary.rowHint')}
            {totals.macsEstimated && summary.ok && <> {t('summary.estimated')}</>}
          </p>
        </div>

        {showText && (
          <section className="summary-card summary-text">
            <div className="dock-title">{t('summary.textTitle')}</div>
            <pre data-testid="summary-text">{text()}</pre>
          </section>
        )}
      </div>
    </div>
  );
}

function Total({ testId, value, label, main, sub, extra }: { testId: string; value: number; label: string; main: string; sub: string; extra?: string }) {
  return (
    <div className="summary-total" data-testid={testId} data-value={value}>
      <div className="summary-total__label">{label}</div>
      <div className="summary-total__value">{main}</div>
      <div className="summary-total__sub">{sub}</div>
      {extra && <div className="summary-total__sub">{extra}</div>}
    </div>
  );
}

function Row({ layer, n, onShow }: { layer: LayerSummary; n: (v: number) => string; onShow(): void }) {
  const { t } = useTranslation();
  const category = getLayerDefinition(layer.type)?.category ?? 'core';
  const count = (v: number | null) => (v === null ? '—' : n(v));
  return (
    <tr
      className={`summary-row summary-row--${category}`}
      data-testid={`summary-row-${layer.id}`}
      data-trainable={layer.trainableParams ?? ''}
      data-non-trainable={layer.nonTrainableParams ?? ''}
      data-macs={layer.macs ?? ''}
      data-activation-bytes={layer.activationBytes ?? ''}
      tabIndex={0}
      onClick={onShow}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onShow();
      }}
    >
      <td>
        <span className="summary-row__swatch" aria-hidden />
        <span className="summary-row__name">{t(`layers.${layer.type}.name`, { defaultValue: layer.label })}</span>
        <code className="summary-row__id">{layer.id}</code>
      </td>
      <td className="mono">{layer.outputShape ? formatShape(layer.outputShape) : '—'}</td>
      <td className="num">{count(layer.trainableParams)}</td>
      <td className={`num${layer.nonTrainableParams ? '' : ' is-zero'}`}>{count(layer.nonTrainableParams)}</td>
      <td className="num">{layer.macs === null ? '—' : `${layer.macsEstimated ? '~' : ''}${n(layer.macs)}`}</td>
      <td className="num">{layer.activationBytes === null ? '—' : formatBytes(layer.activationBytes)}</td>
      <td className="mono summary-row__inputs">{layer.inputs.join(', ') || '—'}</td>
    </tr>
  );
}

async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without clipboard permission (an insecure origin, some browsers): a selected textarea and execCommand.
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
