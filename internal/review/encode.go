package review

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"strconv"
)

// The session is rewritten after every operation, so Write is on the hot
// path: a 5,000-bead session is ~2.5 MB, mostly sentence text that rarely
// changes. Write therefore keeps the encoded form of what does not change
// between operations (each side's sentences until one is split, the
// append-only log, and every patch, which is immutable once made) and
// encodes only the beads afresh, by hand. The output is ordinary JSON, one
// bead, sentence, log entry or patch per line, read back by Parse with
// encoding/json.

// encCache holds encoded parts of a session; it is not saved.
type encCache struct {
	src, tgt []byte // sentences of each side, nil when stale
	log      []byte // the first logN log entries, each followed by ",\n"
	logN     int
	srcLen   []int32    // code points of each original sentence by id, for Summarize
	pos      [2][]int32 // each side's sentence positions by id (see index)
	posN     [2]int     // the number of sentences pos was built from
}

type sideHead struct {
	Name   string  `json:"name"`
	URL    string  `json:"url,omitempty"`
	Lang   string  `json:"lang"`
	Dir    string  `json:"dir"`
	Blocks []Block `json:"blocks"`
	NextID int     `json:"next_id"`
}

// Write writes the session as JSON.
func (s *Session) Write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	b := make([]byte, 0, 64<<10)
	b = append(b, "{\"schema\":"...)
	b = strconv.AppendInt(b, int64(s.Schema), 10)
	b = append(b, ",\n\"tool\":"...)
	b = appendString(b, s.Tool)
	b = append(b, ",\n\"created\":"...)
	b = appendJSON(b, s.Created)
	b = append(b, ",\n\"updated\":"...)
	b = appendJSON(b, s.Updated)
	b = append(b, ",\n\"version\":"...)
	b = strconv.AppendInt(b, int64(s.Version), 10)
	b = append(b, ",\n\"options\":"...)
	b = appendJSON(b, s.Options)
	bw.Write(b)
	for _, side := range []struct {
		key   string
		sd    *Side
		cache *[]byte
	}{{"original", &s.Original, &s.enc.src}, {"translation", &s.Translation, &s.enc.tgt}} {
		b = append(b[:0], ",\n\""...)
		b = append(b, side.key...)
		b = append(b, "\":"...)
		h := appendJSON(nil, sideHead{side.sd.Name, side.sd.URL, side.sd.Lang, side.sd.Dir, nonNilBlocks(side.sd.Blocks), side.sd.NextID})
		b = append(b, h[:len(h)-1]...) // without the closing brace
		b = append(b, ",\n\"sentences\":[\n"...)
		bw.Write(b)
		if *side.cache == nil {
			var c []byte
			for i, st := range side.sd.Sentences {
				if i > 0 {
					c = append(c, ",\n"...)
				}
				c = appendJSON(c, st)
			}
			*side.cache = c
		}
		bw.Write(*side.cache)
		bw.WriteString("]}")
	}
	b = append(b[:0], ",\n\"beads\":[\n"...)
	for i, bd := range s.Beads {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = appendBead(b, bd)
		if len(b) > 128<<10 {
			bw.Write(b)
			b = b[:0]
		}
	}
	b = append(b, "],\n\"undo\":["...)
	bw.Write(b)
	writePatches(bw, s.Undo)
	bw.WriteString("],\n\"redo\":[")
	writePatches(bw, s.Redo)
	bw.WriteString("],\n\"log\":[\n")
	if s.enc.logN > len(s.Log) {
		s.enc.log, s.enc.logN = nil, 0
	}
	for _, e := range s.Log[s.enc.logN:] {
		s.enc.log = appendJSON(s.enc.log, e)
		s.enc.log = append(s.enc.log, ",\n"...)
	}
	s.enc.logN = len(s.Log)
	if l := s.enc.log; len(l) > 0 {
		bw.Write(l[:len(l)-2])
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

func nonNilBlocks(b []Block) []Block {
	if b == nil {
		return []Block{}
	}
	return b
}

func writePatches(bw *bufio.Writer, ps []Patch) {
	for i := range ps {
		p := &ps[i]
		if p.enc == nil {
			p.enc = appendJSON(nil, p)
		}
		bw.WriteString("\n")
		bw.Write(p.enc)
		if i < len(ps)-1 {
			bw.WriteByte(',')
		}
	}
}

func appendJSON(b []byte, v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		// Only unsupported values (NaN confidences) fail; they are not
		// produced by this package.
		return append(b, "null"...)
	}
	return append(b, data...)
}

func appendInts(b []byte, xs []int) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(x), 10)
	}
	return append(b, ']')
}

func appendBead(b []byte, bd Bead) []byte {
	b = append(b, "{\"src\":"...)
	b = appendInts(b, bd.Src)
	b = append(b, ",\"tgt\":"...)
	b = appendInts(b, bd.Tgt)
	b = append(b, ",\"confidence\":"...)
	c := bd.Confidence
	if math.IsNaN(c) || math.IsInf(c, 0) {
		c = 0
	}
	b = strconv.AppendFloat(b, c, 'g', -1, 64)
	b = append(b, ",\"status\":"...)
	b = appendString(b, bd.Status)
	if bd.SrcEdit != nil {
		b = append(b, ",\"src_edit\":"...)
		b = appendString(b, *bd.SrcEdit)
	}
	if bd.TgtEdit != nil {
		b = append(b, ",\"tgt_edit\":"...)
		b = appendString(b, *bd.TgtEdit)
	}
	if bd.Manual {
		b = append(b, ",\"manual\":true"...)
	}
	return append(b, '}')
}

// appendString appends s as a JSON string (as encoding/json would, without
// HTML escaping).
func appendString(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			plain = false
			break
		}
	}
	if plain {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	data, _ := json.Marshal(s)
	return append(b, data...)
}
