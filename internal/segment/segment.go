// Package segment splits paragraphs into sentences.
package segment
