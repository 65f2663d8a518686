// Public surface of the local ONNX provider. Importing this does not load
// onnxruntime-node; the first chat() does.

export { OnnxProvider, createOnnxProvider } from './onnxProvider';
export type { OnnxProviderOptions } from './onnxProvider';
export { thinkingBudgetForMode, DEFAULT_ANSWER_CUE, DEFAULT_EXTEND_CUE } from './thinking';
export type { ThinkMarkers, ThinkingMode } from './thinking';
export { loadModelFolder } from './modelFolder';
export type { ModelFolder } from './modelFolder';
