//! A kustomization file's `images:` list, read with a real YAML parser's spans and edited in
//! place: only the `images:` block changes, the rest of the file stays byte for byte as written
//! (comments, key order, blank lines, quoting). Pure: text in, text out.

use std::ops::Range;

use granit_parser::{Event, Parser, ScalarStyle, Span, StructureStyle};

use crate::error::{Error, Location, Result};
use crate::gitops::image_spec::{self, Image};

/// The file names kustomize recognises in a directory, in its order.
pub const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Top-level fields of kustomize's `Kustomization` (api v0.20.1); kustomize refuses others.
const KNOWN_FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "openapi",
    "namePrefix",
    "nameSuffix",
    "namespace",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "patchesStrategicMerge",
    "patchesJson6902",
    "patches",
    "images",
    "imageTags",
    "replacements",
    "replicas",
    "vars",
    "sortOptions",
    "resources",
    "components",
    "crds",
    "bases",
    "configMapGenerator",
    "secretGenerator",
    "helmGlobals",
    "helmCharts",
    "helmChartInflationGenerator",
    "generatorOptions",
    "configurations",
    "generators",
    "transformers",
    "validators",
    "buildMetadata",
];

/// A parsed kustomization: its text and where its `images:` block is.
#[derive(Debug, Clone)]
pub struct Kustomization {
    text: String,
    file: String,
    images: Vec<Entry>,
    block: Block,
}

#[derive(Debug, Clone)]
struct Entry {
    image: Image,
    /// The entry's own lines (from its `-` line to the next entry's), when kept verbatim.
    text: Option<String>,
}

#[derive(Debug, Clone)]
enum Block {
    /// No `images:` key: a new block goes at the end of the file.
    Missing,
    /// A block sequence whose items can be kept as written: `region` runs from the first
    /// item's line to the end of the last item's line.
    Items {
        region: Range<usize>,
        dash_indent: usize,
        key_indent: usize,
    },
    /// An empty, null or flow-style value: replaced whole (from after the key's colon).
    Value { region: Range<usize>, indent: usize },
}

impl Kustomization {
    /// Parses `text`; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Kustomization> {
        Reader::new(text, file)?.read()
    }

    /// The `images:` entries as kustomize reads them.
    pub fn images(&self) -> Vec<Image> {
        self.images.iter().map(|e| e.image.clone()).collect()
    }

    /// The image entry named `name`, if any.
    pub fn image(&self, name: &str) -> Option<&Image> {
        self.images
            .iter()
            .rev()
            .map(|e| &e.image)
            .find(|i| i.name == name)
    }

    /// The file text after `kustomize edit set image SPECS...`: the `images:` list is the one
    /// kustomize writes (see [`image_spec::apply`]); entries no spec names keep their text.
    pub fn set_images(&self, specs: &[Image]) -> String {
        let result = image_spec::apply(&self.images(), specs);
        match &self.block {
            Block::Items {
                region,
                dash_indent,
                key_indent,
            } => {
                let mut out = String::new();
                for image in &result {
                    // An entry that comes out as it was keeps its text (comments, quoting).
                    let kept = self
                        .images
                        .iter()
                        .find(|e| e.image == *image)
                        .and_then(|e| e.text.as_deref());
                    match kept {
                        Some(text) => out.push_str(text),
                        None => out.push_str(&render_entry(image, *dash_indent, *key_indent)),
                    }
                    if !out.ends_with('\n') {
                        out.push('\n');
                    }
                }
                let mut end = region.end;
                if end == self.text.len() && !self.text.ends_with('\n') {
                    out.pop();
                } else if end > self.text.len() {
                    end = self.text.len();
                }
                format!("{}{}{}", &self.text[..region.start], out, &self.text[end..])
            }
            Block::Value { region, indent } => {
                let mut out = String::from("\n");
                for image in &result {
                    out.push_str(&render_entry(image, *indent, indent + 2));
                }
                let rest = &self.text[region.end..];
                if rest.is_empty() && !self.text[..region.end].ends_with('\n') {
                    out.pop();
                }
                format!("{}{}{}", &self.text[..region.start], out, rest)
            }
            Block::Missing => {
                let mut out = self.text.clone();
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("images:\n");
                for image in &result {
                    out.push_str(&render_entry(image, 0, 2));
                }
                out
            }
        }
    }

    pub fn file(&self) -> &str {
        &self.file
    }
}

/// One entry in the order a person reads it: name, newName, tagSuffix, newTag, digest.
fn render_entry(image: &Image, dash_indent: usize, key_indent: usize) -> String {
    let mut out = String::new();
    let fields = [
        ("name", &image.name),
        ("newName", &image.new_name),
        ("tagSuffix", &image.tag_suffix),
        ("newTag", &image.new_tag),
        ("digest", &image.digest),
    ];
    let mut first = true;
    for (key, value) in fields {
        if value.is_empty() && !(first && key == "name") {
            continue;
        }
        if first {
            out.push_str(&" ".repeat(dash_indent));
            out.push_str("- ");
            out.push_str(&" ".repeat(key_indent.saturating_sub(dash_indent + 2)));
            first = false;
        } else {
            out.push_str(&" ".repeat(key_indent));
        }
        out.push_str(key);
        out.push_str(": ");
        out.push_str(&yaml_string(value));
        out.push('\n');
    }
    out
}

/// A string as a YAML scalar that every YAML 1.1 and 1.2 reader takes as that string: plain
/// when that is unambiguous, else double-quoted.
pub fn yaml_string(value: &str) -> String {
    let plain_safe = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/:@+".contains(c))
        && (value.starts_with(|c: char| c.is_ascii_alphabetic())
            // a commit SHA such as 3f9c2ab; numbers, dates and times stay quoted
            || (value.starts_with(|c: char| c.is_ascii_digit())
                && value.chars().any(|c| c.is_ascii_alphabetic())
                && !value.contains(':')))
        && !value.contains(": ")
        && !value.ends_with(':')
        && resolve_plain(value) == Plain::String;
    if plain_safe {
        value.to_string()
    } else {
        serde_json::to_string(value).expect("a string serialises")
    }
}

/// What a plain scalar is to kustomize's YAML reader (go-yaml v2, YAML 1.1 rules).
#[derive(Debug, PartialEq, Eq)]
enum Plain {
    Null,
    String,
    Other(&'static str),
}

fn resolve_plain(value: &str) -> Plain {
    const NULLS: &[&str] = &["", "~", "null", "Null", "NULL"];
    const BOOLS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ];
    const SPECIAL_FLOATS: &[&str] = &[
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
        ".NaN", ".NAN",
    ];
    if NULLS.contains(&value) {
        return Plain::Null;
    }
    if BOOLS.contains(&value) {
        return Plain::Other("a boolean");
    }
    if SPECIAL_FLOATS.contains(&value) {
        return Plain::Other("a number");
    }
    let digits = value.replace('_', "");
    let unsigned = digits.trim_start_matches(['+', '-']);
    let is_int = !unsigned.is_empty()
        && (unsigned.chars().all(|c| c.is_ascii_digit())
            || unsigned
                .strip_prefix("0x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || unsigned
                .strip_prefix("0b")
                .is_some_and(|b| !b.is_empty() && b.chars().all(|c| c == '0' || c == '1'))
            || unsigned
                .strip_prefix("0o")
                .is_some_and(|o| !o.is_empty() && o.chars().all(|c| ('0'..='7').contains(&c))));
    if is_int {
        return Plain::Other("a number");
    }
    if is_yaml_float(value) {
        return Plain::Other("a number");
    }
    Plain::String
}

/// go-yaml v2's float syntax: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_yaml_float(value: &str) -> bool {
    let s = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        None => !mantissa.is_empty() && mantissa.chars().all(|c| c.is_ascii_digit()),
        Some((int, frac)) => {
            int.chars().all(|c| c.is_ascii_digit())
                && frac.chars().all(|c| c.is_ascii_digit())
                // `.5` and `5.` are floats, `.` is not; `.5` needs digits after the dot
                && (if int.is_empty() { !frac.is_empty() } else { true })
        }
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

/// Walks the parser's events of one kustomization document.
struct Reader<'a> {
    text: &'a str,
    file: &'a str,
    events: Vec<(Event<'a>, Span)>,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, file: &'a str) -> Result<Reader<'a>> {
        let mut events = Vec::new();
        for event in Parser::new_from_str(text) {
            match event {
                Ok((Event::Comment(..), _)) => {}
                Ok(event) => events.push(event),
                Err(err) => {
                    return Err(Error::Input {
                        location: Location {
                            file: Some(file.to_string()),
                            line: Some(err.marker().line()),
                            field: None,
                        },
                        message: format!("not valid YAML: {}", err.info()),
                    });
                }
            }
        }
        Ok(Reader {
            text,
            file,
            events,
            pos: 0,
        })
    }

    fn error(&self, span: &Span, field: Option<String>, message: impl Into<String>) -> Error {
        Error::Input {
            location: Location {
                file: Some(self.file.to_string()),
                line: Some(span.start.line()),
                field,
            },
            message: message.into(),
        }
    }

    fn offset(&self, span: &Span, end: bool) -> usize {
        let marker = if end { span.end } else { span.start };
        marker
            .byte_offset()
            .unwrap_or_else(|| char_to_byte(self.text, marker.index()))
    }

    fn next(&mut self) -> (Event<'a>, Span) {
        let event = self.events[self.pos].clone();
        self.pos += 1;
        event
    }

    fn read(mut self) -> Result<Kustomization> {
        let mut kustomization = Kustomization {
            text: self.text.to_string(),
            file: self.file.to_string(),
            images: Vec::new(),
            block: Block::Missing,
        };
        let _stream_start = self.next();
        let documents = self
            .events
            .iter()
            .filter(|(e, _)| matches!(e, Event::DocumentStart(..)))
            .count();
        if documents > 1 {
            let span = self
                .events
                .iter()
                .filter(|(e, _)| matches!(e, Event::DocumentStart(..)))
                .nth(1)
                .expect("two")
                .1;
            return Err(self.error(
                &span,
                None,
                "a kustomization is one YAML document, this file has several",
            ));
        }
        if documents == 0 {
            return Ok(kustomization);
        }
        let _document_start = self.next();
        let (root, root_span) = self.next();
        match root {
            Event::MappingStart(..) => {}
            Event::Scalar(value, ScalarStyle::Plain, _, None)
                if resolve_plain(&value) == Plain::Null =>
            {
                return Ok(kustomization);
            }
            _ => {
                return Err(self.error(
                    &root_span,
                    None,
                    "a kustomization must be a mapping of fields",
                ));
            }
        }
        let mut seen: Vec<String> = Vec::new();
        loop {
            let (key, key_span) = self.next();
            let key = match key {
                Event::MappingEnd => break,
                Event::Scalar(key, ..) => key.to_string(),
                _ => {
                    return Err(self.error(
                        &key_span,
                        None,
                        "a kustomization's keys must be field names",
                    ));
                }
            };
            let Some(known) = KNOWN_FIELDS.iter().find(|f| f.eq_ignore_ascii_case(&key)) else {
                let hint = crate::spec::schema::did_you_mean(&key, KNOWN_FIELDS.iter().copied())
                    .map(|m| format!("; did you mean {m}?"))
                    .unwrap_or_default();
                return Err(self.error(
                    &key_span,
                    Some(key.clone()),
                    format!("unknown kustomization field (kustomize refuses it too){hint}"),
                ));
            };
            if seen.iter().any(|s| s == known) {
                return Err(self.error(&key_span, Some(key.clone()), "given twice"));
            }
            seen.push(known.to_string());
            match *known {
                "images" => self.read_images(&key_span, &mut kustomization)?,
                "imageTags" => {
                    return Err(self.error(
                        &key_span,
                        Some(key.clone()),
                        "the deprecated imageTags field is not edited here; move its entries to images \
                         (`kustomize edit fix` does)",
                    ));
                }
                _ => self.skip_node(),
            }
        }
        Ok(kustomization)
    }

    /// Skips one node (scalar, alias or whole collection).
    fn skip_node(&mut self) {
        let mut depth = 0usize;
        loop {
            let (event, _) = self.next();
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
                Event::MappingEnd | Event::SequenceEnd => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                return;
            }
        }
    }

    fn read_images(&mut self, key_span: &Span, k: &mut Kustomization) -> Result<()> {
        let key_end = self.offset(key_span, true);
        let colon = key_end
            + self.text[key_end..]
                .find(':')
                .ok_or_else(|| self.error(key_span, Some("images".into()), "expected `images:`"))?;
        let indent = key_span.start.col();
        let (event, span) = self.next();
        match event {
            Event::Scalar(value, style, _, _) => {
                if style != ScalarStyle::Plain || resolve_plain(&value) != Plain::Null {
                    return Err(self.error(
                        &span,
                        Some("images".into()),
                        "expected a list of images",
                    ));
                }
                // An empty value's span may sit at the next token: use the key's line then.
                let end = if value.is_empty() {
                    colon + 1
                } else {
                    self.offset(&span, true)
                };
                k.block = Block::Value {
                    region: colon + 1..line_end(self.text, end.max(colon + 1)),
                    indent,
                };
                Ok(())
            }
            Event::SequenceStart(style, anchor, _) => {
                if anchor != 0 {
                    return Err(self.error(
                        &span,
                        Some("images".into()),
                        "anchors are not supported in images",
                    ));
                }
                let mut items: Vec<(Image, Range<usize>)> = Vec::new();
                let mut last_end = self.offset(&span, true);
                let mut index = 0;
                loop {
                    let (event, item_span) = self.next();
                    match event {
                        Event::SequenceEnd => {
                            if style == StructureStyle::Flow {
                                last_end = self.offset(&item_span, true);
                            }
                            break;
                        }
                        Event::MappingStart(item_style, anchor, _) => {
                            if anchor != 0 {
                                return Err(self.error(
                                    &item_span,
                                    Some(format!("images[{index}]")),
                                    "anchors are not supported in images",
                                ));
                            }
                            let start = self.offset(&item_span, false);
                            let (image, end) = self.read_image(index, item_style)?;
                            last_end = last_end.max(end);
                            items.push((image, start..end));
                        }
                        _ => {
                            return Err(self.error(
                                &item_span,
                                Some(format!("images[{index}]")),
                                "expected a mapping with name, newName, newTag, digest",
                            ));
                        }
                    }
                    index += 1;
                }
                if style == StructureStyle::Flow || items.is_empty() {
                    k.images = items
                        .into_iter()
                        .map(|(image, _)| Entry { image, text: None })
                        .collect();
                    k.block = Block::Value {
                        region: colon + 1..line_end(self.text, last_end),
                        indent,
                    };
                    return Ok(());
                }
                // Each item's text runs from the line of its `-` to the next item's line.
                let mut dashes = Vec::new();
                for (_, range) in &items {
                    match dash_before(self.text, range.start) {
                        Some(dash) => dashes.push(dash),
                        None => {
                            k.images = items
                                .into_iter()
                                .map(|(image, _)| Entry { image, text: None })
                                .collect();
                            k.block = Block::Value {
                                region: colon + 1..line_end(self.text, last_end),
                                indent,
                            };
                            return Ok(());
                        }
                    }
                }
                let first_line = line_start(self.text, dashes[0]);
                let region_end = line_end(self.text, last_end);
                let dash_indent = dashes[0] - first_line;
                let key_indent = items[0].1.start - line_start(self.text, items[0].1.start);
                let mut entries = Vec::new();
                for (i, (image, _)) in items.into_iter().enumerate() {
                    let start = line_start(self.text, dashes[i]);
                    let end = dashes
                        .get(i + 1)
                        .map(|&d| line_start(self.text, d))
                        .unwrap_or(region_end);
                    entries.push(Entry {
                        image,
                        text: Some(self.text[start..end].to_string()),
                    });
                }
                k.images = entries;
                k.block = Block::Items {
                    region: first_line..region_end,
                    dash_indent,
                    key_indent: key_indent.max(dash_indent + 2),
                };
                Ok(())
            }
            Event::MappingStart(..) => Err(self.error(
                &span,
                Some("images".into()),
                "expected a list of images, found a mapping",
            )),
            _ => Err(self.error(&span, Some("images".into()), "expected a list of images")),
        }
    }

    /// Reads one image mapping; returns it and the byte offset where its content ends.
    fn read_image(&mut self, index: usize, style: StructureStyle) -> Result<(Image, usize)> {
        let mut image = Image::default();
        let mut end = 0;
        loop {
            let (key, key_span) = self.next();
            let key = match key {
                Event::MappingEnd => {
                    if style == StructureStyle::Flow {
                        end = end.max(self.offset(&key_span, true));
                    }
                    break;
                }
                Event::Scalar(key, ..) => key.to_string(),
                _ => {
                    return Err(self.error(
                        &key_span,
                        Some(format!("images[{index}]")),
                        "keys must be name, newName, tagSuffix, newTag or digest",
                    ));
                }
            };
            let field = format!("images[{index}].{key}");
            let (value, value_span) = self.next();
            end = end.max(self.offset(&value_span, true));
            let value = match value {
                Event::Scalar(value, style, anchor, tag) => {
                    if anchor != 0 || tag.is_some() {
                        return Err(self.error(
                            &value_span,
                            Some(field),
                            "anchors and tags are not supported here",
                        ));
                    }
                    if style == ScalarStyle::Plain {
                        match resolve_plain(&value) {
                            Plain::Null => String::new(),
                            Plain::String => value.to_string(),
                            Plain::Other(what) => {
                                return Err(self.error(
                                    &value_span,
                                    Some(field),
                                    format!(
                                        "{value} is {what} in YAML, kustomize wants a string: quote it (\"{value}\")"
                                    ),
                                ));
                            }
                        }
                    } else {
                        value.to_string()
                    }
                }
                _ => return Err(self.error(&value_span, Some(field), "expected a string")),
            };
            let slot = match key.to_ascii_lowercase().as_str() {
                "name" => &mut image.name,
                "newname" => &mut image.new_name,
                "tagsuffix" => &mut image.tag_suffix,
                "newtag" => &mut image.new_tag,
                "digest" => &mut image.digest,
                _ => {
                    let hint = crate::spec::schema::did_you_mean(
                        &key,
                        ["name", "newName", "tagSuffix", "newTag", "digest"].into_iter(),
                    )
                    .map(|m| format!("; did you mean {m}?"))
                    .unwrap_or_default();
                    return Err(self.error(
                        &key_span,
                        Some(field),
                        format!(
                            "unknown field: an image has name, newName, tagSuffix, newTag and digest{hint}"
                        ),
                    ));
                }
            };
            *slot = value;
        }
        Ok((image, end))
    }
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0)
}

/// The offset just past the end of the line containing `at` (past its newline).
fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    if at > 0 && text.as_bytes()[at - 1] == b'\n' {
        return at;
    }
    text[at..]
        .find('\n')
        .map(|i| at + i + 1)
        .unwrap_or(text.len())
}

/// The `-` of a block sequence item whose content starts at `content`, if only white space
/// separates them.
fn dash_before(text: &str, content: usize) -> Option<usize> {
    let before = text[..content].trim_end_matches([' ', '\t', '\n', '\r']);
    before.ends_with('-').then(|| before.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str, specs: &[&str]) -> String {
        let specs: Vec<Image> = specs
            .iter()
            .map(|s| image_spec::parse_spec(s).unwrap())
            .collect();
        Kustomization::parse(text, "kustomization.yaml")
            .unwrap()
            .set_images(&specs)
    }

    #[test]
    fn only_the_edited_entry_changes_and_the_rest_stays_as_written() {
        let text = "\
# production overlay
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base   # shared

images:
  # the app
  - name: kainlite/tr
    newTag: 'v1.2.0'   # pinned
  - name: redis
    newTag: \"7\"
namespace: default
";
        let got = set(text, &["kainlite/tr:v1.3.0"]);
        assert_eq!(
            got,
            "\
# production overlay
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base   # shared

images:
  # the app
  - name: kainlite/tr
    newTag: v1.3.0
  - name: redis
    newTag: \"7\"
namespace: default
"
        );
    }

    #[test]
    fn a_missing_images_section_is_added_at_the_end() {
        let got = set("resources:\n- base\n# end\n", &["app=reg:5000/app:1.2.3"]);
        assert_eq!(
            got,
            "resources:\n- base\n# end\nimages:\n- name: app\n  newName: reg:5000/app\n  newTag: \"1.2.3\"\n"
        );
        assert_eq!(
            set("resources: [base]", &["a:b"]),
            "resources: [base]\nimages:\n- name: a\n  newTag: b\n"
        );
    }

    #[test]
    fn entries_are_sorted_by_name_as_kustomize_writes_them() {
        let text = "images:\n- name: zeta # z\n  newTag: \"1\"\n- name: alpha\n  newTag: \"2\"\n";
        assert_eq!(
            set(text, &["mid:3"]),
            "images:\n- name: alpha\n  newTag: \"2\"\n- name: mid\n  newTag: \"3\"\n- name: zeta # z\n  newTag: \"1\"\n"
        );
    }

    #[test]
    fn flow_and_empty_lists_are_rewritten_as_blocks() {
        assert_eq!(
            set("images: [{name: a, newTag: x}]\nnamespace: n\n", &["b:v2"]),
            "images:\n- name: a\n  newTag: x\n- name: b\n  newTag: v2\nnamespace: n\n"
        );
        assert_eq!(
            set("images:\nnamespace: n\n", &["b:v2"]),
            "images:\n- name: b\n  newTag: v2\nnamespace: n\n"
        );
        assert_eq!(
            set("images: []", &["b:v2"]),
            "images:\n- name: b\n  newTag: v2"
        );
    }

    #[test]
    fn the_last_entry_at_the_end_of_a_file_without_newline_stays_so() {
        assert_eq!(
            set("images:\n- name: a\n  newTag: x", &["a:v2"]),
            "images:\n- name: a\n  newTag: v2"
        );
    }

    #[test]
    fn bad_kustomizations_are_refused_with_file_line_and_field() {
        let cases = [
            (
                "images:\n- name: a\n  newTag: 1.2\n",
                "kustomization.yaml:3: images[0].newTag: 1.2 is a number",
            ),
            (
                "images:\n- name: a\n  newtagg: x\n",
                "kustomization.yaml:3: images[0].newtagg: unknown field",
            ),
            (
                "resourcez: []\n",
                "kustomization.yaml:1: resourcez: unknown kustomization field",
            ),
            (
                "images: {name: a}\n",
                "kustomization.yaml:1: images: expected a list of images",
            ),
            (
                "images:\n- a\n",
                "kustomization.yaml:2: images[0]: expected a mapping",
            ),
            ("a: [\n", "kustomization.yaml:"),
            (
                "- a\n",
                "kustomization.yaml:1: a kustomization must be a mapping",
            ),
            (
                "images: []\nimages: []\n",
                "kustomization.yaml:2: images: given twice",
            ),
        ];
        for (text, want) in cases {
            let err = Kustomization::parse(text, "kustomization.yaml")
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn values_that_yaml_would_read_as_numbers_or_booleans_are_quoted() {
        for (value, want) in [
            ("v1.2.0", "v1.2.0"),
            ("1.2.0", "\"1.2.0\""),
            ("123", "\"123\""),
            ("yes", "\"yes\""),
            ("abc123", "abc123"),
            ("3f9c2ab", "3f9c2ab"),
            ("1e3", "\"1e3\""),
            ("0x1f", "\"0x1f\""),
            ("2024-05-01", "\"2024-05-01\""),
            ("sha256:abc", "sha256:abc"),
            ("", "\"\""),
        ] {
            assert_eq!(yaml_string(value), want);
        }
    }
}
