# Shared by the bench scripts: the canary Rollout and the Services and Ingress it routes through.
# shellcheck shell=bash
rollout() { # NAME STEPS-JSON [REPLICAS, default 10]
  cat <<JSON
{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"$1"},
 "spec":{"replicas":${3:-10},"selector":{"matchLabels":{"app":"$1"}},
  "template":{"metadata":{"labels":{"app":"$1"}},"spec":{"containers":[{"name":"app","image":"example/app:0"}]}},
  "strategy":{"canary":{"canaryService":"$1-canary","stableService":"$1-stable",
   "scaleDownDelaySeconds":0,"abortScaleDownDelaySeconds":0,
   "trafficRouting":{"nginx":{"stableIngress":"$1"}},"steps":$2}}}}
JSON
}
objects() { # NAME
  cat <<JSON
{"apiVersion":"v1","kind":"List","items":[
 {"apiVersion":"v1","kind":"Service","metadata":{"name":"$1-stable"},"spec":{"selector":{"app":"$1"},"ports":[{"port":80}]}},
 {"apiVersion":"v1","kind":"Service","metadata":{"name":"$1-canary"},"spec":{"selector":{"app":"$1"},"ports":[{"port":80}]}},
 {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"$1"},"spec":{"ingressClassName":"nginx","rules":[{"http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"$1-stable","port":{"number":80}}}}]}}]}}]}
JSON
}
