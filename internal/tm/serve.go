package tm

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// shutdownGrace is how long Serve lets in-flight requests (an import)
// finish once ctx ends.
const shutdownGrace = 30 * time.Second

// Serve serves h on ln until ctx ends, then shuts down gracefully:
// in-flight requests get shutdownGrace to finish. The timeouts allow a
// large import body and a large export.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Minute, // a large import body
		WriteTimeout:      10 * time.Minute, // a large export
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("tm serve: shutdown: %w", err)
	}
	return nil
}
