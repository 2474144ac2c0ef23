//! Argo CD sync windows.
