package frame_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hybi-go/websocket/frame"
)

func TestStatusCodeIsSendable(t *testing.T) {
	// The valid and invalid codes of Autobahn cases 7.7.* and 7.9.*, and the
	// IANA registrations since RFC 6455.
	valid := []frame.StatusCode{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999}
	invalid := []frame.StatusCode{0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}
	for _, c := range valid {
		assert.True(t, c.IsSendable(), "%d", c)
	}
	for _, c := range invalid {
		assert.False(t, c.IsSendable(), "%d", c)
	}
	assert.Equal(t, "normal closure", frame.StatusNormalClosure.String())
	assert.Equal(t, "status(4000)", frame.StatusCode(4000).String())
}

func TestParseClose(t *testing.T) {
	tests := []struct {
		name    string
		payload []byte
		code    frame.StatusCode
		reason  string
		err     error
	}{
		{"empty", nil, frame.StatusNoStatusReceived, "", nil},
		{"one byte", []byte{0x03}, 0, "", frame.ErrCloseTooShort},
		{"normal", []byte{0x03, 0xe8}, 1000, "", nil},
		{"reason", append([]byte{0x0f, 0xa0}, "bye ✓"...), 4000, "bye ✓", nil},
		{"1005 on wire", []byte{0x03, 0xed}, 1005, "", frame.ErrInvalidCloseCode},
		{"999", []byte{0x03, 0xe7}, 999, "", frame.ErrInvalidCloseCode},
		{"5000", []byte{0x13, 0x88}, 5000, "", frame.ErrInvalidCloseCode},
		{"bad utf8", []byte{0x03, 0xe8, 0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xed, 0xa0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64}, 1000, "", frame.ErrInvalidCloseReason},
		{"truncated utf8", []byte{0x03, 0xe8, 0xe2, 0x82}, 1000, "", frame.ErrInvalidCloseReason},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, reason, err := frame.ParseClose(tc.payload)
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.code, code)
			assert.Equal(t, tc.reason, reason)
		})
	}
}

func TestAppendClose(t *testing.T) {
	p, err := frame.AppendClose(nil, frame.StatusGoingAway, "later")
	require.NoError(t, err)
	assert.Equal(t, append([]byte{0x03, 0xe9}, "later"...), p)

	p, err = frame.AppendClose(nil, frame.StatusNoStatusReceived, "")
	require.NoError(t, err)
	assert.Empty(t, p)

	long := strings.Repeat("x", frame.MaxCloseReason)
	p, err = frame.AppendClose(nil, frame.StatusNormalClosure, long)
	require.NoError(t, err)
	assert.Len(t, p, frame.MaxControlPayload)

	for _, tc := range []struct {
		code   frame.StatusCode
		reason string
		err    error
	}{
		{frame.StatusNormalClosure, long + "x", frame.ErrCloseReasonTooLong},
		{frame.StatusNormalClosure, "\xff", frame.ErrInvalidCloseReason},
		{frame.StatusAbnormalClosure, "", frame.ErrInvalidCloseCode},
		{frame.StatusNoStatusReceived, "why", frame.ErrInvalidCloseCode},
		{frame.StatusTLSHandshake, "", frame.ErrInvalidCloseCode},
	} {
		dst := []byte("keep")
		got, err := frame.AppendClose(dst, tc.code, tc.reason)
		assert.ErrorIs(t, err, tc.err)
		assert.Equal(t, "keep", string(got))
	}
}
