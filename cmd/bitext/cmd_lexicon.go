package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func lexiconCommand() *cli.Command {
	return &cli.Command{
		Name:  "lexicon",
		Usage: "not yet implemented",
		Action: func(c *cli.Context) error {
			return errors.New("lexicon: not implemented yet")
		},
	}
}
