package tagger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"unsafe"
)

// model is prose's flat averaged-perceptron model (the format of prose's
// internal/flat, version 1), with a hash index over its feature strings.
// prose finds a feature by binary search over the sorted strings, some
// seventeen string comparisons for each of the fourteen features of a
// word; here one hash and, nearly always, one comparison.
//
// As an upstream change this is flat.Model gaining the index field and
// Unmarshal building it, with feature() probing it instead of calling
// sort.Search: the format and every other method stay as they are.
type model struct {
	classes []string

	blob    string   // feature strings, concatenated
	featOff []uint32 // nFeatures+1 offsets into blob
	pairOff []uint32 // nFeatures+1 offsets into classIDs and weights

	classIDs []uint8
	weights  []float32

	tagMap map[string]uint8 // words the model tags without scoring

	// index is an open-addressing table: each slot holds the high 32 bits
	// of a feature's hash above its number + 1, 0 for an empty slot, so
	// that a probe past another feature rarely reads that feature's string.
	seed  maphash.Seed
	index []uint64
	mask  uint64
}

const (
	flatMagic   = "PROSETAG"
	flatVersion = 1
)

// feature returns the number of feature key, or -1.
func (m *model) feature(key []byte) int {
	h := maphash.Bytes(m.seed, key)
	fp := h &^ (1<<32 - 1)
	for i := h & m.mask; ; i = (i + 1) & m.mask {
		e := m.index[i]
		if e == 0 {
			return -1
		}
		if e&^(1<<32-1) != fp {
			continue
		}
		f := uint32(e) - 1
		if m.blob[m.featOff[f]:m.featOff[f+1]] == unsafe.String(unsafe.SliceData(key), len(key)) {
			return int(f)
		}
	}
}

// accumulate adds the weights of feature key into scores, in the model's
// order, as prose does: float sums in another order could round
// differently and change a tag.
func (m *model) accumulate(key []byte, scores []float32) {
	f := m.feature(key)
	if f < 0 {
		return
	}
	lo, hi := m.pairOff[f], m.pairOff[f+1]
	ids := m.classIDs[lo:hi]
	wts := m.weights[lo:hi]
	for j := range ids {
		scores[ids[j]] += wts[j]
	}
}

// best returns the highest-scoring class, the lowest number among equals.
func (m *model) best(scores []float32) string {
	best, bestID := float32(math.Inf(-1)), -1
	for id := range m.classes {
		if scores[id] > best {
			best, bestID = scores[id], id
		}
	}
	if bestID < 0 {
		return ""
	}
	return m.classes[bestID]
}

// reader decodes the little-endian fields of a flat model.
type reader struct {
	b   []byte
	pos int
	err error
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || r.pos+n > len(r.b) {
		r.err = fmt.Errorf("truncated model: %d bytes wanted at offset %d, %d left", n, r.pos, len(r.b)-r.pos)
		return nil
	}
	out := r.b[r.pos : r.pos+n]
	r.pos += n
	return out
}

func (r *reader) u32() uint32 {
	if b := r.bytes(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *reader) str16() string {
	b := r.bytes(2)
	if b == nil {
		return ""
	}
	return string(r.bytes(int(binary.LittleEndian.Uint16(b))))
}

// u32s returns the next n little-endian 32-bit words. Where the machine is
// little-endian and they are 4-byte aligned, which they are in the model
// prose embeds, the words are a view of the data, like the feature
// strings: decoding a model then copies none of its megabytes of offsets
// and weights, and only the pages that tagging reads are ever touched.
func (r *reader) u32s(n int) []uint32 {
	b := r.bytes(n * 4)
	if len(b) == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), len(b)/4)
	}
	out := make([]uint32, len(b)/4)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[i*4:])
	}
	return out
}

// littleEndian reports whether this machine stores words as the model does.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// float32s returns the next n little-endian IEEE 754 floats, a view of the
// data where u32s gives one.
func (r *reader) float32s(n int) []float32 {
	w := r.u32s(n)
	if len(w) == 0 {
		return nil
	}
	if littleEndian {
		// The same bits, read as floats: math.Float32frombits of each.
		return unsafe.Slice((*float32)(unsafe.Pointer(&w[0])), len(w))
	}
	out := make([]float32, len(w))
	for i, x := range w {
		out[i] = math.Float32frombits(x)
	}
	return out
}

// decode reads a flat model from data, which it keeps and must never
// change: the feature strings, class numbers and (on little-endian
// machines) offsets and weights are views of it.
func decode(data []byte) (*model, error) {
	r := &reader{b: data}
	if string(r.bytes(len(flatMagic))) != flatMagic {
		return nil, errors.New("not a prose flat tagger model")
	}
	if v := r.u32(); v != flatVersion && r.err == nil {
		return nil, fmt.Errorf("model format version %d, want %d", v, flatVersion)
	}
	m := &model{}
	nClasses := int(r.u32())
	if nClasses > 256 {
		return nil, fmt.Errorf("model has %d classes, at most 256 fit its class numbers", nClasses)
	}
	for i := 0; i < nClasses && r.err == nil; i++ {
		m.classes = append(m.classes, r.str16())
	}
	nFeatures, nPairs, blobLen := int(r.u32()), int(r.u32()), int(r.u32())
	if blob := r.bytes(blobLen); len(blob) > 0 {
		m.blob = unsafe.String(&blob[0], len(blob))
	}
	m.featOff = r.u32s(nFeatures + 1)
	m.pairOff = r.u32s(nFeatures + 1)
	m.classIDs = r.bytes(nPairs)
	m.weights = r.float32s(nPairs)
	nTags := int(r.u32())
	m.tagMap = make(map[string]uint8, min(nTags, 1<<20))
	for i := 0; i < nTags && r.err == nil; i++ {
		w := r.str16()
		if id := r.bytes(1); id != nil {
			m.tagMap[w] = id[0]
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	m.buildIndex()
	return m, nil
}

// validate checks what scoring relies on, so that a bad model fails to
// load instead of panicking while tagging.
func (m *model) validate() error {
	n := len(m.featOff) - 1
	switch {
	case n < 0 || len(m.pairOff) != n+1:
		return errors.New("feature and pair offsets disagree")
	case len(m.classIDs) != len(m.weights):
		return errors.New("class numbers and weights disagree")
	case n > 0 && (int(m.featOff[n]) != len(m.blob) || int(m.pairOff[n]) != len(m.weights)):
		return errors.New("offsets do not end where their data does")
	}
	for i := 0; i < n; i++ {
		if m.featOff[i] > m.featOff[i+1] || m.pairOff[i] > m.pairOff[i+1] {
			return fmt.Errorf("offsets of feature %d run backwards", i)
		}
	}
	for _, id := range m.classIDs {
		if int(id) >= len(m.classes) {
			return fmt.Errorf("class number %d out of range (%d classes)", id, len(m.classes))
		}
	}
	for w, id := range m.tagMap {
		if int(id) >= len(m.classes) {
			return fmt.Errorf("word %q has class number %d, out of range", w, id)
		}
	}
	return nil
}

// buildIndex fills the hash index, at most two thirds full, so that a
// probe ends after a slot or two.
func (m *model) buildIndex() {
	n := len(m.featOff) - 1
	size := 1
	for size < n+n/2+1 {
		size <<= 1
	}
	m.seed = maphash.MakeSeed()
	m.index = make([]uint64, size)
	m.mask = uint64(size - 1)
	for f := 0; f < n; f++ {
		h := maphash.String(m.seed, m.blob[m.featOff[f]:m.featOff[f+1]])
		i := h & m.mask
		for m.index[i] != 0 {
			i = (i + 1) & m.mask
		}
		m.index[i] = h&^(1<<32-1) | uint64(f+1)
	}
}
