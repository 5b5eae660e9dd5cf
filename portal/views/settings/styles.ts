import { css } from 'lit';

/** The settings screen's layout: a side list of sections, and editors of fields in groups. */
export const settingsStyles = css`
  .layout {
    display: grid;
    grid-template-columns: 14rem minmax(0, 1fr);
    gap: 1.25em;
    align-items: start;
  }
  .sections {
    position: sticky;
    inset-block-start: 0.5em;
  }
  .sections ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25em;
  }
  .sections button {
    inline-size: 100%;
    justify-content: space-between;
    text-align: start;
    background: transparent;
    color: var(--_text);
    border-color: transparent;
  }
  .sections button:hover {
    background: var(--_background);
  }
  .sections button[aria-current='true'] {
    background: var(--_accent);
    color: var(--_accent-text);
  }
  .dirty-mark {
    font-size: 0.875em;
    font-weight: 600;
  }
  @media (max-width: 60rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
    .sections {
      position: static;
    }
    .sections ul {
      grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
    }
    .sections button {
      border-color: var(--_border);
      background: var(--_surface);
    }
  }
  .editor {
    padding: 1.25em;
  }
  .editor > h2 {
    margin-block-end: 0.25em;
  }
  .intro {
    margin-block: 0 1em;
  }
  .editor > .hint {
    margin-block-end: 1em;
  }
  .block {
    margin-block: 0 1.25em;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding-block: 0.5em 0.75em;
    padding-inline: 1em;
    margin-inline: 0;
    min-inline-size: 0;
  }
  legend {
    font-weight: 700;
    padding-inline: 0.25em;
  }
  fieldset.localized {
    border: none;
    padding: 0;
    margin-block: 0 0.9em;
  }
  fieldset.localized > legend {
    padding: 0;
    margin-block-end: 0.25em;
  }
  .languages {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: 0 0.75em;
  }
  .languages .field {
    margin-block-end: 0.25em;
  }
  .languages label {
    font-weight: 400;
    color: var(--_muted);
  }
  .languages textarea {
    min-block-size: 4.5em;
  }
  .field input:where(:not([type='checkbox'], [type='radio'], [type='color'])),
  .field select {
    inline-size: 100%;
  }
  input[readonly] {
    background: var(--_background);
    color: var(--_muted);
    border-style: dashed;
  }
  .field.short :is(input, select) {
    max-inline-size: 10rem;
  }
  .field.medium :is(input, select) {
    max-inline-size: 22rem;
  }
  .grid-2 {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
    gap: 0 1em;
    align-items: start;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9375rem;
    margin-block: 0 0.35em;
  }
  .field-error {
    color: var(--_late);
    font-weight: 600;
    margin-block: 0.25em 0;
  }
  .field-error::before {
    content: '⚠ ';
  }
  [aria-invalid='true'] {
    border-color: var(--_late);
    box-shadow: 0 0 0 1px var(--_late);
  }
  .warning {
    color: var(--_warn);
    background: var(--_warn-bg);
    padding: 0.5em 0.75em;
    border-radius: calc(var(--_radius) / 2);
  }
  .check {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    align-items: center;
    align-content: start;
    column-gap: 0.6em;
    min-block-size: 44px;
    margin-block-end: 0.4em;
  }
  .check input {
    inline-size: 1.5em;
    block-size: 1.5em;
    margin: 0;
    accent-color: var(--_accent);
  }
  .check label {
    margin: 0;
    font-weight: 400;
    padding-block: 0.5em;
    cursor: pointer;
  }
  .check .hint,
  .check .field-error {
    grid-column: 2;
  }
  .indent {
    margin-inline-start: 2em;
    padding-inline-start: 1em;
    border-inline-start: 3px solid var(--_border);
  }
  .plain-list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .grow {
    flex: 1 1 18rem;
  }
  .row.end {
    justify-content: flex-end;
  }
  .spacer {
    flex: 1;
  }
  button.small {
    padding-inline: 0.6em;
  }
  button.link {
    font-size: max(16px, 1em);
    background: none;
    border: none;
    color: var(--_accent);
    text-decoration: underline;
    padding-inline: 0.25em;
  }
  button.danger-text {
    color: var(--_late);
    border-color: var(--_late);
  }
  .tag {
    display: inline-block;
    font-size: 0.8125rem;
    font-weight: 600;
    padding-inline: 0.5em;
    border-radius: 999px;
    background: var(--_background);
    color: var(--_text);
  }
  .tag.problem {
    background: var(--_late-bg);
    color: var(--_late);
  }
  .tag.ok {
    background: var(--_ok-bg);
    color: var(--_ok);
  }
  code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75em 1em;
    background: var(--_surface);
  }
  .cards {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 26rem), 1fr));
    gap: 1em;
    margin-block-end: 1em;
  }
  .cards > fieldset {
    margin: 0;
  }

  /* the bar with Save and Cancel stays in reach at the bottom of a long section */
  .actions {
    position: sticky;
    inset-block-end: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75em;
    margin-block-start: 1em;
    margin-inline: -1.25em;
    margin-block-end: -1.25em;
    padding-block: 0.75em;
    padding-inline: 1.25em;
    background: var(--_surface);
    border-block-start: 1px solid var(--_border);
    border-end-start-radius: var(--_radius);
    border-end-end-radius: var(--_radius);
    z-index: 1;
  }
  .status-text {
    color: var(--_muted);
  }
  .status-text.saved {
    color: var(--_ok);
    font-weight: 600;
  }
  .problem-box {
    border: 1px solid var(--_late);
    background: var(--_late-bg);
    color: var(--_late);
    border-radius: var(--_radius);
    padding: 0.75em 1em;
    margin-block-end: 1em;
  }
  .problem-box:focus {
    outline: 3px solid var(--_late);
    outline-offset: 2px;
  }
  .problem-box h3 {
    font-size: 1rem;
    margin: 0 0 0.25em;
  }
  .problem-box ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }
  .problem-box a {
    color: var(--_late);
    font-weight: 600;
  }
  .problem-box p {
    margin-block: 0 0.5em;
  }

  /* embed */
  .embed {
    display: grid;
    grid-template-columns: minmax(16rem, 2fr) minmax(0, 3fr);
    gap: 1.5em;
    align-items: start;
  }
  @media (max-width: 75rem) {
    .embed {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .snippet {
    background: #1f2933;
    color: #f5f7fa;
    padding: 0.75em 1em;
    border-radius: var(--_radius);
    overflow-x: auto;
    font-size: 0.875rem;
    line-height: 1.6;
    white-space: pre;
    margin-block: 0 0.75em;
  }
  .snippet:focus-visible {
    outline-color: var(--_accent);
  }
  .origins-note {
    margin-block-start: 0.5em;
  }
  .origins-note .hint {
    margin: 0;
  }
  .key {
    font-weight: 700;
  }
  .colour .row {
    flex-wrap: nowrap;
  }
  input[type='color'] {
    inline-size: 52px;
    block-size: 44px;
    padding: 2px;
    flex: none;
  }
  .field input.hex {
    inline-size: 8.5em;
    font-family: ui-monospace, Menlo, Consolas, monospace;
  }
  .preview-head h3 {
    margin: 0;
  }
  .inline-label {
    display: inline;
    margin: 0;
  }

  /* categories: the list beside the open one */
  .master-detail {
    display: grid;
    grid-template-columns: minmax(14rem, 2fr) minmax(0, 5fr);
    gap: 1.25em;
    align-items: start;
  }
  @media (max-width: 75rem) {
    .master-detail {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .picker {
    display: grid;
    gap: 0.25em;
    margin-block-end: 0.75em;
  }
  .picker li {
    display: flex;
    gap: 0.25em;
    align-items: stretch;
  }
  .picker .pick {
    flex: 1;
    min-inline-size: 0;
    flex-direction: column;
    align-items: flex-start;
    gap: 0;
    text-align: start;
    background: var(--_surface);
    color: var(--_text);
    border-color: var(--_border);
  }
  .picker .pick[aria-current='true'] {
    border-color: var(--_accent);
    box-shadow: inset 4px 0 0 var(--_accent);
    font-weight: 600;
  }
  .pick-meta {
    font-size: 0.8125rem;
    color: var(--_muted);
    font-weight: 400;
  }
  .detail > section {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1em;
  }
  fieldset.question {
    margin-block-end: 1em;
    background: var(--_background);
  }
  fieldset.question input,
  fieldset.question select,
  fieldset.question textarea {
    background: var(--_surface);
  }
  fieldset.options {
    background: var(--_surface);
    margin-block-end: 0.75em;
  }
  .option {
    border-block-end: 1px solid var(--_border);
    padding-block: 0.5em;
    margin-block-end: 0.5em;
  }
  .questions {
    margin-block: 1.25em;
  }

  /* departments, deadlines, calendar */
  .routing {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr));
    gap: 0 1em;
  }
  .stages {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
    gap: 1em;
  }
  .stages > fieldset.visit {
    grid-column: 1 / -1;
  }
  fieldset.duration {
    margin: 0;
  }
  fieldset.duration fieldset.duration {
    border-style: dashed;
  }
  .amount-unit {
    display: grid;
    grid-template-columns: 7rem minmax(0, 18rem);
    gap: 0.75em;
  }
  .amount-unit .field {
    margin-block-end: 0;
    max-inline-size: none;
  }
  .days {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
    gap: 0 1em;
  }
  .interval,
  .dates li {
    align-items: flex-end;
    gap: 0.75em;
  }
  .interval .field,
  .dates .field {
    margin-block-end: 0.5em;
  }
  .interval button,
  .dates button {
    margin-block-end: 0.5em;
  }
  .when {
    margin-block-end: 1em;
  }
  .measure {
    margin-block-end: 0.75em;
  }

  /* staff */
  .members {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 24rem), 1fr));
    gap: 1em;
    margin-block-end: 1.5em;
  }
  .member.disabled {
    background: var(--_background);
  }
  .member-head {
    display: flex;
    justify-content: space-between;
    gap: 0.5em;
    align-items: flex-start;
  }
  .member-name {
    font-size: 1.0625rem;
    margin: 0;
  }
  .member-email {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .facts {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: 0.15em 0.75em;
    margin-block: 0.5em 0.75em;
  }
  .facts dt {
    color: var(--_muted);
  }
  .facts dd {
    margin: 0;
  }
  .choices {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
    gap: 0 1em;
  }
  .add-member {
    border-block-start: 1px solid var(--_border);
    padding-block-start: 1em;
  }
  /* a secret shown this once (an Open311 key, a webhook's signing secret), with how it is used */
  .once p {
    margin-block: 0 0.75em;
  }
  .once h3 {
    margin-block-end: 0.5em;
  }
  .once:focus {
    outline: 3px solid var(--_ok);
    outline-offset: 2px;
  }
  .once .password {
    display: inline-block;
    max-inline-size: 100%;
    overflow-wrap: anywhere;
  }
  .once .usage code {
    overflow-wrap: anywhere;
  }
  .handover {
    outline: none;
    border: 2px solid var(--_ok);
    background: var(--_ok-bg);
    border-radius: var(--_radius);
    padding: 0.75em 1em;
    margin-block-end: 1em;
  }
  .password {
    font-size: 1.25rem;
    letter-spacing: 0.05em;
    background: var(--_surface);
    padding: 0.25em 0.5em;
    border-radius: 4px;
    user-select: all;
  }
  .notice {
    color: var(--_ok);
    font-weight: 600;
    margin-block: 0 0.5em;
  }
  .notice:empty {
    margin: 0;
  }
`;
