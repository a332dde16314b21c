//go:build !amd64 || purego

package cpu

// X86HasAVX2 is false off amd64 and with the purego tag.
const X86HasAVX2 = false
