export * from './badge';
export * from './model';
export * from './notifications';
export * from './renewal';
export * from './schedule';
export * from './status';
export * from './timeline';
