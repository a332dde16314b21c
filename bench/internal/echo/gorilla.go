package echo

import (
	"net/http"

	"github.com/gorilla/websocket"
)

// gorillaEcho is the ReadMessage/WriteMessage loop most gorilla users write.
// gorilla negotiates permessage-deflate only without context takeover and
// does not validate UTF-8 in data messages.
func gorillaEcho(o Options) http.Handler {
	up := websocket.Upgrader{EnableCompression: o.Compress}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for {
			typ, msg, err := c.ReadMessage()
			if err != nil {
				return
			}
			if err := c.WriteMessage(typ, msg); err != nil {
				return
			}
		}
	})
}
