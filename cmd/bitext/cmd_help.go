package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
)

// helpCommand answers "bitext help" and "bitext help align" (urfave/cli's
// own help command was hidden, and "bitext help" said "No help topic for
// 'help'"): it shows the help of the command path it is given.
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Usage:     "show the help of bitext or of a command (bitext help tmx merge)",
		ArgsUsage: "[COMMAND [SUBCOMMAND]]",
		Action: func(c *cli.Context) error {
			args := c.Args().Slice()
			cmds := c.App.Commands
			var cmd *cli.Command
			for _, a := range args {
				var next *cli.Command
				for _, k := range cmds {
					if k.HasName(a) {
						next = k
					}
				}
				if next == nil {
					return usageErrorf("help: no command %q", a)
				}
				cmd, cmds = next, next.Subcommands
			}
			if cmd == nil {
				return cli.ShowAppHelp(c)
			}
			// the command's own --help renders its flags and subcommands
			return c.App.RunContext(c.Context, append(append([]string{c.App.Name}, args...), "--help"))
		},
	}
}

// completionCommand prints a shell completion script; the scripts call
// bitext with urfave/cli's --generate-bash-completion flag.
func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash, zsh or fish)",
		ArgsUsage: "bash|zsh|fish",
		Description: "Install, for example:\n" +
			"  bitext completion bash > ~/.local/share/bash-completion/completions/bitext\n" +
			"  bitext completion zsh > \"${fpath[1]}/_bitext\"\n" +
			"  bitext completion fish > ~/.config/fish/completions/bitext.fish",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageErrorf("completion: want one of bash, zsh, fish, got %d arguments", c.NArg())
			}
			return writeCompletion(c.App, c.Args().First(), c.App.Writer)
		},
	}
}

func writeCompletion(app *cli.App, shell string, w io.Writer) error {
	switch shell {
	case "bash":
		_, err := io.WriteString(w, bashCompletion)
		return err
	case "zsh":
		_, err := io.WriteString(w, zshCompletion)
		return err
	case "fish":
		s, err := app.ToFishCompletion()
		if err != nil {
			return fmt.Errorf("fish completion: %w", err)
		}
		_, err = io.WriteString(w, s)
		return err
	}
	return usageErrorf("completion: unknown shell %q (want bash, zsh or fish)", shell)
}

const bashCompletion = `# bash completion for bitext (bitext completion bash)
_bitext() {
	local cur words
	cur="${COMP_WORDS[COMP_CWORD]}"
	words=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
	if [[ "$cur" == -* ]]; then
		words+=("$cur")
	fi
	COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "${words[@]}" --generate-bash-completion 2>/dev/null)" -- "$cur"))
}
complete -o bashdefault -o default -F _bitext bitext
`

const zshCompletion = `#compdef bitext
# zsh completion for bitext (bitext completion zsh)
_bitext() {
	local -a opts args
	args=("${words[@]:1:$((CURRENT-2))}")
	[[ "${words[CURRENT]}" == -* ]] && args+=("${words[CURRENT]}")
	opts=("${(@f)$(${words[1]} "${args[@]}" --generate-bash-completion 2>/dev/null)}")
	if [[ -n "${opts[1]}" ]]; then
		_describe 'bitext' opts
	else
		_files
	fi
}
compdef _bitext bitext
`

// manCommand prints the man page urfave/cli renders from the command tree.
func manCommand() *cli.Command {
	return &cli.Command{
		Name:        "man",
		Usage:       "print the bitext(1) man page (roff)",
		Description: "Install, for example: bitext man > ~/.local/share/man/man1/bitext.1",
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageErrorf("man takes no arguments, got %d", c.NArg())
			}
			s, err := c.App.ToManWithSection(1)
			if err != nil {
				return fmt.Errorf("man page: %w", err)
			}
			_, err = io.WriteString(c.App.Writer, s)
			return err
		},
	}
}
