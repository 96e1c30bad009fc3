package jws

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/internal/strictjson"
	"github.com/joseframework/jose/core/jwa"
)

// A Serialization is one of the three JWS serializations (RFC 7515,
// Section 7).
type Serialization uint8

// The JWS serializations.
const (
	Compact   Serialization = iota + 1 // header.payload.signature
	Flattened                          // JSON with one signature at the top level
	General                            // JSON with a "signatures" array
)

// String returns the name of the serialization.
func (s Serialization) String() string {
	switch s {
	case Compact:
		return "compact"
	case Flattened:
		return "flattened JSON"
	case General:
		return "general JSON"
	}
	return fmt.Sprintf("Serialization(%d)", uint8(s))
}

var errTokenSize = fmt.Errorf("%w (MaxTokenSize)", ErrTooLarge)

// message is a parsed JWS. It owns every byte it references and is never
// modified after parsing.
type message struct {
	ser        Serialization
	payload    []byte // the JWS Payload (decoded, or the detached copy)
	payloadSeg []byte // the payload as it enters the signing input
	detached   bool
	sigs       []Signature

	// input is the whole signing input of a compact JWS whose payload is
	// attached (a prefix of the private copy of the token), else nil.
	input []byte

	one [1]Signature // storage for the common single signature
}

// parse parses token in whichever serialization it uses. detached is the
// detached payload (nil if none); understood lists the extensions the
// caller understands.
func parse(token []byte, l jwa.Limits, detached []byte, understood []string) (*message, error) {
	if len(token) > l.MaxTokenSize {
		return nil, errTokenSize // static: refusing a huge token costs nothing
	}
	i := 0
	for i < len(token) && (token[i] == ' ' || token[i] == '\t' || token[i] == '\n' || token[i] == '\r') {
		i++
	}
	if i < len(token) && token[i] == '{' {
		return parseJSON(token, l, detached, understood)
	}
	return parseCompact(token, l, detached, understood)
}

func parseCompact(token []byte, l jwa.Limits, detached []byte, understood []string) (*message, error) {
	d1 := bytes.IndexByte(token, '.')
	if d1 < 0 {
		return nil, fmt.Errorf("%w: compact serialization needs three parts, found 1", ErrMalformed)
	}
	rest := token[d1+1:]
	d2 := bytes.IndexByte(rest, '.')
	if d2 < 0 {
		return nil, fmt.Errorf("%w: compact serialization needs three parts, found 2", ErrMalformed)
	}
	d2 += d1 + 1
	if bytes.IndexByte(token[d2+1:], '.') >= 0 {
		return nil, fmt.Errorf("%w: compact serialization needs three parts, found more", ErrMalformed)
	}
	hSeg, pSeg, sSeg := token[:d1], token[d1+1:d2], token[d2+1:]
	if len(hSeg) == 0 {
		return nil, fmt.Errorf("%w: empty protected header", ErrMalformed)
	}
	if len(hSeg) > b64.EncodedLen(l.MaxHeaderSize) {
		return nil, fmt.Errorf("%w: protected header longer than %d bytes", ErrTooLarge, l.MaxHeaderSize)
	}
	if detached != nil && len(pSeg) != 0 {
		return nil, fmt.Errorf("%w: the token carries a payload", ErrDetached)
	}

	// One buffer holds the private copy of the token followed by the
	// decoded header, payload and signature.
	size := len(token) + b64.DecodedLen(len(hSeg)) + b64.DecodedLen(len(sSeg))
	if detached != nil {
		size += len(detached)
	} else {
		size += b64.DecodedLen(len(pSeg)) // an upper bound for "b64": false too
	}
	buf := make([]byte, len(token), size)
	copy(buf, token)
	hSeg, pSeg = buf[:d1:d1], buf[d1+1:d2:d2]

	m := &message{ser: Compact}
	m.sigs = m.one[:]
	s := &m.sigs[0]
	s.protected = hSeg
	var err error
	n := len(buf)
	if buf, err = decodeHeader(buf, hSeg, l.MaxHeaderSize); err != nil {
		return nil, err
	}
	s.header = buf[n:len(buf):len(buf)]
	p := headerParser{s: s, maxDepth: l.MaxDepth}
	if err := p.protected(s.header); err != nil {
		return nil, err
	}
	if err := p.finish(understood); err != nil {
		return nil, err
	}

	n = len(buf)
	if buf, err = b64.AppendDecode(buf, sSeg); err != nil {
		return nil, fmt.Errorf("%w: signature: %w", ErrMalformed, err)
	}
	s.sig = buf[n:len(buf):len(buf)]

	n = len(buf)
	switch {
	case detached != nil:
		m.detached = true
		buf = append(buf, detached...)
		m.payload = buf[n:len(buf):len(buf)]
		if s.b64 {
			m.payloadSeg = b64.AppendEncode(nil, m.payload)
		} else {
			m.payloadSeg = m.payload
		}
	case s.b64:
		if buf, err = b64.AppendDecode(buf, pSeg); err != nil {
			return nil, fmt.Errorf("%w: payload: %w", ErrMalformed, err)
		}
		m.payload = buf[n:len(buf):len(buf)]
		m.payloadSeg = pSeg
		m.input = buf[:d2:d2]
	default:
		m.payload = pSeg
		m.payloadSeg = pSeg
		m.input = buf[:d2:d2]
	}
	return m, nil
}

// jsonSig holds the raw members of one signature object of a JSON JWS.
type jsonSig struct {
	protected, header, signature []byte
}

func (j *jsonSig) member(name string, v []byte) error {
	switch name {
	case "protected":
		j.protected = v
	case "header":
		if v[0] != '{' {
			return fmt.Errorf("%w: \"header\" is not an object", ErrMalformed)
		}
		j.header = v
	case "signature":
		j.signature = v
	}
	return nil // other members are ignored (RFC 7515, Section 7.2.1)
}

func parseJSON(token []byte, l jwa.Limits, detached []byte, understood []string) (*message, error) {
	var (
		top                 jsonSig
		payload, signatures []byte
	)
	err := strictjson.Each(token, l.MaxDepth, func(name string, v []byte) error {
		switch name {
		case "payload":
			payload = v
		case "signatures":
			signatures = v
		default:
			return top.member(name, v)
		}
		return nil
	})
	if err != nil {
		if isOwn(err) {
			return nil, err
		}
		return nil, jsonErr("JSON serialization", err)
	}

	m := &message{}
	var raws []jsonSig
	switch {
	case signatures != nil:
		if top.protected != nil || top.header != nil || top.signature != nil {
			return nil, fmt.Errorf("%w: \"signatures\" together with top-level signature members", ErrMalformed)
		}
		m.ser = General
		err := eachElement(signatures, func(elem []byte) error {
			if len(raws) == l.MaxSignatures {
				return fmt.Errorf("%w: more than %d signatures", ErrTooLarge, l.MaxSignatures)
			}
			var j jsonSig
			if elem[0] != '{' {
				return fmt.Errorf("%w: signature entry is not an object", ErrMalformed)
			}
			_ = strictjson.Each(elem, 0, j.member) // validated above; member only records
			if err := jsonSigCheck(&j); err != nil {
				return err
			}
			raws = append(raws, j)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(raws) == 0 {
			return nil, fmt.Errorf("%w: empty \"signatures\"", ErrMalformed)
		}
	default:
		m.ser = Flattened
		if err := jsonSigCheck(&top); err != nil {
			return nil, err
		}
		raws = []jsonSig{top}
	}

	if len(raws) == 1 {
		m.sigs = m.one[:]
	} else {
		m.sigs = make([]Signature, len(raws))
	}
	for i := range raws {
		if err := m.parseJSONSig(&m.sigs[i], &raws[i], l, understood); err != nil {
			if len(raws) > 1 {
				return nil, fmt.Errorf("signature %d: %w", i, err)
			}
			return nil, err
		}
		if m.sigs[i].b64 != m.sigs[0].b64 {
			return nil, fmt.Errorf("%w: signatures disagree on \"b64\"", ErrB64)
		}
	}
	unencoded := !m.sigs[0].b64

	switch {
	case payload == nil && detached == nil:
		return nil, fmt.Errorf("%w: the JWS has no payload and no detached payload was given", ErrDetached)
	case payload != nil && detached != nil:
		return nil, fmt.Errorf("%w: the token carries a payload", ErrDetached)
	case detached != nil:
		m.detached = true
		m.payload = bytes.Clone(detached)
		if m.payload == nil {
			m.payload = []byte{}
		}
		if unencoded {
			m.payloadSeg = m.payload
		} else {
			m.payloadSeg = b64.AppendEncode(nil, m.payload)
		}
	default:
		str, err := strictjson.String(payload)
		if err != nil {
			return nil, fmt.Errorf("%w: \"payload\": %w", ErrMalformed, err)
		}
		m.payloadSeg = []byte(str)
		if unencoded {
			m.payload = m.payloadSeg
		} else if m.payload, err = b64.Decode(m.payloadSeg); err != nil {
			return nil, fmt.Errorf("%w: payload: %w", ErrMalformed, err)
		}
	}
	return m, nil
}

func jsonSigCheck(j *jsonSig) error {
	if j.signature == nil {
		return fmt.Errorf("%w: no \"signature\" member", ErrMalformed)
	}
	if j.protected == nil && j.header == nil {
		return fmt.Errorf("%w: neither \"protected\" nor \"header\"", ErrMalformed)
	}
	return nil
}

func (m *message) parseJSONSig(s *Signature, j *jsonSig, l jwa.Limits, understood []string) error {
	p := headerParser{s: s, maxDepth: l.MaxDepth}
	if j.protected != nil {
		str, err := strictjson.String(j.protected)
		if err != nil {
			return fmt.Errorf("%w: \"protected\": %w", ErrMalformed, err)
		}
		if str == "" {
			return fmt.Errorf("%w: empty \"protected\"", ErrMalformed)
		}
		s.protected = []byte(str)
		if s.header, err = decodeHeader(nil, s.protected, l.MaxHeaderSize); err != nil {
			return err
		}
		if err := p.protected(s.header); err != nil {
			return err
		}
	}
	if j.header != nil {
		if len(j.header) > l.MaxHeaderSize {
			return fmt.Errorf("%w: unprotected header longer than %d bytes", ErrTooLarge, l.MaxHeaderSize)
		}
		s.unprotected = bytes.Clone(j.header)
		if err := p.unprotectedHeader(s.unprotected); err != nil {
			return err
		}
	}
	if err := p.finish(understood); err != nil {
		return err
	}
	str, err := strictjson.String(j.signature)
	if err != nil {
		return fmt.Errorf("%w: \"signature\": %w", ErrMalformed, err)
	}
	if s.sig, err = b64.Decode(str); err != nil {
		return fmt.Errorf("%w: signature: %w", ErrMalformed, err)
	}
	return nil
}

// eachElement calls fn with each element of the JSON array arr, which must
// already be valid JSON (strictjson has checked it).
func eachElement(arr []byte, fn func(elem []byte) error) error {
	i := skipWS(arr, 0)
	if i >= len(arr) || arr[i] != '[' {
		return fmt.Errorf("%w: \"signatures\" is not an array", ErrMalformed)
	}
	i = skipWS(arr, i+1)
	if i < len(arr) && arr[i] == ']' {
		return nil
	}
	for i < len(arr) {
		start := i
		depth := 0
	scan:
		for ; i < len(arr); i++ {
			switch arr[i] {
			case '"':
				for i++; i < len(arr) && arr[i] != '"'; i++ {
					if arr[i] == '\\' {
						i++
					}
				}
			case '{', '[':
				depth++
			case '}', ']':
				if depth == 0 {
					break scan
				}
				depth--
			case ',':
				if depth == 0 {
					break scan
				}
			}
		}
		end := i
		for end > start && isWS(arr[end-1]) {
			end--
		}
		if end == start {
			return fmt.Errorf("%w: empty array element", ErrMalformed)
		}
		if err := fn(arr[start:end]); err != nil {
			return err
		}
		if i >= len(arr) || arr[i] == ']' {
			return nil
		}
		i = skipWS(arr, i+1) // past ','
	}
	return nil
}

func isWS(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipWS(b []byte, i int) int {
	for i < len(b) && isWS(b[i]) {
		i++
	}
	return i
}

// validUnencodedCompact reports whether an unencoded payload can be carried
// in a compact JWS: printable ASCII or space, and no '.' (RFC 7797,
// Section 5.2).
func validUnencodedCompact(p []byte) bool {
	for _, c := range p {
		if c < 0x20 || c > 0x7e || c == '.' {
			return false
		}
	}
	return true
}

// validUnencodedJSON reports whether an unencoded payload can be carried as
// a JSON string (RFC 7797, Section 5.3).
func validUnencodedJSON(p []byte) bool { return utf8.Valid(p) }
