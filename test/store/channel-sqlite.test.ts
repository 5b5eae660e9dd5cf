import { temporarySqliteStore } from '../support/sqlite.ts';
import { channelConformance } from './channel-conformance.ts';

channelConformance('SQLite', temporarySqliteStore);
