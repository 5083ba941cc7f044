// Package tmx reads and writes TMX 1.4b translation memories.
package tmx
