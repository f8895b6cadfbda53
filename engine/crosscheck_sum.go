package engine

import (
	"math"
	"math/bits"
)

// oddsSum is an exact sum of non-negative float64 values: a fixed-point
// number in units of the smallest subnormal, 2^-1074, wide enough for any
// finite double and 2^64 of them. A case's competing odds are summed in
// it, so that the total is the same, to the last bit, whatever order the
// candidates come in: a store's postings change order with its writes,
// and a streamed cross-check meets a case's candidates spread over the
// whole larger side, in the order of the file, never all at once. Rounded
// once at the end, it also loses nothing to rounding on the way, which a
// sum of pairs of odds near 2^200 beside odds near 1 would.
type oddsSum struct {
	limbs [oddsLimbs]uint64 // little-endian
	inf   bool              // an infinite or NaN value was added
}

// oddsLimbs covers 2^-1074 to 2^1024 (2098 bits) and 64 bits of carries.
const oddsLimbs = (2098 + 64 + 63) / 64

// add adds x, which must not be negative.
func (s *oddsSum) add(x float64) {
	if x <= 0 {
		return
	}
	if math.IsInf(x, 0) || math.IsNaN(x) {
		s.inf = true
		return
	}
	mant, shift := fixedOf(x)
	limb, off := shift/64, shift%64
	lo, hi := mant<<off, uint64(0)
	if off != 0 {
		hi = mant >> (64 - off)
	}
	var c uint64
	s.limbs[limb], c = bits.Add64(s.limbs[limb], lo, 0)
	s.limbs[limb+1], c = bits.Add64(s.limbs[limb+1], hi, c)
	for i := limb + 2; c != 0 && i < oddsLimbs; i++ {
		s.limbs[i], c = bits.Add64(s.limbs[i], 0, c)
	}
}

// merge adds the sum o.
func (s *oddsSum) merge(o *oddsSum) {
	s.inf = s.inf || o.inf
	var c uint64
	for i := range s.limbs {
		s.limbs[i], c = bits.Add64(s.limbs[i], o.limbs[i], c)
	}
}

// fixedOf splits a positive finite x into a 53-bit integer and the shift
// that makes it a multiple of 2^-1074: x = mant × 2^(shift-1074).
func fixedOf(x float64) (mant uint64, shift uint) {
	b := math.Float64bits(x)
	exp := uint(b>>52) & 0x7ff
	mant = b & (1<<52 - 1)
	if exp == 0 {
		return mant, 0 // subnormal
	}
	return mant | 1<<52, exp - 1
}

// float64 is the sum rounded to the nearest double, ties to even.
func (s *oddsSum) float64() float64 {
	return s.without(0)
}

// without is the sum less x (one of the values added), rounded once to
// the nearest double: the other candidates' odds, exactly, before
// rounding.
func (s *oddsSum) without(x float64) float64 {
	if s.inf {
		return math.Inf(1)
	}
	limbs := s.limbs
	if x > 0 && !math.IsInf(x, 0) {
		mant, shift := fixedOf(x)
		limb, off := shift/64, shift%64
		lo, hi := mant<<off, uint64(0)
		if off != 0 {
			hi = mant >> (64 - off)
		}
		var b uint64
		limbs[limb], b = bits.Sub64(limbs[limb], lo, 0)
		limbs[limb+1], b = bits.Sub64(limbs[limb+1], hi, b)
		for i := limb + 2; b != 0 && i < oddsLimbs; i++ {
			limbs[i], b = bits.Sub64(limbs[i], 0, b)
		}
	}
	return roundFixed(&limbs)
}

// roundFixed rounds a fixed-point sum to the nearest double, ties to even,
// from its limbs: the top 53 bits, rounded up when the bits below them
// are more than half, or exactly half and the top bits odd. A candidate
// list rounds two sums a row, and math/big's way, allocating for each,
// took a twelfth of a 100,000-case cross-check's processor.
func roundFixed(limbs *[oddsLimbs]uint64) float64 {
	top := oddsLimbs - 1
	for top >= 0 && limbs[top] == 0 {
		top--
	}
	if top < 0 {
		return 0
	}
	high := top*64 + 63 - bits.LeadingZeros64(limbs[top]) // the highest bit set
	if high < 53 {
		// Fewer than 54 bits: a subnormal, or a normal of the smallest
		// exponent, exactly.
		return math.Ldexp(float64(limbs[0]), -1074)
	}
	// window is the 64 bits from the highest bit set down; lo is the index
	// of its lowest bit.
	lo := high - 63
	var window uint64
	below := false // a bit under the window is set
	if lo < 0 {
		window = limbs[0] << -lo
	} else {
		limb, off := lo/64, uint(lo%64)
		window = limbs[limb] >> off
		if off != 0 {
			window |= limbs[limb+1] << (64 - off)
			below = limbs[limb]&(1<<off-1) != 0
		}
		for i := 0; i < limb && !below; i++ {
			below = limbs[i] != 0
		}
	}
	mant := window >> 11
	rest := window & (1<<11 - 1)
	if rest > 1<<10 || rest == 1<<10 && (below || mant&1 == 1) {
		mant++ // 2^53 when it carries, still exact in a double
	}
	return math.Ldexp(float64(mant), high-52-1074)
}
