package names
import ("context";"os";"testing";"time")
func TestFullRun(t *testing.T){
 if os.Getenv("FULL")=="" {t.Skip()}
 start:=time.Now()
 if err:=Run(context.Background(), os.Stdout, Options{}); err!=nil {t.Fatal(err)}
 t.Log(time.Since(start))
}
