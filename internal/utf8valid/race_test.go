//go:build race

package utf8valid_test

// raceEnabled lets the exhaustive sweeps, pure computation that the race
// detector slows down twentyfold and cannot find anything in, run only in the
// plain test run.
const raceEnabled = true
