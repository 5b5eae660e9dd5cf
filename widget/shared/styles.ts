import { css } from 'lit';

/**
 * The look every element shares. Site owners theme it only through these custom properties
 * and the documented parts; the host page's own CSS cannot reach inside.
 *
 * The elements' text takes nothing from the page by inheritance: the type, colour and box
 * sizing are set on the shadow root's own top-level elements, so a page rule such as
 * `* { font: 40px serif !important; color: red !important }` leaves the widget as designed.
 * Lengths are in em, never rem: a page's `html { font-size: 62.5% }` must not shrink them.
 *
 * @cssprop --complaint-accent - Colour of buttons, the status badge and highlights (default #1d4ed8).
 * @cssprop --complaint-accent-text - Text colour on the accent colour (default #ffffff).
 * @cssprop --complaint-text - Text colour, and the focus ring unless --complaint-focus is set (default #1f2933).
 * @cssprop --complaint-muted - Colour of hints, labels of facts and times (default #52606d).
 * @cssprop --complaint-surface - Background of the panel (default #ffffff).
 * @cssprop --complaint-input-background - Background of text fields and lists (default #ffffff).
 * @cssprop --complaint-border - Colour of the panel's and the fields' borders (default #c5ccd3).
 * @cssprop --complaint-radius - Corner radius of the panel; fields and buttons take half (default 8px).
 * @cssprop --complaint-font - Font family (default the system's, with Chinese fonts).
 * @cssprop --complaint-font-size - Base font size; fields never go below 16px (default 16px).
 * @cssprop --complaint-padding - Space inside the panel (default 1.25em).
 * @cssprop --complaint-focus - Colour of the focus ring.
 * @cssprop --complaint-error - Colour of error messages and invalid fields (default #b42318).
 * @cssprop --complaint-success - Colour of the badge of a resolved or closed complaint (default #05603a).
 */
export const baseStyles = css`
  :host {
    display: block;
    --_accent: var(--complaint-accent, #1d4ed8);
    --_accent-text: var(--complaint-accent-text, #ffffff);
    --_text: var(--complaint-text, #1f2933);
    --_surface: var(--complaint-surface, #ffffff);
    --_muted: var(--complaint-muted, #52606d);
    --_border: var(--complaint-border, #c5ccd3);
    --_radius: var(--complaint-radius, 8px);
    --_error: var(--complaint-error, #b42318);
    --_success: var(--complaint-success, #05603a);
    --_focus: var(--complaint-focus, var(--_text));
  }
  /* the shadow root's top-level elements: everything inside inherits from here, not from the page */
  :host > * {
    color: var(--_text);
    font: normal 400 var(--complaint-font-size, 16px) / 1.5
      var(--complaint-font, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', sans-serif);
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-indent: 0;
    text-transform: none;
    text-shadow: none;
    white-space: normal;
    visibility: visible;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .panel {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--complaint-padding, 1.25em);
  }
  h2 {
    font-size: 1.25em;
    margin-block: 0 0.6em;
  }
  label,
  legend {
    display: block;
    font-weight: 600;
    margin-block-end: 0.25em;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
    margin-block: 0 0.25em;
  }
  input,
  select,
  textarea {
    display: block;
    inline-size: 100%;
    min-block-size: 44px;
    padding: 0.5em 0.75em;
    font: inherit;
    font-size: max(16px, 1em);
    color: inherit;
    background: var(--complaint-input-background, #ffffff);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  textarea {
    min-block-size: 7em;
    resize: vertical;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  button:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .field {
    margin-block-end: 1em;
  }
  .error {
    color: var(--_error);
    font-size: 0.875em;
    margin-block: 0.25em 0;
  }
  button {
    min-block-size: 44px;
    min-inline-size: 44px;
    padding: 0.5em 1.25em;
    font: inherit;
    font-weight: 600;
    color: var(--_accent-text);
    background: var(--_accent);
    border: 1px solid var(--_accent);
    border-radius: calc(var(--_radius) / 2);
    cursor: pointer;
  }
  button.secondary {
    color: var(--_accent);
    background: transparent;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: progress;
  }
  .status {
    margin-block: 0.75em 0;
  }
  .status.failed {
    color: var(--_error);
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    min-block-size: 0;
    padding: 0;
    border: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
