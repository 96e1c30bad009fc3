module github.com/joseframework/jose/jwks

go 1.25.0

require github.com/joseframework/jose/core v0.1.0
