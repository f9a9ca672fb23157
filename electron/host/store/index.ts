/** The local SQLite store: open the database once, then hand these to the host. */
export { openDatabase, schemaVersion, backupPathFor, type Db, type OpenOptions } from './db.js';
export { LATEST_SCHEMA_VERSION } from './schema.js';
export { Catalogue, type FrameListQuery, type NightSummary, type AnalysisResults, type FrameSort } from './catalogue.js';
export { FplaneStore, HET_LONGITUDE_DEG } from './fplane.js';
export { UserStore, type User, type UserRole, type NewUser } from './users.js';
export { StoreError, isStoreError, type StoreErrorCode } from './errors.js';
export { nightOf } from './night.js';
export type * from './fplane-types.js';
