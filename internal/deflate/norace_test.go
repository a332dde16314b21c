//go:build !race

package deflate_test

const raceEnabled = false
