import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { Location } from '../../api/contract/complaint.ts';

/** `locating` while the browser looks; a problem when it may not or cannot. */
export type LocationState = 'idle' | 'locating' | 'denied' | 'unavailable';

/** The browser's position, asked for only when the resident presses the button. */
export function locate(): Promise<Location> {
  return new Promise((resolve, reject: (problem: LocationState) => void) => {
    if (!('geolocation' in navigator)) {
      reject('unavailable');
      return;
    }
    navigator.geolocation.getCurrentPosition(
      ({ coords }) =>
        resolve({
          // about a metre: more digits only look precise
          lat: Math.round(coords.latitude * 1e5) / 1e5,
          lng: Math.round(coords.longitude * 1e5) / 1e5,
          accuracy: Math.min(100_000, Math.round(coords.accuracy)),
        }),
      (error) => reject(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  });
}

export function renderLocation(
  location: Location | undefined,
  state: LocationState,
  share: () => void,
  remove: () => void,
): TemplateResult {
  return html`<div class="field location" part="location">
    ${location
      ? html`<p id="location-status" role="status">
            ${msg(str`Your location is shared, accurate to about ${location.accuracy ?? '?'} m.`)}
          </p>
          <button part="button" class="secondary" type="button" @click=${remove}>${msg('Remove my location')}</button>`
      : html`<button part="button" class="secondary" type="button" ?disabled=${state === 'locating'} aria-describedby="location-status" @click=${share}>
            ${state === 'locating' ? msg('Finding your location…') : msg('Share my location')}
          </button>
          <p class="hint" id="location-status" role="status">
            ${state === 'denied'
              ? msg('You did not allow the location to be shared. Describe the place in words instead.')
              : state === 'unavailable'
                ? msg('Your location could not be found. Describe the place in words instead.')
                : nothing}
          </p>`}
  </div>`;
}
