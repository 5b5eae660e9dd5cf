import { css } from 'lit';

export const auditStyles = css`
  .audit {
    display: grid;
    gap: 1em;
    max-inline-size: 1100px;
    margin-inline: auto;
  }
  .audit > h1 {
    margin: 0;
  }
  .intro {
    margin-block: 0 0.75em;
    color: var(--_muted);
  }
  .running {
    display: flex;
    align-items: center;
    gap: 0.75em;
    margin-block: 0.75em 0;
  }
  progress {
    inline-size: 12em;
    block-size: 0.75em;
    accent-color: var(--_accent);
  }
  .outcome {
    margin-block-start: 0.75em;
    padding-block: 0.5em;
    padding-inline: 1em;
    border-radius: var(--_radius);
    border-inline-start: 6px solid;
  }
  .outcome p {
    margin-block: 0.25em;
  }
  .outcome.ok {
    background: var(--_ok-bg);
    border-color: var(--_ok);
  }
  .outcome.bad {
    background: var(--_late-bg);
    border-color: var(--_late);
  }
  .headline {
    font-weight: 700;
  }
  .outcome.ok .headline {
    color: var(--_ok);
  }
  .outcome.bad .headline {
    color: var(--_late);
  }
  .break {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25em 1em;
    margin-block: 0.5em;
  }
  .break div {
    display: contents;
  }
  .break dt {
    font-weight: 600;
  }
  .break dd {
    margin: 0;
  }
  .headline.stale {
    margin-block-start: 0.75em;
  }
  .stale-list {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    list-style: none;
    padding: 0;
    margin-block: 0.25em;
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0.5em 1em;
    margin-block-end: 0.75em;
  }
  .filters {
    align-items: flex-start;
  }
  .filters .field {
    margin: 0;
  }
  .filters select {
    max-inline-size: 15em;
  }
  /* level with the fields, below their labels */
  .filters > button {
    margin-block-start: 1.75em;
  }
  .filters input {
    inline-size: 14em;
  }
  .hint {
    font-size: 0.875rem;
    color: var(--_muted);
    margin: 0.25em 0 0;
  }
  .log {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .entry {
    display: grid;
    grid-template-columns: 12.5em minmax(0, 1fr) auto;
    gap: 0.25em 1em;
    align-items: start;
    padding-block: 0.75em;
    border-block-start: 1px solid var(--_border);
  }
  .narrow .entry {
    grid-template-columns: minmax(0, 1fr) auto;
  }
  .narrow .entry time {
    grid-column: 1 / -1;
  }
  .entry time {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .entry p {
    margin: 0;
  }
  .entry .action {
    font-weight: 700;
  }
  .badge {
    display: inline-block;
    font-size: 0.875rem;
    font-weight: 600;
    padding-inline: 0.5em;
    border-radius: 999px;
    margin-inline-end: 0.5em;
    vertical-align: 0.1em;
    border: 1px solid currentColor;
  }
  .badge.identity {
    color: #912018;
    background: #fee4e2;
  }
  .badge.configuration {
    color: #1e3a8a;
    background: #dbeafe;
  }
  .badge.staff {
    color: #05603a;
    background: #d1fadf;
  }
  .badge.account,
  .badge.other {
    color: #3e4c59;
    background: #eef1f4;
  }
  .details {
    color: var(--_muted);
  }
  .more {
    display: flex;
    align-items: center;
    gap: 1em;
    margin-block-start: 0.75em;
  }
  .log-head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: 0.5em;
  }
`;
