// Package interop holds tests, and nothing else, that run hybi against real
// WebSocket peers on loopback:
//
//   - the Node ws library, as client of hybi's server and as server for
//     hybi's client (node/peer.mjs, driven over stdio);
//   - headless Chromium, driven by playwright-core (node/browser.mjs), loading
//     the page of examples/echo from hybi's server;
//   - golang.org/x/net/websocket, in both roles.
//
// The Node peers need node and npm, and the pinned packages installed:
//
//	npm ci --prefix internal/interop/node
//
// Chromium is found at /usr/bin/chromium (apt-get install chromium) or at
// $HYBI_CHROMIUM. A test whose peer is missing is skipped with a message
// saying what to install, unless HYBI_INTEROP_REQUIRED=1, which makes it
// fail: CI sets it, so a green CI run means every peer was exercised.
// Screenshots go to $HYBI_ARTIFACTS, or to the test's temporary directory.
package interop
