//go:build !purego

package cpu_test

const purego = false
