//go:build race

package testee_test

// raceEnabled: the race detector slows the catalogue's large messages
// (9.*) past any useful budget, so race runs leave them out.
const raceEnabled = true
