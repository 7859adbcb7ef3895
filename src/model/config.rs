//! `taizhang.toml`: what the checklist is (title, 文号, issuer, date) and
//! its settings.

use crate::import::NoticeMeta;
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub checklist: ChecklistInfo,
    #[serde(default)]
    pub settings: Settings,
    /// Who may edit which unit's entries: author e-mail → unit (for `review`).
    #[serde(default)]
    pub liaison: Vec<Liaison>,
}

/// A liaison officer: the git author e-mail they commit with, and their unit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Liaison {
    pub email: String,
    pub unit: String,
    pub name: Option<String>,
}

/// The notice the checklist comes from.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistInfo {
    #[serde(default)]
    pub title: String,
    pub notice: Option<String>,
    /// 文号.
    pub number: Option<String>,
    pub issuer: Option<String>,
    /// The issue date as the notice writes it.
    pub date: Option<String>,
}

/// How the tool behaves for this checklist.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `zh` or `en`: the language of labels and messages (default: the locale).
    pub lang: Option<String>,
    /// A `done` entry must name its evidence.
    #[serde(default)]
    pub require_evidence: bool,
    /// Days without progress after which an ongoing leaf is stale.
    #[serde(default = "default_stale_days")]
    pub stale_days: u32,
    /// `set` and `extend` commit their edit, as with `--commit`.
    #[serde(default)]
    pub commit: bool,
    /// Reports leave out group files with problems and say so, as with
    /// `--keep-going` (for the unattended weekly digest).
    #[serde(default)]
    pub keep_going: bool,
    /// Seconds a write waits for another writer's lock before giving up
    /// (`TAIZHANG_LOCK_TIMEOUT` overrides it).
    #[serde(default = "default_lock_timeout")]
    pub lock_timeout: u64,
    /// The largest file the tool reads, in MB (default 64; the
    /// `TAIZHANG_MAX_FILE_MB` variable overrides it).
    pub max_file_mb: Option<u64>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: None,
            require_evidence: false,
            stale_days: default_stale_days(),
            commit: false,
            keep_going: false,
            lock_timeout: default_lock_timeout(),
            max_file_mb: None,
        }
    }
}

fn default_stale_days() -> u32 {
    90
}

fn default_lock_timeout() -> u64 {
    30
}

/// How many years after the notice a recorded date may fall.
const YEARS_AFTER_NOTICE: i32 = 10;

/// The first year a recorded date may have when the notice's date is not
/// known: no checklist predates this tool's kind of bookkeeping by more.
const EARLIEST_YEAR: i32 = 2000;

/// The last year a recorded date may have when the notice's date is not known.
const LATEST_YEAR: i32 = 2099;

impl Config {
    /// The years a recorded date (progress, extension, actual value) may
    /// fall in: from the notice's year to ten years after it. A date outside
    /// is a typing mistake such as `0021-03-01` or `2201-03-01`.
    pub fn date_years(&self) -> std::ops::RangeInclusive<i32> {
        match self.notice_year() {
            Some(year) => year..=year + YEARS_AFTER_NOTICE,
            None => EARLIEST_YEAR..=LATEST_YEAR,
        }
    }

    /// The year of the notice's date (`2020年5月…`, `2020-05-06`), when
    /// the checklist gives one.
    pub fn notice_year(&self) -> Option<i32> {
        let date = self.checklist.date.as_deref()?.trim();
        let digits: String = date.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() == 4 { digits.parse().ok() } else { None }
    }

    /// When standing duties count as stale: after `stale_days` without an
    /// entry, counted from the notice's date for units that never reported.
    pub fn staleness(&self) -> crate::model::obligation::Staleness {
        // `2020年8月6日` as the notice words it, or `2023-03-02` from a web page.
        let since = self.checklist.date.as_deref().and_then(crate::model::due::parse_date);
        crate::model::obligation::Staleness { days: i64::from(self.settings.stale_days), since }
    }
}

/// The `taizhang.toml` that `import` writes for a new checklist.
pub fn new_config_text(meta: &NoticeMeta, lang: crate::i18n::Lang) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::from("# taizhang checklist: the notice it comes from, and settings.\n[checklist]\n");
    out.push_str(&format!("title = {}\n", q(&meta.title)));
    let optional = [
        ("notice", Some(&meta.notice)),
        ("number", meta.number.as_ref()),
        ("issuer", meta.issuer.as_ref()),
        ("date", meta.date.as_ref()),
    ];
    for (key, value) in optional {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            out.push_str(&format!("{key} = {}\n", q(value)));
        }
    }
    let lang = match lang {
        crate::i18n::Lang::Zh => "zh",
        crate::i18n::Lang::En => "en",
    };
    out.push_str(&format!(
        "\n[settings]\n# Language of labels and messages: zh or en.\nlang = \"{lang}\"\n\
         # Require evidence (文号, link, file) on every done entry.\nrequire_evidence = false\n\
         # An ongoing (长期坚持) leaf with no progress for this many days is stale.\nstale_days = 90\n\
         # `set` and `extend` also commit their edit to git.\ncommit = false\n"
    ));
    out
}

/// The liaison's own unit, for `set` without `--unit`: `TAIZHANG_UNIT`, else
/// `unit = "…"` in the user's own config file (outside any checklist):
/// `$XDG_CONFIG_HOME/taizhang/config.toml` or `~/.config/taizhang/config.toml`.
pub fn own_unit() -> anyhow::Result<Option<String>> {
    if let Ok(unit) = std::env::var("TAIZHANG_UNIT")
        && !unit.trim().is_empty()
    {
        return Ok(Some(unit.trim().to_string()));
    }
    let Some(path) = user_config_path() else { return Ok(None) };
    let text = match crate::store::read::own_file(&path, crate::store::Limit::before_settings()) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(crate::store::ReadError::Missing) => return Ok(None),
        Err(error) => return Err(error.into_error(&path.display().to_string())),
    };
    #[derive(Deserialize)]
    struct UserConfig {
        unit: Option<String>,
    }
    let config: UserConfig = toml::from_str(&text).map_err(|e| {
        anyhow::anyhow!(crate::tr!(
            "无法读取个人配置 {}: {}\nhint: 写作 unit = \"市司法局\",或改用 --unit",
            "cannot read your config {}: {}\nhint: write unit = \"市司法局\", or pass --unit",
            path.display(),
            e.message().trim()
        ))
    })?;
    Ok(config.unit)
}

fn user_config_path() -> Option<std::path::PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| std::path::PathBuf::from(home).join(".config")))?;
    Some(base.join("taizhang/config.toml"))
}
