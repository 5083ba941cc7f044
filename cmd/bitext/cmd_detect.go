package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func detectCommand() *cli.Command {
	return &cli.Command{
		Name:  "detect",
		Usage: "not yet implemented",
		Action: func(c *cli.Context) error {
			return errors.New("detect: not implemented yet")
		},
	}
}
