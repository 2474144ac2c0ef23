// Answers questions about analysis with Argo Rollouts' own code, one JSON line in, one out:
//
//	{"op":"eval","success":"...","failure":"...","result":{"kind":"scalar","value":"0.5"}}
//	  -> {"phase":"Successful|Failed|Inconclusive|Error","error":"..."}
//	     evaluate.EvaluateResult with `result` shaped as the Prometheus provider shapes it:
//	     float64 for a scalar, []float64 for a vector or a matrix ("kind":"vector","values":[...]).
//	     Numbers travel as strings so NaN and ±Inf survive (strconv.ParseFloat reads them).
//	{"op":"validate","metrics":[<Metric>],"dryRun":[{"metricName":"..."}],
//	 "measurementRetention":[{"metricName":"...","limit":N}]}
//	  -> {"error":"..."} or {"dryRun":["m1",...],"retention":{"m1":N}}
//	     analysisutil.ValidateMetrics, GetDryRunMetrics and GetMeasurementRetentionMetrics, in
//	     the order the analysis controller calls them before it runs an AnalysisRun.
//
// The test suite (tests/analysis_expr_argo.rs) compares kubectl-rollouts' answers with these.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"

	"github.com/sirupsen/logrus"

	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	analysisutil "github.com/argoproj/argo-rollouts/utils/analysis"
	"github.com/argoproj/argo-rollouts/utils/evaluate"
)

type result struct {
	Kind   string   `json:"kind"`
	Value  string   `json:"value"`
	Values []string `json:"values"`
}

type request struct {
	Op        string                          `json:"op"`
	Success   string                          `json:"success"`
	Failure   string                          `json:"failure"`
	Result    result                          `json:"result"`
	Metrics   []v1alpha1.Metric               `json:"metrics"`
	DryRun    []v1alpha1.DryRun               `json:"dryRun"`
	Retention []v1alpha1.MeasurementRetention `json:"measurementRetention"`
}

func parse(s string) (float64, error) {
	return strconv.ParseFloat(s, 64)
}

func value(r result) (any, error) {
	switch r.Kind {
	case "scalar":
		return parse(r.Value)
	case "vector":
		out := make([]float64, 0, len(r.Values))
		for _, s := range r.Values {
			f, err := parse(s)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown result kind %q", r.Kind)
}

func answer(req request, log *logrus.Entry) map[string]any {
	switch req.Op {
	case "eval":
		v, err := value(req.Result)
		if err != nil {
			return map[string]any{"bad_request": err.Error()}
		}
		metric := v1alpha1.Metric{SuccessCondition: req.Success, FailureCondition: req.Failure}
		phase, err := evaluate.EvaluateResult(v, metric, *log)
		out := map[string]any{"phase": string(phase)}
		if err != nil {
			out["error"] = err.Error()
		}
		return out
	case "validate":
		if err := analysisutil.ValidateMetrics(req.Metrics); err != nil {
			return map[string]any{"error": err.Error()}
		}
		matched, err := analysisutil.GetDryRunMetrics(req.DryRun, req.Metrics)
		if err != nil {
			return map[string]any{"error": err.Error()}
		}
		names := []string{}
		for name := range matched {
			names = append(names, name)
		}
		sort.Strings(names)
		kept, err := analysisutil.GetMeasurementRetentionMetrics(req.Retention, req.Metrics)
		if err != nil {
			return map[string]any{"error": err.Error()}
		}
		retention := map[string]int32{}
		for name, rule := range kept {
			retention[name] = rule.Limit
		}
		return map[string]any{"dryRun": names, "retention": retention}
	}
	return map[string]any{"bad_request": fmt.Sprintf("unknown op %q", req.Op)}
}

func main() {
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	log := logrus.NewEntry(logger)
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			_ = enc.Encode(map[string]any{"bad_request": err.Error()})
		} else {
			_ = enc.Encode(answer(req, log))
		}
		_ = out.Flush()
	}
}
