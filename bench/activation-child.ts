// Loads the built extension bundle in a fresh process with a stand-in for the
// `vscode` module (every API is a no-op that returns another stand-in; settings
// read as unset) and
// times `require` and `activate()`: the cost of our own code at activation,
// without the editor around it. Prints one JSON line.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

function standIn(name: string): unknown {
  const fn = function () {
    return standIn(`${name}()`);
  };
  return new Proxy(fn, {
    get(_target, prop) {
      // Thenable that resolves to undefined: `await x` and `x.then(cb)` both work.
      if (prop === 'then') return (onFulfilled?: (v: undefined) => unknown) => standIn(`${name}.then(${String(onFulfilled?.(undefined))})`);
      // Settings, secrets and mementos read as unset, so defaults apply (as on a fresh install).
      if (prop === 'get') return () => undefined;
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === Symbol.iterator) return function* () {};
      return standIn(`${name}.${String(prop)}`);
    },
    set() {
      return true; // e.g. statusBarItem.text = …
    },
    construct() {
      return standIn(`new ${name}`) as object;
    },
  });
}

/**
 * The module object: one stand-in per top-level name the API declares (read
 * from @types/vscode), as a plain object so that the bundler's ESM interop,
 * which copies own properties, sees them.
 */
function vscodeModule(): Record<string, unknown> {
  const dts = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set([...dts.matchAll(/^\texport (?:namespace|class|enum|function|const|let) (\w+)/gm)].map((m) => m[1]!));
  return Object.fromEntries([...names].map((n) => [n, standIn(`vscode.${n}`)]));
}
const vscodeStandIn = vscodeModule();

const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const original = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') return vscodeStandIn;
  return original.call(this, request, ...rest);
};

const bundle = path.resolve(process.argv[2] ?? 'dist/extension.js');
const storage = path.join(os.tmpdir(), `ba-activation-${process.pid}`);
const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require(bundle) as { activate(context: unknown): unknown };
const t1 = performance.now();
const uri = (p: string) => ({ fsPath: p, path: p, scheme: 'file', toString: () => `file://${p}` });
const context = {
  subscriptions: [] as unknown[],
  extensionUri: uri(path.dirname(path.dirname(bundle))),
  extensionPath: path.dirname(path.dirname(bundle)),
  storageUri: uri(storage),
  globalStorageUri: uri(storage),
  logUri: uri(storage),
  secrets: standIn('secrets'),
  workspaceState: standIn('workspaceState'),
  globalState: standIn('globalState'),
  extensionMode: 1,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  extension: { id: 'budget-agent.budget-agent', packageJSON: require(path.join(path.dirname(path.dirname(bundle)), 'package.json')) as unknown },
};
extension.activate(context);
const t2 = performance.now();
process.stdout.write(`${JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, heapMb: process.memoryUsage().heapUsed / 2 ** 20 })}\n`);
process.exit(0);
