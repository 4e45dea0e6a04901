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
      // The buttons are named "action", which shadows form.action: read the attribute.
      fetch(form.getAttribute('action'), {
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
          // Fall back to the plain form post, carrying the button that was clicked.
          var chosen = document.createElement('input');
          chosen.type = 'hidden';
          chosen.name = 'action';
          chosen.value = button.value;
          form.appendChild(chosen);
          HTMLFormElement.prototype.submit.call(form);
        });
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    var banner = document.querySelector('[data-consent-banner]');
    if (banner) enhance(banner);
  });
})();
