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
