/** The leaks room: the request monitor (with its per-document console warning and the tab badge), the per-tab findings store, and the leak handlers. */
export { installLeakMonitor } from './monitor';
export { leakHandlers } from './handlers';
