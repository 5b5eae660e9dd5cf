import { css } from 'lit';

/** The dashboard's layout: one column on a tablet held upright, two where there is room. */
export const dashboardStyles = css`
  .dashboard {
    display: grid;
    gap: 1em;
    max-inline-size: 1400px;
    margin-inline: auto;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: 0.75em 1.5em;
  }
  .head h1 {
    margin: 0;
  }
  .period-text {
    margin: 0.25em 0 0;
    color: var(--_muted);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-inline-size: 0;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-block-end: 0.25em;
  }
  .segments {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em;
  }
  .segments label {
    position: relative;
    display: inline-flex;
    align-items: center;
    min-block-size: 44px;
    margin: 0;
    padding-inline: 0.9em;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_accent);
    font-weight: 600;
    cursor: pointer;
  }
  .segments input {
    position: absolute;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .segments label:has(input:checked) {
    background: var(--_accent);
    color: var(--_accent-text);
  }
  .segments label:has(input:focus-visible) {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .custom {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0.5em 1em;
    margin-block-start: 0.75em;
  }
  .custom .field {
    margin: 0;
  }
  .status {
    margin: 0;
    min-block-size: 1.5em;
    color: var(--_muted);
  }
  .content {
    display: grid;
    gap: 1em;
  }
  .content[aria-busy='true'] {
    opacity: 0.6;
  }
  .note {
    margin-block: 0.5em 0;
  }
  .late {
    color: var(--_late);
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 0.75em;
    margin: 0;
  }
  .columns-3 .tiles {
    grid-template-columns: repeat(3, minmax(0, 1fr));
  }
  .wide .tiles {
    grid-template-columns: repeat(6, minmax(0, 1fr));
  }
  .tile {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding-block: 0.6em;
    padding-inline: 1em;
  }
  .tile dt {
    color: var(--_muted);
    font-weight: 600;
  }
  .tile dd {
    margin: 0;
    font-size: 2rem;
    font-weight: 700;
    line-height: 1.2;
    font-variant-numeric: tabular-nums;
  }
  .tile dd.hint {
    font-size: 0.875rem;
    font-weight: 400;
    color: var(--_muted);
  }
  .tile.late {
    border-color: var(--_late);
    background: var(--_late-bg);
  }
  .tile.late dd[data-figure='overdue'] {
    color: var(--_late);
  }
  .minor {
    margin: 0;
    color: var(--_muted);
  }
  .rates {
    display: grid;
    grid-template-columns: 1fr;
    gap: 0.75em;
  }
  .columns-3 .rates {
    grid-template-columns: repeat(3, 1fr);
  }
  .rate h2 {
    font-size: 1.0625rem;
    margin: 0;
  }
  .rate .big {
    font-size: 2.25rem;
    font-weight: 700;
    margin: 0;
    line-height: 1.2;
    font-variant-numeric: tabular-nums;
  }
  .rate.below {
    border-color: var(--_late);
    border-inline-start-width: 6px;
  }
  .rate.below .big {
    color: var(--_late);
  }
  .verdict {
    margin-block: 0 0.25em;
    font-weight: 600;
  }
  .verdict.late {
    color: var(--_late);
  }
  .verdict.ok {
    color: var(--_ok);
  }
  .detail {
    margin-block: 0.25em 0;
  }
  .panels {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 1em;
  }
  .wide .panels {
    grid-template-columns: repeat(2, minmax(0, 1fr));
  }
  .panel-head {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: 0.5em 1em;
    margin-block-end: 0.5em;
  }
  .panel-head h2 {
    margin: 0;
  }
  .panel-head .field {
    margin: 0;
    display: flex;
    align-items: center;
    gap: 0.5em;
  }
  .panel-head label {
    margin: 0;
  }
  .empty {
    text-align: center;
    padding-block: 2.5em;
  }
  .empty h2 {
    font-size: 1.5rem;
  }
  .facts {
    margin: 0;
    display: grid;
    gap: 0.75em;
  }
  .facts dt {
    font-weight: 600;
  }
  .facts dd {
    margin: 0;
  }
  .facts ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }
  .reports {
    display: grid;
    gap: 1em;
  }
  .wide .reports {
    grid-template-columns: 1fr 1fr;
  }
  .reports h3 {
    margin-block-end: 0.25em;
  }
  .reports ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .reports li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 1em;
    border-block-end: 1px solid var(--_border);
    padding-block: 0.15em;
  }
  .reports li > span {
    min-inline-size: 10em;
    font-weight: 600;
  }
  .reports a {
    display: inline-flex;
    align-items: center;
    min-block-size: 44px;
  }
  .failed {
    border-color: var(--_late);
  }
  .stages td.below {
    color: var(--_late);
  }
  .stages {
    inline-size: 100%;
  }
  .stages td.stage-rate {
    white-space: nowrap;
  }
`;
