import { temporarySqliteStore } from '../support/sqlite.ts';
import { queueConformance } from './queue-conformance.ts';

queueConformance('SQLite', temporarySqliteStore);
