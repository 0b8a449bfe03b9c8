// kpl-registry: a stand-in for Docker Hub on this machine, for `npm run bench:up` and the kind suite's smoke test.
// A real OCI distribution server (go-containerregistry's pkg/registry, in memory) whose blob downloads share one
// bandwidth cap, like one laptop's link, and which logs one line per request.
//
//	kpl-registry serve [--addr :5000] [--bandwidth 100mbit] [--log FILE]
//	kpl-registry push --registry HOST:PORT --from DOCKER_ARCHIVE --as REF --pad-to BYTES
//	kpl-registry summary --registry HOST:PORT
//
// serve: GET of a blob is throttled by a token bucket over the whole server (--bandwidth: N[k|m|g]bit, or 0 for
// none); every request is logged to stderr (and --log FILE) as
//
//	kpl-registry: METHOD PATH STATUS BYTES B MS ms ua="USER-AGENT"
//
// and each tag pushed is added to the summary (GET /kpl/summary), which is also logged:
//
//	simulated Docker Hub: docker.io/library/nginx:alpine 26.3 MB, ...; blob downloads capped at 100 Mbit/s, shared
//
// push: the image of a `docker save` archive (one image) under REF's repository and tag on the registry, its layers
// recompressed (gzip, the reference in the gzip header, so two references never share a blob as the real images do
// not) plus one layer of random bytes that brings the sum of the compressed layers to exactly --pad-to bytes: the
// real image's compressed size (README.md says where each figure comes from).
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:])
	case "push":
		err = push(os.Args[2:])
	case "summary":
		err = summary(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "kpl-registry %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage: kpl-registry serve [--addr :5000] [--bandwidth 100mbit] [--log FILE]
       kpl-registry push --registry HOST:PORT --from DOCKER_ARCHIVE --as REF --pad-to BYTES
       kpl-registry summary --registry HOST:PORT`)
	os.Exit(2)
}

// ---- bandwidth ----

// parseBandwidth reads "100mbit", "1.5gbit", "800kbit", "12500000bit" (decimal units, as link speeds are quoted) or
// "0" (no cap) and returns bytes per second.
func parseBandwidth(s string) (float64, error) {
	m := regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)([kmg]?)bit$`).FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if s == "0" {
		return 0, nil
	}
	if m == nil {
		return 0, fmt.Errorf("bandwidth %q: want N[k|m|g]bit, e.g. 100mbit, or 0 for none", s)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	v *= map[string]float64{"": 1, "k": 1e3, "m": 1e6, "g": 1e9}[m[2]]
	if v <= 0 {
		return 0, fmt.Errorf("bandwidth %q: must be more than 0 (or 0 for none)", s)
	}
	return v / 8, nil
}

func formatBandwidth(bytesPerSecond float64) string {
	if bytesPerSecond <= 0 {
		return "not capped"
	}
	bits := bytesPerSecond * 8
	switch {
	case bits >= 1e9:
		return fmt.Sprintf("capped at %g Gbit/s", bits/1e9)
	case bits >= 1e6:
		return fmt.Sprintf("capped at %g Mbit/s", bits/1e6)
	default:
		return fmt.Sprintf("capped at %g kbit/s", bits/1e3)
	}
}

// limiter is a token bucket over the whole server: each chunk reserves its slot on one timeline, so concurrent
// downloads share the rate (their sum never exceeds it) the way pulls share one link. An idle link saves at most
// `burst` of credit.
type limiter struct {
	mu    sync.Mutex
	rate  float64 // bytes per second; 0: no cap
	next  time.Time
	burst time.Duration
}

func (l *limiter) wait(n int) {
	if l.rate <= 0 {
		return
	}
	l.mu.Lock()
	now := time.Now()
	if l.next.Before(now.Add(-l.burst)) {
		l.next = now.Add(-l.burst)
	}
	l.next = l.next.Add(time.Duration(float64(n) / l.rate * float64(time.Second)))
	d := l.next.Sub(now)
	l.mu.Unlock()
	if d > 0 {
		time.Sleep(d)
	}
}

const chunk = 32 << 10

// recorder counts the bytes of a response, throttling them when lim is set.
type recorder struct {
	http.ResponseWriter
	lim    *limiter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	written := 0
	for len(p) > 0 {
		c := min(len(p), chunk)
		if r.lim != nil {
			r.lim.wait(c)
		}
		n, err := r.ResponseWriter.Write(p[:c])
		written += n
		r.bytes += int64(n)
		if err != nil {
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

// ---- serve ----

var manifestPath = regexp.MustCompile(`^/v2/(.+)/manifests/([^/]+)$`)

type server struct {
	registry  http.Handler
	lim       *limiter
	logger    *log.Logger
	mu        sync.Mutex
	images    map[string]int64 // docker.io/REPO:TAG → sum of its compressed layers
	bandwidth float64
}

func (s *server) summaryLine() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	refs := make([]string, 0, len(s.images))
	for ref := range s.images {
		refs = append(refs, ref)
	}
	sort.Strings(refs)
	parts := make([]string, 0, len(refs))
	for _, ref := range refs {
		parts = append(parts, fmt.Sprintf("%s %.1f MB", ref, float64(s.images[ref])/1e6))
	}
	if len(parts) == 0 {
		parts = append(parts, "no images yet")
	}
	return fmt.Sprintf("simulated Docker Hub: %s; blob downloads %s, shared by all pulls", strings.Join(parts, ", "), formatBandwidth(s.bandwidth))
}

func (s *server) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w}
	if req.Method == http.MethodGet && strings.Contains(req.URL.Path, "/blobs/sha256:") {
		rec.lim = s.lim
	}
	var body *bytes.Buffer
	m := manifestPath.FindStringSubmatch(req.URL.Path)
	if req.Method == http.MethodPut && m != nil && !strings.HasPrefix(m[2], "sha256:") {
		body = &bytes.Buffer{}
		req.Body = io.NopCloser(io.TeeReader(req.Body, body))
	}
	if req.URL.Path == "/kpl/summary" {
		_, _ = io.WriteString(rec, s.summaryLine()+"\n")
	} else {
		s.registry.ServeHTTP(rec, req)
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	s.logger.Printf("kpl-registry: %s %s %d %d B %d ms ua=%q", req.Method, req.URL.RequestURI(), rec.status, rec.bytes,
		time.Since(start).Milliseconds(), req.UserAgent())
	if body != nil && rec.status == http.StatusCreated {
		var mf v1.Manifest
		if json.Unmarshal(body.Bytes(), &mf) == nil && len(mf.Layers) > 0 {
			var total int64
			for _, l := range mf.Layers {
				total += l.Size
			}
			s.mu.Lock()
			s.images["docker.io/"+m[1]+":"+m[2]] = total
			s.mu.Unlock()
			s.logger.Print(s.summaryLine())
		}
	}
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := fs.String("addr", ":5000", "listen address")
	bw := fs.String("bandwidth", "100mbit", "cap on blob downloads, shared by all clients: N[k|m|g]bit, or 0 for none")
	logFile := fs.String("log", "", "also append the request log to this file")
	_ = fs.Parse(args)
	rate, err := parseBandwidth(*bw)
	if err != nil {
		return err
	}
	var out io.Writer = os.Stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		out = io.MultiWriter(os.Stderr, f)
	}
	s := &server{
		registry:  registry.New(registry.Logger(log.New(io.Discard, "", 0))),
		lim:       &limiter{rate: rate, burst: 50 * time.Millisecond},
		logger:    log.New(out, "", log.LstdFlags|log.Lmicroseconds),
		images:    map[string]int64{},
		bandwidth: rate,
	}
	s.logger.Printf("kpl-registry: serving the OCI distribution API on %s (go-containerregistry pkg/registry, in memory); blob downloads %s, shared by all pulls", *addr, formatBandwidth(rate))
	srv := &http.Server{Addr: *addr, Handler: s, ReadHeaderTimeout: 30 * time.Second}
	return srv.ListenAndServe()
}

// ---- push ----

// memLayer is a gzip layer held in memory, with its digests computed as it was written.
type memLayer struct {
	compressed []byte
	digest     v1.Hash
	diffID     v1.Hash
}

func (l *memLayer) Digest() (v1.Hash, error) { return l.digest, nil }
func (l *memLayer) DiffID() (v1.Hash, error) { return l.diffID, nil }
func (l *memLayer) Size() (int64, error)     { return int64(len(l.compressed)), nil }
func (l *memLayer) MediaType() (types.MediaType, error) {
	return types.DockerLayer, nil
}
func (l *memLayer) Compressed() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(l.compressed)), nil
}
func (l *memLayer) Uncompressed() (io.ReadCloser, error) {
	return gzip.NewReader(bytes.NewReader(l.compressed))
}

func sum(h hash.Hash) v1.Hash {
	return v1.Hash{Algorithm: "sha256", Hex: fmt.Sprintf("%x", h.Sum(nil))}
}

// extraField is a gzip header's FEXTRA holding one RFC 1952 subfield ("KP", data).
func extraField(data []byte) []byte {
	out := []byte{'K', 'P', 0, 0}
	binary.LittleEndian.PutUint16(out[2:], uint16(len(data)))
	return append(out, data...)
}

// gzipLayer compresses the tar stream `write` produces; `extra` goes into the gzip header.
func gzipLayer(level int, extra []byte, write func(io.Writer) error) (*memLayer, error) {
	var buf bytes.Buffer
	digest, diffID := sha256.New(), sha256.New()
	zw, err := gzip.NewWriterLevel(io.MultiWriter(&buf, digest), level)
	if err != nil {
		return nil, err
	}
	zw.Header.Extra = extra
	zw.Header.OS = 255 // unknown, as Go's writer does by default; fixed so digests repeat
	if err := write(io.MultiWriter(zw, diffID)); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return &memLayer{compressed: buf.Bytes(), digest: sum(digest), diffID: sum(diffID)}, nil
}

// padTar writes a tar with one file of n random bytes (deterministic for a seed) at /.kpl-registry-padding.
func padTar(w io.Writer, n int64, seed string) error {
	tw := tar.NewWriter(w)
	if err := tw.WriteHeader(&tar.Header{Name: ".kpl-registry-padding", Mode: 0o644, Size: n, Typeflag: tar.TypeReg,
		ModTime: time.Unix(0, 0), Format: tar.FormatPAX}); err != nil {
		return err
	}
	rng := rand.NewChaCha8(sha256.Sum256([]byte(seed)))
	buf := make([]byte, 1<<20)
	for n > 0 {
		c := min(n, int64(len(buf)))
		_, _ = rng.Read(buf[:c])
		if _, err := tw.Write(buf[:c]); err != nil {
			return err
		}
		n -= c
	}
	return tw.Close()
}

// storedSize is the length of padTar's layer for the same n without writing it: a stored (level 0) gzip stream's
// length does not depend on the bytes, so zeros stand in for the random ones.
func storedSize(n int64, extra []byte) (int64, error) {
	cw := &countWriter{}
	zw, _ := gzip.NewWriterLevel(cw, gzip.NoCompression)
	zw.Header.Extra = extra
	zw.Header.OS = 255
	tw := tar.NewWriter(zw)
	if err := tw.WriteHeader(&tar.Header{Name: ".kpl-registry-padding", Mode: 0o644, Size: n, Typeflag: tar.TypeReg,
		ModTime: time.Unix(0, 0), Format: tar.FormatPAX}); err != nil {
		return 0, err
	}
	zeros := make([]byte, 1<<20)
	for left := n; left > 0; {
		c := min(left, int64(len(zeros)))
		if _, err := tw.Write(zeros[:c]); err != nil {
			return 0, err
		}
		left -= c
	}
	if err := tw.Close(); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return cw.n, nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// padLayer is a layer of incompressible bytes whose compressed blob is exactly `size` bytes: the tar's file is sized
// to land within a few hundred bytes below, and a gzip header extra field takes up the rest.
func padLayer(size int64, seed string) (*memLayer, error) {
	const minimum = 4096
	if size < minimum {
		return nil, fmt.Errorf("the padding layer would be %d bytes; it needs at least %d (the stand-in is too close to, or above, the real size)", size, minimum)
	}
	n := size - 2048 // tar header, tar end, gzip header and trailer, stored-block headers (5 B per 64 KiB)
	n -= (n / 65535) * 5
	var got int64
	for i := 0; ; i++ {
		s, err := storedSize(n, nil)
		if err != nil {
			return nil, err
		}
		gap := size - s // bytes the extra field must add: 2 (XLEN) + 4 (subfield header) + data
		if gap >= 6 && gap <= 6+65000 {
			extra := extraField(bytes.Repeat([]byte{'p'}, int(gap-6)))
			l, err := gzipLayer(gzip.NoCompression, extra, func(w io.Writer) error { return padTar(w, n, seed) })
			if err != nil {
				return nil, err
			}
			got = int64(len(l.compressed))
			if got != size {
				return nil, fmt.Errorf("padding layer came out %d bytes, not %d", got, size)
			}
			return l, nil
		}
		if i > 8 {
			return nil, fmt.Errorf("cannot size the padding layer to %d bytes (last try %d)", size, s)
		}
		n += gap - 600
	}
}

func push(args []string) error {
	fs := flag.NewFlagSet("push", flag.ExitOnError)
	reg := fs.String("registry", "", "registry host:port (plain HTTP)")
	from := fs.String("from", "", "`docker save` archive holding one image")
	as := fs.String("as", "", "the Docker Hub reference to push it as, e.g. docker.io/library/nginx:alpine")
	padTo := fs.Int64("pad-to", 0, "the sum of the compressed layers, in bytes (0: no padding layer)")
	_ = fs.Parse(args)
	if *reg == "" || *from == "" || *as == "" {
		return errors.New("--registry, --from and --as are required")
	}
	ref, err := name.NewTag(*as)
	if err != nil {
		return err
	}
	if ref.RegistryStr() != name.DefaultRegistry {
		return fmt.Errorf("%s: only Docker Hub references (docker.io/...) are simulated", *as)
	}
	target, err := name.NewTag(fmt.Sprintf("%s/%s:%s", *reg, ref.RepositoryStr(), ref.TagStr()), name.Insecure)
	if err != nil {
		return err
	}
	base, err := tarball.ImageFromPath(*from, nil)
	if err != nil {
		return fmt.Errorf("reading %s: %w", *from, err)
	}
	cfg, err := base.ConfigFile()
	if err != nil {
		return err
	}
	layers, err := base.Layers()
	if err != nil {
		return err
	}
	cfg = cfg.DeepCopy()
	cfg.RootFS.DiffIDs = nil
	cfg.History = nil
	img, err := mutate.ConfigFile(empty.Image, cfg)
	if err != nil {
		return err
	}
	// the stand-in's layers, recompressed with the reference in the gzip header: two references never share a blob
	marker := extraField([]byte("kpl-registry " + *as))
	var adds []mutate.Addendum
	var total int64
	for i, l := range layers {
		ml, err := gzipLayer(gzip.BestSpeed, marker, func(w io.Writer) error {
			rc, err := l.Uncompressed()
			if err != nil {
				return err
			}
			defer rc.Close()
			_, err = io.Copy(w, rc)
			return err
		})
		if err != nil {
			return fmt.Errorf("layer %d of %s: %w", i+1, *from, err)
		}
		total += int64(len(ml.compressed))
		adds = append(adds, mutate.Addendum{Layer: ml, History: v1.History{Created: cfg.Created,
			CreatedBy: fmt.Sprintf("kpl-registry: layer %d of the offline stand-in for %s", i+1, *as)}})
	}
	standIn := total
	if *padTo > 0 {
		pl, err := padLayer(*padTo-total, *as)
		if err != nil {
			return fmt.Errorf("%s: stand-in layers %d bytes, real size %d: %w", *as, total, *padTo, err)
		}
		total += int64(len(pl.compressed))
		adds = append(adds, mutate.Addendum{Layer: pl, History: v1.History{Created: cfg.Created,
			CreatedBy: fmt.Sprintf("kpl-registry: random bytes padding %s to the real image's compressed size, %d bytes", *as, *padTo)}})
	}
	img, err = mutate.Append(img, adds...)
	if err != nil {
		return err
	}
	img = mutate.MediaType(img, types.DockerManifestSchema2)
	if err := remote.Write(target, img); err != nil {
		return fmt.Errorf("pushing %s to %s: %w", *as, target.Name(), err)
	}
	digest, err := img.Digest()
	if err != nil {
		return err
	}
	fmt.Printf("pushed %s (%s) as %s: %d layers, %d bytes compressed (stand-in %d + padding %d)\n",
		*as, *from, digest, len(adds), total, standIn, total-standIn)
	return nil
}

// ---- summary ----

func summary(args []string) error {
	fs := flag.NewFlagSet("summary", flag.ExitOnError)
	reg := fs.String("registry", "", "registry host:port")
	_ = fs.Parse(args)
	if *reg == "" {
		return errors.New("--registry is required")
	}
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get("http://" + *reg + "/kpl/summary")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /kpl/summary: %s", resp.Status)
	}
	fmt.Print(string(b))
	return nil
}
