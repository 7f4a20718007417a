// The file name a Save dialog's answer becomes: the dialogs filter by extension, and like the native
// panels do for a name typed with another extension, the format's extension is added unless it is
// already there (foo → foo.py, foo.txt → foo.txt.py, foo.PY stays), so a file always opens as what it is.
import { extname } from 'node:path';

/** `path` ending in `ext` (".py", ".netloom"; compared case-insensitively), appended when it does not. */
export function withExtension(path: string, ext: string): string {
  return extname(path).toLowerCase() === ext.toLowerCase() ? path : `${path}${ext}`;
}
