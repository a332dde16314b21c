//go:build !amd64 || purego

package utf8valid

const (
	hasVector = false
	vectorMin = 0
)

func validVector(p []byte) bool { return validGo(p) }
