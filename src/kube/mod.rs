//! The only code that calls the Kubernetes API: observe, apply actions, lease, status.
