import { css } from 'lit';

export const myComplaintsStyles = css`
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .items {
    list-style: none;
    margin: 0 0 1rem;
    padding: 0;
  }
  .item {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
    padding-block: 0.75rem;
    border-block-end: 1px solid var(--_border);
  }
  .item[aria-current='true'] {
    border-inline-start: 4px solid var(--_accent);
    padding-inline-start: 0.75rem;
  }
  .summary {
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
  }
  .code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-weight: 600;
    letter-spacing: 0.04em;
  }
  .standing {
    font-weight: 600;
    color: var(--_accent);
  }
  .standing[data-status='unknown'] {
    color: var(--_muted);
    font-weight: 400;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .confirm {
    flex-basis: 100%;
  }
  .confirm p {
    margin-block: 0 0.5rem;
  }
  button.danger {
    color: #ffffff;
    background: var(--_error);
    border-color: var(--_error);
  }
  .empty {
    color: var(--_muted);
  }
  .add summary {
    display: flex;
    align-items: center;
    min-block-size: 44px;
    cursor: pointer;
    font-weight: 600;
    color: var(--_accent);
  }
  .add summary:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .add form {
    margin-block-start: 0.5rem;
  }
`;
