/**
 * Copies what a section shows for the member to take elsewhere (an Open311 key or a webhook's
 * signing secret shown once, a first password, the embed code) to the clipboard.
 * Without clipboard access — an insecure origin, a refusal — the text as shown (`shown`) is
 * selected instead, for the member to copy with the keyboard. Answers which of the two happened,
 * so the section can say so in its own words.
 */
export async function copyOrSelect(text: string, shown: Element | null | undefined): Promise<'copied' | 'selected'> {
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    if (shown) getSelection()?.selectAllChildren(shown);
    return 'selected';
  }
}
