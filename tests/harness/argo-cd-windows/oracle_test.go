// The Argo CD sync-window oracle: reads JSON requests, one per line, on stdin and answers one
// JSON line each on stdout, computed by Argo CD's own code (v1alpha1.SyncWindows, its glob
// helper, the robfig/cron parser configured as Argo CD configures it). Built as a test binary
// (`go test -c`) because Argo CD reads the wall clock (time.Now) inside CanSync and inside the
// time-zone offset; each request runs in a testing/synctest bubble whose fake clock is moved to
// the requested instant, so Argo CD answers "as if it were that moment", unmodified.
//
// Requests (field "op"):
//
//	{"op":"cansync","windows":[<SyncWindow as in an AppProject>...],"app":{"name":..,"namespace":..,
//	 "server":..,"cluster":..},"any":false,"at":"RFC 3339","manual":false}
//	  -> {"ok":true,"canSync":B,"matched":[i..],"active":[i..],"inactiveAllows":[i..],"warnings":[..]}
//	     or {"ok":false,"error":"..."} (CanSync's own error)
//	{"op":"next","schedule":"..","from":"RFC 3339","count":N}
//	  -> {"ok":true,"ticks":["RFC 3339"..]} (robfig's Next, repeated; the zero time ends the list)
//	{"op":"glob","pattern":"..","text":".."} -> {"ok":true,"match":B} or {"ok":false,"error":".."}
//	{"op":"validate","window":{..}} -> {"ok":true,"timeZone":".."} or {"ok":false,"error":".."}
//
// "any": true evaluates every window (kubectl-rollouts' "no application given"); otherwise
// SyncWindows.Matches picks the windows for an Application built from "app".
package oracle

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/argoproj/argo-cd/v3/pkg/apis/application/v1alpha1"
	argoglob "github.com/argoproj/argo-cd/v3/util/glob"
	"github.com/robfig/cron/v3"
	log "github.com/sirupsen/logrus"
)

type app struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
	Server    string `json:"server"`
	Cluster   string `json:"cluster"`
}

type request struct {
	Op       string                `json:"op"`
	Windows  []*v1alpha1.SyncWindow `json:"windows"`
	Window   *v1alpha1.SyncWindow  `json:"window"`
	App      app                   `json:"app"`
	Any      bool                  `json:"any"`
	At       string                `json:"at"`
	Manual   bool                  `json:"manual"`
	Schedule string                `json:"schedule"`
	From     string                `json:"from"`
	Count    int                   `json:"count"`
	Pattern  string                `json:"pattern"`
	Text     string                `json:"text"`
}

// The start of every synctest bubble's fake clock.
var bubbleEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func TestOracle(t *testing.T) {
	var logs bytes.Buffer
	log.SetOutput(&logs)
	log.SetFormatter(&log.TextFormatter{DisableTimestamp: true, DisableColors: true})
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for in.Scan() {
		var req request
		var answer map[string]any
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			answer = fail(fmt.Errorf("bad request: %w", err))
		} else {
			logs.Reset()
			answer = serve(t, &req)
			if logs.Len() > 0 {
				answer["warnings"] = strings.Split(strings.TrimSpace(logs.String()), "\n")
			}
		}
		_ = enc.Encode(answer)
		// One answer per request, flushed: the caller may wait for it before sending more.
		_ = out.Flush()
	}
}

func fail(err error) map[string]any { return map[string]any{"ok": false, "error": err.Error()} }

func serve(t *testing.T, req *request) (answer map[string]any) {
	defer func() {
		if r := recover(); r != nil {
			answer = map[string]any{"ok": false, "error": fmt.Sprintf("panic: %v", r), "panic": true}
		}
	}()
	switch req.Op {
	case "cansync":
		return canSync(t, req)
	case "next":
		return next(req)
	case "glob":
		m, err := argoglob.MatchWithError(req.Pattern, req.Text)
		if err != nil {
			return fail(err)
		}
		return map[string]any{"ok": true, "match": m}
	case "validate":
		if req.Window == nil {
			return fail(fmt.Errorf("validate needs a window"))
		}
		if err := req.Window.Validate(); err != nil {
			return fail(err)
		}
		return map[string]any{"ok": true, "timeZone": req.Window.TimeZone}
	}
	return fail(fmt.Errorf("unknown op %q", req.Op))
}

func indexes(all []*v1alpha1.SyncWindow, some *v1alpha1.SyncWindows) []int {
	found := []int{}
	if some == nil {
		return found
	}
	for _, w := range *some {
		for i, a := range all {
			if a == w {
				found = append(found, i)
			}
		}
	}
	return found
}

func canSync(t *testing.T, req *request) map[string]any {
	at, err := time.Parse(time.RFC3339Nano, req.At)
	if err != nil {
		return fail(err)
	}
	if at.Before(bubbleEpoch) {
		return fail(fmt.Errorf("instant %s is before %s, where the fake clock starts", req.At, bubbleEpoch))
	}
	var answer map[string]any
	synctest.Test(t, func(*testing.T) {
		time.Sleep(at.Sub(time.Now()))
		if !time.Now().Equal(at) {
			answer = fail(fmt.Errorf("fake clock at %s, wanted %s", time.Now(), at))
			return
		}
		all := v1alpha1.SyncWindows(req.Windows)
		windows := &all
		if !req.Any {
			a := &v1alpha1.Application{}
			a.Name = req.App.Name
			a.Spec.Destination.Namespace = req.App.Namespace
			a.Spec.Destination.Server = req.App.Server
			a.Spec.Destination.Name = req.App.Cluster
			windows = all.Matches(a)
		}
		ok, err := windows.CanSync(req.Manual)
		if err != nil {
			answer = fail(err)
			return
		}
		active, _ := windows.Active()
		inactive, _ := windows.InactiveAllows()
		answer = map[string]any{
			"ok":             true,
			"canSync":        ok,
			"matched":        indexes(req.Windows, windows),
			"active":         indexes(req.Windows, active),
			"inactiveAllows": indexes(req.Windows, inactive),
		}
	})
	return answer
}

func next(req *request) map[string]any {
	from, err := time.Parse(time.RFC3339Nano, req.From)
	if err != nil {
		return fail(err)
	}
	// The parser exactly as Argo CD's sync windows build it.
	parser := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)
	schedule, err := parser.Parse(req.Schedule)
	if err != nil {
		return fail(err)
	}
	ticks := []string{}
	t := from.UTC()
	for range req.Count {
		t = schedule.Next(t)
		if t.IsZero() {
			ticks = append(ticks, "never")
			break
		}
		ticks = append(ticks, t.UTC().Format(time.RFC3339))
	}
	return map[string]any{"ok": true, "ticks": ticks}
}
