package corpus

import (
	"context"
	"encoding/json"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/bitext/bitext/batchapi"
)

// Every DoFn, function, emitter, iterator and element type of the
// pipeline is registered here, so that workers (which rebuild the pipeline
// from its serialised graph) find them by name and call them without
// reflection. TestRegistered walks the built pipeline and fails on any
// that is missing.
func init() {
	register.Function2x1(decodeEntry)
	register.DoFn3x1[context.Context, batchapi.Entry, func(batchapi.Record), error](&alignFn{})
	register.DoFn2x0[batchapi.Record, func(int, batchapi.Record)](&shardFn{})
	register.DoFn4x1[context.Context, int, func(*batchapi.Record) bool, func(Counts), error](&journalFn{})
	register.Function2x1(addCounts)
	register.DoFn1x1[Counts, error](&gateFn{})

	register.Emitter1[batchapi.Entry]()
	register.Emitter1[batchapi.Record]()
	register.Emitter2[int, batchapi.Record]()
	register.Emitter1[Counts]()
	register.Iter1[batchapi.Record]()

	// Entries and records travel as their JSON, the journal's own form
	// (the schema coder would have to know every nested field type).
	// (Named functions: the SDK finds coder functions by symbol name, and
	// the instances of a generic function share one.)
	beam.RegisterCoder(reflect.TypeOf(batchapi.Entry{}), encodeEntry, decodeEntryJSON)
	beam.RegisterCoder(reflect.TypeOf(batchapi.Record{}), encodeRecord, decodeRecord)
	beam.RegisterType(reflect.TypeOf(Counts{}))
}

func encodeEntry(e batchapi.Entry) ([]byte, error) { return json.Marshal(e) }

func decodeEntryJSON(b []byte) (batchapi.Entry, error) {
	var e batchapi.Entry
	err := json.Unmarshal(b, &e)
	return e, err
}

func encodeRecord(r batchapi.Record) ([]byte, error) { return json.Marshal(r) }

func decodeRecord(b []byte) (batchapi.Record, error) {
	var r batchapi.Record
	err := json.Unmarshal(b, &r)
	return r, err
}
