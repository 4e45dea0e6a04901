// galette scan: report every document.cookie write, with the stack of the script that made it,
// to the scanner's binding. Installed before any page script runs; the value never leaves
// the page except as part of the raw assignment, which the scanner parses and drops.
(function () {
  'use strict';
  var descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (!descriptor || !descriptor.set || !descriptor.get) return;
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    enumerable: descriptor.enumerable,
    get: function () { return descriptor.get.call(this); },
    set: function (value) {
      try {
        var report = window.__galetteScanCookie;
        if (typeof report === 'function') {
          report(JSON.stringify({ raw: String(value), stack: String(new Error().stack || ''), page: String(location.href) }));
        }
      } catch (e) { /* never break the page */ }
      descriptor.set.call(this, value);
    },
  });
})();
//# sourceURL=galette-scan-hook.js
