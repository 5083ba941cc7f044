package tm

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	// modernc.org/sqlite is SQLite translated to Go: no cgo, so the bitext
	// binary stays static and cross-compiles; it ships FTS5 and JSON1.
	_ "modernc.org/sqlite"
)

// sqliteAppID is the SQLite application_id of a bitext memory ("bitx"):
// another program's database is refused, never migrated.
const sqliteAppID = 0x62697478

// sqliteMigrations[v-1] takes a memory from schema v-1 to v.
var sqliteMigrations = []string{
	// 1: the first schema.
	`
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources (
	id    INTEGER PRIMARY KEY,
	name  TEXT NOT NULL,
	added INTEGER NOT NULL
);
CREATE TABLE units (
	id         INTEGER PRIMARY KEY,
	source_id  INTEGER NOT NULL REFERENCES sources(id),
	src_lang   TEXT NOT NULL,
	tgt_lang   TEXT NOT NULL,
	src        TEXT NOT NULL,
	tgt        TEXT NOT NULL,
	src_key    TEXT NOT NULL,
	tgt_key    TEXT NOT NULL,
	pair_hash  INTEGER NOT NULL,
	tuid       TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	props      TEXT NOT NULL DEFAULT '',
	confidence REAL,
	status     TEXT NOT NULL CHECK (status IN ('auto','confirmed','edited','rejected')),
	created    INTEGER NOT NULL,
	changed    INTEGER NOT NULL
);
CREATE INDEX units_pair ON units(pair_hash);
CREATE INDEX units_changed ON units(changed, id);
CREATE INDEX units_source ON units(source_id);
CREATE TABLE postings (h INTEGER NOT NULL, seg INTEGER NOT NULL, refs BLOB NOT NULL, PRIMARY KEY (h, seg)) WITHOUT ROWID;
CREATE TABLE df (h INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE pairs (src TEXT NOT NULL, tgt TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (src, tgt)) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES ('application', 'bitext translation memory');
`,
	// 2: the concordance index (stop words, numbers and trigrams in
	// postings), built by the store on open (see reindexMeta).
	migration2,
}

type sqliteBackend struct {
	path string
	wdb  *sql.DB // one connection, BEGIN IMMEDIATE
	rdb  *sql.DB // readers, query_only
}

func openSQLite(ctx context.Context, path string, opts Options) (backend, error) {
	if path == "" {
		return nil, fmt.Errorf("tm: empty database path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("tm: %s: '?' and '#' are not allowed in a database path", path)
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if !opts.Create {
			return nil, fmt.Errorf("%w: %s (import something first, or check --tm)", ErrNotFound, path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("tm: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("tm: %w", err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrNotTM, path)
	case fi.Size() > 0:
		if err := checkSQLiteFile(ctx, path); err != nil {
			return nil, err
		}
	case !opts.Create:
		return nil, fmt.Errorf("%w: %s is empty", ErrNotFound, path)
	}
	common := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=mmap_size(268435456)"
	wdb, err := sql.Open("sqlite", path+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-131072)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("tm: %s: %w", path, err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetConnMaxIdleTime(0)
	b := &sqliteBackend{path: path, wdb: wdb}
	if err := b.migrate(ctx); err != nil {
		wdb.Close()
		return nil, err
	}
	rdb, err := sql.Open("sqlite", path+"?"+common+"&_pragma=query_only(1)&_pragma=cache_size(-32768)")
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("tm: %s: %w", path, err)
	}
	rdb.SetMaxOpenConns(16)
	rdb.SetMaxIdleConns(16)
	b.rdb = rdb
	return b, nil
}

// checkSQLiteFile refuses, without writing anything, a file that is not a
// SQLite database, another program's database or a newer schema.
func checkSQLiteFile(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("tm: %w", err)
	}
	hdr := make([]byte, 100)
	_, err = io.ReadFull(f, hdr)
	f.Close()
	if err != nil || !bytes.HasPrefix(hdr, []byte("SQLite format 3\x00")) {
		return fmt.Errorf("%w: %s is not an SQLite database (left untouched)", ErrNotTM, path)
	}
	if id := binary.BigEndian.Uint32(hdr[68:72]); id != 0 && id != sqliteAppID {
		return fmt.Errorf("%w: %s is another program's SQLite database (application id %#x; left untouched)", ErrNotTM, path, id)
	}
	db, err := sql.Open("sqlite", path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return fmt.Errorf("tm: %s: %w", path, err)
	}
	defer db.Close()
	var appID, ver, tables int
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("%w: %s: %v (left untouched)", ErrNotTM, path, err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&ver); err != nil {
		return fmt.Errorf("%w: %s: %v (left untouched)", ErrNotTM, path, err)
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
		return fmt.Errorf("%w: %s is corrupt: %v (left untouched)", ErrNotTM, path, err)
	}
	if appID != sqliteAppID && tables > 0 {
		return fmt.Errorf("%w: %s is an SQLite database of another program (left untouched)", ErrNotTM, path)
	}
	if appID == sqliteAppID && ver > SchemaVersion {
		return fmt.Errorf("%w: %s has schema %d, this bitext knows %d: upgrade bitext", ErrNewerSchema, path, ver, SchemaVersion)
	}
	return nil
}

func (b *sqliteBackend) migrate(ctx context.Context) error {
	conn, err := b.wdb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("tm: %s: %w", b.path, err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("tm: %s: %w", b.path, err)
	}
	defer tx.Rollback()
	var appID, ver int
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrNotTM, b.path, err)
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&ver); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrNotTM, b.path, err)
	}
	if ver > SchemaVersion {
		return fmt.Errorf("%w: %s has schema %d, this bitext knows %d: upgrade bitext", ErrNewerSchema, b.path, ver, SchemaVersion)
	}
	if ver == SchemaVersion && appID == sqliteAppID {
		return nil
	}
	for v := ver + 1; v <= SchemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, sqliteMigrations[v-1]); err != nil {
			return fmt.Errorf("tm: %s: migrating to schema %d: %w", b.path, v, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
			return fmt.Errorf("tm: %s: %w", b.path, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", sqliteAppID)); err != nil {
		return fmt.Errorf("tm: %s: %w", b.path, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("tm: %s: %w", b.path, err)
	}
	return nil
}

func (b *sqliteBackend) close() error {
	var err error
	if b.rdb != nil {
		err = b.rdb.Close()
	}
	if e := b.wdb.Close(); err == nil {
		err = e
	}
	return err
}

func (b *sqliteBackend) stats(ctx context.Context, s *Stats) error {
	s.Backend, s.Location = "sqlite", b.path
	for _, suf := range []string{"", "-wal"} {
		if fi, err := os.Stat(b.path + suf); err == nil {
			s.SizeBytes += fi.Size()
		}
	}
	return nil
}

func (b *sqliteBackend) read(ctx context.Context) (reader, error) {
	tx, err := b.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	// a deferred transaction takes its snapshot at the first read
	var one int
	if err := tx.QueryRowContext(ctx, "SELECT 1 FROM meta LIMIT 1").Scan(&one); err != nil && err != sql.ErrNoRows {
		tx.Rollback()
		return nil, fmt.Errorf("tm: %w", err)
	}
	return &sqlTx{ctx: ctx, tx: tx, d: sqliteDialect}, nil
}

func (b *sqliteBackend) write(ctx context.Context) (writer, error) {
	tx, err := b.wdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	return &sqlTx{ctx: ctx, tx: tx, d: sqliteDialect}, nil
}
