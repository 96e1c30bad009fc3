module github.com/joseframework/jose/examples/hs3

go 1.25.0

require github.com/joseframework/jose/core v0.1.0
