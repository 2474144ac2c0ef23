//! nginx canary Ingress.
