export * from './database/data-source.factory';
export * from './database/database-admin';
export * from './database/embedded-database';
export * from './database/sql-executor';
export { MIGRATIONS } from './migrations';
export * from './entities';
