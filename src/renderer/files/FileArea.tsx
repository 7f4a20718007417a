import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { useDocumentStore } from '../store/documentStore';
import { useFileStore } from '../store/fileStore';
import {
  closeDialog, discardRecovery, dismissNotice, download, examplesDialog, exportAs, newProject, openDialog, openExample, openRef,
  restoreRecovery, save, saveAs, saveAsNamed, startFiles, upload,
} from './fileController';
import { windowTitle } from './projectState';
import { EXPORT_FORMATS, FORMAT_LABELS } from '../../core/export';
import { fileIssueText } from '../i18n/messages';
import './files.css';

/** The header's File area: New, Open, Save, Save As, Examples, Export (+ Download / Upload in the browser). */
export function FileArea() {
  const { t } = useTranslation();
  const api = getApi();
  const name = useFileStore((s) => s.name);
  const dirty = useDocumentStore((s) => s.dirty);
  const shown = name || t('files.untitled');
  const uploadInput = useRef<HTMLInputElement>(null);

  // The translated confirm must be current: keep it in a ref the controller calls.
  const confirmText = useRef('');
  confirmText.current = t('files.confirmDiscard', { name: shown });
  useEffect(() => startFiles({ confirmDiscard: () => window.confirm(confirmText.current) }), []);

  useEffect(() => {
    const title = windowTitle(shown, dirty);
    document.title = title;
    api.setDocumentState({ title, dirty });
  }, [api, shown, dirty]);

  return (
    <div className="file-area" data-testid="file-area">
      <span className="file-area__name" data-testid="project-name" data-dirty={dirty} title={dirty ? t('files.unsaved') : undefined}>
        {dirty && <span className="file-area__dirty" aria-label={t('files.unsaved')}>●</span>}
        {shown}
      </span>
      <button type="button" data-testid="file-new" onClick={() => newProject()}>{t('files.new')}</button>
      <button type="button" data-testid="file-open" onClick={() => void openDialog()}>{t('files.open')}</button>
      <button type="button" data-testid="file-save" onClick={() => void save()}>{t('files.save')}</button>
      <button type="button" data-testid="file-save-as" onClick={() => void saveAs()}>{t('files.saveAs')}</button>
      <button type="button" data-testid="file-examples" onClick={() => void examplesDialog()}>{t('files.examples')}</button>
      <ExportMenu />
      {api.platform === 'web' && (
        <>
          <button type="button" data-testid="file-download" onClick={() => download()}>{t('files.download')}</button>
          <button type="button" data-testid="file-upload" onClick={() => uploadInput.current?.click()}>{t('files.upload')}</button>
          <input
            ref={uploadInput}
            type="file"
            accept=".netloom,application/zip,application/json"
            hidden
            data-testid="file-upload-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void upload(file);
            }}
          />
        </>
      )}
      <FileDialogs />
      <FileNoticeBar />
      <RestorePrompt />
    </div>
  );
}

/** File › Export: ONNX, PyTorch, Keras (the desktop's native menu has the same submenu). */
function ExportMenu() {
  const { t } = useTranslation();
  const menu = useRef<HTMLDetailsElement>(null);
  return (
    <details className="file-area__export" ref={menu} data-testid="file-export">
      <summary>{t('files.export')}</summary>
      <div className="file-area__export-menu" role="menu">
        {EXPORT_FORMATS.map((format) => (
          <button key={format} type="button" role="menuitem" data-testid={`file-export-${format}`}
            onClick={() => {
              menu.current?.removeAttribute('open');
              void exportAs(format);
            }}>
            {FORMAT_LABELS[format]}…
          </button>
        ))}
      </div>
    </details>
  );
}

function Modal({ title, testId, children, onClose }: { title: string; testId: string; children: React.ReactNode; onClose(): void }) {
  return (
    <div className="file-modal__backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="file-modal" role="dialog" aria-modal="true" aria-label={title} data-testid={testId}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2 className="file-modal__title">{title}</h2>
        {children}
      </div>
    </div>
  );
}

function FileDialogs() {
  const { t, i18n } = useTranslation();
  const dialog = useFileStore((s) => s.dialog);
  const name = useFileStore((s) => s.name);
  const [draft, setDraft] = useState('');
  useEffect(() => {
    if (dialog?.kind === 'saveAs') setDraft(name || t('files.untitled'));
  }, [dialog, name, t]);
  if (!dialog) return null;
  const when = (ms: number) => new Date(ms).toLocaleString(i18n.language);

  if (dialog.kind === 'saveAs') {
    const valid = draft.trim().length > 0 && !/[/\\:*?"<>|]/.test(draft) && !draft.trim().startsWith('.');
    return (
      <Modal title={t('files.saveAsTitle')} testId="save-as-dialog" onClose={closeDialog}>
        <form onSubmit={(e) => {
          e.preventDefault();
          if (valid) void saveAsNamed(draft.trim());
        }}>
          <label className="file-modal__field">
            <span>{t('files.nameLabel')}</span>
            <input autoFocus data-testid="save-as-name" value={draft} onChange={(e) => setDraft(e.target.value)} />
          </label>
          {!valid && <p className="file-modal__hint" role="alert">{t('files.invalidName')}</p>}
          <div className="file-modal__actions">
            <button type="button" onClick={closeDialog}>{t('files.cancel')}</button>
            <button type="submit" data-testid="save-as-confirm" disabled={!valid}>{t('files.save')}</button>
          </div>
        </form>
      </Modal>
    );
  }

  const isOpen = dialog.kind === 'open';
  return (
    <Modal title={isOpen ? t('files.openTitle') : t('files.examplesTitle')} testId={isOpen ? 'open-dialog' : 'examples-dialog'} onClose={closeDialog}>
      {dialog.entries.length === 0 ? (
        <p className="file-modal__empty">{isOpen ? t('files.noProjects') : t('files.noExamples')}</p>
      ) : (
        <ul className="file-modal__list">
          {dialog.entries.map((e) => (
            <li key={e.ref}>
              <button type="button" data-testid={`${isOpen ? 'open' : 'example'}-item-${e.ref}`}
                onClick={() => void (isOpen ? openRef(e.ref, { confirm: false }) : openExample(e.ref))}>
                <span className="file-modal__item-name">{isOpen ? e.name : t(`files.exampleNames.${e.ref}`, { defaultValue: e.name })}</span>
                {isOpen && <span className="file-modal__item-meta">{when(e.modifiedAt)}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="file-modal__actions">
        <button type="button" onClick={closeDialog}>{t('files.cancel')}</button>
      </div>
    </Modal>
  );
}

function FileNoticeBar() {
  const { t } = useTranslation();
  const notice = useFileStore((s) => s.notice);
  useEffect(() => {
    if (notice?.tone !== 'info' || notice.errors) return;
    const timer = setTimeout(dismissNotice, 4000);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`file-notice file-notice--${notice.tone}`} data-testid="file-notice" data-tone={notice.tone} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <div className="file-notice__text">{t(notice.key, { ...notice.params, defaultValue: String(notice.params.message ?? notice.key) })}</div>
      {notice.errors && notice.errors.length > 0 && (
        <ul className="file-notice__errors" data-testid="file-problems">
          {notice.errors.map((e, i) => (
            <li key={i} data-code={e.code}>
              <code>{e.path || t('files.wholeFile')}</code> {fileIssueText(t, e)}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="file-notice__close" data-testid="file-notice-close" onClick={dismissNotice} aria-label={t('files.close')}>×</button>
    </div>
  );
}

function RestorePrompt() {
  const { t, i18n } = useTranslation();
  const recovery = useFileStore((s) => s.recovery);
  if (!recovery) return null;
  return (
    <div className="file-notice file-notice--restore" data-testid="restore-prompt" role="alertdialog" aria-label={t('files.restoreTitle')}>
      <div className="file-notice__text">
        <strong>{t('files.restoreTitle')}</strong>{' '}
        {t('files.restoreMessage', { name: recovery.name, time: new Date(recovery.savedAt).toLocaleString(i18n.language) })}
      </div>
      <div className="file-modal__actions">
        <button type="button" data-testid="restore-discard" onClick={() => void discardRecovery()}>{t('files.discard')}</button>
        <button type="button" data-testid="restore-accept" onClick={() => void restoreRecovery()}>{t('files.restore')}</button>
      </div>
    </div>
  );
}
