import { expect } from 'chai';
import { define } from '../../portal/shared/define.ts';
import { PortalUpdate } from '../../portal/pwa/portal-update.ts';
import { $, mount, text, unmountAll, until } from '../widget/helpers.ts';
import { axeViolations, sizeProblems } from './helpers.ts';

define('portal-update', PortalUpdate);

afterEach(() => unmountAll());

describe('<portal-update>', () => {
  it('says nothing until a new version waits, then offers to reload, accessibly, with large enough buttons', async () => {
    const element = await mount<PortalUpdate>('<portal-update></portal-update>');
    expect(text(element)).to.equal('');
    expect($(element, '[role="status"]')).to.not.equal(null);

    let reloaded = 0;
    element.offer(() => (reloaded += 1));
    await element.updateComplete;
    expect(text(element)).to.contain('A new version of the portal is ready.');
    const buttons = [...element.shadowRoot!.querySelectorAll('button')];
    expect(buttons.map((button) => button.textContent?.trim())).to.deep.equal(['Reload', 'Later']);
    expect(sizeProblems(element)).to.deep.equal([]);
    expect(await axeViolations(element)).to.deep.equal([]);

    buttons[0]!.click();
    expect(reloaded).to.equal(1);
  });

  it('goes away when the member chooses later', async () => {
    const element = await mount<PortalUpdate>('<portal-update></portal-update>');
    element.offer(() => undefined);
    await element.updateComplete;
    ($(element, 'button.secondary') as HTMLButtonElement).click();
    await until(() => !$(element, 'button'), 'the note to go');
    expect(text(element)).to.equal('');
  });
});
