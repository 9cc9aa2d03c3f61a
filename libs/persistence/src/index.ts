export * from './database/data-source.factory';
export * from './database/database-admin';
export * from './database/embedded-database';
export * from './database/sql-executor';
export * from './database/transaction-horizon';
export { MIGRATIONS } from './migrations';
export * from './entities';
