package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSchemaCopy: schema/ holds the record contract and its examples, so
// that they travel with the code. Its schema is JSON Schema, every example
// passes `rflmatch validate`, and the examples are those the tests read from
// testdata/. When the shared folder is beside the repository, every file of
// ../shared/schema must be here, byte for byte.
func TestSchemaCopy(t *testing.T) {
	const (
		dir      = "../../schema"
		shared   = "../../../shared/schema"
		examples = dir + "/examples.jsonl"
	)
	var schema struct {
		Schema     string         `json:"$schema"`
		Properties map[string]any `json:"properties"`
	}
	data, err := os.ReadFile(dir + "/record.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("%s/record.schema.json: %v", dir, err)
	}
	if !strings.Contains(schema.Schema, "json-schema.org") || len(schema.Properties) == 0 {
		t.Errorf("%s/record.schema.json: $schema %q and %d properties; want a JSON Schema of the record", dir, schema.Schema, len(schema.Properties))
	}

	if code, _, stderr := runCLI(t, nil, "validate", examples); code != 0 {
		t.Errorf("rflmatch validate %s: exit %d, want 0:\n%s", examples, code, stderr)
	}
	got, err := os.ReadFile(examples)
	if err != nil {
		t.Fatal(err)
	}
	inTestdata, err := os.ReadFile("../../testdata/schema-examples.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, inTestdata) {
		t.Errorf("%s differs from testdata/schema-examples.jsonl: the tests read the one, users the other", examples)
	}

	entries, err := os.ReadDir(shared)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is not beside the repository: the copy in schema/ cannot be compared with it", shared)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		want, err := os.ReadFile(filepath.Join(shared, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, e.Name()))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			t.Errorf("schema/%s is missing: from the repository root, cp ../shared/schema/%s schema/", e.Name(), e.Name())
		case err != nil:
			t.Fatal(err)
		case !bytes.Equal(got, want):
			t.Errorf("schema/%s differs from ../shared/schema/%s (%d bytes, want %d): from the repository root, cp ../shared/schema/%s schema/",
				e.Name(), e.Name(), len(got), len(want), e.Name())
		}
	}
}

// dockerStage is one stage of a Dockerfile: its FROM line's words and its
// instructions, each with its continuation lines joined and its keyword in
// upper case.
type dockerStage struct {
	from         []string
	instructions []dockerInstruction
}

type dockerInstruction struct {
	line    int
	keyword string
	args    string
}

// dockerStages parses a Dockerfile into stages: comments and blank lines
// dropped, lines ending in a backslash joined to the next. Instructions
// before the first FROM (ARG) go to a stage without a FROM.
func dockerStages(t *testing.T, text string) []dockerStage {
	t.Helper()
	stages := []dockerStage{{}}
	var joined strings.Builder
	start := 0
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if joined.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if joined.Len() == 0 {
			start = i + 1
		}
		if s, ok := strings.CutSuffix(trimmed, `\`); ok {
			joined.WriteString(s + " ")
			continue
		}
		joined.WriteString(trimmed)
		keyword, args, _ := strings.Cut(joined.String(), " ")
		joined.Reset()
		in := dockerInstruction{start, strings.ToUpper(keyword), strings.TrimSpace(args)}
		if in.keyword == "FROM" {
			stages = append(stages, dockerStage{from: strings.Fields(in.args)})
			continue
		}
		last := &stages[len(stages)-1]
		last.instructions = append(last.instructions, in)
	}
	if joined.Len() > 0 {
		t.Fatalf("Dockerfile: the last line ends in a backslash")
	}
	return stages
}

// TestDockerfile checks what the Dockerfile promises, as text: no Docker
// engine runs in the tests, so the image is never built here. A build stage
// compiles a static binary with the version stamped; the final stage copies
// it from there into an image without a shell (distroless static, or scratch
// with its own /etc/passwd), runs it as a user other than root, exposes the
// API's port and keeps the store in a volume.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	stages := dockerStages(t, string(data))[1:]
	if len(stages) < 2 {
		t.Fatalf("Dockerfile: %d stages, want a build stage and a final one", len(stages))
	}
	build, final := stages[:len(stages)-1], stages[len(stages)-1]

	// The build.
	var names []string
	static := false
	for _, s := range build {
		if len(s.from) == 3 && strings.EqualFold(s.from[1], "AS") {
			names = append(names, s.from[2])
		}
		cgoOff := false
		for _, in := range s.instructions {
			if in.keyword == "ENV" && regexp.MustCompile(`\bCGO_ENABLED[= ]0\b`).MatchString(in.args) {
				cgoOff = true
			}
			if in.keyword == "RUN" && strings.Contains(in.args, "go build") {
				if !cgoOff && !strings.Contains(in.args, "CGO_ENABLED=0") {
					t.Errorf("Dockerfile:%d: go build without CGO_ENABLED=0: the binary would not be static", in.line)
					continue
				}
				if !strings.Contains(in.args, "-X main.version=") {
					t.Errorf("Dockerfile:%d: go build without -ldflags \"-X main.version=…\"", in.line)
				}
				if !strings.Contains(in.args, "./cmd/rflmatch") {
					t.Errorf("Dockerfile:%d: go build does not build ./cmd/rflmatch", in.line)
				}
				static = true
			}
		}
	}
	if !static {
		t.Error("Dockerfile: no build stage runs go build with CGO_ENABLED=0")
	}

	// The final image.
	image := ""
	if len(final.from) > 0 {
		image = final.from[0]
	}
	scratch := image == "scratch"
	if !scratch && !strings.HasPrefix(image, "gcr.io/distroless/static") {
		t.Errorf("Dockerfile: the final stage is FROM %q, want gcr.io/distroless/static… or scratch: an image without a shell", image)
	}
	var user, entrypoint string
	var exposed, volume, fromBuild, passwd bool
	for _, in := range final.instructions {
		switch in.keyword {
		case "RUN", "SHELL":
			t.Errorf("Dockerfile:%d: %s in the final stage: it has no shell", in.line, in.keyword)
		case "USER":
			user = in.args
		case "ENTRYPOINT":
			entrypoint = in.args
		case "EXPOSE":
			exposed = exposed || slices.ContainsFunc(strings.Fields(in.args), func(p string) bool { return p == "8080" || p == "8080/tcp" })
		case "VOLUME":
			volume = true
		case "COPY":
			for _, n := range names {
				if strings.Contains(in.args, "--from="+n+" ") {
					fromBuild = true
				}
			}
			if strings.Contains(in.args, "/etc/passwd") {
				passwd = true
			}
		}
	}
	name, _, _ := strings.Cut(user, ":")
	if name == "" || name == "root" || name == "0" {
		t.Errorf("Dockerfile: the final stage's USER is %q, want a user other than root", user)
	}
	if entrypoint != `["/rflmatch"]` {
		t.Errorf(`Dockerfile: ENTRYPOINT %s, want ["/rflmatch"]`, entrypoint)
	}
	if !exposed {
		t.Error("Dockerfile: the final stage does not EXPOSE 8080, the API's port")
	}
	if !volume {
		t.Error("Dockerfile: the final stage has no VOLUME for the store")
	}
	if !fromBuild {
		t.Errorf("Dockerfile: the final stage copies nothing from a named build stage (%q)", names)
	}
	if scratch && !passwd {
		t.Error("Dockerfile: FROM scratch without an /etc/passwd copied in: the non-root user has no entry")
	}

	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".git", "dist"} {
		if !slices.Contains(strings.Split(string(ignore), "\n"), p) {
			t.Errorf(".dockerignore does not exclude %s", p)
		}
	}
}

// TestREADMEInstall: the README's installation section builds the binary
// from the clone with `go build -o rflmatch ./cmd/rflmatch`, in an sh block
// that TestREADMECommands leaves to this test (it would write the binary
// into the repository); this test runs it as written but for the output
// path and checks that the binary runs. The `go install …@latest` line
// cannot work before the module is published: it is shown, in a block that
// is not run.
func TestREADMEInstall(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const (
		buildLine   = "go build -o rflmatch ./cmd/rflmatch"
		installLine = "go install github.com/rflmatch/rflmatch/cmd/rflmatch@latest"
	)
	var build *readmeCommand
	for _, c := range readmeCommands(t, readme) {
		if c.text == buildLine {
			build = &c
		}
		if strings.HasPrefix(c.text, "go install") {
			t.Errorf("README.md:%d: %s is in an sh block: it cannot run before the module is published", c.line, c.text)
		}
	}
	if build == nil {
		t.Fatalf("the README has no %q in an sh block", buildLine)
	}
	if !slices.ContainsFunc(fencedBlocks(readme, "text"), func(b block) bool { return slices.Contains(b.lines, installLine) }) {
		t.Errorf("the README has no %q in a text block", installLine)
	}
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("no go command: %v", err)
	}
	args := slices.Clone(build.words[1:])
	bin := filepath.Join(t.TempDir(), "rflmatch")
	args[slices.Index(args, "-o")+1] = bin
	cmd := exec.Command("go", args...)
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("README.md:%d: %s: %v\n%s", build.line, build.text, err, out)
	}
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) == 0 {
		t.Errorf("the built rflmatch --version: %v, output %q", err, out)
	}
}
