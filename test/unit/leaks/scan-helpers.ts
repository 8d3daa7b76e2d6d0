export * from '../../../src/core/leaks/index';
export { MAX_FINDINGS as MAX_FINDINGS_FOR_TEST } from '../../../src/core/leaks/limits';
