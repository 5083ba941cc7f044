package fetch

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/bitext/bitext/internal/atomicfile"
)

// entry is one cached response. On disk it is a JSON header line followed
// by the body; Sum is the SHA-256 of the body, checked on every read.
type entry struct {
	URL      string      `json:"url"`       // requested URL (the key)
	FinalURL string      `json:"final_url"` // after redirects
	Status   int         `json:"status"`
	Header   http.Header `json:"header"`
	Fetched  time.Time   `json:"fetched"`
	Size     int         `json:"size"`
	Sum      string      `json:"sha256"`
	// Private: the URL was served from a non-public address (a typed URL,
	// or AllowPrivate); RedirectedPrivate: a redirect reached one. Links
	// are not served such entries (Client.servable).
	Private           bool `json:"private,omitempty"`
	RedirectedPrivate bool `json:"redirected_private,omitempty"`
	body              []byte
}

// cache is an on-disk response cache keyed by URL. File names are the
// SHA-256 of the URL, so no URL can name a path outside the directory.
type cache struct{ dir string }

func (c cache) path(rawURL string) string {
	h := sha256.Sum256([]byte(rawURL))
	k := hex.EncodeToString(h[:])
	return filepath.Join(c.dir, k[:2], k+".entry")
}

// errCorrupt marks an unreadable or tampered entry.
var errCorrupt = errors.New("fetch: corrupt cache entry")

// load returns the entry for rawURL, os.ErrNotExist when there is none, or
// an error wrapping errCorrupt when the entry fails its checksum.
func (c cache) load(rawURL string) (*entry, error) {
	p := c.path(rawURL)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return nil, fmt.Errorf("%w: %s: no header", errCorrupt, p)
	}
	var e entry
	if err := json.Unmarshal(data[:i], &e); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", errCorrupt, p, err)
	}
	e.body = data[i+1:]
	sum := sha256.Sum256(e.body)
	if e.URL != rawURL || len(e.body) != e.Size || hex.EncodeToString(sum[:]) != e.Sum {
		return nil, fmt.Errorf("%w: %s: checksum mismatch", errCorrupt, p)
	}
	return &e, nil
}

// store writes e atomically: readers see the old entry or the new one,
// never a partial file.
func (c cache) store(e *entry) error {
	p := c.path(e.URL)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("fetch: cache: %w", err)
	}
	sum := sha256.Sum256(e.body)
	e.Sum, e.Size = hex.EncodeToString(sum[:]), len(e.body)
	head, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("fetch: cache: %w", err)
	}
	return atomicfile.Write(p, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		bw.Write(head)
		bw.WriteByte('\n')
		bw.Write(e.body)
		return bw.Flush()
	})
}

func (c cache) remove(rawURL string) { os.Remove(c.path(rawURL)) }
