package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// JournalPath is the journal of the manifest at path: path.state.jsonl,
// or path.shard-I-of-N.state.jsonl for one shard (shards run as separate
// processes, and their journals concatenate).
func JournalPath(manifest string, shard, shards int) string {
	if shards > 1 {
		return fmt.Sprintf("%s.shard-%d-of-%d.state.jsonl", manifest, shard, shards)
	}
	return manifest + ".state.jsonl"
}

// ReadJournal reads journal records, one JSON object per line. A last
// line that is cut short (a crash during the append) is ignored with a
// warning, as is any other line that does not parse; good is the length
// of the complete lines, where appending may resume.
func ReadJournal(r io.Reader) (recs []Record, warnings []string, good int64, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(line) == 0 && err == io.EOF {
			return recs, warnings, off, nil
		}
		if err != nil && err != io.EOF {
			return recs, warnings, off, err
		}
		complete := err == nil
		var rec Record
		if !complete {
			warnings = append(warnings, fmt.Sprintf("journal line %d is cut short (an interrupted run); ignored", n))
			return recs, warnings, off, nil
		}
		off += int64(len(line))
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if jerr := json.Unmarshal(line, &rec); jerr != nil || rec.ID == "" {
			warnings = append(warnings, fmt.Sprintf("journal line %d is not a record; ignored", n))
			continue
		}
		recs = append(recs, rec)
	}
}

// Journal appends records to a journal file, one line per write, so a
// crash can tear only the last line.
type Journal struct {
	f *os.File
}

// OpenJournal opens (creating it if needed) the journal at path for
// appending and returns the records already in it. A torn last line is
// cut off (with a warning) so the next record starts on a line of its
// own.
func OpenJournal(path string) (*Journal, []Record, []string, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("batch: journal: %w", err)
	}
	recs, warns, good, err := ReadJournal(f)
	if err != nil {
		f.Close()
		return nil, nil, nil, fmt.Errorf("batch: journal %s: %w", path, err)
	}
	fi, err := f.Stat()
	if err == nil && fi.Size() > good {
		err = f.Truncate(good)
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekEnd)
	}
	if err != nil {
		f.Close()
		return nil, nil, nil, fmt.Errorf("batch: journal %s: %w", path, err)
	}
	return &Journal{f: f}, recs, warns, nil
}

// Append writes one record as one line.
func (j *Journal) Append(r Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("batch: journal: %w", err)
	}
	b = append(b, '\n')
	if _, err := j.f.Write(b); err != nil {
		return fmt.Errorf("batch: journal: %w", err)
	}
	return nil
}

// Close syncs and closes the journal.
func (j *Journal) Close() error {
	return errors.Join(j.f.Sync(), j.f.Close())
}
