import { temporarySqliteStore } from '../support/sqlite.ts';
import { storeConformance } from './conformance.ts';

storeConformance('SQLite', temporarySqliteStore);
