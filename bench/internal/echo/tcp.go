package echo

import "net"

// tcpEcho writes back every byte it reads through a 4 KiB buffer: the floor
// any WebSocket server is compared with.
func tcpEcho(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			if _, werr := c.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
