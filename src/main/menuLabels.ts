// The native menu speaks the UI's language. Electron's role items keep their behaviour;
// we give them our own labels so they follow the language switch, not the OS.
export type MenuLanguage = 'en' | 'ko';

export const MENU_LABELS = {
  en: {
    file: 'File', edit: 'Edit', view: 'View', help: 'Help',
    about: (app: string) => `About ${app}`, quit: 'Quit', reload: 'Reload', devTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size', zoomIn: 'Zoom In', zoomOut: 'Zoom Out', fullScreen: 'Toggle Full Screen',
    cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All',
    newProject: 'New', open: 'Open…', openRecent: 'Open Recent', examples: 'Examples', save: 'Save', saveAs: 'Save As…',
    noRecent: 'No recent files', noExamples: 'No examples', fileFilter: 'Netloom project',
    exportMenu: 'Export', exportOnnx: 'ONNX…', exportPytorch: 'PyTorch…', exportKeras: 'Keras…', onnxFilter: 'ONNX model', pythonFilter: 'Python file',
    unsavedTitle: 'Unsaved changes', unsavedMessage: (name: string) => `“${name}” has unsaved changes. Close without saving?`,
    unsavedDetail: 'Your changes since the last save will be lost.', discardAndClose: 'Close Without Saving', cancel: 'Cancel',
  },
  ko: {
    file: '파일', edit: '편집', view: '보기', help: '도움말',
    about: (app: string) => `${app} 정보`, quit: '종료', reload: '새로 고침', devTools: '개발자 도구',
    resetZoom: '실제 크기', zoomIn: '확대', zoomOut: '축소', fullScreen: '전체 화면',
    cut: '잘라내기', copy: '복사', paste: '붙여넣기', selectAll: '모두 선택',
    newProject: '새로 만들기', open: '열기…', openRecent: '최근 파일 열기', examples: '예제', save: '저장', saveAs: '다른 이름으로 저장…',
    noRecent: '최근 파일 없음', noExamples: '예제 없음', fileFilter: 'Netloom 프로젝트',
    exportMenu: '내보내기', exportOnnx: 'ONNX…', exportPytorch: 'PyTorch…', exportKeras: 'Keras…', onnxFilter: 'ONNX 모델', pythonFilter: 'Python 파일',
    unsavedTitle: '저장하지 않은 변경 사항', unsavedMessage: (name: string) => `“${name}”에 저장하지 않은 변경 사항이 있습니다. 저장하지 않고 닫을까요?`,
    unsavedDetail: '마지막으로 저장한 뒤의 변경 사항이 사라집니다.', discardAndClose: '저장하지 않고 닫기', cancel: '취소',
  },
} as const;

/** Korean when the UI (or, before it says, the OS locale) is Korean; English otherwise. */
export function menuLanguage(locale: string | undefined): MenuLanguage {
  return locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
