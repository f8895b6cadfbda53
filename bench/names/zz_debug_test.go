package names
import ("fmt";"math/rand";"os";"sort";"testing";"github.com/rflmatch/rflmatch/phonetic")
func TestDebug(t *testing.T){
 set:=os.Getenv("DBG"); if set=="" {t.Skip()}
 opt:=Options{Datasets:[]string{set}}; opt.defaults()
 rng:=rand.New(rand.NewSource(1))
 sets,_:=loadSets(opt,rng); d:=sets[0]
 r:=evaluate(d,opt,rng)
 type sc struct{s float64; p [2]int32}
 var ns []sc
 for i,p:=range r.neg { ns=append(ns, sc{r.negS[0][i],p}) }
 sort.Slice(ns,func(i,j int)bool{return ns[i].s>ns[j].s})
 for _,x:=range ns[:60] { c:=phonetic.Compare(&r.parsed[x.p[0]],&r.parsed[x.p[1]]); fmt.Printf("NEG %.3f %q %q %s\n", x.s, d.names[x.p[0]], d.names[x.p[1]], c.Level) }
 _, thr := recallAt(r.pos[0], r.negS[0], 0.001)
 k:=0
 for i,p:=range d.pos { if r.pos[0][i] <= thr && k<80 { k++; c:=phonetic.Compare(&r.parsed[p[0]],&r.parsed[p[1]]); fmt.Printf("MISS %.3f %q %q %s | %v | %v\n", r.pos[0][i], d.names[p[0]], d.names[p[1]], c.Level, r.parsed[p[0]], r.parsed[p[1]]) } }
}
