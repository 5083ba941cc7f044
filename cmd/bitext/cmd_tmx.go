package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func tmxCommand() *cli.Command {
	return &cli.Command{
		Name:  "tmx",
		Usage: "not yet implemented",
		Action: func(c *cli.Context) error {
			return errors.New("tmx: not implemented yet")
		},
	}
}
