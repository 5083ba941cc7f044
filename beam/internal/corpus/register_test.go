package corpus

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/funcx"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/graph/coder"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/runtime/exec"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/util/reflectx"
)

const ourPkg = "github.com/bitext/bitext/beam/internal/corpus"

// unregistered checks the edges of p: every DoFn and CombineFn of this
// package must be registered (struct type, method wrappers or function
// caller), as must the emitters and iterators of its methods and the
// struct types that flow between them (with a coder). It returns one
// problem per missing registration.
func unregistered(t *testing.T, p *beam.Pipeline) []string {
	t.Helper()
	edges, _, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	checkFn := func(what string, fn *graph.Fn, methods []*funcx.Fn) {
		if fn.Recv != nil {
			rt := reflect.TypeOf(fn.Recv)
			if rt.Kind() == reflect.Pointer {
				rt = rt.Elem()
			}
			if rt.PkgPath() != ourPkg {
				return
			}
			if key, ok := runtime.TypeKey(rt); !ok {
				problems = append(problems, fmt.Sprintf("%s %v: no type key", what, rt))
			} else if _, ok := runtime.LookupType(key); !ok {
				problems = append(problems, fmt.Sprintf("%s %v: type not registered (register.DoFnNxM)", what, rt))
			}
			if _, ok := reflectx.WrapMethods(fn.Recv); !ok {
				problems = append(problems, fmt.Sprintf("%s %v: methods not registered (register.DoFnNxM)", what, rt))
			}
		} else if fn.Fn != nil {
			name := fn.Fn.Fn.Name()
			if !strings.HasPrefix(name, ourPkg+".") {
				return
			}
			if strings.Contains(fmt.Sprintf("%T", fn.Fn.Fn), "reflectFunc") { // reflectx.MakeFunc found no registered caller
				problems = append(problems, fmt.Sprintf("%s %s: function not registered (register.FunctionNxM)", what, name))
			}
		}
		for _, m := range methods {
			if m == nil {
				continue
			}
			for _, prm := range m.Param {
				switch prm.Kind {
				case funcx.FnEmit:
					if !exec.IsEmitterRegistered(prm.T) {
						problems = append(problems, fmt.Sprintf("%s: emitter %v not registered (register.EmitterN)", what, prm.T))
					}
					for i := range prm.T.NumIn() {
						checkType(&problems, what, prm.T.In(i))
					}
				case funcx.FnIter:
					if !exec.IsInputRegistered(prm.T) {
						problems = append(problems, fmt.Sprintf("%s: iterator %v not registered (register.IterN)", what, prm.T))
					}
					for i := range prm.T.NumIn() {
						checkType(&problems, what, prm.T.In(i))
					}
				case funcx.FnValue:
					checkType(&problems, what, prm.T)
				}
			}
		}
	}
	for _, e := range edges {
		switch {
		case e.DoFn != nil:
			checkFn("DoFn "+e.Name(), (*graph.Fn)(e.DoFn), []*funcx.Fn{e.DoFn.ProcessElementFn()})
		case e.CombineFn != nil:
			fn := (*graph.Fn)(e.CombineFn)
			var ms []*funcx.Fn
			if m := e.CombineFn.MergeAccumulatorsFn(); m != nil {
				ms = append(ms, m)
			}
			checkFn("CombineFn "+e.Name(), fn, ms)
		}
	}
	return problems
}

// checkType wants a struct element type of this package (or batchapi's)
// registered, with a coder the SDK can find.
func checkType(problems *[]string, what string, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.PkgPath() == "" || strings.HasPrefix(t.PkgPath(), "github.com/apache/beam") {
		return
	}
	key, _ := runtime.TypeKey(t)
	if _, ok := runtime.LookupType(key); !ok {
		*problems = append(*problems, fmt.Sprintf("%s: element type %v not registered (beam.RegisterType)", what, t))
	}
	_ = coder.LookupCustomCoder(t) // JSON coder for Entry and Record; Counts uses the schema coder
}

// TestRegistered builds the pipeline and finds no missing registration.
func TestRegistered(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"m.jsonl": `{"id":"a","translation":"en.txt","original":"ar.txt"}` + "\n"})
	pr, err := Prepare(context.Background(), Config{Manifest: filepath.Join(dir, "m.jsonl"), Report: filepath.Join(dir, "r.html")})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range unregistered(t, pr.Pipeline) {
		t.Error(p)
	}
}

// forgottenFn and forgotten are deliberately not registered: the check
// must find them (else TestRegistered could never fail).
type forgottenFn struct{ N int }

func (f *forgottenFn) ProcessElement(s string, emit func(forgotten)) { emit(forgotten{s}) }

type forgotten struct{ S string }

func forgottenFunc(s string, emit func(int)) { emit(len(s)) }

func TestRegisteredCatchesMissing(t *testing.T) {
	p, s := beam.NewPipelineWithRoot()
	in := beam.Create(s, "a", "b")
	beam.ParDo(s, &forgottenFn{}, in)
	beam.ParDo(s, forgottenFunc, in)
	got := unregistered(t, p)
	for _, want := range []string{"forgottenFn: type not registered", "forgottenFn: methods not registered",
		"emitter func(corpus.forgotten) not registered", "forgottenFunc: function not registered",
		"element type corpus.forgotten not registered"} {
		found := false
		for _, g := range got {
			found = found || strings.Contains(g, want)
		}
		if !found {
			t.Errorf("problems %q: want one containing %q", got, want)
		}
	}
}
