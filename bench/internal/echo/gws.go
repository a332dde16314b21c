package echo

import (
	"net/http"

	"github.com/lxzan/gws"
)

type gwsHandler struct {
	gws.BuiltinEventHandler
}

// OnMessage echoes the message and returns its buffer to gws's pool.
func (gwsHandler) OnMessage(socket *gws.Conn, m *gws.Message) {
	defer m.Close()
	_ = socket.WriteMessage(m.Opcode, m.Bytes())
}

// gwsEcho is gws's quick-start shape: an event handler and a ReadLoop
// goroutine per connection, with UTF-8 checking turned on.
func gwsEcho(o Options) http.Handler {
	up := gws.NewUpgrader(gwsHandler{}, &gws.ServerOption{
		CheckUtf8Enabled: true,
		PermessageDeflate: gws.PermessageDeflate{
			Enabled:               o.Compress,
			ServerContextTakeover: true,
			ClientContextTakeover: true,
		},
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		socket, err := up.Upgrade(w, r)
		if err != nil {
			return
		}
		go socket.ReadLoop()
	})
}
