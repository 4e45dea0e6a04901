// galette: progressive enhancement of the consent banner. Without this script the banner's
// form posts and the page reloads; with it, the choice is sent in the background and the
// banner goes away. Content that needs the new consent (embeds, scripts) appears on reload.
(function () {
  'use strict';
  function enhance(banner) {
    var form = banner.querySelector('form');
    if (!form || !window.fetch || !window.FormData) return;
    form.addEventListener('submit', function (event) {
      var button = event.submitter;
      if (!button || button.name !== 'action') return;
      event.preventDefault();
      var data = new FormData(form);
      data.set('action', button.value);
      fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(data),
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      })
        .then(function (response) {
          if (!response.ok) throw new Error('consent not saved: ' + response.status);
          return response.json();
        })
        .then(function (choice) {
          banner.remove();
          if (choice.granted.length > 0 && document.querySelector('[data-needs-consent]')) {
            window.location.reload();
          }
        })
        .catch(function () {
          form.submit();
        });
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    var banner = document.querySelector('[data-consent-banner]');
    if (banner) enhance(banner);
  });
})();
