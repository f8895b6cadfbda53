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
		if pl != nil && pl.Country != "" && !slices.Contains(p.countries(), pl.Country) {
			p.strs.add(countriesList, pl.Country)
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
					p.pts.add(routeList, pt)
					p.addSeaRegions(*r.Route[i].Lat, *r.Route[i].Lon)
				}
				addCountry(&r.Route[i])
			}
		}
	}
	if pt, ok := placePoint(main); ok {
		p.pts.add(lastList, pt)
		p.addSeaRegions(*main.Lat, *main.Lon)
	}
	addCountry(main)
}

// seaRegions are boxes (latitude, then longitude, in degrees) of the seas
// and crossings where people go missing and the dead are found, named as
// the route regions of the blocking keys: a place given by coordinates
// alone, as a body found at sea often is, still has a region.
var seaRegions = []struct {
	region                     string
	latLo, latHi, lonLo, lonHi float64
}{
	{"atlantic", 10, 30, -26, -12}, // the Canaries, the West African coast, Cape Verde
	{"wmed", 34.5, 39, -6, 5},      // the Alboran Sea, Algeria to Spain
	{"cmed", 30, 38.5, 8, 24},      // Libya and Tunisia to Malta, Lampedusa, Sicily
	{"emed", 34, 41.5, 22.5, 36},   // the Aegean, the Turkish coast, Cyprus
	{"balkans", 40, 47.5, 13, 29},  // the Balkan land route
	{"channel", 49.5, 51.5, -2, 3}, // the Channel
	{"horn", 10, 20, 38, 52},       // the Red Sea and the Gulf of Aden
	{"sahara", 15, 30, -5, 25},     // the Sahara crossings
	{"americas", 5, 35, -120, -75}, // the Darién to the US border
}

// addSeaRegions adds the regions whose box holds the point.
func (p *Profile) addSeaRegions(lat, lon float64) {
	for _, b := range seaRegions {
		if lat >= b.latLo && lat <= b.latHi && lon >= b.lonLo && lon <= b.lonHi && !slices.Contains(p.regions(), b.region) {
			p.strs.add(regionsList, b.region)
		}
	}
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
