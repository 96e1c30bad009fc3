#!/usr/bin/env bash
# run.sh runs the jose command on the real tokens and keys bundled in
# docs/examples: tokens of the Python jose library (copied from its test
# vectors) and of the npm jose package. It needs only Go. From the
# repository root:
#
#	bash docs/examples/run.sh
#
# Each example prints the command, its output and its exit status (0 ok,
# 1 token rejected, 2 usage error); the last examples are meant to fail.
# The script exits 1 if any exit status differs from the one expected.
# docs/examples/run.out is its expected output, checked by
# cmd/jose/examples_test.go, which runs the same commands.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "building ./cmd/jose ..." >&2
go build -o "$tmp/jose" ./cmd/jose || exit 2

failed=0
# example WANT ARGS...: run "jose ARGS...", show what it prints (stdout and
# stderr) and its exit status, and check the status is WANT.
example() {
	local want=$1
	shift
	echo "\$ jose $*"
	local out got
	out=$("$tmp/jose" "$@" 2>&1)
	got=$?
	[ -n "$out" ] && printf '%s\n' "$out"
	echo "(exit $got)"
	echo
	if [ "$got" != "$want" ]; then
		echo "UNEXPECTED: exit status $got, want $want" >&2
		failed=1
	fi
}

# The Python jose library: JWE of version 1.0.0 with the library's own key
# form {"k": PEM}, of 0.2.2 (zlib) with a JWK, of 0.1 (MAC-then-encrypt,
# only on request), and JWS with the algorithm pinned.
example 0 legacy decrypt --key docs/examples/python/rsa-a.key.json docs/examples/python/v1.0.0-a128cbc-hs256.jwe
example 0 legacy decrypt --key docs/examples/python/rsa-a.jwk docs/examples/python/v0.2.2-a256cbc-hs512-zip.jwe
example 0 legacy decrypt --key docs/examples/python/rsa-a.key.json --allow-mac-then-encrypt docs/examples/python/v0.1-a128cbc-hs256-legacy.jwe
example 0 legacy verify --key docs/examples/python/rsa-a.pub.pem --alg RS256 docs/examples/python/v1.0.0-rs256.jws
example 0 legacy verify --key docs/examples/python/hs-512.key.json --alg HS512 docs/examples/python/v1.0.0-hs512.jws

# The npm jose package: compact and general JSON JWS, a JWT, compact and
# flattened JSON JWE.
example 0 jws verify --key docs/examples/npm/es256.pub.jwk docs/examples/npm/es256.jws
example 0 jws verify --key docs/examples/npm/hs256.jwk docs/examples/npm/hs256.jws.json
example 0 jwt verify --key docs/examples/npm/ed25519.pub.jwk --iss https://npm.example --aud jose-cli docs/examples/npm/eddsa.jwt
example 0 jwe decrypt --key docs/examples/npm/rsa.jwk docs/examples/npm/rsa-oaep-256.jwe
example 0 jwe decrypt --key docs/examples/npm/ecdh.jwk docs/examples/npm/ecdh-es-a128kw.jwe.json
example 0 inspect docs/examples/npm/eddsa.jwt

# Rejections: a tampered Python token, an algorithm other than the pinned
# one, a key without "alg" and no --alg.
example 1 legacy decrypt --key docs/examples/python/rsa-a.key.json docs/examples/python/v1.0.0-neg-tampered-tag.jwe
example 1 legacy verify --key docs/examples/python/rsa-a.pub.pem --alg RS384 docs/examples/python/v1.0.0-rs256.jws
example 2 jws verify --key docs/examples/python/rsa-a.pub.pem docs/examples/python/v1.0.0-rs256.jws

if [ "$failed" != 0 ]; then
	echo "some examples did not exit as expected" >&2
	exit 1
fi
echo "all examples exited as expected" >&2
