package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func fetchCommand() *cli.Command {
	return &cli.Command{
		Name:  "fetch",
		Usage: "not yet implemented",
		Action: func(c *cli.Context) error {
			return errors.New("fetch: not implemented yet")
		},
	}
}
