// Reads Rollout objects as JSON, one per line, and decodes each into Argo Rollouts' own
// v1alpha1.Rollout type with unknown fields disallowed; answers one JSON line per object:
// {"ok": true, "status": <the status as Argo's type re-encodes it>} or {"ok": false, "error": "..."}.
// The test compares the re-encoded status with what kubectl-rollouts wrote: every field we
// write is one Argo's types have, with the same shape.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"

	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 16<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		dec := json.NewDecoder(bytes.NewReader(in.Bytes()))
		dec.DisallowUnknownFields()
		var ro v1alpha1.Rollout
		if err := dec.Decode(&ro); err != nil {
			_ = out.Encode(map[string]any{"ok": false, "error": err.Error()})
			continue
		}
		_ = out.Encode(map[string]any{
			"ok":     true,
			"status": ro.Status,
			"active": ro.Status.BlueGreen.ActiveSelector,
			"paused": len(ro.Status.PauseConditions) > 0,
		})
	}
}
