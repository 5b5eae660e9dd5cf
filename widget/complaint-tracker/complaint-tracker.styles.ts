import { css } from 'lit';

export const trackerStyles = css`
  h3 {
    font-size: 1em;
    margin-block: 1rem 0.5rem;
  }
  .badge {
    display: inline-block;
    margin-block: 0 0.75rem;
    padding: 0.25rem 0.75rem;
    border-radius: 999px;
    font-weight: 600;
    color: var(--_accent-text);
    background: var(--_accent);
  }
  .badge[data-status='closed'],
  .badge[data-status='archived'],
  .badge[data-status='resolved'] {
    background: var(--_success);
    border-color: var(--_success);
  }
  .badge[data-status='not-accepted'],
  .badge[data-status='withdrawn'] {
    background: var(--_muted);
  }
  .facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
  }
  .facts dt {
    color: var(--_muted);
  }
  .facts dd {
    margin: 0;
  }
  .timeline {
    list-style: none;
    margin: 0 0 1rem;
    padding: 0;
    border-inline-start: 2px solid var(--_border);
  }
  .timeline li {
    position: relative;
    padding-inline-start: 1rem;
    padding-block-end: 0.75rem;
  }
  .timeline li::before {
    content: '';
    position: absolute;
    inset-inline-start: -6px;
    inset-block-start: 0.45em;
    inline-size: 10px;
    block-size: 10px;
    border-radius: 50%;
    background: var(--_accent);
  }
  .timeline time {
    display: block;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .timeline .message {
    margin-block: 0.25rem 0;
  }
  .actions {
    display: flex;
    gap: 0.75rem;
    flex-wrap: wrap;
  }
  .code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    letter-spacing: 0.04em;
  }
`;
