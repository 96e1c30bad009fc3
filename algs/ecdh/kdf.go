package ecdh

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/joseframework/jose/core/jwa"
)

// MaxKeyDataLen is the largest key, in bytes, that [ConcatKDF] derives.
// JWE needs at most 64 bytes (A256CBC-HS512); the bound keeps a wrong
// argument from allocating without limit.
const MaxKeyDataLen = 1024

// ConcatKDF derives keyDataLen bytes from the shared secret z with the
// single-step key derivation function of NIST SP 800-56A (Section 5.8.1),
// with SHA-256, as RFC 7518, Section 4.6.2 uses it:
//
//	K(i) = SHA-256(counter(i) ‖ z ‖ OtherInfo), i = 1, 2, ...
//	OtherInfo = AlgorithmID ‖ PartyUInfo ‖ PartyVInfo ‖ SuppPubInfo
//
// where counter(i) is i as a 32-bit big-endian integer; AlgorithmID,
// PartyUInfo and PartyVInfo are algID, apu and apv, each preceded by its
// length in bytes as a 32-bit big-endian integer; and SuppPubInfo is
// keyDataLen in bits as a 32-bit big-endian integer. The result is the
// first keyDataLen bytes of K(1) ‖ K(2) ‖ ...
//
// keyDataLen is in bytes and must be between 1 and [MaxKeyDataLen]; other
// values, and inputs too long to length-prefix, give an error wrapping
// [jwa.ErrInvalidParameter]. ConcatKDF does not keep or modify its
// arguments.
func ConcatKDF(z []byte, algID string, apu, apv []byte, keyDataLen int) ([]byte, error) {
	if keyDataLen < 1 || keyDataLen > MaxKeyDataLen {
		return nil, fmt.Errorf("ecdh: derived key length %d bytes, want 1 to %d: %w", keyDataLen, MaxKeyDataLen, jwa.ErrInvalidParameter)
	}
	if uint64(len(algID)) > math.MaxUint32 || uint64(len(apu)) > math.MaxUint32 || uint64(len(apv)) > math.MaxUint32 {
		return nil, fmt.Errorf("ecdh: Concat KDF input longer than 2^32-1 bytes: %w", jwa.ErrInvalidParameter)
	}
	otherInfo := otherInfo(algID, apu, apv, keyDataLen)

	out := make([]byte, 0, (keyDataLen+sha256.Size-1)/sha256.Size*sha256.Size)
	h := sha256.New()
	var counter [4]byte
	for i := uint32(1); len(out) < keyDataLen; i++ {
		binary.BigEndian.PutUint32(counter[:], i)
		h.Reset()
		h.Write(counter[:])
		h.Write(z)
		h.Write(otherInfo)
		out = h.Sum(out)
	}
	return out[:keyDataLen:keyDataLen], nil
}

// otherInfo returns AlgorithmID ‖ PartyUInfo ‖ PartyVInfo ‖ SuppPubInfo
// (RFC 7518, Section 4.6.2). The caller has checked the lengths.
func otherInfo(algID string, apu, apv []byte, keyDataLen int) []byte {
	b := make([]byte, 0, 4+len(algID)+4+len(apu)+4+len(apv)+4)
	b = binary.BigEndian.AppendUint32(b, uint32(len(algID)))
	b = append(b, algID...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(apu)))
	b = append(b, apu...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(apv)))
	b = append(b, apv...)
	return binary.BigEndian.AppendUint32(b, uint32(keyDataLen)*8)
}
