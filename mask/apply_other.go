//go:build !amd64 || purego

package mask

// Without a vector implementation every length takes the word loop.
const (
	hasVector = false
	vectorMin = 0
)

func applyVector(k64 uint64, b []byte) { applyGeneric(k64, b) }
