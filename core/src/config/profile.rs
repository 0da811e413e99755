//! Profiles, `sso-session` and `services` sections built from the two shared files.
//!
//! How section headers become profiles (botocore's `configloader` + `Session.full_config`,
//! with the cross-SDK spec where botocore's `configparser` would reject the whole file):
//!
//! | file          | header                | result                                          |
//! |---------------|-----------------------|-------------------------------------------------|
//! | `config`      | `[default]`           | profile `default`                               |
//! | `config`      | `[profile NAME]`      | profile `NAME` (`[profile "my name"]` → `my name`) |
//! | `config`      | `[sso-session NAME]`  | [`ProfileSet::sso_session`]                    |
//! | `config`      | `[services NAME]`     | [`ProfileSet::services`]                       |
//! | `config`      | anything else         | [`ProfileSet::section`] (not a profile)        |
//! | `credentials` | `[NAME]`              | profile `NAME`, verbatim: `[profile x]` there is the profile named `profile x`, as in botocore |
//!
//! Unquoted names in the config file must be ASCII letters/digits or `- / . % @ _ : +`
//! (other names are ignored, with a warning). A section that appears twice is merged, later
//! keys winning; in the config file `[profile default]` wins over `[default]` (the latter is
//! ignored when both exist). A profile present in both files is merged key by key, the
//! credentials file winning. botocore's `configparser` instead refuses files with duplicate
//! sections or keys, or with keys before the first section; here those are warnings.

use indexmap::IndexMap;

use super::ini::{self, RawSection};

/// Which shared file a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `~/.aws/config` (`AWS_CONFIG_FILE`).
    Config,
    /// `~/.aws/credentials` (`AWS_SHARED_CREDENTIALS_FILE`).
    Credentials,
}

impl FileKind {
    /// `config` or `credentials`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::Credentials => "credentials",
        }
    }
}

/// A line that was skipped or not fully understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseWarning {
    pub file: FileKind,
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ParseWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} file, line {}: {}", self.file.as_str(), self.line, self.message)
    }
}

#[derive(Clone, PartialEq, Eq)]
struct Property {
    value: String,
    sub_properties: IndexMap<String, String>,
    source: FileKind,
}

/// A named set of properties: a profile, an `sso-session`, a `services` section.
/// `Debug` redacts the values of secret keys (`aws_secret_access_key`, tokens).
#[derive(Clone, PartialEq, Eq)]
pub struct Section {
    name: String,
    properties: IndexMap<String, Property>,
}

impl std::fmt::Debug for Property {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sub: Vec<(&String, &str)> = self
            .sub_properties
            .iter()
            .map(|(k, v)| (k, if super::env::is_secret_name(k) { "** redacted **" } else { v.as_str() }))
            .collect();
        f.debug_struct("Property").field("sub_properties", &sub).field("source", &self.source).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        map.entry(&"[name]", &self.name);
        for (key, property) in &self.properties {
            if super::env::is_secret_name(key) {
                map.entry(key, &"** redacted **");
            } else {
                map.entry(key, &(&property.value, property));
            }
        }
        map.finish()
    }
}

/// A profile is a [`Section`] of the config and/or credentials file.
pub type Profile = Section;

impl Section {
    fn new(name: &str) -> Self {
        Self { name: name.to_owned(), properties: IndexMap::new() }
    }

    /// The section's name (`default`, `dev`, ...).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The raw value of `key` (case-insensitive). A sub-property block's value is its raw
    /// text (`"\naddressing_style = path"`); read it with [`Section::get_nested`].
    pub fn get(&self, key: &str) -> Option<&str> {
        self.property(key).map(|p| p.value.as_str())
    }

    /// A sub-property: `get_nested("s3", "addressing_style")` for `s3 =` followed by an
    /// indented `addressing_style = path`. Both names are case-insensitive.
    pub fn get_nested(&self, key: &str, sub_key: &str) -> Option<&str> {
        let property = self.property(key)?;
        let sub_key = sub_key.to_ascii_lowercase();
        property.sub_properties.get(&sub_key).map(String::as_str)
    }

    /// All sub-properties of `key`, in file order (empty when `key` is not a block).
    pub fn nested(&self, key: &str) -> impl Iterator<Item = (&str, &str)> {
        self.property(key).into_iter().flat_map(|p| p.sub_properties.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// True when `key` is set (even to an empty value).
    pub fn contains(&self, key: &str) -> bool {
        self.property(key).is_some()
    }

    /// Which file `key`'s value came from.
    pub fn source_of(&self, key: &str) -> Option<FileKind> {
        self.property(key).map(|p| p.source)
    }

    /// Property names (lowercased) in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.properties.keys().map(String::as_str)
    }

    /// Number of properties.
    pub fn len(&self) -> usize {
        self.properties.len()
    }

    /// True when the section has no properties.
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    fn property(&self, key: &str) -> Option<&Property> {
        match self.properties.get(key) {
            Some(p) => Some(p),
            None => self.properties.get(&key.to_ascii_lowercase()),
        }
    }

    fn absorb(&mut self, raw: &RawSection, source: FileKind) {
        for p in &raw.properties {
            let sub_properties = p.sub_properties.iter().cloned().collect();
            let property = Property { value: p.value.clone(), sub_properties, source };
            self.properties.insert(p.name.clone(), property);
        }
    }

    fn merge(&mut self, other: &Section) {
        for (key, property) in &other.properties {
            self.properties.insert(key.clone(), property.clone());
        }
    }
}

type Sections = IndexMap<String, Section>;

/// Everything read from the shared `config` and `credentials` files.
///
/// Build it with [`ProfileSet::parse`] from the files' text (the caller reads the files;
/// see [`super::env::config_file_path`]). Parsing never fails.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: Sections,
    config_profiles: Sections,
    credentials_profiles: Sections,
    sso_sessions: Sections,
    services: Sections,
    other_sections: Sections,
    warnings: Vec<ParseWarning>,
}

impl ProfileSet {
    /// Parses the config file and the credentials file (`None` when a file does not exist).
    pub fn parse(config_text: Option<&str>, credentials_text: Option<&str>) -> Self {
        let mut set = Self::default();
        if let Some(text) = config_text {
            let raw = ini::parse(text, FileKind::Config, &mut set.warnings);
            set.add_config_sections(&raw);
        }
        if let Some(text) = credentials_text {
            let raw = ini::parse(text, FileKind::Credentials, &mut set.warnings);
            set.add_credentials_sections(&raw);
        }
        set.merge_profiles();
        set
    }

    /// The merged profile `name` (config file values overridden by credentials file values).
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The profile `name` as one file alone defines it.
    pub fn profile_in(&self, file: FileKind, name: &str) -> Option<&Profile> {
        match file {
            FileKind::Config => self.config_profiles.get(name),
            FileKind::Credentials => self.credentials_profiles.get(name),
        }
    }

    /// The `[sso-session NAME]` section of the config file.
    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    /// The `[services NAME]` section of the config file.
    pub fn services(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    /// Any other config file section (`[plugins]`, `[preview]`...), by its full header.
    pub fn section(&self, header: &str) -> Option<&Section> {
        self.other_sections.get(header)
    }

    /// Profile names, config file order first then profiles only in the credentials file
    /// (boto3's `Session.available_profiles`).
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// Lines that were skipped or only partly understood.
    pub fn warnings(&self) -> &[ParseWarning] {
        &self.warnings
    }

    fn add_config_sections(&mut self, raw: &[RawSection]) {
        let has_prefixed_default =
            raw.iter().any(|s| matches!(classify(&s.header), Kind::Profile(n) if n == "default"));
        for section in raw {
            match classify(&section.header) {
                Kind::Default if has_prefixed_default => self.warnings.push(ParseWarning {
                    file: FileKind::Config,
                    line: section.line,
                    message: "[default] ignored: [profile default] is also defined".into(),
                }),
                Kind::Default => add(&mut self.config_profiles, "default", section, FileKind::Config),
                Kind::Profile(name) => add(&mut self.config_profiles, name, section, FileKind::Config),
                Kind::SsoSession(name) => add(&mut self.sso_sessions, name, section, FileKind::Config),
                Kind::Services(name) => add(&mut self.services, name, section, FileKind::Config),
                Kind::Other => add(&mut self.other_sections, &section.header, section, FileKind::Config),
                Kind::Invalid(why) => self.warnings.push(ParseWarning {
                    file: FileKind::Config,
                    line: section.line,
                    message: format!("[{}] ignored: {why}", section.header),
                }),
            }
        }
    }

    fn add_credentials_sections(&mut self, raw: &[RawSection]) {
        for section in raw {
            if section.header.is_empty() {
                self.warnings.push(ParseWarning {
                    file: FileKind::Credentials,
                    line: section.line,
                    message: "[] ignored: empty profile name".into(),
                });
                continue;
            }
            let name = section.header.as_str();
            add(&mut self.credentials_profiles, name, section, FileKind::Credentials);
        }
    }

    fn merge_profiles(&mut self) {
        self.profiles = self.config_profiles.clone();
        for (name, section) in &self.credentials_profiles {
            self.profiles.entry(name.clone()).or_insert_with(|| Section::new(name)).merge(section);
        }
    }
}

fn add(into: &mut Sections, name: &str, raw: &RawSection, source: FileKind) {
    into.entry(name.to_owned()).or_insert_with(|| Section::new(name)).absorb(raw, source);
}

enum Kind<'a> {
    Default,
    Profile(&'a str),
    SsoSession(&'a str),
    Services(&'a str),
    Other,
    Invalid(&'static str),
}

fn classify(header: &str) -> Kind<'_> {
    if header == "default" {
        return Kind::Default;
    }
    let prefixed = |prefix: &str| header.strip_prefix(prefix).filter(|r| r.starts_with([' ', '\t']));
    if let Some(rest) = prefixed("profile") {
        return named(rest, Kind::Profile);
    }
    if let Some(rest) = prefixed("sso-session") {
        return named(rest, Kind::SsoSession);
    }
    if let Some(rest) = prefixed("services") {
        return named(rest, Kind::Services);
    }
    Kind::Other
}

fn named<'a>(rest: &'a str, make: fn(&'a str) -> Kind<'a>) -> Kind<'a> {
    match section_name(rest) {
        Ok(name) => make(name),
        Err(why) => Kind::Invalid(why),
    }
}

/// The name after `profile ` / `sso-session ` / `services `: a valid identifier, or any text
/// in double quotes (botocore reads names with `shlex`, so `"my profile"` is one name).
fn section_name(rest: &str) -> Result<&str, &'static str> {
    let rest = rest.trim();
    if let Some(quoted) = rest.strip_prefix('"') {
        return match quoted.strip_suffix('"') {
            Some(inner) if !inner.contains('"') && !inner.is_empty() => Ok(inner),
            _ => Err("the quoted name is not closed or holds more than one name"),
        };
    }
    if ini::is_identifier(rest) {
        Ok(rest)
    } else {
        Err("names may hold only ASCII letters, digits and - / . % @ _ : + (quote other names)")
    }
}
