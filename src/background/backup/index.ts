/** The backup room: encrypted export and import of the vault's records together with the applications' and accounts' metadata parts. */
// Registers the applications and accounts metadata parts that travel inside every backup.
import './meta';
export { backupHandlers } from './handlers';
