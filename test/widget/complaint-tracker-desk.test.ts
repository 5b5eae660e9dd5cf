import { expect } from 'chai';
import '../../widget/index.ts';
import type { ComplaintTracker } from '../../widget/complaint-tracker/define.ts';
import { mockServiceWorker, msw } from './msw.ts';
import { mount, unmountAll, until } from './helpers.ts';

const { http, HttpResponse } = msw;

// The service's portal script, as far as this test needs: an element that says it arrived.
let asked: string[] = [];
mockServiceWorker(
  http.get(`${location.origin}/portal/assets/portal.js`, ({ request }) => {
    asked.push(request.url);
    return new HttpResponse(
      `customElements.get('complaint-portal') || customElements.define('complaint-portal', class extends HTMLElement { connectedCallback() { this.dataset.loaded = 'yes'; } });`,
      { headers: { 'Content-Type': 'text/javascript' } },
    );
  }),
);

afterEach(() => {
  unmountAll();
  asked = [];
});

describe('<complaint-tracker mode="desk">', () => {
  it('loads the staff portal from the service and shows its front desk for the site, starting at the page’s path', async () => {
    const tracker = await mount<ComplaintTracker>(`<complaint-tracker mode="desk" site="demo-hotel" api="${location.origin}/"></complaint-tracker>`);
    const portal = await until(() => tracker.shadowRoot!.querySelector<HTMLElement>('complaint-portal[data-loaded="yes"]'), 'the portal');
    expect(asked).to.deep.equal([`${location.origin}/portal/assets/portal.js`]);
    expect(portal.getAttribute('mode')).to.equal('desk');
    expect(portal.getAttribute('site')).to.equal('demo-hotel');
    expect(portal.getAttribute('api')).to.equal(`${location.origin}/`);
    expect(portal.getAttribute('base')).to.equal(location.pathname);
    // in desk mode no complaint is looked up
    expect(tracker.shadowRoot!.querySelector('form')).to.equal(null);
  });
});
