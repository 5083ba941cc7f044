package main

import (
	"github.com/urfave/cli/v2"
)

// globalFlags are the flags accepted before any command. They configure
// fetching (internal/fetch): cache, offline use, timeouts.
func globalFlags() []cli.Flag {
	return []cli.Flag{}
}
