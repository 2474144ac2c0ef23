//! The one redaction of secrets in what we print: credentials in URLs (`http://user:pass@host`)
//! and in their query strings (`?access_token=...`), and header values. Every output path
//! (progress lines, tables, `-o json|yaml`, `--explain`, logs, GitHub Actions annotations,
//! outputs and step summary) prints URLs and request details through here.

/// What stands in for a secret.
pub const MASK: &str = "REDACTED";

/// Query parameters whose values are credentials (compared without case, `-` and `_`).
const SECRET_PARAMS: &[&str] = &[
    "token",
    "accesstoken",
    "apikey",
    "key",
    "password",
    "passwd",
    "secret",
    "clientsecret",
    "auth",
    "authorization",
    "signature",
    "sig",
    "xamzsignature",
    "xamzcredential",
    "xamzsecuritytoken",
];

fn is_secret_param(name: &str) -> bool {
    let norm: String = name
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_PARAMS.contains(&norm.as_str())
}

/// A URL as it may be printed: user and password replaced by [`MASK`], and the values of
/// credential query parameters too. Text that is not a URL is returned as [`text`] redacts it.
pub fn url(raw: &str) -> String {
    text(raw)
}

/// Free text (an error message, a log line) with every URL in it redacted as [`url`] does.
/// A URL is found by its `scheme://` and ends at whitespace, `"`, `<`, `>` or a backtick; its
/// userinfo is everything up to the last `@` before the path, so a password holding `@`, `'` or
/// `)` is masked whole.
pub fn text(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(i) = rest.find("://") {
        // The scheme is the run of scheme characters just before `://`.
        let before = &rest[..i];
        let scheme_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            .last()
            .map_or(i, |(j, _)| j);
        out.push_str(&rest[..scheme_start]);
        let after = &rest[i + 3..];
        let end = after
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '`' | '<' | '>'))
            .unwrap_or(after.len());
        out.push_str(&rest[scheme_start..i + 3]);
        out.push_str(&redact_after_scheme(&after[..end]));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `user:pass@host:port/path?query#frag` with the userinfo and credential parameters masked.
fn redact_after_scheme(s: &str) -> String {
    let authority_end = s.find(['/', '?', '#']).unwrap_or(s.len());
    let (authority, tail) = s.split_at(authority_end);
    let mut out = String::new();
    match authority.rfind('@') {
        Some(at) => {
            out.push_str(MASK);
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    let (before_frag, frag) = match tail.find('#') {
        Some(h) => tail.split_at(h),
        None => (tail, ""),
    };
    match before_frag.split_once('?') {
        Some((path, query)) => {
            out.push_str(path);
            out.push('?');
            let pairs: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((k, _)) if is_secret_param(&percent_decode(k)) => format!("{k}={MASK}"),
                    _ => pair.to_string(),
                })
                .collect();
            out.push_str(&pairs.join("&"));
        }
        None => out.push_str(before_frag),
    }
    out.push_str(frag);
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A header value as it may be printed: always masked, whatever the header (`Authorization`,
/// `X-Api-Key`, a cookie...). The name stays, so a reader knows what was sent.
pub fn header_value(_value: &str) -> String {
    MASK.to_string()
}

/// Standard error for log lines (`-v`, `KUBECTL_ROLLOUTS_LOG`), with URL credentials masked
/// in each write (the log formatter writes one whole event at a time).
pub struct Stderr;

impl std::io::Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = text(&String::from_utf8_lossy(buf));
        std::io::stderr().write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! redacts {
        ($($name:ident: $input:expr => $want:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(text($input), $want);
            }
        )*};
    }

    redacts! {
        userinfo_with_a_password_is_masked:
            "http://user:s3cret@prom:9090/api" => "http://REDACTED@prom:9090/api";
        a_user_alone_is_masked_too_as_it_may_be_a_token:
            "https://ghp_token@host" => "https://REDACTED@host";
        an_at_sign_in_the_password_does_not_leak_its_tail:
            "http://u:p@ss@host/x" => "http://REDACTED@host/x";
        urls_inside_text_are_found:
            "Prometheus at http://a:b@h:1 is unreachable: error sending request for url (http://a:b@h:1/api/v1/query?query=up)"
            => "Prometheus at http://REDACTED@h:1 is unreachable: error sending request for url (http://REDACTED@h:1/api/v1/query?query=up)";
        credential_query_parameters_are_masked:
            "http://h/api?query=up&access_token=abc&Api-Key=k#f" => "http://h/api?query=up&access_token=REDACTED&Api-Key=REDACTED#f";
        urls_without_secrets_are_unchanged:
            "see http://prom:9090/api/v1/query?query=rate(x[5m]) now" => "see http://prom:9090/api/v1/query?query=rate(x[5m]) now";
        text_without_urls_is_unchanged:
            "no url here: a@b" => "no url here: a@b";
        quoted_urls_end_at_the_quote:
            "\"http://u:p@h\" and 'http://u:p@h'" => "\"http://REDACTED@h\" and 'http://REDACTED@h'";
        a_dangling_scheme_is_left_alone:
            "odd ://" => "odd ://";
    }

    proptest::proptest! {
        #[test]
        fn a_password_never_survives_redaction(
            user in "[a-zA-Z0-9._~-]{0,12}",
            pass in "[a-zA-Z0-9._~!$&'()*+,;=%-]{6,20}",
            host in "[a-z][a-z0-9.-]{0,20}",
            prefix in "[ -~]{0,20}",
            path in "(/[a-z0-9]{0,8}){0,3}",
        ) {
            let input = format!("{prefix} http://{user}:{pass}@{host}{path}");
            let out = text(&input);
            let needle = format!(":{pass}@");
            proptest::prop_assert!(!out.contains(&needle), "{out}");
        }
    }
}
