import { css } from 'lit';

export const formStyles = css`
  fieldset.group {
    border: 0;
    padding: 0;
    margin: 0 0 0.5rem;
  }
  fieldset.group > legend {
    font-size: 1.05em;
    margin-block-end: 0.5rem;
    padding: 0;
  }
  .site-name {
    margin-block: -0.5rem 1.25rem;
  }
  .count {
    text-align: end;
  }
  .actions {
    display: flex;
    gap: 0.75rem;
    flex-wrap: wrap;
    align-items: center;
  }
  .emergency {
    border: 2px solid var(--_error);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.75rem 1rem;
    margin-block-end: 1rem;
    background: var(--complaint-emergency-background, #fef3f2);
  }
  .emergency p {
    margin-block: 0.25rem 0.5rem;
  }
  .emergency .call {
    display: inline-flex;
    align-items: center;
    min-block-size: 44px;
    padding-inline: 1rem;
    font-weight: 700;
    font-size: 1.1em;
    color: #ffffff;
    background: var(--_error);
    border-radius: calc(var(--_radius) / 2);
    text-decoration: none;
  }
  .receipt dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin-block: 0 0.75rem;
  }
  .receipt dt {
    color: var(--_muted);
  }
  .receipt dd {
    margin: 0;
  }
  .code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.15em;
    font-weight: 700;
    letter-spacing: 0.04em;
    overflow-wrap: anywhere;
  }
`;
