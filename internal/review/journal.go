package review

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/bitext/bitext/internal/atomicfile"
)

// The journal. Rewriting a 5,000-bead session (2.5 MB) and syncing it to
// disk after every operation costs tens of milliseconds, most of it the
// sync of data that did not change. So the server keeps the session file
// as a snapshot and appends each operation, as one JSON line, to a journal
// beside it (SESSION.review.json.journal), syncing that line before the
// operation is acknowledged: a few hundred bytes per operation instead of
// the whole file, with the same guarantee (an acknowledged operation
// survives a kill -9 or a power cut). The snapshot is rewritten atomically
// when the journal grows long and when the server stops; the journal is
// then removed, so a session at rest is one file.
//
// A journal line records the result of an operation, not the request: the
// log entry and, for everything but undo and redo, the patch, so replaying
// needs neither the aligner nor the realigner and gives exactly the state
// that was acknowledged. Load replays the journal after the snapshot:
// lines the snapshot already holds (a stop between rewriting the snapshot
// and removing the journal) are skipped, a torn last line (a crash in the
// middle of an append, never acknowledged) is ignored, anything else that
// does not fit is ErrCorrupt with the journal's path and line.

// JournalSuffix is added to a session file's path to name its journal.
const JournalSuffix = ".journal"

// journalFormat is the journal's format version, in its first line.
const journalFormat = 1

// journalHead is a journal's first line. Created ties the journal to its
// session, so a journal left beside another session file is not replayed
// into it.
type journalHead struct {
	Journal int       `json:"journal"`
	Created time.Time `json:"created"`
	Base    int       `json:"base"` // the snapshot's version when the journal began
}

// journalRec is one operation: its log entry and, except for undo and
// redo, its patch.
type journalRec struct {
	Entry
	Patch *Patch `json:"patch,omitempty"`
}

// appendRecord appends the journal line of the operation s last recorded.
func (s *Session) appendRecord(b []byte) []byte {
	e := s.Log[len(s.Log)-1]
	line := appendJSON(nil, e)
	b = append(b, line[:len(line)-1]...) // without the closing brace
	if e.Op != OpUndo && e.Op != OpRedo {
		p := &s.Undo[len(s.Undo)-1]
		if p.enc == nil {
			p.enc = appendJSON(nil, p)
		}
		b = append(b, ",\"patch\":"...)
		b = append(b, p.enc...)
	}
	return append(b, "}\n"...)
}

func (s *Session) journalHead() []byte {
	b := appendJSON(nil, journalHead{Journal: journalFormat, Created: s.Created, Base: s.Version})
	return append(b, '\n')
}

// replayJournal applies the journal at path to s; a missing journal is
// fine.
func (s *Session) replayJournal(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	for n := 1; len(data) > 0; n++ {
		line, rest, complete := bytes.Cut(data, []byte("\n"))
		data = rest
		if !complete {
			return nil // torn by a crash during the append: never acknowledged
		}
		if n == 1 {
			var h journalHead
			if err := json.Unmarshal(line, &h); err != nil || h.Journal == 0 {
				return fmt.Errorf("%s: line 1: %w: not a bitext review journal", path, ErrCorrupt)
			}
			if h.Journal > journalFormat {
				return fmt.Errorf("%s: %w: journal format %d, this bitext reads %d", path, ErrNewer, h.Journal, journalFormat)
			}
			if !h.Created.Equal(s.Created) {
				return nil // another session's journal: not ours to replay
			}
			continue
		}
		var r journalRec
		err := json.Unmarshal(line, &r)
		if err != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, err)
		} else {
			err = s.replay(r)
		}
		if err != nil {
			if len(data) == 0 && !json.Valid(line) {
				return nil // a torn last line (zeros after a power cut)
			}
			return fmt.Errorf("%s: line %d: %w", path, n, err)
		}
	}
	return nil
}

// replay redoes one journalled operation.
func (s *Session) replay(r journalRec) error {
	switch {
	case r.Version <= s.Version:
		return nil // already in the snapshot
	case r.Version != s.Version+1:
		return fmt.Errorf("%w: version %d follows %d", ErrCorrupt, r.Version, s.Version)
	}
	if r.Op == OpUndo || r.Op == OpRedo {
		if _, err := s.undoRedo(r.Op, r.Who, r.When); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrCorrupt, r.Op, err)
		}
		return nil
	}
	p := r.Patch
	if p == nil || p.Op != r.Op || p.At < 0 || p.At+len(p.Old) > len(s.Beads) ||
		!slices.EqualFunc(p.Old, s.Beads[p.At:p.At+len(p.Old)], sameBead) {
		return fmt.Errorf("%w: %s does not fit the session", ErrCorrupt, r.Op)
	}
	for _, sp := range []struct {
		sp *SentPatch
		sd *Side
	}{{p.Src, &s.Original}, {p.Tgt, &s.Translation}} {
		if sp.sp != nil && (sp.sp.At < 0 || sp.sp.At+len(sp.sp.Old) > len(sp.sd.Sentences) || sp.sp.NextID[0] != sp.sd.NextID) {
			return fmt.Errorf("%w: %s does not fit the sentences", ErrCorrupt, r.Op)
		}
	}
	s.commit(*p, r.Rows, r.Side, r.Who, r.When, "")
	return nil
}

func sameBead(a, b Bead) bool {
	return slices.Equal(a.Src, b.Src) && slices.Equal(a.Tgt, b.Tgt) && a.Status == b.Status
}

// journal is the server's open journal file.
type journal struct {
	path string
	f    *os.File
	size int64 // bytes written and synced
	recs int
}

// Compaction thresholds: the snapshot is rewritten after this many
// journalled operations or bytes, which bounds the replay on resume.
const (
	compactRecs  = 200
	compactBytes = 8 << 20
)

// snapshot rewrites the session file atomically (synced) and starts an
// empty journal. Callers hold mu (or own sv).
func (sv *Server) snapshot() error {
	var buf bytes.Buffer
	buf.Grow(sv.size + 4096)
	if err := sv.s.Write(&buf); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	sv.size = buf.Len()
	write := func(path string, data []byte) error {
		return atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(data); return err })
	}
	if err := write(sv.path, buf.Bytes()); err != nil {
		return fmt.Errorf("review: save session: %w", err)
	}
	sv.closeJournal()
	jpath := sv.path + JournalSuffix
	head := sv.s.journalHead()
	if err := write(jpath, head); err != nil {
		return fmt.Errorf("review: journal: %w", err)
	}
	f, err := os.OpenFile(jpath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("review: journal: %w", err)
	}
	sv.j = &journal{path: jpath, f: f, size: int64(len(head))}
	return nil
}

// journalOp appends the last operation to the journal and syncs it. On
// error the journal is cut back to where it was.
func (sv *Server) journalOp() error {
	if sv.j == nil {
		return sv.snapshot()
	}
	sv.jbuf = sv.s.appendRecord(sv.jbuf[:0])
	j := sv.j
	_, err := j.f.Write(sv.jbuf)
	if err == nil {
		err = j.f.Sync()
	}
	if err != nil {
		j.f.Truncate(j.size)
		return fmt.Errorf("review: journal %s: %w", j.path, err)
	}
	j.size += int64(len(sv.jbuf))
	j.recs++
	return nil
}

func (sv *Server) needCompact() bool {
	return sv.j == nil || sv.j.recs >= compactRecs || sv.j.size >= compactBytes
}

func (sv *Server) closeJournal() {
	if sv.j != nil {
		sv.j.f.Close()
		sv.j = nil
	}
}

// finish writes the final snapshot and removes the journal, leaving the
// session as one file.
func (sv *Server) finish() error {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if err := sv.snapshot(); err != nil {
		return err
	}
	sv.closeJournal()
	if err := os.Remove(sv.path + JournalSuffix); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	return nil
}
