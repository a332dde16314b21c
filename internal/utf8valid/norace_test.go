//go:build !race

package utf8valid_test

const raceEnabled = false
