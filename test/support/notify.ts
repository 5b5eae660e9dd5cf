import type { Locale } from '../../api/contract/common.ts';
import type { Logger } from '../../api/http/logger.ts';
import type { Channel } from '../../api/notify/channel.ts';
import { Dispatcher, type DispatcherOptions } from '../../api/notify/dispatcher.ts';
import { EmailChannel } from '../../api/notify/email.ts';
import { ServerLinks } from '../../api/notify/links.ts';
import { Surveys } from '../../api/notify/survey.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import type { Command } from '../../api/workflow/commands.ts';
import type { ComplaintState } from '../../api/workflow/state.ts';
import { type TestApi, startTestApi } from './api.ts';
import { type TestSmtp, startSmtp } from './smtp.ts';

export const PUBLIC_URL = 'http://complaints.test';
export const MAIL_FROM = 'desk@complaints.test';

export interface NotifyHarness {
  api: TestApi;
  smtp: TestSmtp;
  desk: ComplaintDesk;
  /** the dispatcher's clock: real time plus whatever `advance` added */
  clock: { now(): Date };
  advance(ms: number): void;
  logs: Record<string, unknown>[];
  /** a new dispatcher on the same store (a restarted server), with a fresh email channel */
  dispatcher(options?: Partial<DispatcherOptions>, extra?: Channel[]): Dispatcher;
  /** files a complaint on the public API with an email address (or a phone number) to hear back on */
  file(site: string, language: Locale, contact?: { email?: string; phone?: string }): Promise<ComplaintState & { accessCode: string }>;
  /** a staff step, as a member of staff */
  act(complaint: ComplaintState, command: Command): Promise<ComplaintState>;
  close(): Promise<void>;
}

const DESCRIPTIONS: Record<Locale, string> = {
  en: 'The light on the third floor stairs has been out for a week.',
  'zh-Hans': '3号楼2单元楼道灯坏了一周,晚上很黑。',
  'zh-Hant': '3號樓2單元樓道燈壞了一週,晚上很黑。',
};

/** The app on a real SQLite file, a real SMTP server on loopback, and dispatchers to run by hand. */
export async function notifyHarness(defaults: Partial<DispatcherOptions> = {}): Promise<NotifyHarness> {
  const api = await startTestApi();
  const smtp = await startSmtp();
  const desk = new ComplaintDesk(api.store);
  const surveys = new Surveys(api.store, desk);
  const links = new ServerLinks(PUBLIC_URL, desk, surveys);
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = { info: (fields) => logs.push({ level: 'info', ...fields }), error: (fields) => logs.push({ level: 'error', ...fields }) };
  const running: Dispatcher[] = [];
  return {
    api,
    smtp,
    desk,
    clock,
    logs,
    advance: (ms) => {
      offset += ms;
    },
    dispatcher: (options = {}, extra = []) => {
      const dispatcher = new Dispatcher({
        store: api.store,
        channels: [new EmailChannel({ url: smtp.url, from: MAIL_FROM }), ...extra],
        links,
        clock,
        logger,
        // no jitter unless a test asks: waits are then exactly computable
        options: { random: () => 1, ...defaults, ...options },
      });
      running.push(dispatcher);
      return dispatcher;
    },
    file: async (site, language, contact = { email: 'resident@example.cn' }) => {
      const response = await api.call('POST', `/api/v1/sites/${site}/complaints`, {
        category: site === 'demo-hotel' ? 'noise' : 'facilities',
        description: DESCRIPTIONS[language],
        place: site === 'demo-hotel' ? { room: '1208' } : { unit: '3-2', room: '401' },
        language,
        complainant: { name: site === 'demo-hotel' ? 'Chan Tai Man' : '王芳', ...contact },
        consent: true,
      });
      if (response.status !== 201) throw new Error(`filing failed: ${response.status} ${await response.text()}`);
      const filed = (await response.json()) as { reference: string; accessCode: string };
      const state = await api.store.findByReference(site, filed.reference);
      return { ...state!, accessCode: filed.accessCode };
    },
    act: async (complaint, command) => {
      const site = await desk.site(complaint.siteKey);
      const current = (await api.store.getComplaint(complaint.id))!;
      return (await desk.execute(site, complaint.id, command, { kind: 'staff', id: 'staff-test' }, current.version)).state;
    },
    close: async () => {
      for (const dispatcher of running) await dispatcher.stop();
      await smtp.stop();
      await api.close();
    },
  };
}

/** The plain-text body's links to this server. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(/http:\/\/complaints\.test\/\S+/g)].map((m) => m[0]);
}
