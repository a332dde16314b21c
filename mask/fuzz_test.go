package mask_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/hybi-go/websocket/mask"
)

func FuzzApply(f *testing.F) {
	f.Add(uint32(0x3d21fa37), 0, []byte("Hello"), 2)
	f.Add(uint32(0xffffffff), 3, bytes.Repeat([]byte{0xa5}, 300), 129)
	f.Add(uint32(0x01020304), -1, bytes.Repeat([]byte("x"), 1000), 33)
	f.Fuzz(func(t *testing.T, k uint32, pos int, b []byte, split int) {
		var key [4]byte
		binary.LittleEndian.PutUint32(key[:], k)
		want := bytes.Clone(b)
		wantNext := naiveApply(key, pos&3, want)

		got := bytes.Clone(b)
		if next := mask.Apply(key, pos, got); next != wantNext || !bytes.Equal(got, want) {
			t.Fatalf("Apply(%x, %d, %d bytes): next %d, want %d; bytes equal %v",
				key, pos, len(b), next, wantNext, bytes.Equal(got, want))
		}

		// The same payload in two pieces, split anywhere.
		split = min(max(split, 0), len(b))
		got = bytes.Clone(b)
		next := mask.Apply(key, pos, got[:split])
		next = mask.Apply(key, next, got[split:])
		if next != wantNext || !bytes.Equal(got, want) {
			t.Fatalf("split at %d: next %d, want %d; bytes equal %v", split, next, wantNext, bytes.Equal(got, want))
		}
	})
}
