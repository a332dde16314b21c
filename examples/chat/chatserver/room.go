package chatserver

import (
	"context"
	"encoding/json"
	"errors"
	"sync"

	"github.com/hybi-go/websocket/conn"
)

// errTooSlow is the cause given to a member's context when its send queue
// overflows.
var errTooSlow = errors.New("chatserver: send queue full")

// member is one connection in the room.
type member struct {
	name  string
	queue chan *conn.PreparedMessage
	// kick ends the member's context; its cause decides the close code.
	kick context.CancelCauseFunc
}

// room is the set of members and the order of events. Events are encoded
// and queued under mu, so every member sees them in the same order.
type room struct {
	mu      sync.Mutex
	members map[*member]struct{}
}

func newRoom() *room {
	return &room{members: map[*member]struct{}{}}
}

// join adds m and announces it, to m as well.
func (r *room) join(m *member) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.members[m] = struct{}{}
	r.publishLocked(Event{Kind: KindJoin, Name: m.name})
}

// leave removes m, if it is still there, and tells the others.
func (r *room) leave(m *member) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.members[m]; !ok {
		return // already removed as too slow
	}
	delete(r.members, m)
	r.publishLocked(Event{Kind: KindLeave, Name: m.name, Reason: ReasonLeft})
}

// publish sends ev to every member.
func (r *room) publish(ev Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.publishLocked(ev)
}

// publishLocked queues ev for every member without ever waiting: a member
// whose queue is full is kicked out, which is itself announced. The caller
// holds r.mu.
func (r *room) publishLocked(ev Event) {
	pending := []Event{ev}
	for len(pending) > 0 {
		ev := pending[0]
		pending = pending[1:]
		ev.Online = len(r.members)
		pm := prepare(ev)
		for m := range r.members {
			select {
			case m.queue <- pm:
			default:
				delete(r.members, m)
				m.kick(errTooSlow)
				pending = append(pending, Event{Kind: KindLeave, Name: m.name, Reason: ReasonTooSlow})
			}
		}
	}
}

// prepare encodes ev once for all members.
func prepare(ev Event) *conn.PreparedMessage {
	data, err := json.Marshal(ev)
	if err != nil {
		// Event holds only strings and an int: Marshal cannot fail.
		panic(err)
	}
	pm, err := conn.NewPreparedMessage(conn.MessageText, data)
	if err != nil {
		panic(err) // MessageText is a valid type
	}
	return pm
}
