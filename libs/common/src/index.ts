export * from './actor';
export * from './errors/tutela-error';
export * from './config/tutela-config';
export * from './request-meta';
