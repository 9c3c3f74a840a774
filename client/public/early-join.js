// Started before the app itself has downloaded, on the invite link's page only: swaps the link's
// secret for a session at once, so a phone on a slow connection does not wait for the app first.
// The app (client/join/JoinPage.tsx) takes the answer from window.__llbEarlyJoin. The secret leaves
// the address bar (and the history) straight away.
(function () {
  if (location.pathname !== '/join' || location.hash.length < 2) return;
  var token;
  try {
    token = decodeURIComponent(location.hash.slice(1));
  } catch (e) {
    return;
  }
  history.replaceState(null, '', location.pathname);
  window.__llbEarlyJoin = {
    token: token,
    answer: fetch('/api/join', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ token: token }),
    }),
  };
})();
