module github.com/joseframework/jose/bench

go 1.25.0

require (
	github.com/go-jose/go-jose/v4 v4.1.9
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/google/go-cmp v0.7.0
	github.com/joseframework/jose/algs/aescbc v0.1.0
	github.com/joseframework/jose/algs/aesgcm v0.1.0
	github.com/joseframework/jose/algs/aeskw v0.1.0
	github.com/joseframework/jose/algs/ecdh v0.1.0
	github.com/joseframework/jose/algs/ecdsa v0.1.0
	github.com/joseframework/jose/algs/eddsa v0.1.0
	github.com/joseframework/jose/algs/hmac v0.1.0
	github.com/joseframework/jose/algs/rsa v0.1.0
	github.com/joseframework/jose/core v0.1.0
	github.com/lestrrat-go/jwx/v3 v3.4.0
)

require (
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.1 // indirect
	github.com/goccy/go-json v0.11.2 // indirect
	github.com/lestrrat-go/blackmagic v1.0.4 // indirect
	github.com/lestrrat-go/dsig v1.4.0 // indirect
	github.com/lestrrat-go/dsig-secp256k1 v1.0.0 // indirect
	github.com/lestrrat-go/httpcc v1.0.1 // indirect
	github.com/lestrrat-go/httprc/v3 v3.0.6 // indirect
	github.com/lestrrat-go/option/v2 v2.0.0 // indirect
	github.com/segmentio/asm v1.2.1 // indirect
	github.com/valyala/fastjson v1.6.10 // indirect
	golang.org/x/sys v0.47.0 // indirect
)
