// The side panel protocol: messages, budgets, state, reducer, coalescer.
// Pure TypeScript (no vscode, no DOM): shared by the extension, the webview
// bundle, the unit tests and the benchmark.
export * from './budgets';
export * from './coalescer';
export * from './events';
export * from './messages';
export * from './reducer';
export * from './state';
