package pbes2

// SetDefaultCount sets the count EncryptKey uses when Params.P2C is zero
// and returns a function that restores it. Tests only.
func SetDefaultCount(n int) (restore func()) {
	old := defaultCount
	defaultCount = n
	return func() { defaultCount = old }
}
