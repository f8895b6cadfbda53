package engine

import (
	"math"
	"slices"
)

// earthRadius is the mean Earth radius in km.
const earthRadius = 6371.0088

// point is a place as a unit vector: the great-circle distance between two
// points follows from their chord, so comparing against a distance band
// needs no trigonometry at comparison time.
type point struct{ x, y, z float64 }

func toPoint(lat, lon float64) point {
	φ, λ := lat*math.Pi/180, lon*math.Pi/180
	return point{math.Cos(φ) * math.Cos(λ), math.Cos(φ) * math.Sin(λ), math.Sin(φ)}
}

// chord2 is the squared chord between two unit vectors.
func chord2(a, b point) float64 {
	dx, dy, dz := a.x-b.x, a.y-b.y, a.z-b.z
	return dx*dx + dy*dy + dz*dz
}

// chordKm turns a squared chord into great-circle kilometres.
func chordKm(c2 float64) float64 {
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(c2)/2))
}

// kmChord2 is the squared chord of a great-circle distance in km.
func kmChord2(km float64) float64 {
	c := 2 * math.Sin(km/(2*earthRadius))
	return c * c
}

// Distance is the great-circle distance in km between two places given by
// latitude and longitude in degrees.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	return chordKm(chord2(toPoint(lat1, lon1), toPoint(lat2, lon2)))
}

func placePoint(pl *Place) (point, bool) {
	if pl == nil || pl.Lat == nil || pl.Lon == nil || !finite(*pl.Lat) || !finite(*pl.Lon) ||
		math.Abs(*pl.Lat) > 90 || math.Abs(*pl.Lon) > 180 {
		return point{}, false
	}
	return toPoint(*pl.Lat, *pl.Lon), true
}

// preparePlaces collects where the person was: for a sought person the
// last contact place (lastPts) and the route (routePts); for remains the
// recovery place, for a registration its place (both in lastPts). The
// countries of these places back up the distance when coordinates are
// missing.
func (p *Profile) preparePlaces() {
	addCountry := func(pl *Place) {
		if pl != nil && pl.Country != "" && !slices.Contains(p.countries, pl.Country) {
			p.countries = append(p.countries, pl.Country)
		}
	}
	var main *Place
	for _, r := range p.Records {
		var e *Event
		switch p.side {
		case sought:
			e = r.LastContact
		case dead:
			e = r.Recovery
		case living:
			e = r.Registered
		}
		if main == nil && e != nil && e.Place != nil {
			main = e.Place
		}
		if p.side == sought {
			for i := range r.Route {
				if pt, ok := placePoint(&r.Route[i]); ok {
					p.routePts = append(p.routePts, pt)
				}
				addCountry(&r.Route[i])
			}
		}
	}
	if pt, ok := placePoint(main); ok {
		p.lastPts = append(p.lastPts, pt)
	}
	addCountry(main)
}

// nearest is the smallest squared chord between the two point sets, +Inf
// when either is empty.
func nearest(a, b []point) float64 {
	best := math.Inf(1)
	for _, x := range a {
		for _, y := range b {
			if c := chord2(x, y); c < best {
				best = c
			}
		}
	}
	return best
}
