package chatserver

// Kind says what an Event reports.
type Kind string

// Event kinds.
const (
	KindJoin    Kind = "join"    // Name entered the room
	KindMessage Kind = "message" // Name said Text
	KindLeave   Kind = "leave"   // Name left the room, for Reason
)

// Reasons given in leave notices.
const (
	ReasonLeft    = "left"
	ReasonTooSlow = "too slow: send queue full"
)

// Event is what the server sends, as one JSON text message per event.
type Event struct {
	Kind Kind   `json:"kind"`
	Name string `json:"name"`
	// Text is the message, for KindMessage.
	Text string `json:"text,omitempty"`
	// Reason says why Name left, for KindLeave.
	Reason string `json:"reason,omitempty"`
	// Online is the number of members in the room once the event happened.
	Online int `json:"online"`
}
