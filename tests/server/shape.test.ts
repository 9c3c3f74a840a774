// The server's shape, checked from its source with the TypeScript compiler: no two files import each
// other, directly or round a longer circle (type-only imports count too: a circle of types is still a
// circle to read), and no function in server/sync/ runs over 80 lines.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER = path.join(ROOT, 'server');
const MAX_FUNCTION_LINES = 80;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The files under `within` that a file imports or re-exports from (by relative path). */
function importsOf(file: string, within: string): string[] {
  const found: string[] = [];
  for (const statement of parse(file).statements) {
    const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) ? statement.moduleSpecifier : undefined;
    if (specifier === undefined || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), specifier.text);
    if (target.startsWith(within + path.sep)) found.push(target);
  }
  return found;
}

/** The import circles under `dir` (Tarjan's strongly connected components of more than one file, or a file importing itself). */
function circles(dir: string): string[][] {
  const files = sourceFiles(dir);
  const edges = new Map(files.map((file) => [file, importsOf(file, dir)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!edges.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(path.relative(dir, member));
      if (member === file) break;
    }
    if (component.length > 1 || (edges.get(file) ?? []).includes(file)) found.push(component.sort());
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return found;
}

/** Every function, method, accessor and arrow in a file longer than `max` lines, as "file:line name (n lines)". */
function longFunctions(file: string, max: number): string[] {
  const source = parse(file);
  const found: string[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const walk = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const lines = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
      const name = node.name !== undefined && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
      if (lines > max) found.push(`${path.relative(ROOT, file)}:${lineOf(node.getStart(source))} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, walk);
  };
  walk(source);
  return found;
}

describe('the shape of server/', () => {
  it('has no import circle between its files', () => {
    expect(circles(SERVER)).toEqual([]);
  });

  it('finds a circle when two files import each other, and not the file that only imports one of them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shape-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b.ts';\nexport type A = B;\n");
      fs.writeFileSync(path.join(dir, 'b.ts'), "import type { A } from './a.ts';\nexport type B = A | null;\n");
      fs.writeFileSync(path.join(dir, 'c.ts'), "import type { A } from './a.ts';\nexport type C = A;\n");
      expect(circles(dir)).toEqual([['a.ts', 'b.ts']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`has no function in server/sync/ over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(sourceFiles(path.join(SERVER, 'sync')).flatMap((file) => longFunctions(file, MAX_FUNCTION_LINES))).toEqual([]);
  });
});
