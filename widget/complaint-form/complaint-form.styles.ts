import { css } from 'lit';

export const formStyles = css`
  fieldset.group {
    border: 0;
    padding: 0;
    margin: 0 0 0.5em;
  }
  fieldset.group > legend {
    font-size: 1.05em;
    margin-block-end: 0.5em;
    padding: 0;
  }
  .site-name {
    margin-block: -0.5em 1.25em;
  }
  .count {
    text-align: end;
  }
  .actions {
    display: flex;
    gap: 0.75em;
    flex-wrap: wrap;
    align-items: center;
  }
  .emergency {
    border: 2px solid var(--_error);
    border-radius: calc(var(--_radius) / 2);
    padding: 0.75em 1em;
    margin-block-end: 1em;
    background: var(--complaint-emergency-background, #fef3f2);
  }
  .emergency p {
    margin-block: 0.25em 0.5em;
  }
  .call {
    display: inline-flex;
    align-items: center;
    min-block-size: 44px;
    padding-inline: 1em;
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
    gap: 0.25em 1em;
    margin-block: 0 0.75em;
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
  .photos {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    list-style: none;
    padding: 0;
    margin-block: 0.5em;
  }
  .photos li {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    inline-size: 9em;
  }
  .photos img {
    inline-size: 100%;
    aspect-ratio: 1;
    object-fit: cover;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  .photos button {
    padding-inline: 0.5em;
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  input[type='file'] {
    padding-block: 0.375em;
  }
  input[type='file']::file-selector-button {
    min-block-size: 32px;
    margin-inline-end: 0.75em;
    font: inherit;
    border: 1px solid var(--_accent);
    border-radius: calc(var(--_radius) / 2);
    background: transparent;
    color: var(--_accent);
  }
  .location {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
  }
  .location p {
    margin: 0;
  }
  .consent label {
    display: flex;
    align-items: flex-start;
    gap: 0.75em;
    min-block-size: 44px;
    padding-block: 0.5em;
    font-weight: 400;
    cursor: pointer;
  }
  .consent input {
    flex: none;
    inline-size: 1.5em;
    block-size: 1.5em;
    min-block-size: 0;
    margin: 0;
    padding: 0;
    accent-color: var(--_accent);
  }
  .outbox {
    margin-block-start: 1.25em;
  }
  .entries {
    display: grid;
    gap: 0.75em;
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .entry .state {
    margin-block: 0 0.25em;
    font-weight: 600;
  }
  .excerpt {
    margin-block: 0 0.5em;
    overflow-wrap: anywhere;
  }
  .excerpt strong {
    margin-inline-end: 0.5em;
  }
  .status .call {
    margin-block-start: 0.5em;
  }
`;
