package tm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	// pgx is the maintained pure-Go PostgreSQL driver; its database/sql
	// adapter lets both backends share one SQL layer (sqlTx).
	_ "github.com/jackc/pgx/v5/stdlib"
)

// pgLockKey is the advisory lock that serialises writers (and migrations)
// across processes: "bitx".
const pgLockKey = 0x62697478

var postgresMigrations = []string{
	// 1: the first schema (the same tables as SQLite's).
	`
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
	id    BIGSERIAL PRIMARY KEY,
	name  TEXT NOT NULL,
	added BIGINT NOT NULL
);
CREATE TABLE units (
	id         BIGSERIAL PRIMARY KEY,
	source_id  BIGINT NOT NULL REFERENCES sources(id),
	src_lang   TEXT NOT NULL,
	tgt_lang   TEXT NOT NULL,
	src        TEXT NOT NULL,
	tgt        TEXT NOT NULL,
	src_key    TEXT NOT NULL,
	tgt_key    TEXT NOT NULL,
	pair_hash  BIGINT NOT NULL,
	tuid       TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	props      TEXT NOT NULL DEFAULT '',
	confidence DOUBLE PRECISION,
	status     TEXT NOT NULL CHECK (status IN ('auto','confirmed','edited','rejected')),
	created    BIGINT NOT NULL,
	changed    BIGINT NOT NULL
);
CREATE INDEX units_pair ON units(pair_hash);
CREATE INDEX units_changed ON units(changed, id);
CREATE INDEX units_source ON units(source_id);
CREATE TABLE postings (h BIGINT NOT NULL, seg BIGINT NOT NULL, refs BYTEA NOT NULL, PRIMARY KEY (h, seg));
CREATE TABLE df (h BIGINT PRIMARY KEY, n BIGINT NOT NULL);
CREATE TABLE pairs (src TEXT NOT NULL, tgt TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (src, tgt));
INSERT INTO meta(key, value) VALUES ('application', 'bitext translation memory');
`,
	// 2: the concordance index (stop words, numbers and trigrams in
	// postings), built by the store on open (see reindexMeta).
	migration2,
}

type pgBackend struct {
	loc string // the URL without password, for messages
	db  *sql.DB
}

func redact(loc string) string {
	u, err := url.Parse(loc)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

func openPostgres(ctx context.Context, loc string, opts Options) (backend, error) {
	db, err := sql.Open("pgx", loc)
	if err != nil {
		return nil, fmt.Errorf("tm: %s: %w", redact(loc), err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	b := &pgBackend{loc: redact(loc), db: db}
	if err := b.migrate(ctx, opts); err != nil {
		db.Close()
		return nil, err
	}
	return b, nil
}

func (b *pgBackend) migrate(ctx context.Context, opts Options) error {
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("tm: %s: %w", b.loc, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", pgLockKey); err != nil {
		return fmt.Errorf("tm: %s: %w", b.loc, err)
	}
	var hasMeta, hasUnits bool
	if err := tx.QueryRowContext(ctx, "SELECT to_regclass('meta') IS NOT NULL, to_regclass('units') IS NOT NULL").Scan(&hasMeta, &hasUnits); err != nil {
		return fmt.Errorf("tm: %s: %w", b.loc, err)
	}
	ver := 0
	if hasMeta {
		var app, v string
		err := tx.QueryRowContext(ctx, "SELECT (SELECT value FROM meta WHERE key = 'application'), COALESCE((SELECT value FROM meta WHERE key = 'schema_version'), '0')").Scan(&app, &v)
		if err != nil || app != "bitext translation memory" {
			return fmt.Errorf("%w: %s has a meta table of another program (left untouched)", ErrNotTM, b.loc)
		}
		if ver, err = strconv.Atoi(v); err != nil {
			return fmt.Errorf("%w: %s: schema version %q", ErrNotTM, b.loc, v)
		}
	} else if hasUnits {
		return fmt.Errorf("%w: %s has a units table but no bitext meta (left untouched)", ErrNotTM, b.loc)
	}
	if ver > SchemaVersion {
		return fmt.Errorf("%w: %s has schema %d, this bitext knows %d: upgrade bitext", ErrNewerSchema, b.loc, ver, SchemaVersion)
	}
	if ver == SchemaVersion {
		return nil
	}
	if ver == 0 && !opts.Create {
		return fmt.Errorf("%w: %s has no bitext memory (import something first)", ErrNotFound, b.loc)
	}
	for v := ver + 1; v <= SchemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, postgresMigrations[v-1]); err != nil {
			return fmt.Errorf("tm: %s: migrating to schema %d: %w", b.loc, v, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('schema_version', $1)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(SchemaVersion)); err != nil {
		return fmt.Errorf("tm: %s: %w", b.loc, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("tm: %s: %w", b.loc, err)
	}
	return nil
}

func (b *pgBackend) close() error { return b.db.Close() }

func (b *pgBackend) stats(ctx context.Context, s *Stats) error {
	s.Backend, s.Location = "postgres", b.loc
	var size int64
	if err := b.db.QueryRowContext(ctx, "SELECT pg_database_size(current_database())").Scan(&size); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("tm: %w", err)
	}
	s.SizeBytes = size
	return nil
}

func (b *pgBackend) read(ctx context.Context) (reader, error) {
	tx, err := b.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	return &sqlTx{ctx: ctx, tx: tx, d: postgresDialect}, nil
}

func (b *pgBackend) write(ctx context.Context) (writer, error) {
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("tm: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", pgLockKey); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("tm: %w", err)
	}
	return &sqlTx{ctx: ctx, tx: tx, d: postgresDialect}, nil
}
