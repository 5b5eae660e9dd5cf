import { temporarySqliteStore } from '../support/sqlite.ts';
import { staffConformance } from './staff-conformance.ts';

staffConformance('SQLite', temporarySqliteStore);
