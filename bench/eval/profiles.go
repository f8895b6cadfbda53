package eval

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/rflmatch/rflmatch/engine"
)

// profiles are a dataset's prepared profiles, made once and shared by the
// exclusion check, the count of compatible candidates and the engine:
// preparing parses every name, and at 20,000 people that is worth doing
// once rather than four times. A left case that is also a right entity (a
// sought person other requests may find) shares one profile.
type profiles struct {
	left, right []*engine.Profile
	byKey       map[string]*engine.Profile // right entities, by key
}

// Profiles prepares the dataset's left cases and right records (grouped
// into cases) once; later calls return the same profiles.
func (d *Dataset) Profiles() (left, right []*engine.Profile) {
	p := d.profiles()
	return p.left, p.right
}

func (d *Dataset) profiles() *profiles {
	d.prepareOnce.Do(func() {
		p := &profiles{right: engine.PrepareCases(d.Right), byKey: map[string]*engine.Profile{}}
		for _, r := range p.right {
			p.byKey[r.Key.String()] = r
		}
		p.left = make([]*engine.Profile, len(d.Left))
		var missing []int
		for i, c := range d.Left {
			if r := p.byKey[c.Key.String()]; r != nil && len(r.Records) == len(c.Records) {
				p.left[i] = r
			} else {
				missing = append(missing, i)
			}
		}
		forEach(context.Background(), len(missing), func(k int) {
			i := missing[k]
			p.left[i] = engine.Prepare(d.Left[i].Records...)
		})
		d.prepared = p
	})
	return d.prepared
}

// forEach runs fn for 0..n-1 on GOMAXPROCS goroutines until ctx ends.
func forEach(ctx context.Context, n int, fn func(i int)) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// keyObserver counts the pairs a linker on profiles generates, by key and
// without locks: the left cases are numbered beforehand, each has its own
// counter, and the true pairs are looked up in a map no one writes while
// the linker runs. It hands its counts to an [Observer] at the end.
type keyObserver struct {
	leftIdx map[engine.Key]int
	counts  []atomic.Int64
	// truth maps each true pair to its place in found.
	truth map[[2]engine.Key]int
	found []atomic.Bool
	names [][2]string
}

func newKeyObserver(d *Dataset) *keyObserver {
	p := d.profiles()
	ko := &keyObserver{leftIdx: make(map[engine.Key]int, len(d.Left)), counts: make([]atomic.Int64, len(d.Left)), truth: map[[2]engine.Key]int{}}
	for i, c := range d.Left {
		ko.leftIdx[c.Key] = i
	}
	for _, c := range d.Left {
		l := c.Key.String()
		for _, r := range d.Truth.Counterparts(l) {
			if rp := p.byKey[r]; rp != nil {
				ko.truth[[2]engine.Key{c.Key, rp.Key}] = len(ko.names)
				ko.names = append(ko.names, [2]string{l, r})
			}
		}
	}
	ko.found = make([]atomic.Bool, len(ko.names))
	return ko
}

func (ko *keyObserver) observe(l, r engine.Key) {
	if i, ok := ko.leftIdx[l]; ok {
		ko.counts[i].Add(1)
	}
	if i, ok := ko.truth[[2]engine.Key{l, r}]; ok {
		ko.found[i].Store(true)
	}
}

// handTo adds the counts to o, as if o had observed every pair.
func (ko *keyObserver) handTo(o *Observer) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for k, i := range ko.leftIdx {
		if n := ko.counts[i].Load(); n > 0 {
			o.byLeft[k.String()] += n
		}
	}
	for i := range ko.found {
		if ko.found[i].Load() {
			o.seen[ko.names[i]] = true
		}
	}
}

// rightPart is the part of the right side one cross-check of [Evaluate]
// runs against.
type rightPart struct {
	records  []*engine.Record
	profiles []*engine.Profile
	// sought: the part holds the sought people, not remains and
	// registrations; Truth (and so blocking recall) is not about it.
	sought bool
}

// rightParts splits the right side: remains and registrations, then the
// sought people, when the right side mixes kinds; otherwise all of it.
func (d *Dataset) rightParts() []rightPart {
	_, rp := d.Profiles()
	if d.RightKind == nil {
		return []rightPart{{records: d.Right, profiles: rp}}
	}
	isSought := func(k engine.Kind) bool { return k == engine.TracingRequest || k == engine.AnteMortem }
	var parts [2]rightPart
	parts[1].sought = true
	for _, r := range d.Right {
		i := 0
		if isSought(r.Kind) {
			i = 1
		}
		parts[i].records = append(parts[i].records, r)
	}
	for _, p := range rp {
		i := 0
		if isSought(p.Kind) {
			i = 1
		}
		parts[i].profiles = append(parts[i].profiles, p)
	}
	return parts[:]
}
