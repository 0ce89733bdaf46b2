// What the browser tests and the readiness script know of the page: stable
// element ids (frontend/static/index.html) and small in-page probes.

export const sel = {
  host: '#s-host', port: '#s-port', security: '#s-security', auth: '#s-auth',
  username: '#s-username', password: '#s-password', provider: '#s-provider',
  environment: '#s-environment', library: '#s-library',
  verdict: '#settings-verdict [data-verdict]', result: '#settings-result',
  snippetPick: '#snippet-pick',
  paste: '#paste-input', pasteStatus: '#paste-status', pasteResult: '#paste-result',
  error: '#error-input', errorResult: '#error-result',
};

// verdictReady runs in the page on every animation frame (as a function:
// the page's CSP forbids eval of strings): it types a host and port into the
// settings form as soon as the form exists, and returns performance.now()
// (milliseconds since navigation start) once the first verdict is on screen.
export function verdictReady() {
  const v = document.querySelector('#settings-verdict [data-verdict]');
  if (v) return performance.now();
  const host = document.querySelector('#s-host'), port = document.querySelector('#s-port');
  if (host && port && !host.value) { // both parsed (the page may be mid-parse)
    host.value = 'smtp.gmail.com'; host.dispatchEvent(new Event('input', { bubbles: true }));
    port.value = '587'; port.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return false;
}
