// Package corpus runs a bitext batch manifest as an Apache Beam pipeline,
// so that one manifest drives a laptop (the in-process Prism runner), a
// Dataflow job or a Flink cluster.
//
// Design. The launcher reads the manifest once, through Beam's filesystem
// (a local path, gs:// or s3://), and validates the whole of it with
// bitext batch's own parser (batchapi.ParseManifest), so that a bad
// manifest fails with batch's messages and line numbers before any job is
// submitted. The validated entries become the pipeline's elements as
// sharded JSONL files the launcher stages in the work folder, which the
// workers read with textio (an inline list of millions of elements would
// not fit in a job graph); runners that split text reads dynamically
// (Dataflow, Flink) spread them over the workers. Prism, the local runner,
// processes the align stage as one bundle, one element after another
// (docs/scaling.md measures it).
//
// One ParDo (alignFn) aligns each pair with batchapi.AlignEntry, the
// function bitext batch calls, with the shared resources (detector,
// dictionaries, fetch client) built once per worker process in Setup. It
// writes the pair's TMX (and coverage report) itself, through Beam's
// io/filesystem: to a temporary name then renamed on filesystems that can
// rename (local), directly on object stores, whose objects appear only when
// their upload completes (gs://, s3://). A pair that fails becomes a journal
// record with status failed, never an error of the bundle, so the runner
// does not retry it.
//
// The journal records go to Config.JournalShards files, grouped by
// fnv32a(id) (journalFn), each written atomically and sorted by id. Their
// ok/failed counts are combined and checked by gateFn: the job fails when
// the failed share passes Config.MaxFailedShare. The launcher then reads
// the journal shards back and writes the summary and corpus report with
// bitext batch's code (batchapi.Summarize, batchapi.NewReport).
//
// What the package does not do: it has no scheduler, resume or progress bar
// of its own (the runner provides those), and it does not fetch or align
// anything itself.
package corpus
