import { css } from 'lit';

/**
 * The look every element shares. Site owners theme it only through these custom properties
 * and the documented parts; the host page's own CSS cannot reach inside.
 */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    color: var(--complaint-text, #1f2933);
    font-family: var(--complaint-font, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', sans-serif);
    font-size: var(--complaint-font-size, 16px);
    line-height: 1.5;
    --_accent: var(--complaint-accent, #1d4ed8);
    --_accent-text: var(--complaint-accent-text, #ffffff);
    --_surface: var(--complaint-surface, #ffffff);
    --_muted: var(--complaint-muted, #52606d);
    --_border: var(--complaint-border, #c5ccd3);
    --_radius: var(--complaint-radius, 8px);
    --_error: var(--complaint-error, #b42318);
    --_success: var(--complaint-success, #05603a);
    --_focus: var(--complaint-focus, var(--complaint-text, #1f2933));
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .panel {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--complaint-padding, 1.25rem);
  }
  h2 {
    font-size: 1.25em;
    margin-block: 0 0.75rem;
  }
  label,
  legend {
    display: block;
    font-weight: 600;
    margin-block-end: 0.25rem;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
    margin-block: 0 0.25rem;
  }
  input,
  select,
  textarea {
    display: block;
    inline-size: 100%;
    min-block-size: 44px;
    padding: 0.5rem 0.75rem;
    font: inherit;
    font-size: max(16px, 1em);
    color: inherit;
    background: var(--complaint-input-background, #ffffff);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  textarea {
    min-block-size: 7rem;
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
    margin-block-end: 1rem;
  }
  .error {
    color: var(--_error);
    font-size: 0.875em;
    margin-block: 0.25rem 0;
  }
  button {
    min-block-size: 44px;
    min-inline-size: 44px;
    padding: 0.5rem 1.25rem;
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
    margin-block: 0.75rem 0;
  }
  .status.failed {
    color: var(--_error);
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
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
