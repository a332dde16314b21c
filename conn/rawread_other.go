//go:build !unix

package conn

type idleReader struct{}

func (c *Conn) setupIdleReader() {}

func (c *Conn) fillIdle() (bool, error) { return false, nil }
