// A Save dialog's answer and the format's extension (src/main/fileNames.ts). Truth: hand-written names.
import { describe, expect, it } from 'vitest';
import { withExtension } from '../../../src/main/fileNames';

describe('withExtension', () => {
  it('adds the extension when the name has none or another one, keeps it (any case) when it is there', () => {
    expect(withExtension('/a/spiral', '.py')).toBe('/a/spiral.py');
    expect(withExtension('/a/foo.txt', '.py')).toBe('/a/foo.txt.py');
    expect(withExtension('/a/foo.PY', '.py')).toBe('/a/foo.PY');
    expect(withExtension('/a/net.netloom', '.netloom')).toBe('/a/net.netloom');
    expect(withExtension('/a/net.json', '.netloom')).toBe('/a/net.json.netloom');
    expect(withExtension('/a.b/net', '.netloom')).toBe('/a.b/net.netloom');
  });
});
