/**
 * A tracking link from a notification points at the site's tracker page with the complaint in
 * the fragment: `…/track#complaint=KM7Q-29XD&code=…`. The fragment never reaches the host
 * site's server or its logs. `code` is the access code or the link's signed key.
 */
export function linkFromLocation(location: Pick<Location, 'hash'>): { reference: string; accessCode: string } | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const reference = params.get('complaint')?.trim();
  const accessCode = params.get('code')?.trim();
  return reference && accessCode ? { reference, accessCode } : null;
}
