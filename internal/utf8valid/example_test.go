package utf8valid_test

import (
	"fmt"

	"github.com/hybi-go/websocket/internal/utf8valid"
)

func ExampleValid() {
	fmt.Println(utf8valid.Valid([]byte("κόσμε")))
	fmt.Println(utf8valid.Valid([]byte("\xed\xa0\x80"))) // a UTF-16 surrogate
	// Output:
	// true
	// false
}

func ExampleValidator() {
	// "€" (E2 82 AC) split across two fragments of a text message.
	var v utf8valid.Validator
	fmt.Println(v.Write([]byte("price: 5\xe2\x82")), v.Done())
	fmt.Println(v.Write([]byte("\xac")), v.Done())

	// A byte that no continuation can repair fails at once.
	v.Reset()
	fmt.Println(v.Write([]byte("ok \xf4\x90")), v.Done())
	// Output:
	// true false
	// true true
	// false false
}
