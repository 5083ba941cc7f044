package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func coverageCommand() *cli.Command {
	return &cli.Command{
		Name:  "coverage",
		Usage: "not yet implemented",
		Action: func(c *cli.Context) error {
			return errors.New("coverage: not implemented yet")
		},
	}
}
