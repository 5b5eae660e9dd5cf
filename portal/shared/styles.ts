import { css } from 'lit';

/**
 * The portal's look, shared by every view. Everything is inside shadow roots: a host application
 * that mounts `<complaint-portal>` keeps its own CSS, and the portal adds none to the page.
 * Touch targets are at least 44px; text at least 16px in fields; logical properties throughout.
 *
 * @cssprop --portal-accent - Buttons, links and highlights (default #1d4ed8).
 * @cssprop --portal-accent-text - Text on the accent (default #ffffff).
 * @cssprop --portal-text - Text (default #1f2933).
 * @cssprop --portal-muted - Secondary text (default #52606d).
 * @cssprop --portal-surface - Panels (default #ffffff).
 * @cssprop --portal-background - Behind the panels (default #f3f5f7).
 * @cssprop --portal-border - Borders (default #c5ccd3).
 * @cssprop --portal-font - Font family (default the system's, with Chinese fonts).
 */
export const portalStyles = css`
  :host {
    --_accent: var(--portal-accent, #1d4ed8);
    --_accent-text: var(--portal-accent-text, #ffffff);
    --_text: var(--portal-text, #1f2933);
    --_muted: var(--portal-muted, #52606d);
    --_surface: var(--portal-surface, #ffffff);
    --_background: var(--portal-background, #f3f5f7);
    --_border: var(--portal-border, #c5ccd3);
    --_ok: #05603a;
    --_ok-bg: #d1fadf;
    --_warn: #7a2e0e;
    --_warn-bg: #fef0c7;
    --_late: #912018;
    --_late-bg: #fee4e2;
    --_radius: 8px;
    display: block;
    color: var(--_text);
    font-family: var(--portal-font, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif);
    font-size: 16px;
    line-height: 1.5;
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin-block: 0 0.5em;
  }
  h1 {
    font-size: 1.5rem;
  }
  h2 {
    font-size: 1.25rem;
  }
  h3 {
    font-size: 1.0625rem;
  }
  a {
    color: var(--_accent);
  }
  button,
  .button {
    font: inherit;
    min-block-size: 44px;
    min-inline-size: 44px;
    padding-block: 0.5em;
    padding-inline: 1em;
    border-radius: var(--_radius);
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-text);
    cursor: pointer;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
  }
  button.secondary,
  .button.secondary {
    background: var(--_surface);
    color: var(--_accent);
  }
  button.danger {
    background: var(--_late);
    border-color: var(--_late);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: max(16px, 1em);
    min-block-size: 44px;
    padding-block: 0.4em;
    padding-inline: 0.6em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_surface);
    color: var(--_text);
    max-inline-size: 100%;
  }
  textarea {
    min-block-size: 6em;
    inline-size: 100%;
  }
  label {
    display: block;
    font-weight: 600;
    margin-block-end: 0.25em;
  }
  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .panel {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1em;
  }
  .muted {
    color: var(--_muted);
  }
  .error {
    color: var(--_late);
  }
  .field {
    margin-block-end: 0.9em;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  /* deadline colours: on time, near, late */
  .clock-ok {
    color: var(--_ok);
    background: var(--_ok-bg);
  }
  .clock-warn {
    color: var(--_warn);
    background: var(--_warn-bg);
  }
  .clock-late {
    color: var(--_late);
    background: var(--_late-bg);
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
      transition: none !important;
    }
  }
`;
