package main

func legacyDecrypt(e *env, args []string) error {
	return usageErrorf("legacy decrypt: not available yet")
}

func legacyVerify(e *env, args []string) error {
	return usageErrorf("legacy verify: not available yet")
}
