//go:build race

package store

// raceEnabled: the race detector slows Badger's skiplist some twentyfold,
// so the heavy tests scale down under it.
const raceEnabled = true
