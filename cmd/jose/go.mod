module github.com/joseframework/jose/cmd/jose

go 1.25.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/joseframework/jose/algs/aescbc v0.1.0
	github.com/joseframework/jose/algs/aesgcm v0.1.0
	github.com/joseframework/jose/algs/aeskw v0.1.0
	github.com/joseframework/jose/algs/chacha20 v0.1.0
	github.com/joseframework/jose/algs/ecdh v0.1.0
	github.com/joseframework/jose/algs/ecdsa v0.1.0
	github.com/joseframework/jose/algs/eddsa v0.1.0
	github.com/joseframework/jose/algs/hmac v0.1.0
	github.com/joseframework/jose/algs/pbes2 v0.1.0
	github.com/joseframework/jose/algs/rsa v0.1.0
	github.com/joseframework/jose/compat v0.1.0
	github.com/joseframework/jose/core v0.1.0
	github.com/joseframework/jose/jwks v0.1.0
)

require (
	golang.org/x/crypto v0.55.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
)
