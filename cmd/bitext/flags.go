package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bitext/bitext/internal/pipeline"
)

// globalFlags are the flags accepted before any command. They configure
// fetching (internal/fetch): cache, offline use, timeouts. They apply to
// every command that reads a URL (align, detect, coverage, fetch) and must
// come before the command name ("bitext --offline align URL"); fetch also
// accepts --offline and --refresh after its name.
func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "cache-dir", EnvVars: []string{"BITEXT_CACHE_DIR"},
			Usage: "HTTP cache `DIR` (default: the user cache directory + /bitext/http)"},
		&cli.BoolFlag{Name: "offline", Usage: "fetch nothing: serve pages from the cache only"},
		&cli.BoolFlag{Name: "refresh", Usage: "revalidate cached pages with the server (ETag/Last-Modified)"},
		&cli.DurationFlag{Name: "timeout", Value: pipeline.DefaultTimeout, Usage: "time limit for one HTTP request"},
		&cli.StringFlag{Name: "user-agent", Usage: "HTTP User-Agent (default: bitext/VERSION)"},
		&cli.BoolFlag{Name: "allow-private", Usage: "let links found in documents reach loopback and private addresses"},
		&cli.StringFlag{Name: "max-body", Value: "20MB", Usage: "largest page to accept, after decompression (`SIZE`: bytes, KB, MB)"},
		&cli.StringFlag{Name: "word-lists", Value: pipeline.SystemWordLists,
			Usage: "spelling word lists (`DIR`: american-english, french, ...) for detecting short Latin-script segments; \"none\" for none"},
	}
}

// anyBool reports whether a boolean flag is set on the command or any
// parent context (so "--offline" works globally and after "fetch").
func anyBool(c *cli.Context, name string) bool {
	for _, cc := range c.Lineage() {
		if cc.Bool(name) {
			return true
		}
	}
	return false
}

// parseSize parses "20MB", "512KB", "1048576".
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suf string
		m   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suf) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suf)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}

const clientKey = "bitext.fetchClient"

// fetchClient returns the HTTP client configured by the global flags. It
// is built once per run and shared, so politeness limits hold across
// commands' fetches.
func fetchClient(c *cli.Context) (*pipeline.FetchClient, error) {
	if cl, ok := c.App.Metadata[clientKey].(*pipeline.FetchClient); ok {
		return cl, nil
	}
	maxBody, err := parseSize(c.String("max-body"))
	if err != nil {
		return nil, usageErrorf("--max-body: %v", err)
	}
	dir := c.String("cache-dir")
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("no cache directory (%v); give one with --cache-dir", err)
		}
		dir = filepath.Join(base, "bitext", "http")
	}
	offline, refresh := anyBool(c, "offline"), anyBool(c, "refresh")
	if offline && refresh {
		return nil, usageErrorf("--offline and --refresh exclude each other")
	}
	ua := c.String("user-agent")
	if ua == "" {
		ua = "bitext/" + version + " (+https://github.com/bitext/bitext; translation-memory builder)"
	}
	timeout := c.Duration("timeout")
	if timeout <= 0 {
		timeout = pipeline.DefaultTimeout
	}
	cl := &pipeline.FetchClient{
		CacheDir:     dir,
		Offline:      offline,
		Refresh:      refresh,
		Timeout:      timeout,
		UserAgent:    ua,
		AllowPrivate: anyBool(c, "allow-private"),
		MaxBody:      maxBody,
	}
	if c.App.Metadata == nil {
		c.App.Metadata = map[string]any{}
	}
	c.App.Metadata[clientKey] = cl
	return cl, nil
}
