module github.com/joseframework/jose/algs/chacha20

go 1.25.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/joseframework/jose/core v0.1.0
	golang.org/x/crypto v0.55.0
)

require golang.org/x/sys v0.47.0 // indirect
