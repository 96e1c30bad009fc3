module github.com/joseframework/jose/core

go 1.25.0
