#!/usr/bin/env bash
# make-fixtures.sh writes the keys' tokens under testdata/tokens with the jose
# command itself. The keys in testdata/keys were made with "jose jwk
# generate" (set.jwks from their public parts). Signatures with ES256 and
# every JWE are randomized: rerunning this script changes those files (the
# golden tests that read them still pass; rerun "go test -update" for the
# rest). Run it from cmd/jose/testdata.
set -euo pipefail
jose() { (cd .. && go run . "$@"); }
k=testdata/keys
t=tokens
p=testdata/tokens

printf '{"hello":"world"}' > $t/payload.json
printf 'detached-payload' > $t/payload.txt
jose jws sign --key $k/hs256.jwk $p/payload.json > $t/hs256.jws
jose jws sign --key $k/hs256.jwk --flattened $p/payload.json > $t/hs256.flattened.json
jose jws sign --key $k/hs256.jwk --json $p/payload.json > $t/hs256.general.json
jose jws sign --key $k/hs256.jwk --detached $p/payload.txt > $t/hs256.detached.jws
jose jws sign --key $k/hs256.jwk --unencoded $p/payload.txt > $t/hs256.unencoded.jws
jose jws sign --key $k/rsa.pem --alg RS256 $p/payload.json > $t/rs256.jws
jose jws sign --key $k/ec256.jwk $p/payload.json > $t/es256.jws
jose jws sign --key $k/ed25519.jwk $p/payload.json > $t/eddsa.jws
# A tampered signature: the first signature character changed.
sed -E 's/\.([A-Za-z0-9_-])([^.]*)$/.\2/; s/\.([^.]*)$/.A\1/' $t/hs256.jws > $t/hs256.tampered.jws
# alg "none" with a "jku", made by hand: {"alg":"none","jku":"https://attacker.example/jwks"}
printf '%s.%s.\n' "$(printf '{"alg":"none","jku":"https://attacker.example/jwks"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')" \
	"$(printf '{"sub":"admin"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')" > $t/none.jws

# A JWS whose header embeds a public key and names certificate URLs.
jose jws sign --key $k/hs256.jwk --header "{\"typ\":\"JOSE\",\"jwk\":$(cat keys/ec256.pub.jwk),\"x5u\":\"https://certs.example/c.pem\",\"x5c\":[\"AA\"]}" $p/payload.json > $t/embedded-jwk.jws

jose jwt sign --key $k/hs256.jwk --now 1700000000 --iss https://issuer.example --sub alice --aud api --exp 1h --nbf 0s --jti id-1 > $t/hs256.jwt
jose jwt sign --key $k/rsa.pem --alg RS256 --now 1700000000 --iss https://issuer.example --sub bob --exp 1h > $t/rs256.jwt

jose jwe encrypt --key $k/rsa.jwk --alg RSA-OAEP-256 --enc A256GCM $p/payload.json > $t/rsa-oaep-256.jwe
jose jwe encrypt --key $k/oct128.jwk --alg A128KW --enc A128CBC-HS256 --json $p/payload.json > $t/a128kw.general.json
jose jwe encrypt --key $k/oct256.jwk --alg dir --enc A256GCM $p/payload.json > $t/dir.jwe
jose jwe encrypt --key $k/x25519.jwk --alg ECDH-ES --enc A128GCM --flattened $p/payload.json > $t/x25519.flattened.json
jose jwe encrypt --key $k/oct256.jwk --alg PBES2-HS256+A128KW --enc A128GCM $p/payload.json > $t/pbes2.jwe
jose jwe encrypt --key $k/ec384.jwk --alg ECDH-ES+A256KW --enc A256GCM --zip --header '{"typ":"JOSE"}' $p/payload.json > $t/ecdh-zip.jwe
# A tampered ciphertext: the first character of the fourth segment changed.
awk -F. 'BEGIN{OFS="."} {c=substr($4,1,1); $4=(c=="A"?"B":"A") substr($4,2); print}' $t/rsa-oaep-256.jwe > $t/rsa-oaep-256.tampered.jwe
