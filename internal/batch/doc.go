// Package batch aligns many document pairs at once: the pairs listed in a
// manifest (JSONL or TSV), with a pool of workers sharing one set of
// loaded resources (language detector, dictionaries, fetch client), an
// append-only journal that lets a killed run resume where it stopped,
// sharding across processes, progress events and a corpus report.
//
// Design. The package has three layers, each usable alone:
//
//   - ParseManifest / ReadManifest read and validate a whole manifest
//     before any work ("manifest.jsonl:17: missing \"translation\"").
//   - AlignEntry aligns one entry and returns its outputs as bytes and its
//     journal record; it writes nothing. It is the single function that
//     aligns a manifest entry: bitext batch calls it through Run, and the
//     Beam pipeline (module beam/) calls it from its DoFn, so the two
//     cannot drift apart.
//   - Run schedules entries over workers, skips those the journal records
//     as done (Config.Resume), writes outputs atomically, appends records
//     and sends progress events (Config.Progress, Event). The package
//     does not render them: bitext batch draws the bar, the lines or the
//     NDJSON with the command's one progress display. The corpus report
//     (WriteReport) is separate.
//
// What the package does not do: it does not open, detect or align on its
// own (internal/pipeline does) and never prints; the command in cmd/bitext
// parses flags, renders events and decides exit codes.
package batch
