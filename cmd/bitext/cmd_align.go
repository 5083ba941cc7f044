package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func alignCommand() *cli.Command {
	return &cli.Command{
		Name:  "align",
		Usage: "not yet implemented",
		Action: func(c *cli.Context) error {
			return errors.New("align: not implemented yet")
		},
	}
}
