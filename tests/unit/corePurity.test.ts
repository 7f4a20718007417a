// src/core is the engine and the document model: pure TypeScript that runs anywhere
// (renderer, training process, CLI). This guards the dependency direction.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const coreDir = resolve(__dirname, '../../src/core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

// Pure-JavaScript packages with no DOM or Node dependency that core may use (schemas, zip).
const allowedPackages = new Set(['zod', 'fflate']);
const isAllowedPackage = (spec: string): boolean => allowedPackages.has(spec.split('/')[0]);

// Static imports and re-exports, dynamic import(), require(), and side-effect imports (`import 'x';`,
// only at the start of a statement so a string such as `'import', 'in'` is not taken for one).
const importRe =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|;)[ \t]*import\s*['"]([^'"]+)['"]/gm;
const specOf = (m: RegExpMatchArray): string => m[1] ?? m[2] ?? m[3] ?? m[4];

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importRe)].map(specOf);
}

// Browser and Node globals that core must not touch (it would break in the other world). A property of
// the same name (`config.document.nodes`) is not the global.
const forbiddenGlobals = /(?<![.\w$])(window|document|localStorage|navigator|process|require|Buffer|__dirname)\s*[.[(]/;

describe('src/core purity', () => {
  const files = sourceFiles(coreDir);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('imports only modules inside src/core, or allowed pure-JS packages', () => {
    const offenders: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file)) {
        const inside = spec.startsWith('.') && !relative(coreDir, resolve(dirname(file), spec)).startsWith('..');
        if (!inside && !isAllowedPackage(spec)) offenders.push(`${relative(coreDir, file)} imports '${spec}'`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('uses no DOM or Node globals', () => {
    const offenders = files.filter((file) => forbiddenGlobals.test(readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(offenders.map((f) => relative(coreDir, f))).toEqual([]);
  });

  it('detects a forbidden import (guard against a check that cannot fail)', () => {
    const sample = [
      "import fs from 'node:fs';",
      "import { x } from '../../renderer/y';",
      "import type { T } from './t';",
      "import 'node:path';",
      'import"electron";',
      "export * from './z';",
      "const words = ['import', 'in'];",
    ].join('\n');
    const specs = [...sample.matchAll(importRe)].map(specOf);
    expect(specs).toEqual(['node:fs', '../../renderer/y', './t', 'node:path', 'electron', './z']);
    expect(specs.filter((spec) => !spec.startsWith('.') && !isAllowedPackage(spec))).toEqual(['node:fs', 'node:path', 'electron']);
    for (const line of ['process.env.X', 'document.body', "require('fs')", 'Buffer.from(x)']) expect(forbiddenGlobals.test(line), line).toBe(true);
    for (const line of ['config.document.nodes', 'doc.window[0]', 'subprocess.kill()']) expect(forbiddenGlobals.test(line), line).toBe(false);
    expect(isAllowedPackage('zod')).toBe(true);
    expect(isAllowedPackage('react')).toBe(false);
  });
});
