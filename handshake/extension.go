package handshake

import (
	"fmt"
	"strings"
)

// Extension is one element of a Sec-WebSocket-Extensions list
// (RFC 6455, Section 9.1): an extension token followed by its parameters.
//
// Name and every Param.Name are HTTP tokens. The zero value is not a valid
// extension; it is never returned by ParseExtensions.
type Extension struct {
	Name   string
	Params []Param
}

// Param is an extension parameter. Value == "" means the parameter has no
// value: a quoted-string value must unescape to a non-empty token, so the
// empty string is never a value on the wire.
type Param struct{ Name, Value string }

// Param returns the parameter named name (compared case-insensitively) and
// whether it is present. When a parameter is repeated the first one wins;
// detecting repetition is the extension's business.
func (e Extension) Param(name string) (Param, bool) {
	for _, p := range e.Params {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Param{}, false
}

// SyntaxError reports a Sec-WebSocket-Extensions value that does not follow
// the grammar of RFC 6455, Section 9.1. It unwraps to ErrBadExtensions.
type SyntaxError struct {
	Value  string // the offending header value
	Offset int    // byte offset in Value where parsing stopped
	Msg    string // what was expected there
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("handshake: invalid Sec-WebSocket-Extensions %q at offset %d: %s", e.Value, e.Offset, e.Msg)
}

// Unwrap returns ErrBadExtensions.
func (e *SyntaxError) Unwrap() error { return ErrBadExtensions }

// ParseExtensions parses every Sec-WebSocket-Extensions header value, in the
// order given (as found in http.Header.Values), into one list.
//
// The grammar is RFC 6455, Section 9.1 with the HTTP list rules of RFC 7230,
// Section 7: elements are separated by commas, optional whitespace may
// surround every separator, and empty list elements are ignored. A parameter
// value is a token or a quoted-string whose unescaped content must be a
// non-empty token. Returned names and values share memory with values where
// no unescaping was needed.
//
// ParseExtensions returns nil and no error when there is no element. On a
// syntax error it returns a *SyntaxError, which matches ErrBadExtensions with
// errors.Is.
func ParseExtensions(values []string) ([]Extension, error) {
	var exts []Extension
	for _, v := range values {
		p := extParser{s: v}
		var err error
		if exts, err = p.list(exts); err != nil {
			return nil, err
		}
	}
	return exts, nil
}

// extParser walks one header value.
type extParser struct {
	s string
	i int
}

func (p *extParser) fail(msg string) error {
	return &SyntaxError{Value: p.s, Offset: p.i, Msg: msg}
}

// skipOWS skips optional whitespace: RFC 6455 uses the implied *LWS rule of
// RFC 2616, Section 2.1, so whitespace may appear around every separator.
func (p *extParser) skipOWS() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// end is what peek returns when the value is exhausted; it is outside the
// byte range so that a NUL in the input is not mistaken for the end.
const end = -1

// peek returns the next byte after optional whitespace, or end.
func (p *extParser) peek() int {
	p.skipOWS()
	if p.i == len(p.s) {
		return end
	}
	return int(p.s[p.i])
}

func (p *extParser) token(what string) (string, error) {
	p.skipOWS()
	start := p.i
	for p.i < len(p.s) && isTokenChar(p.s[p.i]) {
		p.i++
	}
	if p.i == start {
		return "", p.fail("expected " + what)
	}
	return p.s[start:p.i], nil
}

// list appends the elements of one header value to exts.
func (p *extParser) list(exts []Extension) ([]Extension, error) {
	for {
		// RFC 7230, Section 7: a recipient must accept empty list elements.
		switch p.peek() {
		case end:
			return exts, nil
		case ',':
			p.i++
			continue
		}
		ext, err := p.extension()
		if err != nil {
			return nil, err
		}
		exts = append(exts, ext)
		switch p.peek() {
		case end:
			return exts, nil
		case ',':
			p.i++
		default:
			return nil, p.fail(`expected "," or ";"`)
		}
	}
}

// extension parses extension-token *( ";" extension-param ).
func (p *extParser) extension() (Extension, error) {
	name, err := p.token("extension token")
	if err != nil {
		return Extension{}, err
	}
	ext := Extension{Name: name}
	for p.peek() == ';' {
		p.i++
		param, err := p.param()
		if err != nil {
			return Extension{}, err
		}
		ext.Params = append(ext.Params, param)
	}
	return ext, nil
}

// param parses token [ "=" ( token | quoted-string ) ].
func (p *extParser) param() (Param, error) {
	name, err := p.token("parameter name")
	if err != nil {
		return Param{}, err
	}
	if p.peek() != '=' {
		return Param{Name: name}, nil
	}
	p.i++
	if p.peek() != '"' {
		value, err := p.token("parameter value")
		return Param{Name: name, Value: value}, err
	}
	value, err := p.quoted()
	return Param{Name: name, Value: value}, err
}

// quoted parses a quoted-string (RFC 7230, Section 3.2.6) starting at the
// opening quote and returns its unescaped content.
func (p *extParser) quoted() (string, error) {
	start := p.i
	p.i++        // opening quote
	var b []byte // nil until an escape forces a copy
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			value := p.s[start+1 : p.i]
			if b != nil {
				value = string(b)
			}
			// RFC 6455, Section 9.1: after unescaping, a quoted value must
			// conform to the token ABNF.
			if !isToken(value) {
				p.i = start
				return "", p.fail("quoted parameter value is not a token")
			}
			p.i++
			return value, nil
		case c == '\\':
			if b == nil {
				b = []byte(p.s[start+1 : p.i])
			}
			p.i++
			if p.i == len(p.s) || !isQuotedPairChar(p.s[p.i]) {
				return "", p.fail("invalid quoted-pair")
			}
			b = append(b, p.s[p.i])
		case isQDText(c):
			if b != nil {
				b = append(b, c)
			}
		default:
			return "", p.fail("invalid character in quoted-string")
		}
		p.i++
	}
	return "", p.fail("unterminated quoted-string")
}

// AppendExtensions appends exts to dst as one canonical
// Sec-WebSocket-Extensions value ("a; x=1; y, b") and returns the extended
// buffer. Values that are tokens are written bare; any other non-empty value
// is written as an escaped quoted-string, which ParseExtensions will reject
// because RFC 6455 requires values to be tokens. Names are written as given:
// the caller must supply tokens.
func AppendExtensions(dst []byte, exts []Extension) []byte {
	for i, ext := range exts {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = append(dst, ext.Name...)
		for _, param := range ext.Params {
			dst = append(dst, "; "...)
			dst = append(dst, param.Name...)
			if param.Value == "" {
				continue
			}
			dst = append(dst, '=')
			if isToken(param.Value) {
				dst = append(dst, param.Value...)
				continue
			}
			dst = append(dst, '"')
			for j := 0; j < len(param.Value); j++ {
				if c := param.Value[j]; c == '"' || c == '\\' {
					dst = append(dst, '\\')
				}
				dst = append(dst, param.Value[j])
			}
			dst = append(dst, '"')
		}
	}
	return dst
}

// FormatExtensions returns AppendExtensions(nil, exts) as a string, ready
// for http.Header.Set.
func FormatExtensions(exts []Extension) string {
	return string(AppendExtensions(nil, exts))
}
