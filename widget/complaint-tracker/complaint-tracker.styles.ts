import { css } from 'lit';

export const trackerStyles = css`
  h3 {
    font-size: 1em;
    margin-block: 1em 0.5em;
  }
  .badge {
    display: inline-block;
    margin-block: 0 0.75em;
    padding: 0.25em 0.75em;
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
    gap: 0.25em 1em;
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
    margin: 0 0 1em;
    padding: 0;
    border-inline-start: 2px solid var(--_border);
  }
  .timeline li {
    position: relative;
    padding-inline-start: 1em;
    padding-block-end: 0.75em;
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
    margin-block: 0.25em 0;
  }
  .actions {
    display: flex;
    gap: 0.75em;
    flex-wrap: wrap;
  }
  .code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    letter-spacing: 0.04em;
  }
  .expected {
    margin-block: 0 0.75em;
    font-weight: 600;
  }
  .respond {
    margin-block: 1em;
    padding: 1em;
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
  }
  .respond h3 {
    margin-block-start: 0;
  }
  .question {
    margin: 0 0 1em;
    padding-inline-start: 0.75em;
    border-inline-start: 4px solid var(--_border);
    white-space: pre-line;
  }
  .timeline .message {
    white-space: pre-line;
  }
  .photos {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    list-style: none;
    margin: 0.5em 0 1em;
    padding: 0;
  }
  .photos li {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
  }
  .photos img {
    inline-size: 8em;
    block-size: 8em;
    object-fit: cover;
    border-radius: calc(var(--_radius) / 2);
    border: 1px solid var(--_border);
  }
  .rating button {
    flex: 1 1 8em;
  }
  .withdraw {
    margin-block: 1em 0;
  }
`;
