// Answers questions about Masterminds/semver v3 (the library Argo CD Image Updater uses) as
// JSON lines, so tests can compare kubectl-rollouts' own semver module with it:
//
//	{"op":"parse","version":"v1.2"}                      -> {"ok":true,"major":1,...}
//	{"op":"check","constraint":"^1.2","versions":[...]} -> {"ok":true,"matches":[true,...]}
//	{"op":"compare","a":"1.2.3","b":"1.2.3-rc1"}        -> {"ok":true,"cmp":1}
package main

import (
	"bufio"
	"encoding/json"
	"os"

	"github.com/Masterminds/semver/v3"
)

type request struct {
	Op         string   `json:"op"`
	Version    string   `json:"version"`
	Constraint string   `json:"constraint"`
	Versions   []string `json:"versions"`
	A          string   `json:"a"`
	B          string   `json:"b"`
}

type response struct {
	OK       bool    `json:"ok"`
	Error    string  `json:"error,omitempty"`
	Major    uint64  `json:"major"`
	Minor    uint64  `json:"minor"`
	Patch    uint64  `json:"patch"`
	Pre      string  `json:"pre"`
	Metadata string  `json:"metadata"`
	Original string  `json:"original"`
	Matches  []*bool `json:"matches,omitempty"`
	Cmp      int     `json:"cmp"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		var resp response
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			resp.Error = err.Error()
		} else {
			resp = answer(req)
		}
		if err := out.Encode(resp); err != nil {
			os.Exit(1)
		}
	}
}

func answer(req request) response {
	switch req.Op {
	case "parse":
		v, err := semver.NewVersion(req.Version)
		if err != nil {
			return response{Error: err.Error()}
		}
		return response{OK: true, Major: v.Major(), Minor: v.Minor(), Patch: v.Patch(),
			Pre: v.Prerelease(), Metadata: v.Metadata(), Original: v.Original()}
	case "check":
		c, err := semver.NewConstraint(req.Constraint)
		if err != nil {
			return response{Error: err.Error()}
		}
		// A version that does not parse is null: Image Updater skips such tags.
		matches := make([]*bool, len(req.Versions))
		for i, s := range req.Versions {
			if v, err := semver.NewVersion(s); err == nil {
				m := c.Check(v)
				matches[i] = &m
			}
		}
		return response{OK: true, Matches: matches}
	case "compare":
		a, err := semver.NewVersion(req.A)
		if err != nil {
			return response{Error: err.Error()}
		}
		b, err := semver.NewVersion(req.B)
		if err != nil {
			return response{Error: err.Error()}
		}
		return response{OK: true, Cmp: a.Compare(b)}
	}
	return response{Error: "unknown op " + req.Op}
}
