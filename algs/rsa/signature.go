package rsa

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"

	"github.com/joseframework/jose/algs/rsa/internal/rsakey"
	"github.com/joseframework/jose/core/jwa"
)

var (
	rs256 = &sigAlg{name: "RS256", hash: crypto.SHA256, summary: "RSASSA-PKCS1-v1_5 using SHA-256"}
	rs384 = &sigAlg{name: "RS384", hash: crypto.SHA384, summary: "RSASSA-PKCS1-v1_5 using SHA-384"}
	rs512 = &sigAlg{name: "RS512", hash: crypto.SHA512, summary: "RSASSA-PKCS1-v1_5 using SHA-512"}
	ps256 = &sigAlg{name: "PS256", hash: crypto.SHA256, pss: true, summary: "RSASSA-PSS using SHA-256 and MGF1 with SHA-256"}
	ps384 = &sigAlg{name: "PS384", hash: crypto.SHA384, pss: true, summary: "RSASSA-PSS using SHA-384 and MGF1 with SHA-384"}
	ps512 = &sigAlg{name: "PS512", hash: crypto.SHA512, pss: true, summary: "RSASSA-PSS using SHA-512 and MGF1 with SHA-512"}
)

// RS256 returns the RS256 algorithm: RSASSA-PKCS1-v1_5 with SHA-256
// (RFC 7518, Section 3.3). Every call returns the same value, so results
// can be compared with ==.
func RS256() jwa.SignatureAlgorithm { return rs256 }

// RS384 returns the RS384 algorithm: RSASSA-PKCS1-v1_5 with SHA-384
// (RFC 7518, Section 3.3). Every call returns the same value.
func RS384() jwa.SignatureAlgorithm { return rs384 }

// RS512 returns the RS512 algorithm: RSASSA-PKCS1-v1_5 with SHA-512
// (RFC 7518, Section 3.3). Every call returns the same value.
func RS512() jwa.SignatureAlgorithm { return rs512 }

// PS256 returns the PS256 algorithm: RSASSA-PSS with SHA-256, MGF1 with
// SHA-256 and a 32-byte salt (RFC 7518, Section 3.5). Every call returns
// the same value.
func PS256() jwa.SignatureAlgorithm { return ps256 }

// PS384 returns the PS384 algorithm: RSASSA-PSS with SHA-384, MGF1 with
// SHA-384 and a 48-byte salt (RFC 7518, Section 3.5). Every call returns
// the same value.
func PS384() jwa.SignatureAlgorithm { return ps384 }

// PS512 returns the PS512 algorithm: RSASSA-PSS with SHA-512, MGF1 with
// SHA-512 and a 64-byte salt (RFC 7518, Section 3.5). Every call returns
// the same value.
func PS512() jwa.SignatureAlgorithm { return ps512 }

// sigAlg is one of the six RSA signature algorithms.
type sigAlg struct {
	name    string
	hash    crypto.Hash
	pss     bool // RSASSA-PSS; RSASSA-PKCS1-v1_5 otherwise
	summary string
}

var (
	_ jwa.SignatureAlgorithm = (*sigAlg)(nil)
	_ jwa.Describer          = (*sigAlg)(nil)
	_ jwa.Signer             = (*signer)(nil)
	_ jwa.Verifier           = (*verifier)(nil)
)

func (a *sigAlg) Name() string { return a.name }

// Describe returns the algorithm's metadata. Both signature schemes are
// approved by FIPS 186-5.
func (a *sigAlg) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes:   []string{"RSA"},
		MinKeyBits: rsakey.MinBits,
		FIPS:       true,
		Summary:    a.summary,
	}
}

// NewSigner binds an *rsa.PrivateKey or a crypto.Signer with an RSA public
// key.
func (a *sigAlg) NewSigner(key any) (jwa.Signer, error) {
	k, err := rsakey.ForSigning(key)
	if err != nil {
		return nil, fmt.Errorf("rsa: %s signing key: %w", a.name, err)
	}
	return &signer{alg: a, key: k}, nil
}

// NewVerifier binds an *rsa.PublicKey, or the public part of an
// *rsa.PrivateKey.
func (a *sigAlg) NewVerifier(key any) (jwa.Verifier, error) {
	pub, err := rsakey.ForVerification(key)
	if err != nil {
		return nil, fmt.Errorf("rsa: %s verification key: %w", a.name, err)
	}
	return &verifier{alg: a, pub: pub}, nil
}

// opts returns the options that select the signature scheme.
func (a *sigAlg) opts() crypto.SignerOpts {
	if a.pss {
		return &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: a.hash}
	}
	return a.hash
}

func (a *sigAlg) digest(msg []byte) []byte {
	switch a.hash {
	case crypto.SHA256:
		d := sha256.Sum256(msg)
		return d[:]
	case crypto.SHA384:
		d := sha512.Sum384(msg)
		return d[:]
	case crypto.SHA512:
		d := sha512.Sum512(msg)
		return d[:]
	}
	h := a.hash.New()
	h.Write(msg)
	return h.Sum(nil)
}

// verifyPSS are the options of every PSS verification: the salt must be
// exactly as long as the hash. crypto/rsa only reads them.
var verifyPSS = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}

type signer struct {
	alg *sigAlg
	key *rsakey.Signer
}

func (s *signer) Algorithm() string { return s.alg.name }

// Sign hashes signingInput and signs the digest. It returns ctx.Err() if
// ctx is already done. A signature from a crypto.Signer that is shorter
// than the modulus is left-padded with zeros (some devices drop leading
// zero bytes); a longer one is an error.
func (s *signer) Sign(ctx context.Context, signingInput []byte) ([]byte, error) {
	if err := rsakey.Canceled(ctx); err != nil {
		return nil, err
	}
	sig, err := s.key.Signer.Sign(rand.Reader, s.alg.digest(signingInput), s.alg.opts())
	if err != nil {
		return nil, fmt.Errorf("rsa: %s: signing failed: %w", s.alg.name, err)
	}
	k := s.key.Pub.Size()
	switch {
	case len(sig) == k:
		return sig, nil
	case len(sig) < k && !s.key.Local:
		out := make([]byte, k)
		copy(out[k-len(sig):], sig)
		return out, nil
	default:
		return nil, fmt.Errorf("rsa: %s: signer returned %d bytes, want %d", s.alg.name, len(sig), k)
	}
}

type verifier struct {
	alg *sigAlg
	pub *rsa.PublicKey
}

func (v *verifier) Algorithm() string { return v.alg.name }

// Verify checks signature, which must be exactly as long as the modulus.
// For PS256, PS384 and PS512 the salt must be exactly as long as the hash.
func (v *verifier) Verify(_ context.Context, signingInput, signature []byte) error {
	if len(signature) != v.pub.Size() {
		return fmt.Errorf("rsa: %s: %w", v.alg.name, jwa.ErrVerification)
	}
	digest := v.alg.digest(signingInput)
	var err error
	if v.alg.pss {
		err = rsa.VerifyPSS(v.pub, v.alg.hash, digest, signature, verifyPSS)
	} else {
		err = rsa.VerifyPKCS1v15(v.pub, v.alg.hash, digest, signature)
	}
	if err != nil {
		return fmt.Errorf("rsa: %s: %w", v.alg.name, jwa.ErrVerification)
	}
	return nil
}
