import { css } from 'lit';

/** The portal's frame: the navigation bar and the area the screens draw in. */
export const shellStyles = css`
  :host {
    background: var(--_background);
    min-block-size: 100%;
  }
  nav {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    padding-block: 0.25em;
    padding-inline: 1em;
    background: var(--_surface);
    border-block-end: 1px solid var(--_border);
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    list-style: none;
    margin: 0;
    padding: 0;
    gap: 0.25em;
  }
  nav a {
    display: inline-flex;
    align-items: center;
    min-block-size: 44px;
    padding-inline: 0.75em;
    border-radius: var(--_radius);
    text-decoration: none;
    color: var(--_text);
  }
  nav a[aria-current='page'] {
    background: var(--_accent);
    color: var(--_accent-text);
  }
  .brand {
    font-weight: 700;
    margin-inline-end: 0.75em;
  }
  .spacer {
    flex: 1;
  }
  .who {
    color: var(--_muted);
  }
  .skip {
    position: absolute;
    inset-inline-start: -999px;
  }
  .skip:focus {
    position: static;
  }
  main {
    display: block;
    padding: 1em;
    outline: none;
  }
  .loading,
  :host > .error,
  .offline {
    padding: 1em;
  }
`;
