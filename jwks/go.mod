module github.com/joseframework/jose/jwks

go 1.25.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/joseframework/jose/algs/ecdsa v0.1.0
	github.com/joseframework/jose/core v0.1.0
)
