package jwk

import (
	"crypto/x509"
	"fmt"
)

// VerifyChain verifies the "x5c" certificate chain of k with opts, as
// (*x509.Certificate).Verify does: the first certificate is the leaf, the
// others are added to a copy of opts.Intermediates. Roots, time, DNS name
// and key usages come from opts alone; a zero opts.Roots means the system
// roots. This package never verifies a chain unless asked to.
//
// A key without "x5c" gives an error wrapping ErrNoCertificate.
func (k *Key) VerifyChain(opts x509.VerifyOptions) ([][]*x509.Certificate, error) {
	if len(k.certs) == 0 {
		return nil, ErrNoCertificate
	}
	if len(k.certs) > 1 {
		pool := x509.NewCertPool()
		if opts.Intermediates != nil {
			pool = opts.Intermediates.Clone()
		}
		for _, c := range k.certs[1:] {
			pool.AddCert(c)
		}
		opts.Intermediates = pool
	}
	chains, err := k.certs[0].Verify(opts)
	if err != nil {
		return nil, fmt.Errorf("jwk: verifying the \"x5c\" chain: %w", err)
	}
	return chains, nil
}
