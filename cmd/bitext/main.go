// Command bitext turns a translated article and its original into a
// translation memory: it reads documents, detects languages, fetches the
// original, segments, aligns and writes TMX, TSV or JSON.
//
// Exit codes (decided in exitCode, the only place that maps errors to codes):
//
//	0  success
//	1  runtime failure (unreadable input, network, I/O), or interrupted by
//	   SIGINT or SIGTERM (an output not complete by then is not written;
//	   see signal.go)
//	2  usage error (bad flags or arguments)
//	3  the command ran and found problems (tmx validate, coverage below --min-coverage)
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bitext/bitext/internal/termsafe"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	ctx, stop := notifyContext(os.Stderr) // SIGINT and SIGTERM alike
	code := interruptedCode(ctx, run(ctx, os.Args, os.Stdout, os.Stderr), os.Stderr)
	stop()
	os.Exit(code)
}

// run runs bitext with the given arguments (args[0] is the program name)
// and returns the exit status. Tests call it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	return report(stderr, app.RunContext(ctx, permuteArgs(app, args)))
}

// newApp builds the command tree. Output goes to the injected writers so
// tests can run commands in-process.
func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:    "bitext",
		Usage:   "align a translated article with its original and write translation memory",
		Version: version,
		Description: "Flags may come before or after the positional arguments.\n\n" +
			"Exit codes: 0 success; 1 runtime failure, or interrupted by SIGINT or SIGTERM\n" +
			"(an output not complete by then is not written); 2 usage error; 3 problems\n" +
			"found (tmx validate findings, coverage below --min-coverage).\n\n" +
			"Dictionaries for the detected language pair are used automatically from\n" +
			"$BITEXT_DICT_DIR (a list like $PATH), $XDG_DATA_HOME/bitext/dict,\n" +
			"/usr/local/share/bitext/dict, /usr/share/bitext/dict and /usr/share/dictd\n" +
			"(FreeDict; CC-CEDICT via scripts/get-cedict.sh). Their built lexicons are\n" +
			"cached in the user cache directory + /bitext/lexicon; BITEXT_LEXICON_CACHE\n" +
			"moves the cache, or turns it off with \"off\".",
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		Flags:           globalFlags(),
		Commands: []*cli.Command{
			alignCommand(),
			detectCommand(),
			fetchCommand(),
			coverageCommand(),
			evalCommand(),
			tmxCommand(),
			lexiconCommand(),
			batchCommand(),
			tmCommand(),
			reviewCommand(),
			srxCommand(),
			helpCommand(),
			completionCommand(),
			manCommand(),
		},
		EnableBashCompletion: true,
		Before: func(c *cli.Context) error {
			c.Context = context.WithValue(c.Context, sinkKey{}, &lexiconSink{})
			if c.Bool("quiet") {
				c.Context = context.WithValue(c.Context, quietKey{}, true)
			}
			return nil
		},
		ExitErrHandler: func(*cli.Context, error) {}, // exit codes are decided in report
		OnUsageError:   onUsageError,
		Action:         unknownCommand,
	}
	for _, c := range app.Commands {
		typedUsageErrors(c)
	}
	return app
}

// onUsageError makes urfave/cli's flag parsing errors (unknown flag,
// invalid value) usage errors.
func onUsageError(_ *cli.Context, err error, _ bool) error {
	return usageErrorf("%v", err)
}

// unknownCommand is the action of the app and of commands that only hold
// subcommands: help without arguments, else a usage error (urfave/cli
// would answer "No help topic" with its own exit code).
func unknownCommand(c *cli.Context) error {
	if c.Args().Present() {
		return usageErrorf("unknown command %q", c.Args().First())
	}
	if c.Command != nil && c.Command.Name != "" && len(c.Command.Subcommands) > 0 {
		return cli.ShowSubcommandHelp(c)
	}
	return cli.ShowAppHelp(c)
}

// typedUsageErrors makes every usage mistake in cmd and its subcommands a
// usageError at its source: flag parsing errors (OnUsageError), an
// unknown subcommand (unknownCommand), and missing required flags, which
// urfave/cli reports with an unexported error type: they are checked by a
// Before hook of ours instead (the flags stay marked required in help).
func typedUsageErrors(cmd *cli.Command) {
	if cmd.OnUsageError == nil {
		cmd.OnUsageError = onUsageError
	}
	if len(cmd.Subcommands) > 0 && cmd.Action == nil {
		cmd.Action = unknownCommand
	}
	var required []string
	for _, f := range cmd.Flags {
		if r, ok := f.(cli.RequiredFlag); ok && r.IsRequired() && unrequire(f) {
			required = append(required, f.Names()[0])
		}
	}
	if len(required) > 0 {
		before := cmd.Before
		cmd.Before = func(c *cli.Context) error {
			for _, name := range required {
				if !c.IsSet(name) {
					return usageErrorf("%s: required flag --%s not set", commandPath(c), name)
				}
			}
			if before != nil {
				return before(c)
			}
			return nil
		}
	}
	for _, sub := range cmd.Subcommands {
		typedUsageErrors(sub)
	}
}

// commandPath is the command's words, "tmx merge".
func commandPath(c *cli.Context) string {
	var words []string
	for _, cc := range c.Lineage() {
		if cc.Command != nil && cc.Command.Name != "" && cc.Command.Name != c.App.Name && (len(words) == 0 || words[0] != cc.Command.Name) {
			words = append([]string{cc.Command.Name}, words...)
		}
	}
	return strings.Join(words, " ")
}

// unrequire clears the Required field of the flag types bitext uses and
// says "(required)" in their usage, which urfave/cli's help does not; it
// reports false for other types (urfave/cli then checks them itself).
func unrequire(f cli.Flag) bool {
	var usage *string
	switch f := f.(type) {
	case *cli.StringFlag:
		f.Required, usage = false, &f.Usage
	case *cli.BoolFlag:
		f.Required, usage = false, &f.Usage
	case *cli.IntFlag:
		f.Required, usage = false, &f.Usage
	case *cli.Float64Flag:
		f.Required, usage = false, &f.Usage
	case *cli.DurationFlag:
		f.Required, usage = false, &f.Usage
	case *cli.StringSliceFlag:
		f.Required, usage = false, &f.Usage
	default:
		return false
	}
	if !strings.HasSuffix(*usage, "(required)") {
		*usage += " (required)"
	}
	return true
}

// report prints err (if any) and returns the process exit code.
func report(w io.Writer, err error) int {
	code := exitCode(err)
	if err != nil {
		fmt.Fprintf(w, "bitext: %s\n", termsafe.String(userMessage(err))) // errors quote inputs
	}
	return code
}

// pkgPrefix matches the "pkg: " prefixes library errors carry (style rule
// 10); they help a developer, not a user ("a.txt: doc: no paragraphs").
var pkgPrefix = regexp.MustCompile(`(^|: )(?:align|atomicfile|batch|bytesize|charset|coverage|dict|doc|eval|extract|fetch|langid|locale|pipeline|review|segment|srx|textnorm|tm|tmx|tmxtool|tsv|xliff): `)

// userMessage is err's message without internal package prefixes.
func userMessage(err error) string { return stripPrefixes(err.Error()) }

// stripPrefixes drops internal package prefixes from a message (an error
// or a library's warning).
func stripPrefixes(s string) string { return pkgPrefix.ReplaceAllString(s, "$1") }
