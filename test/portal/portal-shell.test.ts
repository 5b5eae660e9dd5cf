import { expect } from 'chai';
import '../../portal/index.ts';
import type { ComplaintPortal } from '../../portal/complaint-portal.ts';
import { until } from '../widget/helpers.ts';
import { mockServiceWorker, msw } from '../widget/msw.ts';
import { GENERAL_MANAGER, HOTEL } from './dashboard-fixtures.ts';

const { http, HttpResponse } = msw;

/*
 * The portal's shell around a screen with changes not yet saved (a label typed for a new Open311
 * key in the settings): every way out asks first — Back, the site switcher, signing out — and
 * staying keeps the screen, the address and what was typed. Against a mocked staff API.
 */

const ORIGIN = 'https://complaints.shell.test';
const STAFF = `${ORIGIN}/api/v1/staff`;

let signedOut: number;

mockServiceWorker(
  http.get(`${STAFF}/session`, () =>
    HttpResponse.json({
      user: {
        ...GENERAL_MANAGER,
        memberships: [
          { site: 'demo-hotel', roles: ['manager'], departments: [] },
          { site: 'demo-bureau', roles: ['manager'], departments: [] },
        ],
        superadmin: false,
      },
      csrfToken: 'csrf',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    }),
  ),
  http.delete(`${STAFF}/session`, () => {
    signedOut += 1;
    return new HttpResponse(null, { status: 204 });
  }),
  http.get(`${ORIGIN}/api/v1/sites/demo-hotel`, () => HttpResponse.json(HOTEL)),
  http.get(`${STAFF}/sites/demo-hotel/config`, () => HttpResponse.json({ error: { code: 'not_here', message: 'not needed by this test' } }, { status: 503 })),
  http.get(`${STAFF}/sites/demo-hotel/api-keys`, () => HttpResponse.json([])),
);

const start = location.pathname + location.search;
let portal: ComplaintPortal | undefined;

beforeEach(() => {
  signedOut = 0;
});
afterEach(() => {
  portal?.remove();
  portal = undefined;
  history.replaceState(null, '', start);
});

const shadow = (element: Element | null | undefined) => element?.shadowRoot ?? null;
const settingsOf = (p: ComplaintPortal) => shadow(p)?.querySelector('portal-settings') ?? null;
const keysOf = (p: ComplaintPortal) => shadow(settingsOf(p))?.querySelector('settings-api-keys') ?? null;
const labelOf = (p: ComplaintPortal) => shadow(keysOf(p))?.querySelector<HTMLInputElement>('#key-label') ?? null;
const dialogOf = (p: ComplaintPortal) => shadow(shadow(settingsOf(p))?.querySelector('settings-confirm'))?.querySelector<HTMLDialogElement>('dialog[open]') ?? null;

/** Answers the question about unsaved changes: `stay` keeps the screen. */
async function answer(p: ComplaintPortal, choice: 'stay' | 'leave'): Promise<void> {
  const dialog = await until(() => dialogOf(p), 'the question about unsaved changes');
  expect(dialog.textContent).to.contain('Leave without saving?');
  const closed = new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
  (dialog.querySelector(choice === 'stay' ? '.cancel' : '.confirm') as HTMLButtonElement).click();
  await closed;
}

/** The portal in the page, at the hotel's settings, Open311 keys, once that section is drawn. */
async function mountPortal(): Promise<ComplaintPortal> {
  const element = document.createElement('complaint-portal') as ComplaintPortal;
  Object.assign(element, { api: ORIGIN, base: '/portal/' });
  element.setAttribute('lang', 'en');
  document.body.append(element);
  portal = element;
  await until(() => labelOf(element), 'the keys section');
  return element;
}

/** The same, with a label typed and not yet used. */
async function withUnsavedLabel(): Promise<ComplaintPortal> {
  history.replaceState(null, '', '/portal/demo-hotel/');
  history.pushState(null, '', '/portal/demo-hotel/settings#keys');
  const p = await mountPortal();
  const label = labelOf(p)!;
  label.value = 'Travel agency portal';
  label.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await until(() => (settingsOf(p) as unknown as { dirty: boolean }).dirty, 'the label counted as unsaved');
  return p;
}

describe('<complaint-portal> with unsaved changes on screen', () => {
  it('asks on Back; staying keeps the screen, the address and the label', async () => {
    const p = await withUnsavedLabel();
    history.back();
    await answer(p, 'stay');
    await until(() => location.pathname === '/portal/demo-hotel/settings', 'the address put back');
    expect(settingsOf(p)).to.not.equal(null);
    expect(labelOf(p)!.value).to.equal('Travel agency portal');

    // leaving goes where Back led, and the label is gone with the screen
    history.back();
    await answer(p, 'leave');
    await until(() => !settingsOf(p) && shadow(p)?.querySelector('main'), 'the screen left');
    expect(location.pathname).to.equal('/portal/demo-hotel/');
  });

  it('asks before switching sites; staying puts the switcher back', async () => {
    const p = await withUnsavedLabel();
    const sites = shadow(p)!.querySelector<HTMLSelectElement>('#site')!;
    sites.value = 'demo-bureau';
    sites.dispatchEvent(new Event('change', { bubbles: true }));
    await answer(p, 'stay');
    await until(() => sites.value === 'demo-hotel', 'the switcher put back');
    expect(location.pathname).to.equal('/portal/demo-hotel/settings');
    expect(labelOf(p)!.value).to.equal('Travel agency portal');
  });

  it('asks before signing out, and signs out only when told to', async () => {
    const p = await withUnsavedLabel();
    const signOut = () => [...shadow(p)!.querySelectorAll<HTMLButtonElement>('nav button')].find((b) => b.textContent!.trim() === 'Sign out')!;
    signOut().click();
    await answer(p, 'stay');
    expect(signedOut).to.equal(0);
    expect(labelOf(p)!.value).to.equal('Travel agency portal');

    signOut().click();
    await answer(p, 'leave');
    await until(() => shadow(p)?.querySelector('portal-sign-in'), 'the sign-in form');
    expect(signedOut).to.equal(1);
  });

  it('lets the member go at once when nothing is unsaved', async () => {
    history.replaceState(null, '', '/portal/demo-hotel/settings#keys');
    const p = await mountPortal();
    const signOut = [...shadow(p)!.querySelectorAll<HTMLButtonElement>('nav button')].find((b) => b.textContent!.trim() === 'Sign out')!;
    signOut.click();
    await until(() => shadow(p)?.querySelector('portal-sign-in'), 'the sign-in form');
    expect(signedOut).to.equal(1);
  });
});
