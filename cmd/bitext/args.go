package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// permuteArgs moves a command's flags in front of its positional arguments,
// so that "bitext align seed.txt -o out.tmx" works like
// "bitext align -o out.tmx seed.txt" (urfave/cli stops parsing flags at the
// first positional argument). "--" ends flag processing as usual.
func permuteArgs(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out := []string{args[0]}
	i := 1
	// Global flags, up to the command name.
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "-" {
		out = append(out, args[i])
		if takesValue(app.Flags, args[i]) && !strings.Contains(args[i], "=") && i+1 < len(args) {
			out = append(out, args[i+1])
			i++
		}
		i++
	}
	if i >= len(args) {
		return out
	}
	path := len(out) // where the command path starts in out
	cmd, out, i := descend(app, args, out, i)
	if cmd == nil {
		return append(out, args[i:]...)
	}
	var global, flags, pos []string
	for ; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i:]...)
			i = len(args)
		case strings.HasPrefix(a, "-") && a != "-":
			// A global flag after the command moves in front of it, unless
			// the command has a flag of the same name.
			dst, set := &flags, cmd.Flags
			if !hasFlag(cmd.Flags, a) && hasFlag(app.Flags, a) {
				dst, set = &global, app.Flags
			}
			*dst = append(*dst, a)
			if takesValue(set, a) && !strings.Contains(a, "=") && i+1 < len(args) {
				*dst = append(*dst, args[i+1])
				i++
			}
		default:
			pos = append(pos, a)
		}
	}
	if len(global) > 0 {
		// out is [prog, globals..., command path...]: insert before the path.
		out = append(out[:path:path], append(global, out[path:]...)...)
	}
	out = append(out, flags...)
	return append(out, pos...)
}

// descend appends the command named by args[i] and its subcommands
// ("tmx validate") to out, passing over the flags of a command with
// subcommands ("tm --tm x.db concord"), which stay where they are. It
// returns the innermost command (nil if args[i] names none), out, and the
// index of the first argument after the path.
func descend(app *cli.App, args, out []string, i int) (*cli.Command, []string, int) {
	cmd := app.Command(args[i])
	out = append(out, args[i])
	i++
	for cmd != nil && len(cmd.Subcommands) > 0 && i < len(args) {
		if a := args[i]; strings.HasPrefix(a, "-") && a != "-" && a != "--" && hasFlag(cmd.Flags, a) {
			out = append(out, a)
			if takesValue(cmd.Flags, a) && !strings.Contains(a, "=") && i+1 < len(args) {
				out = append(out, args[i+1])
				i++
			}
			i++
			continue
		}
		sub := cmd.Command(args[i])
		if sub == nil {
			break
		}
		out = append(out, args[i])
		cmd, i = sub, i+1
	}
	return cmd, out, i
}

func hasFlag(flags []cli.Flag, arg string) bool {
	name := flagName(arg)
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

func flagName(arg string) string {
	name := strings.TrimLeft(arg, "-")
	if k := strings.IndexByte(name, '='); k >= 0 {
		name = name[:k]
	}
	return name
}

// takesValue reports whether arg names a flag in flags that needs a value.
func takesValue(flags []cli.Flag, arg string) bool {
	name := flagName(arg)
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				if d, ok := f.(cli.DocGenerationFlag); ok {
					return d.TakesValue()
				}
				return false
			}
		}
	}
	return false
}
