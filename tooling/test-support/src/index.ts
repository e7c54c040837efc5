export { type ImportGraph, walkImports } from './import-graph.js';
export { runTsc } from './tsc.js';
