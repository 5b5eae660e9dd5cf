/**
 * As soon as a guest files a message, show its progress in the tracker beside
 * the form: the form's `complaint-submitted` event carries the reference and
 * the access code the tracker needs.
 */
const form = document.querySelector('complaint-form[site="demo-hotel"]');
const tracker = document.querySelector('complaint-tracker[site="demo-hotel"]');

if (form && tracker) {
  form.addEventListener('complaint-submitted', (event) => {
    const { reference, accessCode } = event.detail;
    customElements.whenDefined('complaint-tracker').then(() => {
      tracker.reference = reference;
      tracker.accessCode = accessCode;
    });
  });
}
