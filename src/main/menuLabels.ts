// The native menu speaks the UI's language. Electron's role items keep their behaviour;
// we give them our own labels so they follow the language switch, not the OS.
export type MenuLanguage = 'en' | 'ko';

export const MENU_LABELS = {
  en: {
    file: 'File', edit: 'Edit', view: 'View', help: 'Help',
    about: (app: string) => `About ${app}`, quit: 'Quit', reload: 'Reload', devTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size', zoomIn: 'Zoom In', zoomOut: 'Zoom Out', fullScreen: 'Toggle Full Screen',
    cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All',
  },
  ko: {
    file: '파일', edit: '편집', view: '보기', help: '도움말',
    about: (app: string) => `${app} 정보`, quit: '종료', reload: '새로 고침', devTools: '개발자 도구',
    resetZoom: '실제 크기', zoomIn: '확대', zoomOut: '축소', fullScreen: '전체 화면',
    cut: '잘라내기', copy: '복사', paste: '붙여넣기', selectAll: '모두 선택',
  },
} as const;

/** Korean when the UI (or, before it says, the OS locale) is Korean; English otherwise. */
export function menuLanguage(locale: string | undefined): MenuLanguage {
  return locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
