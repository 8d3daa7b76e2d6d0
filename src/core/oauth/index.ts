export * from './app-config';
export * from './authorize';
export * from './endpoints';
export * from './errors';
export * from './token';
export * from './webauth';
