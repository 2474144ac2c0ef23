//! `kustomize edit set image` specs and how they merge into a kustomization's `images:` list,
//! with kustomize v5's rules (pure: text in, image list out).

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// One entry of a kustomization's `images:` list (kustomize's `types.Image`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub new_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tag_suffix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub new_tag: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub digest: String,
}

impl Image {
    /// The reference the entry makes kustomize write: `NEWNAME:TAG@DIGEST` (parts it sets).
    pub fn reference(&self) -> String {
        let mut out = if self.new_name.is_empty() {
            self.name.clone()
        } else {
            self.new_name.clone()
        };
        if !self.new_tag.is_empty() {
            out.push(':');
            out.push_str(&self.new_tag);
        }
        if !self.tag_suffix.is_empty() {
            out.push_str(&format!(" (tag suffix {})", self.tag_suffix));
        }
        if !self.digest.is_empty() {
            out.push('@');
            out.push_str(&self.digest);
        }
        out
    }
}

/// `*` as a new name, tag or digest keeps the value the kustomization already has.
const PRESERVE: &str = "*";

const FORMATS: &str = "expected one of NAME=NEWNAME:TAG, NAME=NEWNAME@DIGEST, \
NAME=NEWNAME:TAG@DIGEST, NAME=NEWNAME, NAME:TAG, NAME:TAG@DIGEST, NAME@DIGEST \
(`*` as NEWNAME, TAG or DIGEST keeps the current value)";

/// Parses one spec as `kustomize edit set image` does.
///
/// One deliberate difference: kustomize accepts a spec whose image name is empty (`:v1`,
/// `=app:v1`) and writes an entry without a name, which matches no image; that is refused here.
pub fn parse_spec(arg: &str) -> Result<Image> {
    let invalid =
        |why: &str| Error::field(format!("image spec {arg:?}"), format!("{why}; {FORMATS}"));
    let (key, value) = match arg.split_once('=') {
        Some((key, value)) => (Some(key), value),
        None => (None, arg),
    };
    let (name, tag, digest) = split_image_name(value);
    if name == arg {
        return Err(invalid("no tag, digest or new name"));
    }
    let image = match key {
        None => Image {
            name: name.to_string(),
            new_tag: tag.to_string(),
            digest: digest.to_string(),
            ..Image::default()
        },
        Some(key) => Image {
            name: key.to_string(),
            new_name: name.to_string(),
            new_tag: tag.to_string(),
            digest: digest.to_string(),
            ..Image::default()
        },
    };
    if image.name.is_empty() {
        return Err(invalid("the image name is empty"));
    }
    Ok(image)
}

/// kustomize's `image.Split`: `[host[:port]/]path[:tag][@digest]` into name, tag and digest.
/// A colon before the first slash belongs to the host (a port), not to the tag.
pub fn split_image_name(image: &str) -> (&str, &str, &str) {
    let offset = match image.find('/') {
        Some(i) if i > 0 => i,
        _ => 0,
    };
    let search = &image[offset..];
    let at = search.find('@');
    let colon = search.find(':');
    match (colon, at) {
        (None, None) => (image, "", ""),
        (c, Some(a)) if c.is_none_or(|c| a < c) => {
            let a = a + offset;
            (&image[..a], "", &image[a + 1..])
        }
        (Some(c), Some(a)) => {
            let (c, a) = (c + offset, a + offset);
            (&image[..c], &image[c + 1..a], &image[a + 1..])
        }
        (Some(c), None) => {
            let c = c + offset;
            (&image[..c], &image[c + 1..], "")
        }
        (None, Some(_)) => unreachable!("handled by the digest-only arm"),
    }
}

/// The `images:` list after setting `specs`, as `kustomize edit set image` leaves it: a spec
/// replaces the entry of the same name (its `*` parts take that entry's values), other entries
/// stay, and the list is sorted by name. Of several specs for one name the last wins; of
/// several entries for one name in the file the first stays, and later ones only fill in its
/// `*` values (kustomize looks each entry up among the ones it has already taken).
pub fn apply(existing: &[Image], specs: &[Image]) -> Vec<Image> {
    let mut by_name: BTreeMap<String, Image> = BTreeMap::new();
    for spec in specs {
        by_name.insert(spec.name.clone(), spec.clone());
    }
    for current in existing {
        match by_name.get_mut(&current.name) {
            Some(taken) => {
                let keep = |field: &mut String, value: &str| {
                    if field == PRESERVE {
                        *field = value.to_string();
                    }
                };
                // kustomize rebuilds the entry here, without its tagSuffix.
                let mut rebuilt = Image {
                    tag_suffix: String::new(),
                    ..taken.clone()
                };
                keep(&mut rebuilt.new_name, &current.new_name);
                keep(&mut rebuilt.new_tag, &current.new_tag);
                keep(&mut rebuilt.digest, &current.digest);
                if [&taken.new_name, &taken.new_tag, &taken.digest].contains(&&PRESERVE.to_string())
                {
                    *taken = rebuilt;
                }
            }
            None => {
                by_name.insert(current.name.clone(), current.clone());
            }
        }
    }
    by_name
        .into_values()
        .map(|mut image| {
            for field in [&mut image.new_name, &mut image.new_tag, &mut image.digest] {
                if field == PRESERVE {
                    field.clear();
                }
            }
            image
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img(name: &str, new_name: &str, new_tag: &str, digest: &str) -> Image {
        Image {
            name: name.into(),
            new_name: new_name.into(),
            new_tag: new_tag.into(),
            digest: digest.into(),
            ..Image::default()
        }
    }

    #[test]
    fn specs_parse_as_kustomize_parses_them() {
        let cases = [
            ("kainlite/tr:v1.3.0", img("kainlite/tr", "", "v1.3.0", "")),
            (
                "kainlite/tr=ghcr.io/k/tr:abc",
                img("kainlite/tr", "ghcr.io/k/tr", "abc", ""),
            ),
            ("nginx@sha256:abc", img("nginx", "", "", "sha256:abc")),
            (
                "nginx:1.2@sha256:abc",
                img("nginx", "", "1.2", "sha256:abc"),
            ),
            ("mysql=mariadb", img("mysql", "mariadb", "", "")),
            ("app=*:v2", img("app", "*", "v2", "")),
            ("app:*", img("app", "", "*", "")),
            (
                "localhost:5000/app:v1",
                img("localhost:5000/app", "", "v1", ""),
            ),
            (
                "app=localhost:5000/team/app@sha256:1",
                img("app", "localhost:5000/team/app", "", "sha256:1"),
            ),
            ("a=b=c:d", img("a", "b=c", "d", "")),
        ];
        for (spec, want) in cases {
            assert_eq!(parse_spec(spec).unwrap(), want, "{spec}");
        }
    }

    #[test]
    fn a_spec_without_tag_digest_or_new_name_is_refused_with_the_formats() {
        let err = parse_spec("nginx").unwrap_err().to_string();
        assert!(err.contains("image spec \"nginx\""), "{err}");
        assert!(err.contains("NAME=NEWNAME:TAG"), "{err}");
        assert!(parse_spec(":v1").is_err());
        assert!(parse_spec("=app:v1").is_err());
    }

    #[test]
    fn a_spec_replaces_the_entry_and_star_keeps_its_values() {
        let existing = vec![img("b", "reg/b", "1", ""), img("a", "", "1", "")];
        let got = apply(
            &existing,
            &[parse_spec("b=*:2").unwrap(), parse_spec("c:3").unwrap()],
        );
        assert_eq!(
            got,
            vec![
                img("a", "", "1", ""),
                img("b", "reg/b", "2", ""),
                img("c", "", "3", "")
            ]
        );
        let got = apply(&[], &[parse_spec("x=*:*").unwrap()]);
        assert_eq!(got, vec![img("x", "", "", "")]);
    }
}
