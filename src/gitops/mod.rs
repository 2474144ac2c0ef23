//! GitOps releases: kustomize image edits, tag picking with Argo CD Image Updater's rules, an
//! OCI registry client, and promotions through git.

pub mod git;
pub mod image_spec;
pub mod kustomization;
pub mod pick;
pub mod promotion;
pub mod registry;
pub mod semver;
pub mod tag_glob;
